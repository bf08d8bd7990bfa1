/**
 * Imports (issue 14) through the API on both databases: a VN-2000 Shapefile with a TCVN3 .dbf,
 * a GeoJSON with self-intersections and duplicate codes, a KML of villages, a CSV with VN-2000
 * X/Y in Windows-1258, bad files (truncated zip, .shp without .dbf, wrong .prj, zip bomb, 2 GB
 * declared), roles and scopes, commit and rollback (previous rows come back), and the real-world
 * trial with ../shared/geo-real (skipped when absent). Every committed batch is rolled back, so the
 * shared test database ends as it began.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Zip, ZipDeflate } from 'fflate';
import type { Sql } from 'postgres';
import type { ImportReport } from '../../server/import/report.ts';
import { toVn2000 } from '../../server/geo/vn2000.ts';
import { ROOT } from '../../server/config.ts';
import { REAL_COMMUNES_GEOJSON } from '../../data/geo/real-files.ts';
import { authTestApp, Client, createUser, errorOf, signedIn, TARGET, type AuthTestApp } from '../helpers/auth.ts';

const FIX = path.join(ROOT, 'test', 'fixtures', 'import');
const fixture = (name: string) => readFileSync(path.join(FIX, name));

let t: AuthTestApp;
const c: Record<string, Client> = {};
const committed: number[] = [];

async function upload(who: Client | null, bytes: Uint8Array, q: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  const h: Record<string, string> = { 'Content-Type': 'application/octet-stream', ...headers };
  if (who?.cookie) h.Cookie = who.cookie;
  if (who?.csrf) h['X-CSRF-Token'] = who.csrf;
  return t.app.request(`http://localhost/api/import?${new URLSearchParams(q)}`, { method: 'POST', headers: h, body: bytes as Uint8Array<ArrayBuffer> }, { incoming: { socket: { remoteAddress: '127.0.0.1' } } });
}

async function report(who: Client, bytes: Uint8Array, q: Record<string, string>): Promise<ImportReport> {
  const res = await upload(who, bytes, q);
  const text = await res.text();
  if (res.status !== 201) throw new Error(`upload ${q.name} → ${res.status}: ${text}`);
  return JSON.parse(text) as ImportReport;
}

async function commit(who: Client, id: number): Promise<Response> {
  const res = await who.post(`/api/import/${id}/commit`);
  if (res.status === 200) committed.push(id);
  return res;
}

async function rollback(id: number): Promise<void> {
  const res = await c.admin!.post(`/api/import/${id}/rollback`);
  if (res.status !== 200) throw new Error(`rollback ${id} → ${res.status}: ${await res.text()}`);
  committed.splice(committed.indexOf(id), 1);
}

/** A fingerprint of the data tables an import may change. */
async function dataPrint(sql: Sql): Promise<string> {
  const [r] = await sql<{ p: string }[]>`
    SELECT md5(concat_ws('|',
      (SELECT md5(string_agg(concat_ws(',', id, tk, khoanh, lo, commune_code, dtich, ldlr, forest_function, churung, namtr, loaicay, ST_AsEWKB(geom)), ';' ORDER BY id)) FROM forest_plot),
      (SELECT md5(string_agg(concat_ws(',', code, name, commune_code, households, ST_AsEWKB(geom)), ';' ORDER BY code)) FROM village),
      (SELECT md5(string_agg(concat_ws(',', code, area_ha, ST_AsEWKB(geom)), ';' ORDER BY code)) FROM admin_unit),
      (SELECT md5(string_agg(concat_ws(',', plot_id, village_code, round(village_m::numeric, 3)), ';' ORDER BY plot_id)) FROM forest_plot_access),
      (SELECT count(*) FROM commune_criterion_status))) AS p`;
  return r!.p;
}

beforeAll(async () => {
  t = await authTestApp();
  const users: [string, ('admin' | 'editor' | 'viewer')[], string[]][] = [
    ['admin', ['admin'], []],
    ['editor-city', ['editor'], ['608']],
    ['editor-sathay', ['editor'], ['616']],
    ['viewer', ['viewer'], []],
  ];
  for (const [name, roles, scopes] of users) {
    await createUser(t.sql, { username: `imp-${name}-${TARGET}`, roles, scopes });
    c[name] = await signedIn(t.app, `imp-${name}-${TARGET}`);
  }
});

afterAll(async () => {
  // anything a failed test left committed goes back, newest first
  for (const id of [...committed].reverse()) await rollback(id);
});

describe('Shapefile in VN-2000 with a TCVN3 .dbf', () => {
  it('is staged with the .prj read, EPSG:9216 parameters applied, TCVN3 detected; commit and rollback', async () => {
    const before = await dataPrint(t.sql);
    const r = await report(c.admin!, fixture('lo-rung-vn2000-tcvn3.zip'), { target: 'plots', name: 'lo-rung-vn2000-tcvn3.zip' });
    expect(r.status).toBe('staged');
    expect(r.file.format).toBe('shapefile');
    expect(r.crs).toMatchObject({ datumShift: 'epsg-9216', source: 'prj' });
    expect(r.encoding).toMatchObject({ encoding: 'tcvn3', by: 'content' });
    expect(r.encoding!.sample.join('|')).toContain('Ban quản lý rừng phòng hộ Đắk Rơ Wa');
    expect(r.mapping).toMatchObject({ tk: 'TK', khoanh: 'KHOANH', lo: 'LO', commune_code: 'MAXA', dtich: 'DTICH', churung: 'CHURUNG', forest_function: 'MALR3' });
    expect(r.counts).toMatchObject({ read: 6, updates: 5, inserts: 1, errors: 0 });
    expect(r.issues.filter((i) => i.code === 'overlap').length).toBe(2); // the new lô lies on lô 5
    expect(r.canCommit).toBe(true);
    expect(await dataPrint(t.sql)).toBe(before); // staging wrote nothing else

    const csv = await c.admin!.get(`/api/import/${r.id}/report.csv`);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(await csv.text()).toContain('Chồng lấn lô');
    const staged = (await (await c.admin!.get(`/api/import/${r.id}/staged.geojson`)).json()) as { features: unknown[] };
    expect(staged.features.length).toBe(6);

    const v0 = t.deps.versions.get('plots');
    const res = await commit(c.admin!, r.id);
    expect(res.status).toBe(200);
    expect(t.deps.versions.get('plots')).toBe(v0 + 1);
    const lots = await t.sql<{ lo: string; churung: string; dtich: number }[]>`SELECT lo, churung, dtich::float8 AS dtich FROM forest_plot WHERE tk = 568 AND khoanh = 1 ORDER BY lo`;
    expect(lots.map((l) => l.lo)).toEqual(['1', '2', '3', '4', '5', '9a']);
    expect(lots[0]!.churung).toBe('Ban quản lý rừng phòng hộ Đắk Rơ Wa');
    expect(lots.some((l) => /\ufffd|\?/.test(l.churung))).toBe(false);
    // the geometry came back within 1 cm of the original (ogr2ogr/PROJ wrote EPSG:9216, proj4js read it)
    const [{ d }] = await t.sql<{ d: number }[]>`
      SELECT max(ST_HausdorffDistance(ST_Transform(p.geom, 910730), ST_Transform(coalesce(b.geom, (b.before->>'geom')::geometry), 910730))) AS d
      FROM import_backup b JOIN forest_plot p ON p.id = b.key::bigint WHERE b.batch_id = ${r.id} AND b.before IS NOT NULL`;
    expect(d).toBeLessThan(0.01);
    const [audit] = await t.sql<{ entity_id: string; after: { file: string; checksum: string } }[]>`
      SELECT entity_id, after FROM audit_log WHERE entity = 'import_batch' ORDER BY id DESC LIMIT 1`;
    expect(audit!.entity_id).toBe(String(r.id));
    expect(audit!.after.checksum).toBe(r.file.checksum);
    // the OGC API and the tiles show the new lô
    const ogc = (await (await c.viewer!.get('/api/ogc/collections/plots/items?tk=568&khoanh=1&lo=9a')).json()) as { numberMatched: number };
    expect(ogc.numberMatched).toBe(1);

    // a second commit of the same batch is refused; an editor may not roll back
    expect((await commit(c.admin!, r.id)).status).toBe(409);
    expect((await c['editor-city']!.post(`/api/import/${r.id}/rollback`)).status).toBe(403);
    await rollback(r.id);
    expect(await dataPrint(t.sql)).toBe(before);
    expect(t.deps.versions.get('plots')).toBe(v0 + 2);
    const rb = (await (await c.admin!.get(`/api/import/${r.id}`)).json()) as ImportReport;
    expect(rb.status).toBe('rolled_back');
  });

  it('a UTF-8 .dbf with its .cpg keeps names that end in "à" (byte A0, a no-break space in Windows-1252)', async () => {
    const r = await report(c.admin!, fixture('lo-rung-utf8.zip'), { target: 'plots', name: 'lo-rung-utf8.zip' });
    expect(r.encoding).toMatchObject({ encoding: 'utf-8', by: 'cpg' });
    const owners = await t.sql<{ o: string }[]>`SELECT DISTINCT attrs->>'churung' AS o FROM import_staged WHERE batch_id = ${r.id}`;
    expect(owners.map((o) => o.o)).toEqual(['Hộ ông Lê Văn Hà']);
  });

  it('is refused to viewers and the anonymous, and an editor commits only inside their scope', async () => {
    const bytes = fixture('lo-rung-vn2000-tcvn3.zip');
    expect((await upload(null, bytes, { target: 'plots', name: 'a.zip' })).status).toBe(401);
    expect((await upload(c.viewer!, bytes, { target: 'plots', name: 'a.zip' })).status).toBe(403);
    const r = await report(c['editor-sathay']!, bytes, { target: 'plots', name: 'a.zip' });
    const e = await errorOf(await commit(c['editor-sathay']!, r.id));
    expect(e.status).toBe(403);
    const before = await dataPrint(t.sql);
    const ok = await commit(c['editor-city']!, r.id); // Chư Hreng lies in Kon Tum city (608)
    expect(ok.status).toBe(200);
    await rollback(r.id);
    expect(await dataPrint(t.sql)).toBe(before);
  });
});

describe('GeoPackage in VN-2000 / UTM 48N', () => {
  it('reads the SRS from gpkg_spatial_ref_sys and lands within 1 cm of the lô it was made from', async () => {
    const r = await report(c.admin!, fixture('lo-rung-vn2000-utm48.gpkg'), { target: 'plots', name: 'lo-rung-vn2000-utm48.gpkg' });
    expect(r.file.format).toBe('gpkg');
    expect(r.crs).toMatchObject({ datumShift: 'epsg-9216', source: 'gpkg' });
    expect(r.counts).toMatchObject({ read: 6, updates: 5, inserts: 1, errors: 0 });
    const [{ d, n }] = await t.sql<{ d: number; n: number }[]>`
      SELECT max(ST_HausdorffDistance(ST_Transform(p.geom, 910730), ST_Transform(s.geom_fixed, 910730))) AS d, count(*)::int AS n
      FROM import_staged s JOIN forest_plot p ON p.tk = 568 AND p.khoanh = 1 AND p.lo = s.attrs->>'lo'
      WHERE s.batch_id = ${r.id}`;
    expect(n).toBe(5);
    expect(d).toBeLessThan(0.01);
    const [{ owner }] = await t.sql<{ owner: string }[]>`SELECT attrs->>'churung' AS owner FROM import_staged WHERE batch_id = ${r.id} AND row_no = 1`;
    expect(owner).toBe('Ban quản lý rừng phòng hộ Đắk Rơ Wa');
  });
});

describe('validation', () => {
  it('lists self-intersections (repaired) and duplicate codes, and refuses to commit while errors remain', async () => {
    const before = await dataPrint(t.sql);
    const r = await report(c.admin!, fixture('tu-cat-va-trung-ma.geojson'), { target: 'plots', name: 'tu-cat-va-trung-ma.geojson' });
    const codes = r.issues.map((i) => `${i.severity}:${i.code}:${i.row}`);
    expect(codes).toEqual(expect.arrayContaining(['error:duplicate_key:1', 'error:duplicate_key:2', 'warning:geometry_repaired:3']));
    expect(r.issues.find((i) => i.code === 'geometry_repaired')!.message.vi).toMatch(/Self-intersection|tự cắt|ST_MakeValid/);
    expect(r.canCommit).toBe(false);
    const e = await errorOf(await commit(c.admin!, r.id));
    expect(e.status).toBe(422);
    expect(e.vi).toMatch(/lỗi/);
    expect(await dataPrint(t.sql)).toBe(before);
  });

  it('a batch id spelt otherwise than in plain digits (" 1", "+1", "01", "1.0", "1e0", hex) commits and rolls back nothing', async () => {
    // z.coerce.number() read " 7" as batch 7: the hostile-input suite's path " 1" committed a staged batch of another test
    const before = await dataPrint(t.sql);
    const r = await report(c.admin!, fixture('thon-lang.kml'), { target: 'villages', name: 'thon-lang.kml' });
    expect(r.canCommit).toBe(true);
    for (const spelt of [` ${r.id}`, `+${r.id}`, `0${r.id}`, `${r.id}.0`, `${r.id}e0`, `0x${r.id.toString(16)}`]) {
      for (const action of ['commit', 'rollback']) {
        const e = await errorOf(await c.admin!.post(`/api/import/${encodeURIComponent(spelt)}/${action}`));
        expect(e.status, `${action} ${spelt}`).toBe(400);
        expect(e.code).toBe('invalid_input');
        expect(JSON.stringify(e.body)).toMatch(/chữ số/);
      }
    }
    expect(await dataPrint(t.sql)).toBe(before);
    const status = await c.admin!.get(`/api/import/${r.id}`);
    expect(((await status.json()) as ImportReport).status).toBe('staged');
  });

  it('finds a wrong .prj: every feature outside the province', async () => {
    const r = await report(c.admin!, fixture('sai-prj.zip'), { target: 'plots', name: 'sai-prj.zip' });
    expect(r.counts.errors).toBeGreaterThanOrEqual(6);
    expect(r.issues.filter((i) => i.code === 'outside_province').length).toBe(6);
    expect(r.issues.find((i) => i.code === 'outside_province')!.message.vi).toMatch(/ngoài tỉnh Kon Tum/);
  });
});

describe('bad files get clear Vietnamese errors and change nothing', () => {
  let before = '';
  let batches = 0;
  beforeAll(async () => {
    before = await dataPrint(t.sql);
    batches = (await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM import_batch`)[0]!.n;
  });
  afterAll(async () => {
    expect(await dataPrint(t.sql)).toBe(before);
    expect((await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM import_batch`)[0]!.n).toBe(batches);
  });

  it('a truncated zip', async () => {
    const e = await errorOf(await upload(c.admin!, fixture('bi-cat-cut.zip'), { target: 'plots', name: 'bi-cat-cut.zip' }));
    expect(e.status).toBe(422);
    expect(e.code).toBe('zip_truncated');
    expect(e.vi).toMatch(/hỏng|thiếu/);
  });

  it('a .shp without its .dbf', async () => {
    const e = await errorOf(await upload(c.admin!, fixture('khong-co-dbf.zip'), { target: 'plots', name: 'khong-co-dbf.zip' }));
    expect(e.status).toBe(422);
    expect(e.code).toBe('dbf_missing');
    expect(e.vi).toMatch(/Thiếu tệp \.dbf/);
  });

  it('a zip bomb', async () => {
    // 110 MB of zeros packed to ~110 KB (over 100 MB unpacked at a ratio above 200)
    const parts: Uint8Array[] = [];
    const zip = new Zip((err, chunk) => {
      if (err) throw err;
      parts.push(chunk);
    });
    const entry = new ZipDeflate('lo.shp', { level: 1 });
    zip.add(entry);
    const zeros = new Uint8Array(1 << 20);
    for (let i = 0; i < 110; i++) entry.push(zeros, i === 109);
    zip.end();
    const bytes = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
    let o = 0;
    for (const p of parts) {
      bytes.set(p, o);
      o += p.length;
    }
    const e = await errorOf(await upload(c.admin!, bytes, { target: 'plots', name: 'bom.zip' }));
    expect(e.status).toBe(413);
    expect(e.code).toBe('zip_bomb');
    expect(e.vi).toMatch(/bom nén/);
  });

  it('a 2 GB declared size', async () => {
    const e = await errorOf(await upload(c.admin!, new Uint8Array(10), { target: 'plots', name: 'lon.zip' }, { 'Content-Length': String(2 * 1024 ** 3) }));
    expect(e.status).toBe(413);
    expect(e.vi).toMatch(/quá lớn/);
  });

  it('an unsupported file, an unknown target, a file without a coordinate system', async () => {
    expect((await errorOf(await upload(c.admin!, new TextEncoder().encode('x'), { target: 'plots', name: 'a.dwg' }))).code).toBe('format_unsupported');
    expect((await upload(c.admin!, fixture('thon-lang.kml'), { target: 'roads', name: 'thon-lang.kml' })).status).toBe(400);
    const e = await errorOf(await upload(c.admin!, fixture('thon-vn2000-windows1258.csv'), { target: 'villages', name: 'thon.csv' }));
    expect(e.status).toBe(422);
    expect(e.code).toBe('crs_required');
    const candidates = (e.body as { candidates: { id: string }[] }).candidates.map((k) => k.id);
    expect(candidates).toContain('vn2000-kontum');
    expect(candidates).not.toContain('wgs84');
  });
});

describe('villages from KML and from a CSV with VN-2000 X/Y', () => {
  it('KML: moves two villages by code, adds one; rollback removes it', async () => {
    const before = await dataPrint(t.sql);
    const r = await report(c.admin!, fixture('thon-lang.kml'), { target: 'villages', name: 'thon-lang.kml' });
    expect(r.file.format).toBe('kml');
    expect(r.counts).toMatchObject({ read: 3, updates: 2, inserts: 1, errors: 0 });
    expect((await commit(c.admin!, r.id)).status).toBe(200);
    const [v] = await t.sql<{ name: string; households: number; ethnic_minority: boolean }[]>`SELECT name, households, ethnic_minority FROM village WHERE code = '23332-91'`;
    expect(v).toEqual({ name: 'Làng Kon Rơ Wang', households: null, ethnic_minority: true });
    const [{ n }] = await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM forest_plot_access WHERE village_code = '23332-91'`;
    expect(n).toBeGreaterThanOrEqual(0);
    await rollback(r.id);
    expect(await dataPrint(t.sql)).toBe(before);
  });

  it('CSV: Windows-1258 names and VN-2000 X/Y (decimal commas) land within 2 cm of the villages they were made from', async () => {
    const r = await report(c.admin!, fixture('thon-vn2000-windows1258.csv'), { target: 'villages', name: 'thon.csv', crs: 'EPSG:9216' });
    expect(r.encoding).toMatchObject({ encoding: 'windows-1258' });
    expect(r.counts).toMatchObject({ read: 2, updates: 2, errors: 0 });
    const rows = await t.sql<{ key: string; name: string; lon: number; lat: number; olon: number; olat: number }[]>`
      SELECT s.key, s.attrs->>'name' AS name, ST_X(s.geom_fixed) AS lon, ST_Y(s.geom_fixed) AS lat, ST_X(v.geom) AS olon, ST_Y(v.geom) AS olat
      FROM import_staged s JOIN village v ON v.code = s.key WHERE s.batch_id = ${r.id}`;
    expect(rows.length).toBe(2);
    for (const row of rows) {
      expect(row.name).toMatch(/^Thôn /);
      const a = toVn2000(row.lon, row.lat);
      const b = toVn2000(row.olon, row.olat);
      expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeLessThan(0.02);
    }
  });
});

describe('real-world trial: GADM commune boundaries', async () => {
  const present = existsSync(REAL_COMMUNES_GEOJSON);
  if (!present) console.warn(`[import.test] ${REAL_COMMUNES_GEOJSON} is absent: the real-world trial is skipped`);

  it.skipIf(!present)('imports as the communes\' geometry, keeps every criterion record, and the report figures come out unchanged', async () => {
    const [{ y }] = await t.sql<{ y: number }[]>`SELECT max(year)::int AS y FROM assessment WHERE scope = 'commune'`;
    const figures = async () => ({
      ntm: await (await c.viewer!.get(`/api/stats/ntm?year=${y}`)).text(),
      villages: await (await c.viewer!.get(`/api/stats/villages?year=2023`)).text(),
      planting: await (await c.viewer!.get('/api/stats/planting?plantingYear=2021&by=commune')).text(),
      table: await (await c.viewer!.get(`/api/ntm/tables?year=${y}`)).text(),
    });
    const before = await figures();
    const print = await dataPrint(t.sql);
    const r = await report(c.admin!, readFileSync(REAL_COMMUNES_GEOJSON), { target: 'communes', name: 'kontum-communes-gadm41.geojson' });
    expect(r.mapping.code).toBe('gso_ma_xa');
    expect(r.counts).toMatchObject({ read: 102, updates: 102, inserts: 0, errors: 0 });
    const v0 = t.deps.versions.get('communes');
    // the staged geometry, as the commit will write it (its staged rows are removed after the commit)
    const [{ staged, keys }] = await t.sql<{ staged: string; keys: string[] }[]>`
      SELECT md5(string_agg(s.key || ST_AsEWKB(s.geom_fixed)::text, ';' ORDER BY s.key)) AS staged, array_agg(s.key) AS keys FROM import_staged s WHERE s.batch_id = ${r.id}`;
    expect((await commit(c.admin!, r.id)).status).toBe(200);
    expect(t.deps.versions.get('communes')).toBe(v0 + 1);
    const [{ written, left }] = await t.sql<{ written: string; left: number }[]>`
      SELECT (SELECT md5(string_agg(a.code || ST_AsEWKB(a.geom)::text, ';' ORDER BY a.code)) FROM admin_unit a
              WHERE a.level = 'commune' AND a.code = ANY(${keys}::text[])) AS written,
             (SELECT count(*)::int FROM import_staged WHERE batch_id = ${r.id}) AS left`;
    expect(written).toBe(staged);
    expect(left).toBe(0);
    expect(await figures()).toEqual(before);
    await rollback(r.id);
    expect(await dataPrint(t.sql)).toBe(print);
  });
});
