import { gzipSync } from 'node:zlib';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { z } from 'zod';
import { authorize, scopeCovers, signedInUser, unitChain } from '../auth/guards.ts';
import { authErrors } from '../auth/errors.ts';
import { clientIp, SESSION_COOKIE } from '../auth/session.ts';
import { hashToken, isWellFormedToken } from '../auth/tokens.ts';
import type { AuthUser } from '../auth/session.ts';
import { HttpError } from '../http/errors.ts';
import { readJson, readQuery, TileFile, TileXY, TileZ } from '../http/validate.ts';
import { batchTarget, batchUnits } from '../import/batches.ts';
import { NAMED_CRS } from '../import/crs.ts';
import { ImportJob, importJobs } from '../import/jobs.ts';
import { describeTargets } from '../import/targets.ts';
import { stagedTile } from '../import/preview.ts';
import { batchReport } from '../import/report.ts';
import { IMPORT_TARGETS } from '../import/targets.ts';
import { saveUpload } from '../import/upload.ts';

/**
 * The web import screen's API (administrators and editors; an editor commits only rows inside
 * their scopes): the file is uploaded once to a temporary file, then inspected, staged and
 * committed as a background job whose progress the screen polls and which it can cancel.
 *
 *   GET  /api/import-jobs/options                 targets (fields, presets, modes), CRS names, encodings, upload limit
 *   POST /api/import-jobs?name=                   body: the file (application/octet-stream) → 201 the job
 *   GET  /api/import-jobs/:id                     the job: state, progress (read, staged, checks, validated, written), batch, error
 *   GET  /api/import-jobs/:id/inspect?encoding=   format, columns, CRS or candidates, encoding and decoded names, first rows, preset mappings
 *   POST /api/import-jobs/:id/stage               {target, mode, crs?, encoding?, mapping?} → 202: staging and validation start
 *   POST /api/import-jobs/:id/commit              → 202: the commit starts (one transaction)
 *   POST /api/import-jobs/:id/cancel              stops the job; its transaction rolls back, its file and staged batch are removed
 *   GET  /api/import-jobs/preview/:batch/:z/:x/:y  a preview tile of a batch's staged rows (MVT)
 *
 * The batch's report, CSV and rollback stay at /api/import/:id (routes/import.ts).
 */
const JobId = z.object({ id: z.string().uuid() });
const UploadQuery = z.object({ name: z.string().min(1).max(255).regex(/^[^/\\\0]+$/, 'tên tệp không hợp lệ / invalid file name') }).strict();
const InspectQuery = z.object({ encoding: z.string().min(1).max(40).optional() }).strict();
const StageBody = z
  .object({
    target: z.enum(IMPORT_TARGETS, { error: `target: ${IMPORT_TARGETS.join(', ')}` }),
    mode: z.enum(['merge', 'replace']).default('merge'),
    crs: z.string().min(1).max(4000).optional(),
    encoding: z.string().min(1).max(40).optional(),
    mapping: z
      .record(z.string().min(1).max(60), z.string().min(1).max(255))
      .refine((m) => Object.keys(m).length <= 40, 'at most 40 fields')
      .optional(),
  })
  .strict();
const PreviewPath = z.object({ batch: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER), z: TileZ, x: TileXY, y: TileFile });

const TEXT_ENCODINGS = [
  { id: 'utf-8', label: 'UTF-8 (Unicode)' },
  { id: 'windows-1258', label: 'Windows-1258' },
  { id: 'tcvn3', label: 'TCVN3 (ABC)' },
  { id: 'vni', label: 'VNI' },
];

/** Administrators, or editors (scoped at commit). */
async function importer(c: Context): Promise<AuthUser> {
  const user = await signedInUser(c);
  if (user.roles.includes('admin')) return authorize(c, 'admin');
  return authorize(c, 'editor');
}

/**
 * Middleware (mounted in app.ts before the auth gate): polling and cancelling a RUNNING job are
 * answered for the session that started it from memory, without the session look-up in the
 * database — on the embedded database the job's transaction holds the one connection, and the
 * progress bar and the cancel button must still answer while it runs. Any other request, or
 * another session, goes through the database as usual.
 */
export function runningJobSession(): MiddlewareHandler {
  return async (c, next) => {
    const m = /^\/api\/import-jobs\/([0-9a-f-]{36})(\/cancel)?$/.exec(c.req.path);
    const token = getCookie(c, SESSION_COOKIE);
    if (m && (c.req.method === 'GET' ? !m[2] : c.req.method === 'POST' && m[2]) && isWellFormedToken(token)) {
      const runner = importJobs().peek(m[1]!)?.runner;
      if (runner && runner.sessionHash === hashToken(token)) c.set('user', runner);
    }
    await next();
  };
}

const maxBytes = (c: Context) => c.var.deps.config.IMPORT_MAX_UPLOAD_MB * 1024 ** 2;

export const importJobRoutes = new Hono()
  .get('/options', async (c) => {
    await importer(c);
    return c.json({
      targets: describeTargets(),
      crs: Object.entries(NAMED_CRS).map(([id, d]) => ({ id, label: d.label })),
      encodings: TEXT_ENCODINGS,
      maxUploadBytes: maxBytes(c),
    });
  })
  .post('/', async (c) => {
    const user = await importer(c);
    const { name } = readQuery(c, UploadQuery);
    const upload = await saveUpload(c.req.raw.body, Number(c.req.header('content-length') ?? NaN), maxBytes(c));
    const job = new ImportJob(user.id, name, upload, c.var.deps.db.kind === 'postgres');
    importJobs().add(job);
    return c.json(job.view(), 201);
  })
  .get('/preview/:batch/:z/:x/:y', async (c) => {
    await importer(c);
    const { batch, z: zoom, x, y } = readQuery(c, PreviewPath, c.req.param());
    if (x >= 2 ** zoom || y >= 2 ** zoom) throw new HttpError(400, 'tile_out_of_range', 'Ô bản đồ nằm ngoài phạm vi', 'Tile address out of range');
    await batchTarget(c.var.sql, batch); // 404 for an unknown batch
    const raw = await stagedTile(c.var.sql, c.var.deps.db.nativeMvt, batch, zoom, x, y);
    return c.body(gzipSync(raw) as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/vnd.mapbox-vector-tile', 'Content-Encoding': 'gzip', 'Cache-Control': 'private, no-store' });
  })
  .get('/:id', async (c) => {
    const user = await importer(c);
    const { id } = readQuery(c, JobId, c.req.param());
    return c.json(importJobs().get(id, user.id).view(), 200, { 'Cache-Control': 'no-store' });
  })
  .get('/:id/inspect', async (c) => {
    const user = await importer(c);
    const { id } = readQuery(c, JobId, c.req.param());
    const { encoding } = readQuery(c, InspectQuery);
    return c.json(await importJobs().get(id, user.id).inspect(encoding));
  })
  .post('/:id/stage', async (c) => {
    const user = await importer(c);
    const { id } = readQuery(c, JobId, c.req.param());
    const body = await readJson(c, StageBody);
    const job = importJobs().get(id, user.id);
    job.stage(c.var.sql, body, user);
    return c.json(job.view(), 202);
  })
  .post('/:id/commit', async (c) => {
    const user = await importer(c);
    const { id } = readQuery(c, JobId, c.req.param());
    const job = importJobs().get(id, user.id);
    if (job.batchId == null || job.state !== 'staged') {
      throw new HttpError(409, 'job_not_staged', 'Chưa có dữ liệu đã kiểm tra để ghi', 'Nothing validated to commit yet');
    }
    const target = await batchTarget(c.var.sql, job.batchId);
    if (!user.roles.includes('admin')) {
      for (const code of await batchUnits(c.var.sql, job.batchId, target)) {
        const chain = await unitChain(c, code);
        if (!scopeCovers(user.scopes, chain)) throw authErrors.scope('editor', chain[0]?.fullName ?? code);
      }
    }
    const report = await batchReport(c.var.sql, job.batchId, 0);
    job.commit(c.var.sql, c.var.deps.versions, { userId: user.id, username: user.username, requestId: c.get('requestId'), ip: clientIp(c) }, report.counts.inserts + report.counts.updates, user);
    return c.json(job.view(), 202);
  })
  .post('/:id/cancel', async (c) => {
    const user = await importer(c);
    const { id } = readQuery(c, JobId, c.req.param());
    const job = importJobs().get(id, user.id);
    await job.cancel(c.var.sql);
    return c.json(job.view());
  });
