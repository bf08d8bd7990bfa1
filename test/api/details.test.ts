import { beforeAll, describe, expect, it } from 'vitest';
import type { CommuneDetail, LocateResponse, MetaResponse, PlotDetail, SearchResponse, VillageDetail } from '../../server/domain/api.ts';
import { foldName } from '../../server/domain/text.ts';
import { testApi, TARGET } from '../helpers/api.ts';

let api: Awaited<ReturnType<typeof testApi>>;
beforeAll(async () => {
  api = await testApi();
});

const DOAN_KET = '23329';

describe(`details, search and locate (${TARGET})`, () => {
  it('reports health and meta: years with data and the criteria sets as rows', async () => {
    const health = await api.get<{ status: string; database: string }>('/api/health');
    expect(health).toMatchObject({ status: 'ok', database: TARGET });
    const meta = await api.get<MetaResponse>('/api/meta');
    expect(meta.commune.years).toEqual(expect.arrayContaining([2015, 2020, 2022, 2023]));
    expect(meta.village.years).toEqual(expect.arrayContaining([2022, 2023]));
    expect(meta.criteriaSets.filter((s) => s.scope === 'commune').map((s) => s.criteria.length)).toEqual([19, 19]);
    expect(meta.criteriaSets.find((s) => s.scope === 'village')?.criteria).toHaveLength(10);
    expect(meta.thresholds).toEqual({ acceptedAbovePct: 85, rejectedBelowPct: 50 });
  });

  it('gives a commune its checklist, level, history and rank', async () => {
    const c = await api.get<CommuneDetail>(`/api/communes/${DOAN_KET}?year=2020`);
    expect(c.name).toBe('Đoàn Kết');
    expect(c.district.code).toBe('608');
    expect(c.criteria).toHaveLength(19);
    expect(c.criteriaMet).toBe(19);
    expect(c.level).not.toBe('none');
    expect(c.recognisedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(c.history.map((h) => h.year)).toEqual(expect.arrayContaining([2015, 2020]));
    expect(c.rank?.inProvince).toBe(1);
    const ward = await api.get<CommuneDetail>('/api/communes/23281?year=2020');
    expect(ward.inNtmProgramme).toBe(false);
    expect(ward.criteria).toHaveLength(0);
  });

  it('gives a village its 10 criteria and a lô its plantings and inspections', async () => {
    const s = await api.get<SearchResponse>(`/api/search?q=${encodeURIComponent('Kon Tum Kơ Pơng')}`);
    const hit = s.hits.find((h) => h.kind === 'village')!;
    const v = await api.get<VillageDetail>(`/api/villages/${hit.id}?year=2023`);
    expect(v.pilotTier).toBe('city');
    expect(v.criteria).toHaveLength(10);
    expect(v.criteriaMet).toBe(10);
    const villages = await api.get<{ features: { properties: { code: string; criteria_met: number | null } }[] }>('/api/villages?year=2023');
    expect(villages.features.length).toBeGreaterThan(600);
    expect(villages.features.find((f) => f.properties.code === hit.id)?.properties.criteria_met).toBe(10);

    const plots = await api.get<SearchResponse>('/api/search?q=TK%20568');
    expect(plots.hits[0]).toMatchObject({ kind: 'tieukhu', label: 'Tiểu khu 568' });
    const loc = await api.get<LocateResponse>(`/api/locate?lon=${plots.hits[0]!.center[0]}&lat=${plots.hits[0]!.center[1]}`);
    expect(loc.tieukhu).toBe(568);
    expect(foldName(loc.commune!.name)).toBe(foldName('Chư Hreng'));
    expect(loc.plot).not.toBeNull();
    const p = await api.get<PlotDetail>(`/api/plots/${loc.plot!.id}`);
    expect(p.tk).toBe(568);
    expect(p.label).toBe(loc.plot!.label);
    const byCode = await api.get<SearchResponse>(`/api/search?q=${p.tk}/${p.khoanh}/${p.lo}`);
    expect(byCode.hits[0]).toMatchObject({ kind: 'plot', id: String(p.id) });
  });

  it('finds communes without diacritics and with the reports\u2019 spelling variants', async () => {
    for (const q of ['dak ro wa', 'Đắk Rơ Wa', 'Đăk Rơ Wa', 'DAK RO WA']) {
      const s = await api.get<SearchResponse>(`/api/search?q=${encodeURIComponent(q)}`);
      // the commune of 1 July 2025 of that name first, then the old commune it grew from, marked "(cũ)"
      expect(s.hits.slice(0, 2).map((h) => `${h.kind}:${h.label}`), q).toEqual(['unit2025:Xã Đăk Rơ Wa', 'commune:Xã Đắk Rơ Wa (cũ)']);
    }
    const s = await api.get<SearchResponse>(`/api/search?q=${encodeURIComponent('ngoc bay')}`);
    expect(s.hits.map((h) => h.label)).toContain('Xã Ngọk Bay (cũ)');
  });

  it('locates a point in VN-2000 and outside the province', async () => {
    const loc = await api.get<LocateResponse>('/api/locate?lon=108&lat=14.35');
    expect(loc.vn2000!.srid).toBe(910730);
    expect(loc.vn2000!.y).toBeGreaterThan(550000); // east of the 107°30′ meridian
    expect(loc.vn2000!.x).toBeGreaterThan(1_580_000);
    const out = await api.get<LocateResponse>('/api/locate?lon=106&lat=10.8');
    expect(out.commune).toBeNull();
    expect(out.plot).toBeNull();
  });

  it('answers unknown records with 404 and bad input with 400, in Vietnamese and English', async () => {
    const cases: [string, number][] = [
      ['/api/communes/99999', 404],
      ['/api/communes/abc', 400],
      ['/api/plots/0', 400],
      ['/api/plots/999999999', 404],
      ['/api/villages/23329-999', 404],
      ['/api/stats/ntm?year=2010', 404],
      ['/api/stats/ntm?year=abc', 400],
      ['/api/stats/ntm', 400],
      ["/api/search?q=", 400],
      [`/api/search?q=${'x'.repeat(300)}`, 400],
      ['/api/locate?lon=200&lat=10', 400],
      ['/api/nothing', 404],
    ];
    for (const [path, status] of cases) {
      const res = await api.app.request(`http://localhost${path}`);
      expect(res.status, path).toBe(status);
      const body = (await res.json()) as { error: { message: { vi: string; en: string } } };
      expect(body.error.message.vi, path).toBeTruthy();
      expect(body.error.message.en, path).toBeTruthy();
    }
  });

  it('treats SQL meta-characters in a search as text', async () => {
    const q = encodeURIComponent("x'; DROP TABLE admin_unit; --");
    const s = await api.get<SearchResponse>(`/api/search?q=${q}`);
    expect(s.hits).toEqual([]);
    const meta = await api.get<MetaResponse>('/api/meta');
    expect(meta.commune.years.length).toBeGreaterThan(0);
  });
});
