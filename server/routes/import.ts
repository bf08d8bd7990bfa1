import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { authorize, scopeCovers, signedInUser, unitChain } from '../auth/guards.ts';
import { authErrors } from '../auth/errors.ts';
import { readQuery } from '../http/validate.ts';
import { clientIp } from '../auth/session.ts';
import type { AuthUser } from '../auth/session.ts';
import { commitBatch, rollbackBatch } from '../import/commit.ts';
import { ImportError } from '../import/errors.ts';
import { importFile } from '../import/pipeline.ts';
import { batchReport, reportCsv } from '../import/report.ts';
import { batchTarget, batchUnits, listBatches, stagedGeoJson } from '../import/batches.ts';
import { describeTargets, IMPORT_MODES, IMPORT_TARGETS, TARGETS } from '../import/targets.ts';
import { attachment } from '../services/forest-export.ts';
import { PathId } from '../domain/bounds.ts';

/**
 * Imports, for administrators and editors (an editor commits only rows inside their scopes):
 *
 *   POST /api/import?target=&name=&crs=&encoding=&map=field:column,…   body: the file (application/octet-stream)
 *                                                   → 201 the validation report of the staged batch (nothing else written)
 *   GET  /api/import                                recent batches
 *   GET  /api/import/targets                        the targets, their fields and the modes each offers
 *   GET  /api/import/:id                            the report
 *   GET  /api/import/:id/report.csv                 every issue, for download (?lang=vi|en)
 *   GET  /api/import/:id/staged.geojson             the staged rows (preview layer)
 *   POST /api/import/:id/commit                     writes the batch in one transaction
 *   POST /api/import/:id/rollback                   administrators: puts back what the batch replaced
 *
 * The upload is streamed to a private temporary file (never held in memory), its size capped.
 */
export const MAX_UPLOAD_BYTES = 1024 ** 3; // 1 GB

const UploadQuery = z
  .object({
    target: z.enum(IMPORT_TARGETS, { error: `target: ${IMPORT_TARGETS.join(', ')}` }),
    name: z.string().min(1).max(255).regex(/^[^/\\\0]+$/, 'tên tệp không hợp lệ / invalid file name'),
    mode: z.enum(IMPORT_MODES).default('merge'),
    crs: z.string().max(4000).optional(),
    encoding: z.string().max(40).optional(),
    map: z
      .string()
      .max(2000)
      .transform((s) => Object.fromEntries(s.split(',').map((p) => p.split(':').map((x) => x.trim())).filter((p) => p.length === 2 && p[0] && p[1])))
      .optional(),
  })
  .strict();
const IdParam = z.object({ id: PathId() });

/** Administrators, or editors (scoped at commit). */
async function importer(c: Context): Promise<AuthUser> {
  const user = await signedInUser(c);
  if (user.roles.includes('admin')) return authorize(c, 'admin');
  return authorize(c, 'editor');
}

const tooLarge = () =>
  new ImportError('file_too_large', `Tệp quá lớn (tối đa ${MAX_UPLOAD_BYTES / 1024 ** 2} MB)`, `File too large (${MAX_UPLOAD_BYTES / 1024 ** 2} MB at most)`, {}, 413);

/** Streams the request body into `file`, refusing more than MAX_UPLOAD_BYTES. */
async function saveBody(c: Context, file: string): Promise<number> {
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > MAX_UPLOAD_BYTES) throw tooLarge();
  const body = c.req.raw.body;
  if (!body) throw new ImportError('file_empty', 'Không có tệp gửi lên', 'No file was sent');
  let n = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      n += chunk.length;
      if (n > MAX_UPLOAD_BYTES) done(tooLarge());
      else done(null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(body as never), counter, createWriteStream(file));
  if (n === 0) throw new ImportError('file_empty', 'Tệp rỗng', 'The file is empty');
  return n;
}


export const importRoutes = new Hono()
  .post('/', async (c) => {
    const user = await importer(c);
    const q = readQuery(c, UploadQuery);
    const dir = mkdtempSync(path.join(tmpdir(), 'atlas-upload-'));
    try {
      const file = path.join(dir, 'upload');
      await saveBody(c, file);
      const report = await importFile(c.var.sql, file, q.name, { target: q.target, mode: q.mode, crs: q.crs, encoding: q.encoding, mapping: q.map, userId: user.id });
      return c.json(report, 201);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })
  .get('/', async (c) => {
    await importer(c);
    return c.json({ batches: await listBatches(c.var.sql) });
  })
  .get('/targets', async (c) => {
    await importer(c);
    return c.json({ targets: describeTargets() });
  })
  .get('/:id', async (c) => {
    await importer(c);
    const { id } = readQuery(c, IdParam, c.req.param());
    return c.json(await batchReport(c.var.sql, id));
  })
  .get('/:id/report.csv', async (c) => {
    await importer(c);
    const { id } = readQuery(c, IdParam, c.req.param());
    const { lang } = readQuery(c, z.object({ lang: z.enum(['vi', 'en']).default('vi') }));
    return c.body(await reportCsv(c.var.sql, id, lang), 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': attachment(`bao-cao-nhap-${id}.csv`) });
  })
  .get('/:id/staged.geojson', async (c) => {
    await importer(c);
    const { id } = readQuery(c, IdParam, c.req.param());
    await batchTarget(c.var.sql, id);
    return c.body(await stagedGeoJson(c.var.sql, id), 200, { 'Content-Type': 'application/geo+json' });
  })
  .post('/:id/commit', async (c) => {
    const user = await importer(c);
    const { id } = readQuery(c, IdParam, c.req.param());
    const target = await batchTarget(c.var.sql, id);
    if (!user.roles.includes('admin')) {
      for (const code of await batchUnits(c.var.sql, id, target)) {
        const chain = await unitChain(c, code);
        if (!scopeCovers(user.scopes, chain)) throw authErrors.scope('editor', chain[0]?.fullName ?? code);
      }
    }
    const counts = await commitBatch(c.var.sql, c.var.deps.versions, id, { userId: user.id, username: user.username, requestId: c.get('requestId'), ip: clientIp(c) });
    return c.json({ ...(await batchReport(c.var.sql, id)), written: { inserts: counts.inserts ?? 0, updates: counts.updates ?? 0 }, layers: TARGETS[target].layers });
  })
  .post('/:id/rollback', async (c) => {
    const user = await authorize(c, 'admin');
    const { id } = readQuery(c, IdParam, c.req.param());
    await rollbackBatch(c.var.sql, c.var.deps.versions, id, { userId: user.id, username: user.username, requestId: c.get('requestId'), ip: clientIp(c) });
    return c.json(await batchReport(c.var.sql, id));
  });
