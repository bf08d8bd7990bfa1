/**
 * GET /api/tieukhu/:no (issue 12): the tiểu khu panel's figures, checked against the lô details
 * of the same tiểu khu (GET /api/plots/:id: the class the map draws, the latest planting's area).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { PlotDetail, TieuKhuDetail } from '../../server/domain/api.ts';
import { testApi, TARGET } from '../helpers/api.ts';

let api: Awaited<ReturnType<typeof testApi>>;
beforeAll(async () => {
  api = await testApi();
});

describe(`tiểu khu detail (${TARGET})`, () => {
  it('gives TK 568 its commune, area, khoảnh, lô by class, planted and accepted area', async () => {
    const d = await api.get<TieuKhuDetail>('/api/tieukhu/568');
    const [t] = await api.db.sql<{ commune: string; area_ha: number; khoanh: number; plots: number }[]>`
      SELECT c.name AS commune, t.area_ha::float8 AS area_ha,
             (SELECT count(*)::int FROM forest_khoanh k WHERE k.tk = t.tk) AS khoanh,
             (SELECT count(*)::int FROM forest_plot p WHERE p.tk = t.tk) AS plots
      FROM forest_tieu_khu t JOIN admin_unit c ON c.code = t.commune_code WHERE t.tk = 568`;
    expect(d.commune.name).toBe(t!.commune);
    expect(d.areaHa).toBeCloseTo(t!.area_ha, 2);
    expect(d.khoanh.length).toBe(t!.khoanh);
    expect(d.plots).toBe(t!.plots);
    expect(d.khoanh.reduce((s, k) => s + k.plots, 0)).toBe(t!.plots);

    // every lô's class and latest planting from its own detail
    const ids = await api.db.sql<{ id: string }[]>`SELECT id FROM forest_plot WHERE tk = 568`;
    const byClass = new Map<string, { plots: number; areaHa: number }>();
    let planted = 0;
    let accepted = 0;
    for (const { id } of ids) {
      const p = await api.get<PlotDetail>(`/api/plots/${id}`);
      const latest = [...p.plantings].sort((a, b) => b.year - a.year)[0];
      const cls = latest ? latest.cls : 'none';
      const c = byClass.get(cls) ?? { plots: 0, areaHa: 0 };
      byClass.set(cls, { plots: c.plots + 1, areaHa: c.areaHa + Number(p.dtich) });
      if (latest) planted += latest.areaHa;
      if (latest?.cls === 'accepted') accepted += latest.areaHa;
    }
    expect(d.byClass.map((c) => c.cls).sort()).toEqual([...byClass.keys()].sort());
    for (const c of d.byClass) {
      expect(c.plots, c.cls).toBe(byClass.get(c.cls)!.plots);
      expect(c.areaHa, c.cls).toBeCloseTo(byClass.get(c.cls)!.areaHa, 2);
    }
    expect(d.plantedHa).toBeCloseTo(planted, 2);
    expect(d.acceptedHa).toBeCloseTo(accepted, 2);
    expect(d.plantedHa).toBeGreaterThan(0);
  }, 120_000);

  it('answers 404 in Vietnamese and English for a tiểu khu that does not exist, 400 for a bad number', async () => {
    const r = await api.app.request('http://localhost/api/tieukhu/99999');
    expect(r.status).toBe(404);
    const body = (await r.json()) as { error: { message: { vi: string; en: string } } };
    expect(JSON.stringify(body)).toContain('tiểu khu 99999');
    expect((await api.app.request('http://localhost/api/tieukhu/abc')).status).toBe(400);
  });
});
