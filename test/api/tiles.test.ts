import { beforeAll, describe, expect, it } from 'vitest';
import { testApi, TARGET } from '../helpers/api.ts';
import { decodeTile, ringArea, tileOf } from '../helpers/mvt.ts';
import type { TileJson, TileVersions } from '../../server/domain/api.ts';
import { CAPITAL_CLASSES, LAYER_REGISTRY, TILE_ATTRIBUTION, TILE_LAYERS, type FeatureDetail, type LayerDescription } from '../../server/domain/layers.ts';
import { authTestApp, createUser, demoPlaces, signedIn } from '../helpers/auth.ts';
import { DataVersions } from '../../server/tiles/versions.ts';

let api: Awaited<ReturnType<typeof testApi>>;
beforeAll(async () => {
  api = await testApi();
});

const fetchTile = async (path: string, headers: Record<string, string> = { 'Accept-Encoding': 'gzip' }) => {
  const res = await api.app.request(`http://localhost${path}`, { headers });
  return { res, body: new Uint8Array(await res.arrayBuffer()) };
};

// Kon Tum city centre and Chư Hreng (tiểu khu 568 lies there in the demo data).
const CITY: [number, number] = [108.0, 14.355];

describe(`vector tiles (${TARGET}, ${TARGET === 'postgres' ? 'ST_AsMVT' : 'server-side encoder'})`, () => {
  it('serves TileJSON for every layer of the registry', async () => {
    for (const layer of TILE_LAYERS) {
      const tj = await api.get<TileJson>(`/api/tiles/${layer}.json`);
      expect(tj.tilejson).toBe('3.0.0');
      // the layer's data version travels in the tile URL (a new URL after every write)
      expect(tj.tiles[0]).toMatch(new RegExp(`/api/tiles/${layer}/\\{z\\}/\\{x\\}/\\{y\\}\\.mvt\\?v=\\d+$`));
      expect(tj.vector_layers[0]!.id).toBe(layer);
      expect(tj.vector_layers[0]!.fields).toEqual(LAYER_REGISTRY[layer].fields);
      expect([tj.minzoom, tj.maxzoom]).toEqual([LAYER_REGISTRY[layer].minzoom, LAYER_REGISTRY[layer].maxzoom]);
    }
  });

  it('serves every layer of the registry with only the fields the registry lists', async () => {
    const res = await api.get<{ hits: { center: [number, number] }[] }>('/api/search?q=TK%20568');
    const [lon, lat] = res.hits[0]!.center;
    for (const layer of TILE_LAYERS) {
      const d: LayerDescription = LAYER_REGISTRY[layer];
      const [z, x, y] = tileOf(lon, lat, Math.max(d.minzoom, 12));
      const qs = new URLSearchParams(Object.entries(d.sample).map(([k, v]) => [k, String(v)])).toString();
      const { res: r, body } = await fetchTile(`/api/tiles/${layer}/${z}/${x}/${y}.mvt${qs ? `?${qs}` : ''}`);
      expect(r.status, layer).toBe(200);
      const l = decodeTile(body)[layer];
      if (d.geometry === 'point' && !l) continue; // no point of this layer in the tile (villages: checked below)
      expect(l?.length, layer).toBeGreaterThan(0);
      for (let i = 0; i < l!.length; i++) {
        const f = l!.feature(i);
        expect(f.type, layer).toBe(d.geometry === 'point' ? 1 : d.geometry === 'line' ? 2 : 3);
        for (const k of Object.keys(f.properties)) expect(Object.keys(d.fields), `${layer}.${k}`).toContain(k);
      }
    }
  });

  it('TileJSON carries the illustrative-data notice, the filters asked for, and refuses bad ones', async () => {
    const tj = await api.get<TileJson>('/api/tiles/communes.json?year=2020&criterion=3&plantingYear=2021&junk=1');
    expect(tj.attribution).toBe(TILE_ATTRIBUTION);
    expect(tj.attribution).toMatch(/minh họa/);
    const url = new URL(tj.tiles[0]!.replace(/\{(\w)\}/g, '0'));
    expect(url.searchParams.get('year')).toBe('2020');
    expect(url.searchParams.get('criterion')).toBe('3');
    expect(url.searchParams.has('plantingYear')).toBe(false); // not a communes filter
    expect(url.searchParams.has('junk')).toBe(false);
    expect((await api.app.request('http://localhost/api/tiles/communes.json?year=abc')).status).toBe(400);
  });

  it('encodes communes with NTM attributes and exterior rings of positive area', async () => {
    const [z, x, y] = tileOf(...CITY, 10);
    const { res, body } = await fetchTile(`/api/tiles/communes/${z}/${x}/${y}.mvt?year=2020`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('etag')).toBeTruthy();
    const layer = decodeTile(body).communes!;
    expect(layer.length).toBeGreaterThan(5);
    const features = Array.from({ length: layer.length }, (_, i) => layer.feature(i));
    const doanKet = features.find((f) => f.properties.name === 'Đoàn Kết');
    expect(doanKet?.properties.criteria_met).toBe(19);
    expect(doanKet?.properties.in_ntm).toBe(true);
    const ward = features.find((f) => f.properties.kind === 'phuong');
    expect(ward?.properties.in_ntm).toBe(false);
    expect(ward?.properties.criteria_met).toBeUndefined();
    for (const f of features) {
      expect(f.type).toBe(3);
      const rings = f.loadGeometry();
      expect(ringArea(rings[0]!)).toBeGreaterThan(0);
    }
  });

  it('filters a criterion: criterion_met follows the chosen criterion', async () => {
    const [z, x, y] = tileOf(...CITY, 9);
    const layer = decodeTile((await fetchTile(`/api/tiles/communes/${z}/${x}/${y}.mvt?year=2020&criterion=10`)).body).communes!;
    const values = Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties).filter((p) => p.in_ntm);
    expect(values.some((p) => p.criterion_met === true)).toBe(true);
    expect(values.some((p) => p.criterion_met === false)).toBe(true);
  });

  it('draws lô from z12 with their survival class and label, none below', async () => {
    const res = await api.get<{ hits: { center: [number, number] }[] }>('/api/search?q=TK%20568');
    const [lon, lat] = res.hits[0]!.center;
    const [z, x, y] = tileOf(lon, lat, 13);
    const layer = decodeTile((await fetchTile(`/api/tiles/plots/${z}/${x}/${y}.mvt`)).body).plots!;
    expect(layer.length).toBeGreaterThan(0);
    const props = Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties);
    expect(props.some((p) => /^TK 568 · K \d+ · L \w+$/.test(String(p.label)))).toBe(true);
    expect(props.every((p) => ['accepted', 'replant', 'rejected', 'not_inspected', 'withdrawn', 'none'].includes(String(p.cls)))).toBe(true);
    const [z2, x2, y2] = tileOf(lon, lat, 9);
    const low = await fetchTile(`/api/tiles/plots/${z2}/${x2}/${y2}.mvt`);
    expect(low.res.status).toBe(200);
    expect(decodeTile(low.body).plots).toBeUndefined();
  });

  it('encodes villages as points with the criteria met in the chosen year', async () => {
    const geo = await api.get<{ features: { geometry: { coordinates: [number, number] }; properties: { code: string; criteria_met: number | null } }[] }>(
      '/api/villages?year=2023',
    );
    const scored = geo.features.find((f) => f.properties.criteria_met !== null)!;
    const [z, x, y] = tileOf(...scored.geometry.coordinates, 12);
    const layer = decodeTile((await fetchTile(`/api/tiles/villages/${z}/${x}/${y}.mvt?year=2023`)).body).villages!;
    const features = Array.from({ length: layer.length }, (_, i) => layer.feature(i));
    const same = features.find((f) => f.properties.code === scored.properties.code);
    expect(same?.type).toBe(1);
    expect(same?.properties.criteria_met).toBe(scored.properties.criteria_met);
  });

  it('answers 304 to a matching If-None-Match and serves plain MVT without gzip', async () => {
    const [z, x, y] = tileOf(...CITY, 8);
    const first = await fetchTile(`/api/tiles/districts/${z}/${x}/${y}.mvt`);
    const etag = first.res.headers.get('etag')!;
    const again = await fetchTile(`/api/tiles/districts/${z}/${x}/${y}.mvt`, { 'If-None-Match': etag });
    expect(again.res.status).toBe(304);
    const plain = await fetchTile(`/api/tiles/districts/${z}/${x}/${y}.mvt`, {});
    expect(plain.res.headers.get('content-encoding')).toBeNull();
    expect(decodeTile(plain.body).districts!.length).toBeGreaterThan(0);
  });

  it('refuses bad tile addresses with a bilingual error', async () => {
    for (const path of ['/api/tiles/nope/1/0/0.mvt', '/api/tiles/communes/3/9/0.mvt', '/api/tiles/communes/a/0/0.mvt', '/api/tiles/communes/3/0/0.png']) {
      const res = await api.app.request(`http://localhost${path}`);
      expect(res.status, path).toBe(400);
      const body = (await res.json()) as { error: { message: { vi: string; en: string } } };
      expect(body.error.message.vi.length).toBeGreaterThan(0);
      expect(body.error.message.en.length).toBeGreaterThan(0);
    }
    const res = await api.app.request('http://localhost/api/tiles/communes/3/0/0.mvt?year=abc');
    expect(res.status).toBe(400);
  });
});

describe(`tile URLs carry the data version (${TARGET})`, () => {
  it('registers a data_version row for every registry layer at start-up, keeping existing versions', async () => {
    const sql = api.db.sql;
    const before = await sql<{ layer: string; version: number }[]>`SELECT layer, version::int AS version FROM data_version`;
    // khoảnh: no test writes it; its row goes as if the layer were new
    await sql`DELETE FROM data_version WHERE layer = 'khoanh'`;
    const v = await DataVersions.load(sql);
    await DataVersions.load(sql); // twice: idempotent
    const after = await sql<{ layer: string; version: number }[]>`SELECT layer, version::int AS version FROM data_version`;
    // every registry layer has its row ('aggregates', the statistics' version, is not a map layer)
    expect(after.map((r) => r.layer).filter((l) => l !== 'aggregates').sort()).toEqual([...TILE_LAYERS].sort());
    expect(v.get('khoanh')).toBe(1);
    for (const r of before.filter((b) => b.layer !== 'khoanh')) expect(v.get(r.layer), r.layer).toBe(r.version);
  });

  it('caches a versioned tile for good, and makes an unversioned or outdated one revalidate', async () => {
    const [z, x, y] = tileOf(...CITY, 8);
    const v = (await api.get<TileVersions>('/api/tiles/versions')).districts;
    expect(v).toBeGreaterThan(0);
    const current = await fetchTile(`/api/tiles/districts/${z}/${x}/${y}.mvt?v=${v}`);
    expect(current.res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    for (const path of [`/api/tiles/districts/${z}/${x}/${y}.mvt`, `/api/tiles/districts/${z}/${x}/${y}.mvt?v=${v + 1000}`]) {
      const r = await fetchTile(path);
      expect(r.res.headers.get('cache-control'), path).toBe('public, no-cache');
    }
    const versions = await api.app.request('http://localhost/api/tiles/versions');
    expect(versions.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(await versions.json())).toEqual([...TILE_LAYERS]);
  });

  it('after a criterion is saved, TileJSON hands out a new tile URL whose tile shows the new class', async () => {
    const t = await authTestApp();
    const places = await demoPlaces(t.sql);
    // a year of the current criteria set without an assessment in the demo data (the edits tests' year)
    const [{ year }] = (await t.sql<{ year: number }[]>`
      SELECT cs.year_to AS year FROM criteria_set cs
      WHERE cs.scope = 'commune' AND NOT EXISTS (SELECT 1 FROM assessment a WHERE a.scope = 'commune' AND a.year = cs.year_to)
      ORDER BY cs.year_to DESC LIMIT 1`) as unknown as [{ year: number }];
    const code = places.cityCommune2;
    const NO = 17;
    await createUser(t.sql, { username: 'tiles-editor', roles: ['editor'], scopes: ['608'] });
    const editor = await signedIn(t.app, 'tiles-editor');
    const [pt] = await t.sql<{ lon: number; lat: number }[]>`
      SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM admin_unit WHERE code = ${code}) q`;
    const [z, x, y] = tileOf(pt!.lon, pt!.lat, 10);
    const tileUrl = async () => {
      const res = await t.app.request(`http://localhost/api/tiles/communes.json?year=${year}&criterion=${NO}`);
      const tj = (await res.json()) as TileJson;
      return tj.tiles[0]!.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y)).replace('http://localhost', '');
    };
    const read = async (path: string) => {
      const res = await t.app.request(`http://localhost${path}`, { headers: { 'Accept-Encoding': 'gzip' } });
      const layer = decodeTile(new Uint8Array(await res.arrayBuffer())).communes!;
      const f = Array.from({ length: layer.length }, (_, i) => layer.feature(i)).find((g) => g.properties.code === code);
      return { cache: res.headers.get('cache-control'), met: f?.properties.criterion_met ?? null };
    };
    const [row] = await t.sql<{ met: boolean; version: number }[]>`
      SELECT met, version FROM commune_criterion_status WHERE commune_code = ${code} AND year = ${year} AND criterion_no = ${NO}`;
    const wasMet = row?.met ?? false;
    const before = await tileUrl();
    expect((await read(before)).cache).toBe('public, max-age=31536000, immutable');

    const put = await editor.put(`/api/communes/${code}/criteria/${year}/${NO}`, { met: !wasMet, version: row?.version ?? 0 });
    expect(put.status).toBeLessThan(300);

    const after = await tileUrl();
    expect(after).not.toBe(before);
    const tile = await read(after);
    expect(tile.met).toBe(!wasMet);
    expect(tile.cache).toBe('public, max-age=31536000, immutable');
    // the old URL no longer promises its content: a browser holding it must ask again
    expect((await read(before)).cache).toBe('public, no-cache');
  });
});

describe(`TileJSON behind a proxy, and tiles for other origins (${TARGET})`, () => {
  const forwarded = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'atlas.kontum.gov.vn' };

  it('honours X-Forwarded-Proto and -Host only when the proxy is trusted', async () => {
    const untrusted = await authTestApp({ auth: { trustProxy: false } });
    const trusted = await authTestApp({ auth: { trustProxy: true } });
    const tilesOf = async (app: typeof api.app, headers: Record<string, string>) =>
      ((await (await app.request('http://localhost:8080/api/tiles/districts.json', { headers })).json()) as TileJson).tiles[0]!;
    expect(await tilesOf(untrusted.app, forwarded)).toMatch(/^http:\/\/localhost:8080\/api\/tiles\/districts\//);
    expect(await tilesOf(trusted.app, forwarded)).toMatch(/^https:\/\/atlas\.kontum\.gov\.vn\/api\/tiles\/districts\//);
    expect(await tilesOf(trusted.app, { 'X-Forwarded-Proto': 'https, http' })).toMatch(/^https:\/\/localhost:8080\//);
    // a forged host with a path or scheme in it is not believed
    expect(await tilesOf(trusted.app, { 'X-Forwarded-Host': 'evil.example/x?' })).toMatch(/^http:\/\/localhost:8080\//);
  });

  it('answers cross-origin requests for tiles and TileJSON only for the origins the deployment allows', async () => {
    const [z, x, y] = tileOf(...CITY, 8);
    const paths = ['/api/tiles/districts.json', `/api/tiles/districts/${z}/${x}/${y}.mvt`, '/api/tiles/versions'];
    const origin = 'https://gis.example.vn';
    const closed = await authTestApp();
    const open = await authTestApp({ config: { CORS_ALLOWED_ORIGINS: [origin] } });
    const any = await authTestApp({ config: { CORS_ALLOWED_ORIGINS: ['*'] } });
    for (const path of paths) {
      const get = (app: typeof api.app, from: string) => app.request(`http://localhost${path}`, { headers: { Origin: from } });
      expect((await get(closed.app, origin)).headers.get('access-control-allow-origin'), path).toBeNull();
      const ok = await get(open.app, origin);
      expect(ok.status, path).toBe(200);
      expect(ok.headers.get('access-control-allow-origin'), path).toBe(origin);
      expect(ok.headers.get('vary'), path).toMatch(/Origin/);
      expect((await get(open.app, 'https://other.example')).headers.get('access-control-allow-origin'), path).toBeNull();
      expect((await get(any.app, 'https://other.example')).headers.get('access-control-allow-origin'), path).toBe('*');
    }
    // the rest of the API stays same-origin
    const meta = await open.app.request('http://localhost/api/meta', { headers: { Origin: origin } });
    expect(meta.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await open.app.request(`http://localhost${paths[1]}`, {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET,HEAD,OPTIONS');
  });
});

describe(`feature details from a layer's detail SQL (${TARGET})`, () => {
  it('answers a district with its communes and area, 404 for an unknown one or a layer without details', async () => {
    const d = await api.get<FeatureDetail>('/api/tiles/districts/features/616');
    expect(d).toMatchObject({ layer: 'districts', id: '616', properties: { code: '616', name: 'Sa Thầy' } });
    const [row] = await api.db.sql<{ n: number; ntm: number }[]>`
      SELECT count(*)::int AS n, count(*) FILTER (WHERE in_ntm_programme)::int AS ntm FROM admin_unit WHERE parent_code = '616' AND level = 'commune'`;
    expect(d.properties.communes).toBe(row!.n);
    expect(d.properties.communes_in_ntm).toBe(row!.ntm);
    expect(d.properties.area_ha).toBeGreaterThan(100_000); // Sa Thầy: about 2,400 km²
    for (const [path, status] of [
      ['/api/tiles/districts/features/99999', 404],
      ['/api/tiles/districts/features/23281', 404], // a ward is not a district
      ['/api/tiles/khoanh/features/1', 404], // no detail SQL for khoảnh
      ['/api/tiles/nope/features/1', 400],
      ["/api/tiles/districts/features/1'or'1", 400],
    ] as const) {
      const res = await api.app.request(`http://localhost${path}`);
      expect(res.status, path).toBe(status);
      const body = (await res.json()) as { error: { message: { vi: string; en: string } } };
      expect(body.error.message.vi.length, path).toBeGreaterThan(0);
      expect(body.error.message.en.length, path).toBeGreaterThan(0);
    }
  });
  // ---- OCOP products and the programmes' capital (issue 17) ----
  it('draws an OCOP product with its star class, and its panel names the same product', async () => {
    const d = await api.get<FeatureDetail>('/api/tiles/ocop/features/1');
    expect(d.properties).toMatchObject({ rating: '5' });
    const [z, x, y] = tileOf(Number(d.properties.lon), Number(d.properties.lat), 12);
    const layer = decodeTile((await fetchTile(`/api/tiles/ocop/${z}/${x}/${y}.mvt`)).body).ocop!;
    const same = Array.from({ length: layer.length }, (_, i) => layer.feature(i)).find((f) => f.properties.id === 1);
    expect(same?.type).toBe(1);
    expect(same?.properties).toMatchObject({ cls: '5', name: d.properties.name, producer: d.properties.producer });
    expect((await api.app.request('http://localhost/api/tiles/ocop/features/99999')).status).toBe(404);
  });

  it('bands each district of the capital layer as CAPITAL_CLASSES does, in the year asked', async () => {
    for (const year of [2022, 2023]) {
      const layer = decodeTile((await fetchTile(`/api/tiles/capital/5/25/14.mvt?year=${year}`)).body).capital!;
      const features = Array.from({ length: layer.length }, (_, i) => layer.feature(i));
      expect(features.length, String(year)).toBe(10);
      for (const f of features) {
        const pct = Number(f.properties.allocated_pct);
        expect(f.properties.year).toBe(year);
        expect(f.properties.cls, `${String(f.properties.name)} ${pct}`).toBe(CAPITAL_CLASSES.find((c) => pct < c.max)!.id);
      }
    }
  });
});
