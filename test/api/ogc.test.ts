/**
 * OGC API – Features at /api/ogc (issue 14): landing page, conformance, collections, items with
 * bbox, paging, property filters, the year, output in VN-2000 (Part 2), the JSON schema, roles
 * (plans only for signed-in users), JSON 404s; and GDAL's own client (ogrinfo/ogr2ogr, OAPIF
 * driver) against the API on a real port, its copy checked against the API's aggregation.
 * Read-only. Runs on the embedded database and PostgreSQL.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeatureCollection, MultiPolygon, Point } from 'geojson';
import { toVn2000 } from '../../server/geo/vn2000.ts';
import { authTestApp, Client, createUser, errorOf, signedIn, TARGET, type AuthTestApp } from '../helpers/auth.ts';

const run = promisify(execFile);
let t: AuthTestApp;
let anon: Client;
let viewer: Client;

interface OgcCollectionJson {
  id: string;
  links: { rel: string; href: string; type: string }[];
  extent?: { spatial: { bbox: number[][] } };
  crs: string[];
}
type Fc = FeatureCollection<MultiPolygon | Point, Record<string, unknown>> & {
  numberMatched: number;
  numberReturned: number;
  links: { rel: string; href: string }[];
};

async function json<T>(c: Client, p: string): Promise<T> {
  const res = await c.get(p);
  if (res.status !== 200) throw new Error(`GET ${p} → ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

beforeAll(async () => {
  t = await authTestApp();
  anon = new Client(t.app);
  await createUser(t.sql, { username: `ogc-viewer-${TARGET}`, roles: ['viewer'] });
  viewer = await signedIn(t.app, `ogc-viewer-${TARGET}`);
});

describe('OGC API – Features', () => {
  it('has a landing page linking the service description, conformance and the collections', async () => {
    const res = await anon.get('/api/ogc');
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await res.json()) as { links: { rel: string; href: string }[] };
    const rels = body.links.map((l) => l.rel);
    expect(rels).toEqual(expect.arrayContaining(['self', 'service-desc', 'conformance', 'data']));
    expect(body.links.find((l) => l.rel === 'data')!.href).toBe('http://localhost/api/ogc/collections');
    const conf = await json<{ conformsTo: string[] }>(anon, '/api/ogc/conformance');
    expect(conf.conformsTo).toEqual(
      expect.arrayContaining([
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
        'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
      ]),
    );
  });

  it('lists the collections; plans only for a signed-in user', async () => {
    const a = await json<{ collections: OgcCollectionJson[] }>(anon, '/api/ogc/collections');
    expect(a.collections.map((c) => c.id)).toEqual(['districts', 'communes', 'villages', 'tieukhu', 'khoanh', 'plots']);
    const v = await json<{ collections: OgcCollectionJson[] }>(viewer, '/api/ogc/collections');
    expect(v.collections.map((c) => c.id)).toContain('plans');
    const plots = a.collections.find((c) => c.id === 'plots')!;
    expect(plots.links.find((l) => l.rel === 'describedby')!.type).toBe('application/schema+json');
    expect(plots.crs).toContain('http://www.opengis.net/def/crs/EPSG/0/9216');
    const [x0, y0, x1, y1] = plots.extent!.spatial.bbox[0]!;
    expect(x0).toBeGreaterThan(107.2);
    expect(x1).toBeLessThan(108.7);
    expect(y0).toBeGreaterThan(13.8);
    expect(y1).toBeLessThan(15.5);

    const denied = await errorOf(await anon.get('/api/ogc/collections/plans/items'));
    expect(denied.status).toBe(401);
    expect(denied.vi).toMatch(/đăng nhập/);
    const fc = await json<Fc>(viewer, '/api/ogc/collections/plans/items');
    expect(fc.type).toBe('FeatureCollection');
  });

  it('describes each collection with a JSON schema of its properties', async () => {
    const res = await anon.get('/api/ogc/collections/plots/schema');
    expect(res.headers.get('content-type')).toBe('application/schema+json');
    const s = (await res.json()) as { properties: Record<string, { type?: string[] }> };
    expect(Object.keys(s.properties)).toEqual(expect.arrayContaining(['tk', 'khoanh', 'lo', 'dtich', 'ldlr', 'churung', 'namtr', 'cap_song']));
    expect(s.properties.dtich!.type).toEqual(['number', 'null']);
  });

  it('pages with limit and next links until every feature was returned once', async () => {
    const [{ n }] = await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM forest_tieu_khu`;
    const seen = new Set<unknown>();
    let url: string | undefined = '/api/ogc/collections/tieukhu/items?limit=250';
    let pages = 0;
    while (url) {
      const page: Fc = await json<Fc>(anon, url);
      expect(page.numberMatched).toBe(n);
      expect(page.numberReturned).toBe(page.features.length);
      for (const f of page.features) seen.add(f.id);
      const next = page.links.find((l) => l.rel === 'next');
      url = next ? next.href.replace('http://localhost', '') : undefined;
      pages++;
    }
    expect(seen.size).toBe(n);
    expect(pages).toBe(Math.ceil(n / 250));
  });

  it('filters by bbox, by property and by the planting year', async () => {
    // bbox: every returned village lies inside it, and the count is the database's
    const bbox = [107.9, 14.3, 108.1, 14.45];
    const fc = await json<Fc>(anon, `/api/ogc/collections/villages/items?bbox=${bbox.join(',')}&limit=1000`);
    const [{ n }] = await t.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM village WHERE geom && ST_MakeEnvelope(${bbox[0]!}, ${bbox[1]!}, ${bbox[2]!}, ${bbox[3]!}, 4326)`;
    expect(fc.features.length).toBe(n);
    expect(n).toBeGreaterThan(0);
    for (const f of fc.features) {
      const [lon, lat] = (f.geometry as Point).coordinates as [number, number];
      expect(lon >= bbox[0]! && lon <= bbox[2]! && lat >= bbox[1]! && lat <= bbox[3]!).toBe(true);
    }
    // property filter
    const tk = await json<Fc>(anon, '/api/ogc/collections/plots/items?tk=568&limit=10000');
    const [{ m }] = await t.sql<{ m: number }[]>`SELECT count(*)::int AS m FROM forest_plot WHERE tk = 568`;
    expect(tk.numberMatched).toBe(m);
    expect(tk.features.every((f) => f.properties.tk === 568)).toBe(true);
    // year: lô planted that year, with the planting's area
    const y = await json<Fc>(anon, '/api/ogc/collections/plots/items?year=2021&limit=10000');
    const [{ k, ha }] = await t.sql<{ k: number; ha: number }[]>`SELECT count(*)::int AS k, sum(area_ha)::float8 AS ha FROM planting WHERE year = 2021`;
    expect(y.numberMatched).toBe(k);
    expect(y.features.reduce((s, f) => s + (f.properties.dt_trong as number), 0)).toBeCloseTo(ha, 6);
    expect(y.features.every((f) => f.properties.nam_trong === 2021)).toBe(true);
    // communes: the latest assessment by default, another year on request
    const c = await json<Fc>(anon, '/api/ogc/collections/communes/items?limit=200&in_ntm=true');
    expect(c.features.length).toBeGreaterThan(0);
    expect(c.features.every((f) => typeof f.properties.criteria_met === 'number')).toBe(true);
  });

  it('returns VN-2000 coordinates (EPSG:9216) that agree with the app\'s converter within 1 cm', async () => {
    const wgs = await json<Fc>(anon, '/api/ogc/collections/villages/items?limit=5');
    const res = await anon.get('/api/ogc/collections/villages/items?limit=5&crs=http://www.opengis.net/def/crs/EPSG/0/9216');
    expect(res.headers.get('content-crs')).toBe('<http://www.opengis.net/def/crs/EPSG/0/9216>');
    const vn = (await res.json()) as Fc;
    for (let i = 0; i < 5; i++) {
      const [lon, lat] = (wgs.features[i]!.geometry as Point).coordinates as [number, number];
      const [e, nn] = (vn.features[i]!.geometry as Point).coordinates as [number, number];
      const want = toVn2000(lon, lat);
      expect(Math.abs(e - want.y)).toBeLessThan(0.02); // input rounded to 7 decimals (~1 cm)
      expect(Math.abs(nn - want.x)).toBeLessThan(0.02);
    }
    // a bbox given in VN-2000 selects the same villages as the same box in degrees
    const e = (vn.features[0]!.geometry as Point).coordinates as [number, number];
    const box = await json<Fc>(anon, `/api/ogc/collections/villages/items?bbox=${e[0] - 1},${e[1] - 1},${e[0] + 1},${e[1] + 1}&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/9216`);
    expect(box.features.map((f) => f.id)).toContain(vn.features[0]!.id);
  });

  it('exports CSV with VN-2000 X/Y beside lon/lat, KML and GPX; the KML imports back to the same lô', async () => {
    const csv = await anon.get('/api/ogc/collections/villages/items?commune_code=23332&limit=1000&f=csv&lang=en');
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/thon-23332\.csv/);
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    const head = lines[0]!.split(',');
    expect(head.slice(-4)).toEqual(['lon', 'lat', 'x_vn2000', 'y_vn2000']);
    const db = await t.sql<{ code: string; lon: number; lat: number }[]>`SELECT code, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM village WHERE commune_code = '23332' ORDER BY code`;
    expect(lines.length - 1).toBe(db.length);
    for (const [i, v] of db.entries()) {
      const cells = lines[i + 1]!.split(',');
      expect(cells[0]).toBe(v.code);
      const want = toVn2000(v.lon, v.lat);
      expect(Math.abs(Number(cells.at(-2)) - want.x)).toBeLessThan(0.02);
      expect(Math.abs(Number(cells.at(-1)) - want.y)).toBeLessThan(0.02);
    }

    const gpx = await (await anon.get('/api/ogc/collections/plots/items?tk=568&khoanh=1&f=gpx')).text();
    expect(gpx.match(/<wpt /g)?.length).toBe(5);
    expect(gpx.match(/<trk>/g)?.length).toBe(5);
    expect(gpx).toContain('<name>TK 568 · K 1 · L 1</name>');

    const kml = await anon.get('/api/ogc/collections/plots/items?tk=568&khoanh=1&f=kml');
    expect(kml.headers.get('content-type')).toBe('application/vnd.google-earth.kml+xml');
    const text = await kml.text();
    const admin = `ogc-admin-${TARGET}`;
    await createUser(t.sql, { username: admin, roles: ['admin'] });
    const a = await signedIn(t.app, admin);
    const res = await t.app.request(
      'http://localhost/api/import?target=plots&name=lo.kml',
      { method: 'POST', headers: { Cookie: a.cookie!, 'X-CSRF-Token': a.csrf!, 'Content-Type': 'application/octet-stream' }, body: text },
      { incoming: { socket: { remoteAddress: '127.0.0.1' } } },
    );
    expect(res.status).toBe(201);
    const r = (await res.json()) as { id: number; counts: { read: number; updates: number; errors: number } };
    expect(r.counts).toMatchObject({ read: 5, updates: 5, errors: 0 });
    const [{ d, attrs }] = await t.sql<{ d: number; attrs: number }[]>`
      SELECT max(ST_HausdorffDistance(ST_Transform(p.geom, 910730), ST_Transform(s.geom_fixed, 910730))) AS d,
             count(*) FILTER (WHERE (s.attrs->>'dtich')::numeric = p.dtich AND s.attrs->>'ldlr' = p.ldlr AND s.attrs->>'forest_function' = p.forest_function)::int AS attrs
      FROM import_staged s JOIN forest_plot p ON p.tk = 568 AND p.khoanh = 1 AND p.lo = s.attrs->>'lo' WHERE s.batch_id = ${r.id}`;
    expect(d).toBeLessThan(0.02);
    expect(attrs).toBe(5);
  });

  it('answers bad requests and unknown paths with bilingual JSON errors', async () => {
    for (const p of [
      '/api/ogc/collections/plots/items?limit=0',
      '/api/ogc/collections/plots/items?limit=20000',
      '/api/ogc/collections/plots/items?bbox=1,2,3',
      '/api/ogc/collections/plots/items?churung=x', // not a filter
      '/api/ogc/collections/plots/items?tk=abc',
      '/api/ogc/collections/tieukhu/items?year=2021', // no year in this collection
      '/api/ogc/collections/plots/items?crs=http://www.opengis.net/def/crs/EPSG/0/3857',
    ]) {
      const e = await errorOf(await anon.get(p));
      expect(e.status, p).toBe(400);
      expect(e.vi.length).toBeGreaterThan(0);
    }
    for (const p of ['/api/ogc/collections/nope', '/api/ogc/collections/plots/items/999999999999', '/api/ogc/nope', '/api/nothing-here']) {
      const res = await anon.get(p);
      expect(res.status, p).toBe(404);
      expect(res.headers.get('content-type'), p).toMatch(/json/);
    }
  });
});

/** GDAL's ogrinfo/ogr2ogr, or null when not installed (CI installs gdal-bin and must have it). */
async function gdalAvailable(): Promise<boolean> {
  try {
    await run('ogrinfo', ['--version']);
    return true;
  } catch {
    if (process.env.CI) throw new Error('gdal-bin is required in CI (ogrinfo not found)');
    return false;
  }
}

describe('GDAL as the OGC API client', async () => {
  const hasGdal = await gdalAvailable();
  if (!hasGdal) console.warn('[ogc.test] ogrinfo/ogr2ogr not installed (apt-get install gdal-bin): GDAL client tests skipped');
  let server: ServerType | undefined;
  let base = '';
  let dir = '';

  beforeAll(async () => {
    if (!hasGdal) return;
    dir = mkdtempSync(path.join(tmpdir(), 'atlas-ogc-'));
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    const addr = server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/api/ogc`;
  });
  afterAll(async () => {
    if (server) await new Promise<void>((r) => server!.close(() => r()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!hasGdal)('ogrinfo lists the collections', async () => {
    const { stdout } = await run('ogrinfo', ['-ro', '-q', `OAPIF:${base}`]);
    for (const id of ['districts', 'communes', 'villages', 'tieukhu', 'khoanh', 'plots']) expect(stdout).toContain(`: ${id} (`);
    expect(stdout).not.toContain('plans');
  });

  it.skipIf(!hasGdal)('ogr2ogr copies a year\'s planted lô whose count and area match the planting statistics', async () => {
    const out = path.join(dir, 'plots-2021.gpkg');
    await run('ogr2ogr', ['-f', 'GPKG', out, `OAPIF:${base}/collections/plots?year=2021`, '-oo', 'PAGE_SIZE=100', '-nln', 'plots'], { maxBuffer: 1 << 24 });
    const { stdout } = await run('ogrinfo', ['-ro', '-q', out, '-sql', 'SELECT count(*) AS n, sum(dt_trong) AS ha, sum(ST_Area(geom)) AS deg FROM plots']);
    const n = Number(/n \(Integer\S*\) = (\d+)/.exec(stdout)?.[1]);
    const ha = Number(/ha \(Real\) = ([\d.]+)/.exec(stdout)?.[1]);
    const stats = await json<{ rows: { plantedHa: number }[] }>(anon, '/api/stats/planting?plantingYear=2021&by=commune');
    const [{ k }] = await t.sql<{ k: number }[]>`SELECT count(*)::int AS k FROM planting WHERE year = 2021`;
    expect(n).toBe(k);
    expect(ha).toBeCloseTo(stats.rows.reduce((s, r) => s + r.plantedHa, 0), 1);
  });

  it.skipIf(!hasGdal)('ogr2ogr forwards an attribute filter to the server', async () => {
    const out = path.join(dir, 'tk568.gpkg');
    await run('ogr2ogr', ['-f', 'GPKG', out, `OAPIF:${base}`, 'plots', '-where', 'tk = 568', '-oo', 'PAGE_SIZE=1000'], { maxBuffer: 1 << 24 });
    const { stdout } = await run('ogrinfo', ['-ro', '-q', out, '-sql', 'SELECT count(*) AS n, sum(dtich) AS ha FROM plots']);
    const [{ m, ha }] = await t.sql<{ m: number; ha: number }[]>`SELECT count(*)::int AS m, sum(dtich)::float8 AS ha FROM forest_plot WHERE tk = 568`;
    expect(Number(/n \(Integer\S*\) = (\d+)/.exec(stdout)?.[1])).toBe(m);
    expect(Number(/ha \(Real\) = ([\d.]+)/.exec(stdout)?.[1])).toBeCloseTo(ha, 2);
  });
});
