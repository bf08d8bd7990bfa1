/**
 * GIS exports in the offices' own form (issue 14): GeoPackage and zipped Shapefile of every list
 * (lô, khoảnh, tiểu khu, villages, communes, districts, plans, the replanting worklist) read by
 * GDAL's ogrinfo — feature count, the inventory field names, the VN-2000 Kon Tum zone with its
 * TOWGS84, areas against PostGIS; KML/GPX/CSV of the worklist; and the round trip: an exported lô
 * Shapefile imported through the project's own import pipeline into a fresh database gives the
 * same geometry (area within 0.1 %) and attributes. Both engines.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/connect.ts';
import { FILE_FIELDS } from '../../server/export/fields.ts';
import { commitBatch } from '../../server/import/commit.ts';
import { importFile } from '../../server/import/pipeline.ts';
import { DataVersions } from '../../server/tiles/versions.ts';
import { toVn2000, VN2000_KONTUM_PROJ4, VN2000_KONTUM_SRID } from '../../server/geo/vn2000.ts';
import { authTestApp, Client, createUser, errorOf, signedIn, TARGET, type AuthTestApp } from '../helpers/auth.ts';

const run = promisify(execFile);
let t: AuthTestApp;
let anon: Client;
let viewer: Client;
let dir: string;

async function gdalAvailable(): Promise<boolean> {
  try {
    await run('ogrinfo', ['--version']);
    return true;
  } catch {
    if (process.env.CI) throw new Error('gdal-bin is required in CI (ogrinfo not found)');
    return false;
  }
}
const hasGdal = await gdalAvailable();
if (!hasGdal) console.warn('[gis-export.test] ogrinfo not installed (apt-get install gdal-bin): GDAL checks skipped');

beforeAll(async () => {
  t = await authTestApp();
  anon = new Client(t.app);
  await createUser(t.sql, { username: `gis-viewer-${TARGET}`, roles: ['viewer'] });
  viewer = await signedIn(t.app, `gis-viewer-${TARGET}`);
  dir = mkdtempSync(path.join(tmpdir(), 'atlas-gis-export-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Downloads a file, checks its type and name, and saves it under the temporary folder. */
async function download(c: Client, p: string, type: RegExp, name: RegExp): Promise<string> {
  const res = await c.get(p);
  if (res.status !== 200) throw new Error(`GET ${p} → ${res.status}: ${await res.text()}`);
  expect(res.headers.get('content-type'), p).toMatch(type);
  const disposition = res.headers.get('content-disposition') ?? '';
  expect(disposition, p).toMatch(name);
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}-${/filename="([^"]+)"/.exec(disposition)![1]}`);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return file;
}

/** The layer of a downloaded file: the Shapefile's base name, or the GeoPackage table ('-' → '_'). */
function layerOf(file: string): string {
  const name = path.basename(file).replace(/^[a-z0-9]+-/, '');
  return name.endsWith('.shp.zip') ? name.slice(0, -'.shp.zip'.length) : name.replace(/\.gpkg$/, '').replace(/-/g, '_');
}

interface OgrSummary {
  count: number;
  fields: string[];
  wkt: string;
}

/** `ogrinfo -al -so` of a file (a zipped Shapefile through /vsizip/), WKT1 so TOWGS84 shows. */
async function ogrSummary(file: string): Promise<OgrSummary> {
  const src = file.endsWith('.zip') ? `/vsizip/${file}` : file;
  const { stdout } = await run('ogrinfo', ['-ro', '-al', '-so', '-wkt_format', 'WKT1', src], { maxBuffer: 1 << 24 });
  const count = Number(/Feature Count: (\d+)/.exec(stdout)?.[1]);
  const wkt = /Layer SRS WKT:\n([\s\S]*?)\n(?:Data axis|FID Column|Geometry Column|\w+: )/.exec(stdout)?.[1] ?? '';
  const fields = [...stdout.matchAll(/^(\w+): (?:Integer|Integer64|Real|String|Date|DateTime)/gm)].map((m) => m[1]!);
  return { count, fields, wkt };
}

/** Sum of the planar areas (m²) of the file's features, by GDAL (SQLite dialect). */
async function ogrArea(file: string, layer: string): Promise<number> {
  const src = file.endsWith('.zip') ? `/vsizip/${file}` : file;
  const { stdout } = await run('ogrinfo', ['-ro', '-q', '-dialect', 'SQLite', '-sql', `SELECT sum(ST_Area(${file.endsWith('.zip') ? 'GEOMETRY' : 'geom'})) AS a FROM "${layer}"`, src], { maxBuffer: 1 << 24 });
  return Number(/a \(Real\) = ([\d.eE+-]+)/.exec(stdout)?.[1]);
}

const TOWGS84_WKT = 'TOWGS84[-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278]';

/**
 * The file's CRS is the VN-2000 Kon Tum zone with its datum shift: GDAL's PROJ string of the layer
 * is the app's own definition (+towgs84 included); a Shapefile's .prj and a GeoPackage's
 * gpkg_spatial_ref_sys row (EPSG 9216, as GDAL writes it) carry the TOWGS84 of migration 003.
 */
async function expectVn2000(file: string, s: OgrSummary) {
  const src = file.endsWith('.zip') ? `/vsizip/${file}` : file;
  const { stdout } = await run('gdalsrsinfo', ['-o', 'proj4', src]);
  expect(stdout.trim(), file).toBe(VN2000_KONTUM_PROJ4);
  expect(s.wkt).toMatch(/PARAMETER\["central_meridian",107\.5\]/);
  if (file.endsWith('.zip')) {
    expect(s.wkt).toContain(TOWGS84_WKT);
  } else {
    const srs = await run('ogrinfo', ['-ro', '-q', '-sql', 'SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = 9216', file]);
    expect(srs.stdout).toMatch(/organization \(String\) = EPSG/);
    expect(srs.stdout).toMatch(/organization_coordsys_id \(Integer(?:64)?\) = 9216/);
    expect(srs.stdout).toContain(TOWGS84_WKT);
  }
}

/** The lists with their query and the database's count and planar VN-2000 area (m²) of the same rows. */
const LISTS = [
  { id: 'plots', query: 'tk=568', table: 'forest_plot', where: 'tk = 568' },
  { id: 'khoanh', query: 'tk=568', table: 'forest_khoanh', where: 'tk = 568' },
  { id: 'tieukhu', query: '', table: 'forest_tieu_khu', where: 'true' },
  { id: 'villages', query: 'commune_code=23332', table: 'village', where: "commune_code = '23332'" },
  { id: 'communes', query: '', table: 'admin_unit', where: "level = 'commune'" },
  { id: 'districts', query: '', table: 'admin_unit', where: "level = 'district'" },
] as const;

async function dbFigures(table: string, where: string): Promise<{ n: number; area: number }> {
  const [r] = await t.sql.unsafe<{ n: number; area: number }[]>(
    `SELECT count(*)::int AS n, coalesce(sum(ST_Area(ST_Transform(geom, ${VN2000_KONTUM_SRID}))), 0)::float8 AS area FROM ${table} WHERE ${where}`,
  );
  return r!;
}

describe(`GeoPackage and Shapefile exports read by GDAL (${TARGET})`, () => {
  for (const l of LISTS) {
    it.skipIf(!hasGdal)(`${l.id}: GeoPackage and Shapefile with the inventory field names, VN-2000, the same count and area`, async () => {
      const want = await dbFigures(l.table, l.where);
      expect(want.n).toBeGreaterThan(0);
      const names = FILE_FIELDS[l.id]!.map((f) => f.name);
      const q = `/api/ogc/collections/${l.id}/items?${l.query ? `${l.query}&` : ''}`;
      const gpkg = await download(anon, `${q}f=gpkg`, /application\/geopackage\+sqlite3/, /\.gpkg"/);
      const shp = await download(anon, `${q}f=shp`, /application\/zip/, /\.shp\.zip"/);
      for (const file of [gpkg, shp]) {
        const s = await ogrSummary(file);
        expect(s.count, file).toBe(want.n);
        expect(s.fields, file).toEqual(names);
        await expectVn2000(file, s);
        if (l.id !== 'villages') {
          const area = await ogrArea(file, layerOf(file));
          expect(Math.abs(area - want.area) / want.area, file).toBeLessThan(1e-6);
        }
      }
      // the zip holds .shp .shx .dbf .prj and a .cpg saying UTF-8
      const entries = unzipSync(new Uint8Array(await (await anon.get(`${q}f=shp`)).arrayBuffer()));
      expect(Object.keys(entries).map((n) => n.slice(n.lastIndexOf('.'))).sort()).toEqual(['.cpg', '.dbf', '.prj', '.shp', '.shx']);
      const cpg = Object.entries(entries).find(([n]) => n.endsWith('.cpg'))![1];
      expect(new TextDecoder().decode(cpg)).toBe('UTF-8');
    });
  }

  it.skipIf(!hasGdal)('keeps Vietnamese text whole in the .dbf (UTF-8) and the GeoPackage', async () => {
    const shp = await download(anon, '/api/ogc/collections/villages/items?commune_code=23332&f=shp', /zip/, /thon-23332\.shp\.zip/);
    const gpkg = await download(anon, '/api/ogc/collections/villages/items?commune_code=23332&f=gpkg', /geopackage/, /thon-23332\.gpkg/);
    const names = (await t.sql<{ name: string }[]>`SELECT name FROM village WHERE commune_code = '23332' ORDER BY code`).map((r) => r.name);
    for (const [file, layer] of [[`/vsizip/${shp}`, 'thon-23332'], [gpkg, 'thon_23332']] as const) {
      const { stdout } = await run('ogrinfo', ['-ro', '-q', '-sql', `SELECT ten_thon FROM "${layer}" ORDER BY ma_thon`, file]);
      expect([...stdout.matchAll(/ten_thon \(String\) = (.*)$/gm)].map((m) => m[1])).toEqual(names);
    }
  });

  it.skipIf(!hasGdal)('exports a plan for signed-in users only', async () => {
    // a plan of three lô, saved by a planner through the API
    const lots = await t.sql<{ id: string; commune_code: string }[]>`SELECT id::text, commune_code FROM forest_plot WHERE tk = 568 ORDER BY id LIMIT 3`;
    await createUser(t.sql, { username: `gis-planner-${TARGET}`, roles: ['planner'], scopes: ['62'] });
    const planner = await signedIn(t.app, `gis-planner-${TARGET}`);
    const created = await planner.post('/api/plans', { name: 'Kế hoạch xuất GIS', year: 2025, unitCode: lots[0]!.commune_code, sites: lots.map((l) => ({ plotId: Number(l.id) })) });
    if (created.status !== 201) throw new Error(`plan → ${created.status}: ${await created.text()}`);
    const plan = (await created.json()) as { id: number };
    try {
      expect((await anon.get(`/api/ogc/collections/plans/items?plan_id=${plan.id}&f=shp`)).status).toBe(401);
      for (const f of ['shp', 'gpkg']) {
        const file = await download(viewer, `/api/ogc/collections/plans/items?plan_id=${plan.id}&f=${f}`, /zip|geopackage/, new RegExp(`ke-hoach-${plan.id}`));
        const s = await ogrSummary(file);
        expect(s.count).toBe(3);
        expect(s.fields).toEqual(FILE_FIELDS.plans!.map((x) => x.name));
        await expectVn2000(file, s);
      }
    } finally {
      await t.sql`DELETE FROM planting_plan_site WHERE plan_id = ${plan.id}`;
      await t.sql`DELETE FROM planting_plan WHERE id = ${plan.id}`;
    }
  });

  it.skipIf(!hasGdal)('exports the replanting worklist in every format', async () => {
    const w = (await (await anon.get('/api/forest/worklist?includeRejected=true')).json()) as { rows: { plotId: number; treesToAdd: number }[] };
    expect(w.rows.length).toBeGreaterThan(0);
    for (const f of ['gpkg', 'shp.zip'] as const) {
      const file = await download(anon, `/api/forest/worklist.${f}?includeRejected=true`, f === 'gpkg' ? /geopackage/ : /zip/, /trong-dam/);
      const s = await ogrSummary(file);
      expect(s.count).toBe(w.rows.length);
      expect(s.fields).toEqual(FILE_FIELDS.worklist!.map((x) => x.name));
      await expectVn2000(file, s);
      const src = f === 'gpkg' ? file : `/vsizip/${file}`;
      const { stdout } = await run('ogrinfo', ['-ro', '-q', '-dialect', 'SQLite', '-sql', `SELECT sum(so_cay_dam) AS trees FROM "${layerOf(file)}"`, src]);
      expect(Number(/trees \(\w+\) = (\d+)/.exec(stdout)?.[1])).toBe(w.rows.reduce((s2, r) => s2 + r.treesToAdd, 0));
    }
    const kml = await (await anon.get('/api/forest/worklist.kml?includeRejected=true')).text();
    expect(kml.match(/<Placemark>/g)?.length).toBe(w.rows.length);
    const gpx = await (await anon.get('/api/forest/worklist.gpx?includeRejected=true')).text();
    expect(gpx.match(/<wpt /g)?.length).toBe(w.rows.length);
    // GDAL reads both
    for (const [ext, body] of [['kml', kml], ['gpx', gpx]] as const) {
      const file = path.join(dir, `worklist.${ext}`);
      writeFileSync(file, body);
      const { stdout } = await run('ogrinfo', ['-ro', '-al', '-so', file]);
      expect(stdout).toMatch(new RegExp(`Feature Count: ${w.rows.length}`));
    }
  });
});

describe(`CSV with VN-2000 X/Y in the language's convention (${TARGET})`, () => {
  it('writes ; and decimal commas in Vietnamese, , and points in English, X/Y beside lon/lat', async () => {
    const vi = (await (await anon.get('/api/ogc/collections/plots/items?tk=568&khoanh=1&f=csv')).text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    const en = (await (await anon.get('/api/ogc/collections/plots/items?tk=568&khoanh=1&f=csv&lang=en')).text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(vi[0]!.split(';')).toEqual(['id', ...FILE_FIELDS.plots!.map((f) => f.name), 'lon', 'lat', 'x_vn2000', 'y_vn2000']);
    expect(en[0]!.split(',')).toEqual(vi[0]!.split(';'));
    expect(vi.length).toBe(en.length);
    const viCells = vi[1]!.split(';');
    const enCells = en[1]!.split(',');
    expect(viCells.at(-2)).toMatch(/^\d{7},\d{2}$/); // X = northing, decimal comma
    expect(enCells.at(-2)).toMatch(/^\d{7}\.\d{2}$/);
    expect(viCells.at(-2)!.replace(',', '.')).toBe(enCells.at(-2));
  });

  it('carries the unit of 1 July 2025 beside the old commune in every forest and village export, and filters by it', async () => {
    const succession = new Map((await t.sql<{ old_code: string; new_code: string }[]>`SELECT old_code, new_code FROM admin_unit_succession`).map((r) => [r.old_code, r.new_code]));
    for (const [collection, oldField] of [['plots', 'maxa'], ['khoanh', 'commune_code'], ['tieukhu', 'commune_code'], ['villages', 'commune_code']] as const) {
      const page = (await (await anon.get(`/api/ogc/collections/${collection}/items?limit=200`)).json()) as { features: { properties: Record<string, string | null> }[] };
      expect(page.features.length, collection).toBeGreaterThan(0);
      for (const f of page.features) expect(f.properties.maxa2025, `${collection} ${f.properties[oldField]}`).toBe(succession.get(f.properties[oldField]!) ?? null);
      expect(FILE_FIELDS[collection]!.map((x) => x.name)).toContain('maxa2025');
    }
    // a new unit's lô: those of its old communes, and only those
    const lo = (await (await anon.get('/api/ogc/collections/plots/items?tk=568&limit=1')).json()) as { features: { properties: { maxa: string; maxa2025: string } }[] };
    const unit = lo.features[0]!.properties.maxa2025;
    const olds = [...succession].filter(([, n]) => n === unit).map(([o]) => o);
    const inUnit = (await (await anon.get(`/api/ogc/collections/plots/items?maxa2025=${unit}&limit=500`)).json()) as { features: { properties: { maxa: string } }[] };
    expect(inUnit.features.length).toBeGreaterThan(0);
    for (const f of inUnit.features) expect(olds).toContain(f.properties.maxa);
    const csv = (await (await anon.get('/api/ogc/collections/plots/items?tk=568&khoanh=1&f=csv')).text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    const col = csv[0]!.split(';').indexOf('maxa2025');
    expect(col).toBeGreaterThan(0);
    expect(csv[1]!.split(';')[col]).toBe(succession.get(csv[1]!.split(';')[csv[0]!.split(';').indexOf('maxa')]!));
  });

  it('adds VN-2000 X/Y beside longitude/latitude in the worklist table (CSV and XLSX)', async () => {
    const lines = (await (await anon.get('/api/forest/worklist.csv?includeRejected=true&lang=vi')).text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    const head = lines[0]!.split(';');
    expect(head.slice(-4)).toEqual(['Kinh độ', 'Vĩ độ', 'Tọa độ X (VN-2000)', 'Tọa độ Y (VN-2000)']);
    const cells = lines[1]!.split(';').map((c) => Number(c.replace(',', '.')));
    const want = toVn2000(cells.at(-4)!, cells.at(-3)!);
    expect(Math.abs(cells.at(-2)! - want.x)).toBeLessThan(0.1); // from the rounded lon/lat: 1e-6° ≈ 0.1 m
    expect(Math.abs(cells.at(-1)! - want.y)).toBeLessThan(0.1);
  });

  it('refuses a bad format, language or CRS with a bilingual 400', async () => {
    for (const q of ['f=dxf', 'f=shp&lang=fr', 'f=gpkg&crs=EPSG:4326', 'f=shp&limit=200000']) {
      const e = await errorOf(await anon.get(`/api/ogc/collections/plots/items?tk=568&${q}`));
      expect(e.status, q).toBe(400);
      expect(e.vi.length).toBeGreaterThan(0);
    }
  });
});

/**
 * A fresh database (migrations only) with the units, tiểu khu and khoảnh the lô belong to copied
 * in, so the import creates every lô of the file.
 */
async function freshDatabase(): Promise<{ db: Database; drop(): Promise<void> }> {
  if (TARGET === 'postgres') {
    const url = new URL(process.env.TEST_DATABASE_URL!);
    const name = `${url.pathname.slice(1)}_roundtrip_${process.pid}`;
    const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name}`);
    await admin.unsafe(`CREATE DATABASE ${name}`);
    url.pathname = `/${name}`;
    const db = await openDatabase({ DATABASE_URL: url.toString(), DB_POOL_MAX: 2 });
    return {
      db,
      async drop() {
        await db.close();
        await admin.unsafe(`DROP DATABASE IF EXISTS ${name}`);
        await admin.end();
      },
    };
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'atlas-roundtrip-db-'));
  const db = await openDatabase({ DATA_DIR: dataDir, DB_POOL_MAX: 1 });
  return {
    db,
    async drop() {
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe(`round trip: an exported lô Shapefile (and GeoPackage) imported into a fresh database (${TARGET})`, () => {
  // a fresh embedded database runs every migration first (about a minute on a busy machine)
  it('gives the same geometry (area within 0.1 %) and attributes', { timeout: 300_000 }, async () => {
    const tk = 568;
    const file = await download(anon, `/api/ogc/collections/plots/items?tk=${tk}&f=shp`, /zip/, /lo-rung-568\.shp\.zip/);
    const fresh = await freshDatabase();
    try {
      const sql = fresh.db.sql;
      // the parents of the lô: province, district, commune; the tiểu khu and its khoảnh
      const units = await t.sql<{ code: string; name: string; full_name: string; name_search: string; level: string; kind: string; parent_code: string | null; in_ntm_programme: boolean; area_ha: number | null; wkb: string }[]>`
        WITH RECURSIVE up AS (
          SELECT a.* FROM admin_unit a WHERE a.code IN (SELECT DISTINCT commune_code FROM forest_plot WHERE tk = ${tk} UNION SELECT commune_code FROM forest_tieu_khu WHERE tk = ${tk} UNION SELECT commune_code FROM forest_khoanh WHERE tk = ${tk})
          UNION SELECT p.* FROM admin_unit p JOIN up ON p.code = up.parent_code)
        SELECT DISTINCT code, name, full_name, name_search, level, kind, parent_code, in_ntm_programme, area_ha, ST_AsHexEWKB(geom) AS wkb FROM up`;
      const order = ['province', 'district', 'commune'];
      units.sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level));
      for (const u of units) {
        await sql`INSERT INTO admin_unit (code, name, full_name, name_search, level, kind, parent_code, in_ntm_programme, area_ha, geom)
          VALUES (${u.code}, ${u.name}, ${u.full_name}, ${u.name_search}, ${u.level}, ${u.kind}, ${u.parent_code}, ${u.in_ntm_programme}, ${u.area_ha}, ${u.wkb}::geometry)`;
      }
      const [tkRow] = await t.sql<{ commune_code: string; area_ha: number; wkb: string }[]>`SELECT commune_code, area_ha, ST_AsHexEWKB(geom) AS wkb FROM forest_tieu_khu WHERE tk = ${tk}`;
      await sql`INSERT INTO forest_tieu_khu (tk, commune_code, area_ha, geom) VALUES (${tk}, ${tkRow!.commune_code}, ${tkRow!.area_ha}, ${tkRow!.wkb}::geometry)`;
      for (const k of await t.sql<{ khoanh: number; commune_code: string; area_ha: number; wkb: string }[]>`SELECT khoanh, commune_code, area_ha, ST_AsHexEWKB(geom) AS wkb FROM forest_khoanh WHERE tk = ${tk}`) {
        await sql`INSERT INTO forest_khoanh (tk, khoanh, commune_code, area_ha, geom) VALUES (${tk}, ${k.khoanh}, ${k.commune_code}, ${k.area_ha}, ${k.wkb}::geometry)`;
      }
      expect((await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM forest_plot`)[0]!.n).toBe(0);

      const report = await importFile(sql, file, 'lo-rung-568.shp.zip', { target: 'plots', userId: null });
      const original = await t.sql<{ lo: string; khoanh: number; commune_code: string; dtich: string; ldlr: string; forest_function: string; churung: string | null; namtr: number | null; loaicay: string | null; area: number; wkb: string }[]>`
        SELECT lo, khoanh, commune_code, dtich::text, ldlr, forest_function, churung, namtr, loaicay, ST_Area(geom::geography) AS area, ST_AsHexEWKB(geom) AS wkb
        FROM forest_plot WHERE tk = ${tk} ORDER BY khoanh, lo`;
      expect(report.counts).toMatchObject({ read: original.length, inserts: original.length, errors: 0 });
      await commitBatch(sql, await DataVersions.load(sql), report.id, { userId: null, username: 'test' });

      const back = await sql<{ lo: string; khoanh: number; commune_code: string; dtich: string; ldlr: string; forest_function: string; churung: string | null; namtr: number | null; loaicay: string | null; area: number; wkb: string }[]>`
        SELECT lo, khoanh, commune_code, dtich::text, ldlr, forest_function, churung, namtr, loaicay, ST_Area(geom::geography) AS area, ST_AsHexEWKB(geom) AS wkb
        FROM forest_plot WHERE tk = ${tk} ORDER BY khoanh, lo`;
      expect(back.length).toBe(original.length);
      let worst = 0;
      for (const [i, o] of original.entries()) {
        const b = back[i]!;
        const { area, wkb, ...attrs } = o;
        const { area: areaBack, wkb: wkbBack, ...attrsBack } = b;
        expect(attrsBack, `${o.khoanh}/${o.lo}`).toEqual(attrs);
        worst = Math.max(worst, Math.abs(areaBack - area) / area);
        // the outlines coincide: the symmetric difference is a sliver (< 0.1 % of the area)
        const [d] = await sql<{ diff: number }[]>`SELECT ST_Area(ST_SymDifference(${wkb}::geometry, ${wkbBack}::geometry)::geography) AS diff`;
        expect(d!.diff / area, `${o.khoanh}/${o.lo}`).toBeLessThan(0.001);
      }
      expect(worst).toBeLessThan(0.001);

      // the GeoPackage of the same lô reads back too: every lô matched (an update), nothing to fix
      const gpkg = await download(anon, `/api/ogc/collections/plots/items?tk=${tk}&f=gpkg`, /geopackage/, /lo-rung-568\.gpkg/);
      const again = await importFile(sql, gpkg, 'lo-rung-568.gpkg', { target: 'plots', userId: null });
      expect(again.counts).toMatchObject({ read: original.length, updates: original.length, inserts: 0, errors: 0 });
    } finally {
      await fresh.drop();
    }
  });
});
