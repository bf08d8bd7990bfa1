/**
 * GET /api/offline/package (issue 16): what a phone carries into the forest answers as the online
 * API does — every lô of the tiểu khu with the record GET /api/plots/:id gives, the tiểu khu panel,
 * its khoảnh, the commune it lies in, and search entries whose hits equal /api/search's.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { PlotDetail, SearchResponse, TieuKhuDetail } from '../../server/domain/api.ts';
import { OFFLINE_MAX_AREA_KM2, type OfflinePackage } from '../../server/domain/offline.ts';
import { testApi, TARGET } from '../helpers/api.ts';

let api: Awaited<ReturnType<typeof testApi>>;
beforeAll(async () => {
  api = await testApi();
});

describe(`offline package (${TARGET})`, () => {
  it('carries every lô of TK 568 with the same record as the lô panel, and the tiểu khu panel', async () => {
    const pkg = await api.get<OfflinePackage>('/api/offline/package?tieuKhu=568');
    const ids = await api.db.sql<{ id: string }[]>`SELECT id FROM forest_plot WHERE tk = 568 ORDER BY id`;
    expect(ids.length).toBeGreaterThan(0);
    expect(pkg.plots.map((p) => p.detail.id).sort((a, b) => a - b)).toEqual(ids.map((r) => Number(r.id)));
    for (const { id } of ids.slice(0, 8)) {
      const online = await api.get<PlotDetail>(`/api/plots/${id}`);
      expect(pkg.plots.find((p) => p.detail.id === Number(id))!.detail).toEqual(online);
    }
    expect(pkg.tieuKhu.map((t) => t.detail)).toEqual([await api.get<TieuKhuDetail>('/api/tieukhu/568')]);
    expect(pkg.area).toMatchObject({ kind: 'tieukhu', code: '568', label: 'Tiểu khu 568' });
    const [k] = await api.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM forest_khoanh WHERE tk = 568`;
    expect(pkg.khoanh.length).toBe(k!.n);
    for (const p of pkg.plots) expect(['Polygon', 'MultiPolygon']).toContain(p.geometry.type);
    expect(pkg.communes.map((c) => c.code)).toContain(pkg.tieuKhu[0]!.detail.commune.code);
    const [v] = await api.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM data_version`;
    expect(Object.keys(pkg.dataVersions).length).toBe(v!.n);
  }, 120_000);

  it('gives search entries whose hits are those of /api/search', async () => {
    const pkg = await api.get<OfflinePackage>('/api/offline/package?tieuKhu=568');
    const plot = pkg.search.find((e) => e.code?.kind === 'plot')!;
    const online = await api.get<SearchResponse>(`/api/search?q=${encodeURIComponent(plot.hit.label)}`);
    expect(online.hits[0]).toEqual(plot.hit);
    const tk = pkg.search.find((e) => e.code?.kind === 'tieukhu')!;
    expect((await api.get<SearchResponse>('/api/search?q=TK%20568')).hits[0]).toEqual(tk.hit);
    expect(pkg.search.some((e) => e.hit.kind === 'commune' && e.name)).toBe(true);
  }, 120_000);

  it('carries a whole commune: its lô and tiểu khu', async () => {
    const [c] = await api.db.sql<{ code: string; n: number }[]>`
      SELECT commune_code AS code, count(*)::int AS n FROM forest_plot GROUP BY commune_code ORDER BY count(*) LIMIT 1`;
    const pkg = await api.get<OfflinePackage>(`/api/offline/package?commune=${c!.code}`);
    expect(pkg.area.kind).toBe('commune');
    expect(pkg.plots.length).toBe(c!.n);
    expect(pkg.plots.every((p) => p.detail.commune.code === c!.code)).toBe(true);
  }, 120_000);

  it('refuses neither or both, and answers 404 for an unknown tiểu khu', async () => {
    for (const q of ['', '?tieuKhu=568&commune=23350', '?tieuKhu=abc']) {
      const res = await api.app.request(`http://localhost/api/offline/package${q}`);
      expect(res.status).toBe(400);
      expect((await res.json()).error).toBeTruthy();
    }
    expect((await api.app.request('http://localhost/api/offline/package?tieuKhu=99999')).status).toBe(404);
  }, 60_000);

  // ---------- an area drawn on the map (POST) ----------
  const post = async (body: unknown) => {
    const res = await api.app.request('http://localhost/api/offline/package', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as unknown };
  };
  const rect = (w: number, s: number, e: number, n: number): [number, number][] => [[w, s], [e, s], [e, n], [w, n], [w, s]];

  it('carries the lô a drawn area meets, each with the lô panel\'s record, and not those away from it', async () => {
    const tk = await api.get<OfflinePackage>('/api/offline/package?tieuKhu=568');
    const [w, s, e, n] = tk.area.bbox;
    const [dx, dy] = [e - w, n - s];
    const box = [w + 0.3 * dx, s + 0.3 * dy, w + 0.7 * dx, s + 0.7 * dy] as const;
    const ring = rect(...box);
    const r = await post({ polygon: { type: 'Polygon', coordinates: [ring] } });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const pkg = r.json as OfflinePackage;
    expect(pkg.area).toMatchObject({ kind: 'drawn', bbox: [box[0], box[1], box[2], box[3]] });
    expect(pkg.area.code).toMatch(/^[0-9a-f]{12}$/);
    expect(pkg.area.label).toMatch(/^Vùng vẽ [\d.,]+ ha$/);
    expect(pkg.area.areaHa).toBeGreaterThan(0);
    const ids = new Set(pkg.plots.map((p) => p.detail.id));
    expect(ids.size).toBeGreaterThan(0);
    // every lô of TK 568 whose inner point lies in the box is carried
    const inside = tk.plots.filter((p) => p.detail.centroid[0] > box[0] && p.detail.centroid[0] < box[2] && p.detail.centroid[1] > box[1] && p.detail.centroid[1] < box[3]);
    expect(inside.length).toBeGreaterThan(0);
    for (const p of inside) expect(ids.has(p.detail.id), p.detail.label).toBe(true);
    // no lô whose box stays clear of the drawn box
    const hits = new Map(pkg.search.filter((x) => x.hit.kind === 'plot').map((x) => [Number(x.hit.id), x.hit.bbox!]));
    for (const p of pkg.plots) {
      const b = hits.get(p.detail.id)!;
      expect(b[0] <= box[2] && b[2] >= box[0] && b[1] <= box[3] && b[3] >= box[1], p.detail.label).toBe(true);
    }
    // lô of TK 568 clear of the box are left out
    const away = tk.plots.filter((p) => !ids.has(p.detail.id));
    expect(away.length).toBeGreaterThan(0);
    for (const p of pkg.plots.slice(0, 4)) expect(p.detail).toEqual(await api.get<PlotDetail>(`/api/plots/${p.detail.id}`));
    expect(pkg.tieuKhu.map((t) => t.detail.tk)).toContain(568);
    expect(pkg.communes.length).toBeGreaterThan(0);
    // the same drawing is the same area (its code), another drawing another
    const again = (await post({ polygon: { type: 'Polygon', coordinates: [ring] } })).json as OfflinePackage;
    expect(again.area.code).toBe(pkg.area.code);
    const other = (await post({ polygon: { type: 'Polygon', coordinates: [rect(box[0], box[1], box[2], box[3] + 0.001)] } })).json as OfflinePackage;
    expect(other.area.code).not.toBe(pkg.area.code);
  }, 120_000);

  it.each([
    ['an empty ring', () => [[]], /không có điểm/],
    ['an open ring', () => [[[108, 14.5], [108.01, 14.5], [108.01, 14.51], [108, 14.51]]], /không khép kín/],
    ['two points', () => [[[108, 14.5], [108.01, 14.5], [108, 14.5], [108, 14.5]]], /ít nhất 3 điểm/],
    ['outside the province', () => [rect(106.5, 14, 106.6, 14.1)], /ngoài phạm vi tỉnh/],
    ['a self-intersecting bow tie', () => [[[108, 14.5], [108.01, 14.51], [108.01, 14.5], [108, 14.51], [108, 14.5]]], /tự cắt/],
    ['too big', () => [rect(107.5, 14.2, 108.3, 15.2)], new RegExp(`tối đa ${OFFLINE_MAX_AREA_KM2} km²`)],
  ])('refuses %s with 422 in Vietnamese and English', async (_, coordinates, vi) => {
    const r = await post({ polygon: { type: 'Polygon', coordinates: coordinates() } });
    expect(r.status).toBe(422);
    const e = (r.json as { error: { message: { vi: string; en: string } } }).error;
    expect(e.message.vi).toMatch(vi);
    expect(e.message.en).toMatch(/[a-z]/);
    expect(e.message.en).not.toBe(e.message.vi);
  }, 60_000);

  it('answers a body of the wrong shape with 400, like every route', async () => {
    for (const body of [{}, { polygon: { type: 'Point', coordinates: [108, 14.5] } }, { polygon: { type: 'Polygon', coordinates: [[['a', 'b']]] } }, { polygon: { type: 'Polygon', coordinates: [rect(108, 14.5, 108.1, 14.6), rect(108, 14.5, 108.01, 14.51)] } }]) {
      expect((await post(body)).status).toBe(400);
    }
  }, 60_000);
});
