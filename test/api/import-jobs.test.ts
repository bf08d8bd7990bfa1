/**
 * The import screen's API (issue 14) on both databases: the file uploaded once to a temporary
 * file, inspected (CRS or candidates, encoding with decoded names, preset mappings), staged and
 * committed as background jobs with progress, preview tiles of the staged rows, cancel leaving
 * nothing behind, the upload limit (413) and bad files (Vietnamese errors, nothing changed).
 * Every committed batch is rolled back, so the shared test database ends as it began.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from 'postgres';
import type { Inspection, JobView } from '../../server/import/jobs.ts';
import type { ImportReport } from '../../server/import/report.ts';
import { ROOT } from '../../server/config.ts';
import { importJobs } from '../../server/import/jobs.ts';
import { decodeTile, tileOf } from '../helpers/mvt.ts';
import { authTestApp, Client, createUser, errorOf, signedIn, TARGET, type AuthTestApp } from '../helpers/auth.ts';

const FIX = path.join(ROOT, 'test', 'fixtures', 'import');
const fixture = (name: string) => readFileSync(path.join(FIX, name));

let t: AuthTestApp;
const c: Record<string, Client> = {};

async function upload(who: Client | null, bytes: Uint8Array, name: string, headers: Record<string, string> = {}): Promise<Response> {
  const h: Record<string, string> = { 'Content-Type': 'application/octet-stream', ...headers };
  if (who?.cookie) h.Cookie = who.cookie;
  if (who?.csrf) h['X-CSRF-Token'] = who.csrf;
  return t.app.request(`http://localhost/api/import-jobs?${new URLSearchParams({ name })}`, { method: 'POST', headers: h, body: bytes as Uint8Array<ArrayBuffer> }, { incoming: { socket: { remoteAddress: '127.0.0.1' } } });
}

async function newJob(who: Client, bytes: Uint8Array, name: string): Promise<JobView> {
  const res = await upload(who, bytes, name);
  if (res.status !== 201) throw new Error(`upload ${name} → ${res.status}: ${await res.text()}`);
  return (await res.json()) as JobView;
}

async function job(who: Client, id: string): Promise<JobView> {
  return (await (await who.get(`/api/import-jobs/${id}`)).json()) as JobView;
}

/** Polls until the job is no longer running. */
async function settle(who: Client, id: string): Promise<JobView> {
  for (;;) {
    const j = await job(who, id);
    if (j.state !== 'staging' && j.state !== 'committing') return j;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function counts(sql: Sql): Promise<string> {
  const [r] = await sql<{ p: string }[]>`
    SELECT concat_ws('|', (SELECT count(*) FROM import_batch), (SELECT count(*) FROM import_staged), (SELECT count(*) FROM import_issue),
      (SELECT md5(string_agg(concat_ws(',', id, tk, khoanh, lo, dtich, churung, ST_AsEWKB(geom)), ';' ORDER BY id)) FROM forest_plot),
      (SELECT md5(string_agg(concat_ws(',', code, name, ST_AsEWKB(geom)), ';' ORDER BY code)) FROM village)) AS p`;
  return r!.p;
}

beforeAll(async () => {
  t = await authTestApp();
  const users: [string, ('admin' | 'editor' | 'viewer')[], string[]][] = [
    ['admin', ['admin'], []],
    ['editor-sathay', ['editor'], ['616']],
    ['viewer', ['viewer'], []],
  ];
  for (const [name, roles, scopes] of users) {
    await createUser(t.sql, { username: `ijob-${name}-${TARGET}`, roles, scopes });
    c[name] = await signedIn(t.app, `ijob-${name}-${TARGET}`);
  }
});

describe('a VN-2000 Shapefile with a TCVN3 .dbf through the screen API', () => {
  it('is inspected, staged with progress, previewed as tiles, committed with progress and rolled back', async () => {
    const before = await counts(t.sql);
    const j0 = await newJob(c.admin!, fixture('lo-rung-vn2000-tcvn3.zip'), 'lo-rung-vn2000-tcvn3.zip');
    expect(j0).toMatchObject({ state: 'uploaded', file: { name: 'lo-rung-vn2000-tcvn3.zip', bytes: fixture('lo-rung-vn2000-tcvn3.zip').length } });
    expect(j0.file.checksum).toMatch(/^[0-9a-f]{64}$/);

    const ins = (await (await c.admin!.get(`/api/import-jobs/${j0.id}/inspect`)).json()) as Inspection;
    expect(ins.format).toBe('shapefile');
    expect(ins.crs).toMatchObject({ source: 'prj', datumShift: 'epsg-9216' });
    expect(ins.encoding).toMatchObject({ encoding: 'tcvn3', by: 'content' });
    expect(ins.encoding!.sample.join('|')).toContain('Ban quản lý rừng phòng hộ Đắk Rơ Wa');
    expect(ins.rows.length).toBe(5);
    expect(ins.rows[0]!.CHURUNG).toBe('Ban quản lý rừng phòng hộ Đắk Rơ Wa');
    expect(ins.mappings.plots).toMatchObject({ tk: 'TK', khoanh: 'KHOANH', lo: 'LO', commune_code: 'MAXA', dtich: 'DTICH' });
    // read as another encoding, the names come out garbled: the person sees it in the preview
    const as1258 = (await (await c.admin!.get(`/api/import-jobs/${j0.id}/inspect?encoding=windows-1258`)).json()) as Inspection;
    expect(as1258.encoding).toMatchObject({ encoding: 'windows-1258', by: 'chosen' });
    expect(as1258.encoding!.sample[0]).toBe('Ban qu¶n lư rơng phßng hé §¾k R¬ Wa');
    // an encoding the bytes cannot be is refused, in Vietnamese
    const asVni = await errorOf(await c.admin!.get(`/api/import-jobs/${j0.id}/inspect?encoding=vni`));
    expect(asVni).toMatchObject({ status: 422, code: 'encoding_mismatch' });
    expect(asVni.vi).toMatch(/không đọc được theo bảng mã vni/);

    const started = await c.admin!.post(`/api/import-jobs/${j0.id}/stage`, { target: 'plots', mode: 'merge' });
    expect(started.status).toBe(202);
    const staged = await settle(c.admin!, j0.id);
    expect(staged.state).toBe('staged');
    expect(staged.progress).toMatchObject({ read: 6, total: 6, staged: 6, validated: 6 });
    expect(staged.progress.checks).toBeGreaterThan(5);
    const report = (await (await c.admin!.get(`/api/import/${staged.batchId}`)).json()) as ImportReport;
    expect(report.counts).toMatchObject({ read: 6, updates: 5, inserts: 1, errors: 0 });

    // the staged rows as a preview tile: z14 tile over TK 568 khoảnh 1 (Chư Hreng)
    const [{ lon, lat }] = await t.sql<{ lon: number; lat: number }[]>`
      SELECT ST_X(ST_Centroid(ST_Collect(geom_fixed))) AS lon, ST_Y(ST_Centroid(ST_Collect(geom_fixed))) AS lat FROM import_staged WHERE batch_id = ${staged.batchId}`;
    const [z, x, y] = tileOf(lon, lat, 14);
    const tileRes = await c.admin!.get(`/api/import-jobs/preview/${staged.batchId}/${z}/${x}/${y}.mvt`);
    expect(tileRes.status).toBe(200);
    const tile = decodeTile(new Uint8Array(await tileRes.arrayBuffer()));
    const layer = tile.staged!;
    expect(layer.length).toBe(6);
    const actions = Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties.action).sort();
    expect(actions).toEqual(['insert', 'update', 'update', 'update', 'update', 'update']);
    expect((await c.viewer!.get(`/api/import-jobs/preview/${staged.batchId}/${z}/${x}/${y}.mvt`)).status).toBe(403);
    expect(await counts(t.sql)).not.toBe(before); // the batch is staged (import tables only)

    const v0 = t.deps.versions.get('plots');
    expect((await c.admin!.post(`/api/import-jobs/${j0.id}/commit`)).status).toBe(202);
    const done = await settle(c.admin!, j0.id);
    expect(done.state).toBe('committed');
    expect(done.written).toEqual({ inserts: 1, updates: 5 });
    expect(done.progress).toMatchObject({ written: 6, toWrite: 6 });
    expect(done.layers).toEqual(['plots']);
    expect(t.deps.versions.get('plots')).toBe(v0 + 1);
    const [{ n }] = await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM forest_plot WHERE tk = 568 AND khoanh = 1 AND lo = '9a'`;
    expect(n).toBe(1);
    // a committed job cannot be cancelled, only rolled back
    expect((await errorOf(await c.admin!.post(`/api/import-jobs/${j0.id}/cancel`))).code).toBe('job_committed');
    expect((await c.admin!.post(`/api/import/${staged.batchId}/rollback`)).status).toBe(200);
    const [{ n: after }] = await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM forest_plot WHERE tk = 568 AND khoanh = 1 AND lo = '9a'`;
    expect(after).toBe(0);
  });
});

describe('cancel', () => {
  it('stops a staging job mid-file: its transaction rolls back, the file and nothing else is left', async () => {
    const before = await counts(t.sql);
    // 40,000 village points: long enough to be caught while reading
    const features = Array.from({ length: 40_000 }, (_, i) => ({
      type: 'Feature',
      properties: { ma_thon: `9${String(i).padStart(6, '0')}`, ten_thon: `Thôn thử ${i}`, maxa: '23332' },
      geometry: { type: 'Point', coordinates: [107.9 + (i % 200) * 0.001, 14.4 + Math.floor(i / 200) * 0.001] },
    }));
    const bytes = new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features }));
    const j = await newJob(c.admin!, bytes, 'nhieu-thon.geojson');
    expect((await c.admin!.post(`/api/import-jobs/${j.id}/stage`, { target: 'villages' })).status).toBe(202);
    let seen: JobView;
    do {
      await new Promise((r) => setTimeout(r, 20)); // a real client polls over the network; in-process polls must let the job run
      seen = await job(c.admin!, j.id);
    } while (seen.state === 'staging' && seen.progress.read === 0);
    expect(seen.state).toBe('staging'); // caught while running
    const res = await c.admin!.post(`/api/import-jobs/${j.id}/cancel`);
    expect(res.status).toBe(200);
    const cancelled = (await res.json()) as JobView;
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.batchId).toBeNull();
    expect(cancelled.progress.read).toBeLessThan(40_000);
    expect(await counts(t.sql)).toBe(before);
    // the job is closed: no second stage
    expect((await errorOf(await c.admin!.post(`/api/import-jobs/${j.id}/stage`, { target: 'villages' }))).code).toBe('job_closed');
  });

  it('a staged batch cancelled is removed with its rows and issues', async () => {
    const before = await counts(t.sql);
    const j = await newJob(c.admin!, fixture('tu-cat-va-trung-ma.geojson'), 'tu-cat-va-trung-ma.geojson');
    await c.admin!.post(`/api/import-jobs/${j.id}/stage`, { target: 'plots' });
    const staged = await settle(c.admin!, j.id);
    expect(staged.state).toBe('staged');
    expect(await counts(t.sql)).not.toBe(before);
    expect(((await (await c.admin!.post(`/api/import-jobs/${j.id}/cancel`)).json()) as JobView).state).toBe('cancelled');
    expect(await counts(t.sql)).toBe(before);
    expect((await c.admin!.get(`/api/import/${staged.batchId}`)).status).toBe(404);
  });
});

describe('CRS, roles, limits and bad files', () => {
  it('a file without a CRS: the candidates come with the inspection, staging without a choice fails clearly, with one it works', async () => {
    const j = await newJob(c.admin!, fixture('thon-vn2000-windows1258.csv'), 'thon-vn2000-windows1258.csv');
    const ins = (await (await c.admin!.get(`/api/import-jobs/${j.id}/inspect`)).json()) as Inspection;
    expect(ins.crs).toBeNull();
    expect(ins.candidates.map((x) => x.id)).toContain('vn2000-kontum');
    expect(ins.encoding).toMatchObject({ encoding: 'windows-1258' });
    await c.admin!.post(`/api/import-jobs/${j.id}/stage`, { target: 'villages' });
    const failed = await settle(c.admin!, j.id);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatchObject({ status: 422, code: 'crs_required' });
    expect(failed.error!.vi).toMatch(/không ghi hệ tọa độ/);
    await c.admin!.post(`/api/import-jobs/${j.id}/stage`, { target: 'villages', crs: 'vn2000-kontum' });
    const ok = await settle(c.admin!, j.id);
    expect(ok.state).toBe('staged');
    expect(ok.progress.read).toBe(2);
    await c.admin!.post(`/api/import-jobs/${j.id}/cancel`);
  });

  it('roles: viewers and the anonymous are refused; a job is its owner\'s; an editor commits only inside their scope', async () => {
    const bytes = fixture('lo-rung-vn2000-tcvn3.zip');
    expect((await upload(null, bytes, 'a.zip')).status).toBe(401);
    expect((await upload(c.viewer!, bytes, 'a.zip')).status).toBe(403);
    const j = await newJob(c['editor-sathay']!, bytes, 'a.zip');
    expect((await c.admin!.get(`/api/import-jobs/${j.id}`)).status).toBe(404);
    await c['editor-sathay']!.post(`/api/import-jobs/${j.id}/stage`, { target: 'plots' });
    expect((await settle(c['editor-sathay']!, j.id)).state).toBe('staged');
    const e = await errorOf(await c['editor-sathay']!.post(`/api/import-jobs/${j.id}/commit`));
    expect(e.status).toBe(403);
    await c['editor-sathay']!.post(`/api/import-jobs/${j.id}/cancel`);
  });

  it('an upload over the limit gets 413 with a Vietnamese message, before or while reading', async () => {
    const small = await authTestApp({ config: { IMPORT_MAX_UPLOAD_MB: 1 } });
    const admin = await signedIn(small.app, `ijob-admin-${TARGET}`);
    const send = (body: Uint8Array, headers: Record<string, string> = {}) =>
      small.app.request('http://localhost/api/import-jobs?name=big.zip', { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', Cookie: admin.cookie!, 'X-CSRF-Token': admin.csrf!, ...headers }, body: body as Uint8Array<ArrayBuffer> });
    const declared = await errorOf(await send(new Uint8Array(10), { 'Content-Length': String(2 * 1024 ** 3) }));
    expect(declared).toMatchObject({ status: 413, code: 'file_too_large' });
    expect(declared.vi).toMatch(/Tệp quá lớn: tối đa 1 MB/);
    const streamed = await errorOf(await send(new Uint8Array(1024 ** 2 + 10)));
    expect(streamed).toMatchObject({ status: 413, code: 'file_too_large' });
    const options = (await (await admin.get('/api/import-jobs/options')).json()) as { maxUploadBytes: number; targets: { id: string; modes: string[] }[] };
    expect(options.maxUploadBytes).toBe(1024 ** 2);
    expect(options.targets.find((x) => x.id === 'plots')!.modes).toContain('merge');
  });

  it('a truncated zip and a .shp without .dbf: clear Vietnamese errors, nothing changed', async () => {
    const before = await counts(t.sql);
    for (const [file, code, vi] of [
      ['bi-cat-cut.zip', 'zip_truncated', /bị hỏng hoặc thiếu phần cuối/],
      ['khong-co-dbf.zip', 'dbf_missing', /Thiếu tệp \.dbf/],
    ] as const) {
      const j = await newJob(c.admin!, fixture(file), file);
      const e = await errorOf(await c.admin!.get(`/api/import-jobs/${j.id}/inspect`));
      expect(e).toMatchObject({ status: 422, code });
      expect(e.vi).toMatch(vi);
      await c.admin!.post(`/api/import-jobs/${j.id}/stage`, { target: 'plots' });
      const failed = await settle(c.admin!, j.id);
      expect(failed.state).toBe('failed');
      expect(failed.error!.code).toBe(code);
      await c.admin!.post(`/api/import-jobs/${j.id}/cancel`);
    }
    expect(await counts(t.sql)).toBe(before);
  });

  it('leaves no temporary upload behind after cancel', async () => {
    const j = await newJob(c.admin!, fixture('thon-lang.kml'), 'thon-lang.kml');
    expect(readdirSync(tmpdir()).filter((d) => d.startsWith('atlas-upload-')).length).toBeGreaterThan(0);
    const [me] = await t.sql<{ id: number }[]>`SELECT id FROM app_user WHERE username = ${`ijob-admin-${TARGET}`}`;
    const kept = importJobs().get(j.id, me!.id);
    expect(existsSync(kept.upload.dir)).toBe(true);
    const cancelled = (await (await c.admin!.post(`/api/import-jobs/${j.id}/cancel`)).json()) as JobView;
    expect(cancelled.state).toBe('cancelled');
    expect(existsSync(kept.upload.dir)).toBe(false);
  });
});
