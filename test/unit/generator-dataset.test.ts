/**
 * The generated demo dataset (data/geo/generate.ts), checked without a database: the forest
 * hierarchy nests (lô in khoảnh in tiểu khu in commune), the tiểu khu of report 000 lie in the
 * communes it names, the planting table of Kon Tum city comes out as the report states, and every
 * inspection's survival follows from its sample plots.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { assessSurvival } from '../../server/domain/survival.ts';
import { classifySurvival } from '../../server/domain/classes.ts';
import { foldName } from '../../server/domain/text.ts';
import { type DemoDataset, generateDemo } from '../../data/geo/generate.ts';
import { isSimpleRing } from '../../data/geo/meander.ts';
import { type MultiPolygon, type Point, type Ring, multiAreaHa, pointInMulti } from '../../data/geo/planar.ts';
import { tallyPlanting, totalTally, weightedSurvival } from '../../data/geo/planting.ts';

const figures = JSON.parse(readFileSync(new URL('../fixtures/kontum-figures.json', import.meta.url), 'utf8'));
const same = (a: string, b: string) => foldName(a) === foldName(b);

let ds: DemoDataset;
beforeAll(() => {
  ds = generateDemo();
}, 120_000);

/** Distance (degrees) from p to the segment ab. */
function segmentDistance(p: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}
/** Inside the polygon, or on its boundary within tol degrees (1e-6° ≈ 0.1 m, the coordinate rounding). */
function coveredBy(p: Point, mp: MultiPolygon, tol = 1.5e-6): boolean {
  if (pointInMulti(p, mp)) return true;
  for (const poly of mp) for (const ring of poly) for (let i = 0; i < ring.length - 1; i++) if (segmentDistance(p, ring[i], ring[i + 1]) <= tol) return true;
  return false;
}
const rings = (mp: MultiPolygon): Ring[] => mp.flat();

describe('forest: tiểu khu → khoảnh → lô', () => {
  it('has at least 20,000 lô with unique ids and codes', () => {
    const plots = ds.forest.plots;
    expect(plots.length).toBeGreaterThanOrEqual(20_000);
    expect(new Set(plots.map((p) => p.id)).size).toBe(plots.length);
    expect(new Set(plots.map((p) => `${p.tk}/${p.khoanh}/${p.lo}`)).size).toBe(plots.length);
    for (const p of plots) expect(p.lo, p.id.toString()).toMatch(/^\d{1,4}$/);
  });

  it('numbers the tiểu khu with consecutive 3-digit numbers and puts the named ones in the report\u2019s communes', () => {
    const nums = ds.forest.tieuKhu.map((t) => t.tk);
    expect(nums[0]).toBeGreaterThanOrEqual(100);
    expect(nums.at(-1)!).toBeLessThanOrEqual(999);
    nums.forEach((n, i) => i > 0 && expect(n).toBe(nums[i - 1] + 1));
    const communeOf = (tk: number) => ds.units.find((u) => u.code === ds.forest.tieuKhu.find((t) => t.tk === tk)!.communeCode)!;
    const named: [number, string][] = [[558, 'Đăk Cấm'], [559, 'Đăk Cấm'], [565, 'Đăk Blà'], [566, 'Đăk Rơ Wa'], [567, 'Đăk Rơ Wa'], [568, 'Chư Hreng']];
    for (const [tk, name] of named) {
      const c = communeOf(tk);
      expect(same(c.name, name), `TK ${tk} in ${c.name}`).toBe(true);
      expect(c.parentCode).toBe('608');
    }
  });

  it('nests every lô in its khoảnh, every khoảnh in its tiểu khu and every tiểu khu in its commune', () => {
    const khoanh = new Map(ds.forest.khoanh.map((k) => [`${k.tk}/${k.khoanh}`, k]));
    const tieuKhu = new Map(ds.forest.tieuKhu.map((t) => [t.tk, t]));
    const communes = new Map(ds.units.filter((u) => u.level === 'commune').map((u) => [u.code, u]));
    const outside: string[] = [];
    for (const p of ds.forest.plots) {
      const k = khoanh.get(`${p.tk}/${p.khoanh}`);
      if (!k || k.communeCode !== p.communeCode) outside.push(`lô ${p.id}: khoảnh`);
      else if (!rings(p.geom).every((ring) => ring.every((v) => coveredBy(v, k.geom)))) outside.push(`lô ${p.id}`);
    }
    for (const k of ds.forest.khoanh) {
      const t = tieuKhu.get(k.tk)!;
      if (k.communeCode !== t.communeCode || !rings(k.geom).every((ring) => ring.every((v) => coveredBy(v, t.geom)))) outside.push(`khoảnh ${k.tk}/${k.khoanh}`);
    }
    for (const t of ds.forest.tieuKhu) {
      const c = communes.get(t.communeCode)!;
      if (c.kind === 'phuong') outside.push(`TK ${t.tk} in a ward`);
      if (!rings(t.geom).every((ring) => ring.every((v) => coveredBy(v, c.geom, 1e-5)))) outside.push(`TK ${t.tk}`);
    }
    expect(outside).toEqual([]);
  }, 60_000);

  it('tiles each khoảnh with its lô and each tiểu khu with its khoảnh (areas add up)', () => {
    const loArea = new Map<string, number>();
    for (const p of ds.forest.plots) loArea.set(`${p.tk}/${p.khoanh}`, (loArea.get(`${p.tk}/${p.khoanh}`) ?? 0) + multiAreaHa(p.geom));
    for (const k of ds.forest.khoanh) {
      // Slivers under 0.05 ha are dropped when a khoảnh is cut into lô.
      expect(Math.abs(loArea.get(`${k.tk}/${k.khoanh}`)! - k.areaHa), `khoảnh ${k.tk}/${k.khoanh}`).toBeLessThan(0.2);
    }
    const khArea = new Map<number, number>();
    for (const k of ds.forest.khoanh) khArea.set(k.tk, (khArea.get(k.tk) ?? 0) + k.areaHa);
    for (const t of ds.forest.tieuKhu) expect(Math.abs(khArea.get(t.tk)! - t.areaHa) / t.areaHa, `TK ${t.tk}`).toBeLessThan(1e-4);
  });

  it('records dtich as the lô\u2019s own area in ha with 2 decimals, on simple rings', () => {
    for (const p of ds.forest.plots) {
      expect(p.dtich).toBe(Math.round(multiAreaHa(p.geom) * 100) / 100);
      expect(p.dtich).toBeGreaterThan(0);
      for (const ring of rings(p.geom)) expect(isSimpleRing(ring), `lô ${p.id}`).toBe(true);
    }
  });

  it('leaves wards and farmland out: forest covers part of the province, more in the mountain districts than in the city', () => {
    const share = (district: string) => {
      const d = ds.units.find((u) => u.code === district)!;
      const codes = new Set(ds.units.filter((u) => u.parentCode === district).map((u) => u.code));
      return ds.forest.tieuKhu.filter((t) => codes.has(t.communeCode)).reduce((s, t) => s + t.areaHa, 0) / d.areaHa;
    };
    const province = ds.units.find((u) => u.level === 'province')!;
    const total = ds.forest.tieuKhu.reduce((s, t) => s + t.areaHa, 0) / province.areaHa;
    expect(total).toBeGreaterThan(0.5);
    expect(total).toBeLessThan(0.85);
    expect(share('608')).toBeLessThan(0.45);
    for (const mountain of ['610', '613', '617']) expect(share(mountain)).toBeGreaterThan(share('608') + 0.3);
  });

  it('uses the forest-inventory attribute codes', () => {
    const fns = new Set(ds.forest.plots.map((p) => p.forestFunction));
    expect([...fns].sort()).toEqual(['outside', 'production', 'protection', 'special_use']);
    for (const p of ds.forest.plots) {
      expect(p.ldlr).toMatch(/^[A-Z0-9]{2,3}$/);
      if (p.namtr !== null) expect(p.namtr).toBeLessThanOrEqual(2023);
    }
  });
});

describe('planting and inspections', () => {
  const city = () => new Set(ds.units.filter((u) => u.parentCode === '608').map((u) => u.code));
  const commune = (name: string) => ds.units.find((u) => u.parentCode === '608' && same(u.name, name))!.code;

  it('reproduces the 2021 table of report 000 by commune, as planting.sql aggregates it', () => {
    const a = figures.forest_planting_kon_tum_city.acceptance_2021_planting_year2;
    const byCommune = tallyPlanting(ds.planting, ds.forest, 2021, (c) => city().has(c));
    const t = totalTally(byCommune);
    expect([t.planted, t.inspected, t.accepted, t.rejected, t.notInspected, t.replant].map((x) => x / 100)).toEqual([
      a.planted_ha, a.inspected_ha, a.accepted_ha, a.rejected_ha, a.not_inspected_ha, 0,
    ]);
    for (const [n, ha] of Object.entries(a.accepted_by_commune_ha)) expect(byCommune.get(commune(n))!.accepted / 100, n).toBe(ha);
    for (const [n, ha] of Object.entries(a.rejected_by_commune_ha)) expect(byCommune.get(commune(n))!.rejected / 100, n).toBe(ha);
    const inCity = (g: { plotId: number }) => city().has(ds.forest.plots.find((p) => p.id === g.plotId)!.communeCode);
    const withdrawn = ds.planting.plantings.filter((g) => g.year === 2021 && g.withdrawnOn && inCity(g));
    expect(withdrawn).toHaveLength(9);
    expect(new Set(withdrawn.map((g) => ds.forest.plots.find((p) => p.id === g.plotId)!.communeCode))).toEqual(new Set([commune('Chư Hreng')]));
  });

  it('reproduces the 2022 planting: 10.61 ha in Chư Hreng\u2019s tiểu khu 568, all replant, 62.83 % area-weighted', () => {
    const t = totalTally(tallyPlanting(ds.planting, ds.forest, 2022, (c) => city().has(c)));
    expect(t.planted / 100).toBe(10.61);
    expect(t.replant).toBe(t.planted);
    expect(weightedSurvival(t)).toBe(62.83);
    const plots = ds.planting.plantings.filter((g) => g.year === 2022 && city().has(ds.forest.plots.find((p) => p.id === g.plotId)!.communeCode));
    for (const g of plots) expect(ds.forest.plots.find((p) => p.id === g.plotId)!.tk).toBe(568);
  });

  it('sets the 63 ha target of 2023 and commune plans that add up to it', () => {
    const t = ds.planting.targets.filter((x) => x.year === 2023);
    expect(t.find((x) => x.unitCode === '608')!.targetHa).toBe(63);
    const communes = t.filter((x) => city().has(x.unitCode));
    expect(communes.reduce((s, x) => s + x.targetHa, 0)).toBe(63);
    expect(communes.find((x) => x.unitCode === commune('Chư Hreng'))!.targetHa).toBe(15);
  });

  it('derives every inspection\u2019s survival and result from its sample plots', () => {
    for (const i of ds.planting.inspections) {
      const a = assessSurvival(i.samplePlots);
      expect(i.survivalPct).toBe(a.survivalPct);
      expect(i.result).toBe(classifySurvival(i.survivalPct));
      expect(i.samplePlots.length).toBeGreaterThan(0);
    }
  });

  it('never plants more than a lô\u2019s area, once per lô and year, and shows every class on the map', () => {
    const plots = new Map(ds.forest.plots.map((p) => [p.id, p]));
    const seen = new Set<string>();
    for (const g of ds.planting.plantings) {
      expect(g.areaHa).toBeLessThanOrEqual(plots.get(g.plotId)!.dtich);
      expect(seen.has(`${g.plotId}/${g.year}`)).toBe(false);
      seen.add(`${g.plotId}/${g.year}`);
    }
    const inspected = new Set(ds.planting.inspections.map((i) => i.plantingId));
    const classes = new Set(ds.planting.inspections.map((i) => i.result as string));
    if (ds.planting.plantings.some((g) => g.withdrawnOn)) classes.add('withdrawn');
    if (ds.planting.plantings.some((g) => !g.withdrawnOn && !inspected.has(g.id))) classes.add('not_inspected');
    expect([...classes].sort()).toEqual(['accepted', 'not_inspected', 'rejected', 'replant', 'withdrawn']);
    // Kon Tum city has no planting outside the report's two years.
    const cityYears = new Set(ds.planting.plantings.filter((g) => city().has(plots.get(g.plotId)!.communeCode)).map((g) => g.year));
    expect([...cityYears].sort()).toEqual([2021, 2022]);
  });

  it('places inspection points inside their lô and dates them after the planting', () => {
    const plots = new Map(ds.forest.plots.map((p) => [p.id, p]));
    const plantings = new Map(ds.planting.plantings.map((g) => [g.id, g]));
    for (const i of ds.planting.inspections) {
      expect(pointInMulti(i.gps, plots.get(i.plotId)!.geom), `inspection ${i.id}`).toBe(true);
      expect(i.inspectedOn > plantings.get(i.plantingId)!.plantedOn).toBe(true);
    }
  });
});
