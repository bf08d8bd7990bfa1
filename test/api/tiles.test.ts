import { beforeAll, describe, expect, it } from 'vitest';
import { testApi, TARGET } from '../helpers/api.ts';
import { decodeTile, ringArea, tileOf } from '../helpers/mvt.ts';
import type { TileJson } from '../../server/domain/api.ts';

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
  it('serves TileJSON for every layer', async () => {
    for (const layer of ['communes', 'districts', 'tieukhu', 'khoanh', 'plots', 'villages']) {
      const tj = await api.get<TileJson>(`/api/tiles/${layer}.json`);
      expect(tj.tilejson).toBe('3.0.0');
      expect(tj.tiles[0]).toMatch(new RegExp(`/api/tiles/${layer}/\\{z\\}/\\{x\\}/\\{y\\}\\.mvt$`));
      expect(tj.vector_layers[0]!.id).toBe(layer);
    }
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
