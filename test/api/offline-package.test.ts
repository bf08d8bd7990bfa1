/**
 * GET /api/offline/package (issue 16): what a phone carries into the forest answers as the online
 * API does — every lô of the tiểu khu with the record GET /api/plots/:id gives, the tiểu khu panel,
 * its khoảnh, the commune it lies in, and search entries whose hits equal /api/search's.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { PlotDetail, SearchResponse, TieuKhuDetail } from '../../server/domain/api.ts';
import type { OfflinePackage } from '../../server/domain/offline.ts';
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
});
