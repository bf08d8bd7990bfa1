/**
 * The "before 7/2025 / from 7/2025" switch in the tables, statistics and exports (issue 17):
 * with era=after the NTM tables, the village and planting statistics and their files group by
 * the units of 1 July 2025, each new unit counting its old units' own records. Checked against a
 * hand computation from the old communes' records read through other routes, for three units:
 * one formed from five wards, one from three communes of two old districts, one unchanged. With
 * era=before (the default) every answer is the report era's, byte for byte.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { CommuneDetail, PlantingStatsResponse } from '../../server/domain/api.ts';
import type { NtmTablesResponse, VillageStatsWithDistricts } from '../../server/domain/ntm.ts';
import type { ProgressResponse } from '../../server/domain/forest.ts';
import type { NtmReportResponse } from '../../server/domain/report-table.ts';
import type { Unit2025Detail, Unit2025Summary } from '../../server/domain/units-2025.ts';
import { parseCsv } from '../../server/services/ntm-csv.ts';
import { testApi, TARGET } from '../helpers/api.ts';

let api: Awaited<ReturnType<typeof testApi>>;
let list: Unit2025Summary[];
let years: number[];
let plantingYears: number[];
beforeAll(async () => {
  api = await testApi();
  list = await api.get<Unit2025Summary[]>('/api/units2025');
  const meta = await api.get<{ commune: { years: number[] } }>('/api/meta');
  years = meta.commune.years;
  const p = await api.get<Unit2025Detail>('/api/units2025/23425');
  plantingYears = p.planting.map((r) => r.year);
});

const raw = (path: string) => api.app.request(`http://localhost${path}`);

/** The hand computation: one year of a new unit from its old communes' own records. */
async function byHand(oldCodes: string[], year: number) {
  const old = await Promise.all(oldCodes.map((c) => api.get<CommuneDetail>(`/api/communes/${c}?year=${year}`)));
  const xa = old.filter((o) => o.inNtmProgramme);
  const reached = (o: CommuneDetail, levels: string[]) => o.recognisedOn != null && levels.includes(o.level);
  const perCriterion: Record<string, number> = {};
  for (const o of xa) for (const k of o.criteria) perCriterion[String(k.no)] = (perCriterion[String(k.no)] ?? 0) + (k.met ? 1 : 0);
  return {
    oldUnits: old.length,
    oldXa: xa.length,
    totalCriteria: xa.reduce((s, o) => s + o.criteria.filter((k) => k.met).length, 0),
    meetsAll: xa.filter((o) => o.criteria.length > 0 && o.criteria.every((k) => k.met)).length,
    levels: {
      ntm: xa.filter((o) => reached(o, ['ntm', 'advanced', 'model'])).length,
      advanced: xa.filter((o) => reached(o, ['advanced', 'model'])).length,
      model: xa.filter((o) => reached(o, ['model'])).length,
    },
    perCriterion,
  };
}

const CASES = [
  { code: '23293', name: 'Phường Kon Tum', what: 'five wards of the city', old: ['23281', '23287', '23290', '23293', '23299'] },
  { code: '23425', name: 'Xã Tu Mơ Rông', what: 'three communes of two old districts', old: null },
  { code: '23368', name: 'Xã Đăk Long', what: 'one old commune, unchanged', old: ['23368'] },
] as const;

const oldOf = (code: string) => list.find((u) => u.code === code)!.oldCodes;

describe(`the era switch in tables, statistics and exports (${TARGET})`, () => {
  it('the NTM tables with era=after: the 40 new units, their counts adding up to the province', async () => {
    const year = years.at(-1)!;
    const t = await api.get<NtmTablesResponse>(`/api/ntm/tables?year=${year}&era=after`);
    expect(t.units2025).toHaveLength(40);
    expect(t.units).toEqual([]); // no districts from 1 July 2025
    const units = t.units2025!;
    expect(units.reduce((s, u) => s + u.oldUnits, 0)).toBe(102);
    // every old xã of the programme is in exactly one new unit: the counts add up to the province's
    expect(units.reduce((s, u) => s + u.oldXa, 0)).toBe(t.total.communes);
    expect(units.reduce((s, u) => s + u.levels.ntm, 0)).toBe(t.total.levels.ntm);
    expect(units.reduce((s, u) => s + u.totalCriteria, 0)).toBe(t.total.totalCriteria);
    for (const k of t.criteria) expect(units.reduce((s, u) => s + (u.perCriterion[String(k.no)] ?? 0), 0)).toBe(t.total.perCriterion[String(k.no)]);
    // counts, never an average: no new unit carries one
    for (const u of units) expect(Object.keys(u)).not.toContain('averageCriteria');
  });

  for (const c of CASES) {
    it(`${c.name} (${c.what}): each year's row equals the hand computation from its old communes`, async () => {
      const old = oldOf(c.code);
      if (c.old) expect([...old].sort()).toEqual([...c.old].sort());
      const detail = await api.get<Unit2025Detail>(`/api/units2025/${c.code}`);
      if (c.code === '23425') expect(new Set(detail.oldUnits.map((o) => o.districtCode)).size).toBe(2);
      for (const year of years) {
        const t = await api.get<NtmTablesResponse>(`/api/ntm/tables?year=${year}&era=after`);
        const u = t.units2025!.find((x) => x.code === c.code)!;
        expect(u.name).toBe(c.name);
        const h = await byHand(old, year);
        expect({ year, oldUnits: u.oldUnits, oldXa: u.oldXa, totalCriteria: u.totalCriteria, meetsAll: u.meetsAll, levels: u.levels }).toEqual({
          year, oldUnits: h.oldUnits, oldXa: h.oldXa, totalCriteria: h.totalCriteria, meetsAll: h.meetsAll, levels: h.levels,
        });
        for (const [no, n] of Object.entries(u.perCriterion)) expect([year, no, n]).toEqual([year, no, h.perCriterion[no] ?? 0]);
        // the year-by-year columns are the unit panel's history
        const y = u.years.find((r) => r.year === year)!;
        const d = detail.ntm.find((r) => r.year === year)!;
        expect([year, y.ntm, y.advanced, y.model, y.meetsAll, y.withData]).toEqual([year, d.levelNtm, d.levelAdvanced, d.levelModel, d.meetsAll, d.withData]);
      }
      if (c.code === '23293') expect(detail.oldUnits.every((o) => !o.inNtmProgramme)).toBe(true); // five wards: none in the programme
    });
  }

  it('the report, CSV and XLSX with era=after lay out the new-unit tables ("x/N" of the old xã)', async () => {
    const year = years.at(-1)!;
    const r = await api.get<NtmReportResponse>(`/api/ntm/report?year=${year}&era=after`);
    expect(r.tables.map((x) => x.id)).toEqual(['units2025_criteria', 'units2025_levels', 'units2025_years', 'weakest', 'villages', 'funding', 'infrastructure', 'village_plans', 'capital']);
    const levels = r.tables.find((x) => x.id === 'units2025_levels')!;
    expect(levels.rows).toHaveLength(41); // 40 units and the province
    const tmr = r.data.units2025!.find((u) => u.code === '23425')!;
    const row = levels.rows.find((x) => x[1] === 'Xã Tu Mơ Rông')!;
    expect(row.slice(2)).toEqual([3, tmr.oldXa, `${tmr.withData}/${tmr.oldXa}`, `${tmr.meetsAll}/${tmr.oldXa}`, `${tmr.levels.ntm}/${tmr.oldXa}`, `${tmr.levels.advanced}/${tmr.oldXa}`, `${tmr.levels.model}/${tmr.oldXa}`, tmr.totalCriteria]);
    // five wards: no old xã in the programme, so no count to show
    const kt = levels.rows.find((x) => x[1] === 'Phường Kon Tum')!;
    expect(kt.slice(2)).toEqual([5, 0, '', '', '', '', '', 0]);

    const csvRes = await raw(`/api/ntm/tables.csv?year=${year}&era=after&table=units2025_levels`);
    expect(csvRes.status).toBe(200);
    expect(csvRes.headers.get('content-disposition')).toContain('_don-vi-2025.csv');
    const csv = parseCsv(await csvRes.text());
    expect(csv).toHaveLength(42);
    expect(csv.find((x) => x.cells[1] === 'Xã Tu Mơ Rông')!.cells.slice(2, 5)).toEqual(['3', String(tmr.oldXa), `${tmr.withData}/${tmr.oldXa}`]);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await (await raw(`/api/ntm/tables.xlsx?year=${year}&era=after`)).arrayBuffer());
    expect(wb.worksheets).toHaveLength(9); // and the four record tables (units-2025-record-tables.test.ts)

    // the villages table by new unit adds up to the province's
    const villages = r.tables.find((x) => x.id === 'villages')!;
    expect(villages.header[0]![1]).toBe('Xã, phường (từ 1/7/2025)');
  });

  it('era=before is the report era unchanged, and era=after refuses a district or a compare year, in both languages', async () => {
    const year = years.at(-1)!;
    for (const path of [`/api/ntm/tables?year=${year}`, `/api/ntm/report?year=${year}`, `/api/ntm/tables.csv?year=${year}&table=communes`, `/api/ntm/tables?year=${year}&district=608`]) {
      const a = await (await raw(path)).text();
      const b = await (await raw(`${path}&era=before`)).text();
      expect(b, path).toBe(a);
      expect(a).not.toContain('units2025');
    }
    for (const bad of [`/api/ntm/tables?year=${year}&era=after&district=608`, `/api/ntm/report?year=${year}&era=after&compare=${years[0]}`, `/api/ntm/tables?year=${year}&era=later`]) {
      const res = await raw(bad);
      expect(res.status, bad).toBe(400);
      const body = JSON.stringify(await res.json());
      expect(body).toMatch(/[ăâđêôơưạảấầẩậắằẳặẹẻẽếềểệỉịọỏốồổộớờởợụủứừửữựỳỵỷỹ]/);
    }
  });

  it('village statistics with era=after group by new unit: each equals its old communes\' villages', async () => {
    const meta = await api.get<{ village: { years: number[] } }>('/api/meta');
    const year = meta.village.years.at(-1)!;
    const before = await api.get<VillageStatsWithDistricts>(`/api/stats/villages?year=${year}&unit=62`);
    const after = await api.get<VillageStatsWithDistricts>(`/api/stats/villages?year=${year}&unit=62&era=after`);
    expect(after.byDistrict).toEqual([]);
    expect(after.total).toEqual(before.total);
    expect(after.byUnit2025!.reduce((s, g) => s + g.villages, 0)).toBe(before.total.villages);
    for (const c of CASES) {
      const old = oldOf(c.code);
      const rows = before.byCommune.filter((r) => old.includes(r.code));
      const g = after.byUnit2025!.find((x) => x.code === c.code);
      const hand = { villages: rows.reduce((s, r) => s + r.villages, 0), pilot: rows.reduce((s, r) => s + r.pilotVillages, 0), met: rows.reduce((s, r) => s + r.criteriaMetTotal, 0) };
      expect([c.code, g?.villages ?? 0, g?.pilotVillages ?? 0, g?.criteriaMetTotal ?? 0]).toEqual([c.code, hand.villages, hand.pilot, hand.met]);
      if (g) {
        expect(g.name).toBe(c.name);
        // one new unit asked for: the same figures as its row in the province
        const one = await api.get<VillageStatsWithDistricts>(`/api/stats/villages?year=${year}&unit=${c.code}&era=after`);
        expect(one.unit).toEqual({ code: c.code, name: c.name });
        expect([one.total.villages, one.total.pilotVillages, one.total.criteriaMetTotal]).toEqual([g.villages, g.pilotVillages, g.criteriaMetTotal]);
      }
    }
    expect((await raw(`/api/stats/villages?year=${year}&unit=99999&era=after`)).status).toBe(404);
  });

  it('planting statistics, progress and the acceptance files with era=after group by new unit', async () => {
    expect(plantingYears.length).toBeGreaterThan(0);
    const round = (x: number) => Math.round(x * 100) / 100;
    for (const year of plantingYears) {
      const byCommune = await api.get<PlantingStatsResponse>(`/api/stats/planting?plantingYear=${year}&by=commune`);
      const after = await api.get<PlantingStatsResponse>(`/api/stats/planting?plantingYear=${year}&era=after`);
      expect(after.by).toBe('unit2025');
      expect(round(after.total.plantedHa)).toBe(round(byCommune.total.plantedHa));
      const progress = await api.get<ProgressResponse>(`/api/forest/progress?year=${year}&era=after`);
      // the province's own target on the total (targets were set per old unit)
      const province = await api.get<ProgressResponse>(`/api/forest/progress?year=${year}`);
      expect(after.total.targetHa).toBe(province.total.targetHa);
      expect(progress.total).toEqual(province.total);
      for (const c of CASES) {
        const old = oldOf(c.code);
        const rows = byCommune.rows.filter((r) => old.includes(r.code));
        const sum = (k: 'plantedHa' | 'acceptedHa' | 'replantHa' | 'rejectedHa' | 'notInspectedHa') => round(rows.reduce((s, r) => s + r[k], 0));
        const g = after.rows.find((r) => r.code === c.code);
        expect([year, c.code, round(g?.plantedHa ?? 0), round(g?.acceptedHa ?? 0), round(g?.replantHa ?? 0), round(g?.rejectedHa ?? 0), round(g?.notInspectedHa ?? 0)]).toEqual([
          year, c.code, sum('plantedHa'), sum('acceptedHa'), sum('replantHa'), sum('rejectedHa'), sum('notInspectedHa'),
        ]);
        if (g) {
          expect(g.name).toBe(c.name);
          expect(g.targetHa).toBeNull(); // targets were set per old unit
          expect(round(progress.rows.find((r) => r.code === c.code)!.plantedHa)).toBe(sum('plantedHa'));
          const one = await api.get<PlantingStatsResponse>(`/api/stats/planting?plantingYear=${year}&era=after&unit=${c.code}`);
          expect(one.rows.map((r) => r.code)).toEqual([c.code]);
          expect(one.total.name).toBe(c.name);
        }
      }
      expect(progress.rows.every((r) => r.level === 'unit2025' && r.targetHa === null)).toBe(true);
    }
    const year = plantingYears.at(-1)!;
    const csv = await raw(`/api/forest/planting.csv?plantingYear=${year}&era=after`);
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text).toContain('Xã, phường mới');
    expect(text).toContain('Xã Tu Mơ Rông');
    expect((await raw(`/api/forest/progress?year=${year}&era=after&unit=608`)).status).toBe(400);
    expect((await raw(`/api/stats/planting?plantingYear=${year}&era=after&unit=99999`)).status).toBe(404);
  });
});
