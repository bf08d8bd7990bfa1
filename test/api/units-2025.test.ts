/**
 * The units of 1 July 2025 (Resolution 1677/NQ-UBTVQH15, migration 044): each new unit's figures
 * are counts and sums of its old units' own records. Checked against a hand computation from the
 * old units' records read through other routes (commune details, planting table, villages), for
 * three units: one formed from five wards, one from three communes of two old districts, one
 * unchanged.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CommuneDetail, PlantingStatsResponse, SearchResponse } from '../../server/domain/api.ts';
import type { Unit2025Detail, Unit2025Summary } from '../../server/domain/units-2025.ts';
import { testApi, TARGET } from '../helpers/api.ts';

let api: Awaited<ReturnType<typeof testApi>>;
beforeAll(async () => {
  api = await testApi();
});

/** The hand computation: one year of a new unit from its old units' commune details. */
async function byHand(oldCodes: string[], year: number) {
  const old = await Promise.all(oldCodes.map((c) => api.get<CommuneDetail>(`/api/communes/${c}?year=${year}`)));
  const xa = old.filter((o) => o.inNtmProgramme);
  const reached = (o: CommuneDetail, levels: string[]) => o.recognisedOn != null && levels.includes(o.level);
  const perCriterion: Record<string, number> = {};
  for (const o of xa) for (const k of o.criteria) perCriterion[String(k.no)] = (perCriterion[String(k.no)] ?? 0) + (k.met ? 1 : 0);
  return {
    oldXa: xa.length,
    withData: xa.filter((o) => o.criteriaMet != null && o.criteria.some((k) => k.version > 0)).length,
    totalCriteria: xa.reduce((s, o) => s + (o.criteria.filter((k) => k.met).length), 0),
    levelNtm: xa.filter((o) => reached(o, ['ntm', 'advanced', 'model'])).length,
    levelAdvanced: xa.filter((o) => reached(o, ['advanced', 'model'])).length,
    levelModel: xa.filter((o) => reached(o, ['model'])).length,
    perCriterion,
    areaHa: old.reduce((s, o) => s + o.areaHa, 0),
  };
}

const CASES = [
  { code: '23293', what: 'Phường Kon Tum: five wards of the city', old: ['23281', '23287', '23290', '23293', '23299'] },
  { code: '23425', what: 'Xã Tu Mơ Rông: three communes of two old districts', old: null },
  { code: '23368', what: 'Xã Đăk Long: one old commune, unchanged', old: ['23368'] },
] as const;

describe(`units of 1 July 2025 (${TARGET})`, () => {
  let list: Unit2025Summary[];
  beforeAll(async () => {
    list = await api.get<Unit2025Summary[]>('/api/units2025');
  });

  it('lists the 40 new units, and the 102 old units each belong to exactly one', async () => {
    expect(list).toHaveLength(40);
    const all = list.flatMap((u) => u.oldCodes);
    expect(all).toHaveLength(102);
    expect(new Set(all).size).toBe(102);
    const kt = list.find((u) => u.code === '23293')!;
    expect(kt.fullName).toBe('Phường Kon Tum');
    expect(kt.oldCodes).toHaveLength(5);
  });

  for (const c of CASES) {
    it(`${c.what}: NTM by year, area, villages and planting equal the old units' own records`, async () => {
      const d = await api.get<Unit2025Detail>(`/api/units2025/${c.code}`);
      const oldCodes = d.oldUnits.map((o) => o.code).sort();
      expect(oldCodes).toEqual(list.find((u) => u.code === c.code)!.oldCodes);
      if (c.old) expect(oldCodes).toEqual([...c.old].sort());
      if (c.code === '23425') expect(new Set(d.oldUnits.map((o) => o.districtCode)).size).toBe(2);
      // each old unit's own history is its commune record
      for (const o of d.oldUnits.filter((u) => u.inNtmProgramme)) {
        const cd = await api.get<CommuneDetail>(`/api/communes/${o.code}`);
        expect(o.history.map((h) => [h.year, h.criteriaMet, h.level, h.recognised])).toEqual(
          cd.history.map((h) => [h.year, h.criteriaMet, h.level, h.recognised]),
        );
      }

      expect(d.ntm.length).toBeGreaterThan(3);
      for (const y of d.ntm) {
        const h = await byHand(oldCodes, y.year);
        expect({ year: y.year, oldXa: y.oldXa, totalCriteria: y.totalCriteria, levelNtm: y.levelNtm, levelAdvanced: y.levelAdvanced, levelModel: y.levelModel })
          .toEqual({ year: y.year, oldXa: h.oldXa, totalCriteria: h.totalCriteria, levelNtm: h.levelNtm, levelAdvanced: h.levelAdvanced, levelModel: h.levelModel });
        for (const [no, n] of Object.entries(y.perCriterion)) expect([y.year, no, n]).toEqual([y.year, no, h.perCriterion[no] ?? 0]);
        if (y.year === d.ntm.at(-1)!.year) {
          // the geometry is the union of the old units: its area is theirs (within 1 %: the stored areas are rounded)
          expect(Math.abs(d.areaHa! - h.areaHa) / h.areaHa).toBeLessThan(0.01);
        }
      }

      // villages: those of the old units
      const villages = await Promise.all(oldCodes.map((o) => api.get<{ features: unknown[] }>(`/api/villages?commune=${o}`)));
      expect(d.villages.total).toBe(villages.reduce((s, v) => s + v.features.length, 0));

      // planting: the planting table's rows of the old units, year by year
      for (const p of d.planting) {
        const t = await api.get<PlantingStatsResponse>(`/api/stats/planting?plantingYear=${p.year}&by=commune`);
        const rows = t.rows.filter((r) => oldCodes.includes(r.code));
        const sum = (k: 'plantedHa' | 'acceptedHa' | 'replantHa' | 'rejectedHa') => Math.round(rows.reduce((s, r) => s + r[k], 0) * 100) / 100;
        expect([p.year, p.plantedHa, p.acceptedHa, p.replantHa, p.rejectedHa]).toEqual([p.year, sum('plantedHa'), sum('acceptedHa'), sum('replantHa'), sum('rejectedHa')]);
      }
    });
  }

  it('search finds both maps of units: the new unit by its name, the old one marked (cũ) with where it is now', async () => {
    const both = await api.get<SearchResponse>(`/api/search?q=${encodeURIComponent('Đắk Cấm')}`);
    const kinds = both.hits.map((h) => `${h.kind}:${h.label}`);
    expect(kinds).toContain('unit2025:Phường Đăk Cấm');
    expect(kinds).toContain('commune:Xã Đắk Cấm (cũ)');
    const newHit = both.hits.find((h) => h.kind === 'unit2025')!;
    expect(newHit.id).toBe('23284');
    expect(newHit.sublabel).toContain('Đắk Cấm');
    expect(newHit.bbox).not.toBeNull();

    // "xã Đắk Cấm (cũ)" as officials now write it: the old commune, saying where it is now — no new unit
    const old = await api.get<SearchResponse>(`/api/search?q=${encodeURIComponent('xã Đắk Cấm (cũ)')}`);
    expect(old.hits[0]).toMatchObject({ kind: 'commune', id: '23311', label: 'Xã Đắk Cấm (cũ)' });
    expect(old.hits[0]!.sublabel).toContain('nay thuộc Phường Đăk Cấm');
    expect(old.hits.some((h) => h.kind === 'unit2025')).toBe(false);

    // a name that is only a new unit's
    const kt = await api.get<SearchResponse>(`/api/search?q=${encodeURIComponent('phường Kon Tum')}`);
    expect(kt.hits[0]).toMatchObject({ kind: 'unit2025', id: '23293', label: 'Phường Kon Tum' });
  });

  it('answers a bilingual 404 for an unknown unit and 400 for a malformed code', async () => {
    const r = await api.app.request('http://localhost/api/units2025/99999');
    expect(r.status).toBe(404);
    expect(JSON.stringify(await r.json())).toMatch(/1\/7\/2025/);
    expect((await api.app.request('http://localhost/api/units2025/abc')).status).toBe(400);
  });
});
