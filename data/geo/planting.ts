/**
 * Planting, inspections (with their sample plots) and planting targets of the demo dataset:
 * Kon Tum city exactly as report 000 states it (planting-city.ts), the other districts
 * illustrative (planting-province.ts). Planted lô take the planting's inventory attributes.
 *
 * assertPlanting() recomputes the report's table the way server/sql/stats/planting.sql does
 * (latest inspection per planting, withdrawn plantings not inspected, area-weighted survival
 * rounded to 2 decimals) and fails on any difference.
 */
import { classifySurvival } from '../../server/domain/classes.ts';
import { assessSurvival } from '../../server/domain/survival.ts';
import { KT_CITY, type Figures, type NameIndex } from './facts.ts';
import type { ForestData } from './forest.ts';
import { plantCity } from './planting-city.ts';
import { plantProvince } from './planting-province.ts';
import { type InspectionRow, PlantingBuilder, type PlantingData } from './planting-types.ts';
import type { AdminUnit } from './units.ts';
import type { Village } from './villages.ts';

export type { PlantingData, PlantingRow, InspectionRow, PlantingTargetRow } from './planting-types.ts';

export function buildPlanting(forest: ForestData, units: AdminUnit[], villages: Village[], names: NameIndex, figures: Figures, seed: number): PlantingData {
  const b = new PlantingBuilder();
  const emShare = (code: string) => {
    const vs = villages.filter((v) => v.communeCode === code);
    return vs.length ? vs.filter((v) => v.ethnicMinority).length / vs.length : 0.5;
  };
  plantCity(b, forest, names, figures, emShare, seed);
  plantProvince(b, forest, units, seed);
  assertPlanting(b.data, forest, units, names, figures);
  return b.data;
}

/** One row of the planting table as planting.sql computes it, in cents of a hectare. */
export interface PlantingTally {
  planted: number;
  inspected: number;
  accepted: number;
  replant: number;
  rejected: number;
  notInspected: number;
  withdrawn: number;
  /** Σ area (cents) × survival (hundredths of %), over inspected plantings */
  weighted: number;
}

/** The planting table of one year by commune (the key), computed like server/sql/stats/planting.sql. */
export function tallyPlanting(d: PlantingData, forest: ForestData, year: number, communeFilter: (code: string) => boolean): Map<string, PlantingTally> {
  const plotCommune = new Map(forest.plots.map((p) => [p.id, p.communeCode]));
  const latest = new Map<number, InspectionRow>();
  for (const i of d.inspections) {
    const cur = latest.get(i.plantingId);
    if (!cur || i.inspectedOn > cur.inspectedOn || (i.inspectedOn === cur.inspectedOn && i.id > cur.id)) latest.set(i.plantingId, i);
  }
  const out = new Map<string, PlantingTally>();
  for (const g of d.plantings) {
    if (g.year !== year) continue;
    const code = plotCommune.get(g.plotId)!;
    if (!communeFilter(code)) continue;
    if (!out.has(code)) out.set(code, { planted: 0, inspected: 0, accepted: 0, replant: 0, rejected: 0, notInspected: 0, withdrawn: 0, weighted: 0 });
    const t = out.get(code)!;
    const a = Math.round(g.areaHa * 100);
    t.planted += a;
    const insp = g.withdrawnOn ? undefined : latest.get(g.id);
    if (g.withdrawnOn) t.withdrawn += a;
    if (!insp) {
      t.notInspected += a;
      continue;
    }
    t.inspected += a;
    t[insp.result] += a;
    t.weighted += a * Math.round(insp.survivalPct * 100);
  }
  return out;
}

/** Sum of tallies. */
export function totalTally(m: Map<string, PlantingTally>): PlantingTally {
  const t: PlantingTally = { planted: 0, inspected: 0, accepted: 0, replant: 0, rejected: 0, notInspected: 0, withdrawn: 0, weighted: 0 };
  for (const x of m.values()) for (const k of Object.keys(t) as (keyof PlantingTally)[]) t[k] += x[k];
  return t;
}

/** Area-weighted survival as SQL rounds it: round(Σ a·s / Σ a, 2), half away from zero. */
export function weightedSurvival(t: PlantingTally): number | null {
  if (t.inspected === 0) return null;
  return Math.floor((2 * t.weighted + t.inspected) / (2 * t.inspected)) / 100;
}

export function assertPlanting(d: PlantingData, forest: ForestData, units: AdminUnit[], names: NameIndex, figures: Figures): void {
  const fail = (m: string) => {
    throw new Error(`planting: ${m}`);
  };
  const cents = (x: number) => Math.round(x * 100);
  const plots = new Map(forest.plots.map((p) => [p.id, p]));
  const inCity = new Set(units.filter((u) => u.parentCode === KT_CITY).map((u) => u.code));
  const f = figures.forest_planting_kon_tum_city;

  // Row-level consistency: area within the lô, survival and result from the sample plots.
  const seen = new Set<string>();
  for (const g of d.plantings) {
    const p = plots.get(g.plotId);
    if (!p) fail(`planting ${g.id} on a missing lô`);
    if (!(g.areaHa > 0) || cents(g.areaHa) > cents(p!.dtich)) fail(`planting ${g.id}: ${g.areaHa} ha on a lô of ${p!.dtich} ha`);
    const key = `${g.plotId}/${g.year}`;
    if (seen.has(key)) fail(`two plantings on lô ${g.plotId} in ${g.year}`);
    seen.add(key);
  }
  const byId = new Map(d.plantings.map((g) => [g.id, g]));
  for (const i of d.inspections) {
    const a = assessSurvival(i.samplePlots);
    if (a.survivalPct !== i.survivalPct || i.result !== classifySurvival(i.survivalPct)) fail(`inspection ${i.id}: survival/result do not follow its sample plots`);
    if (byId.get(i.plantingId)?.plotId !== i.plotId) fail(`inspection ${i.id} on the wrong lô`);
  }

  // Report 000, 2021 planting by commune.
  const a = f.acceptance_2021_planting_year2;
  const t21 = tallyPlanting(d, forest, 2021, (c) => inCity.has(c));
  const tot = totalTally(t21);
  const want: [string, number, number][] = [
    ['planted', tot.planted, a.planted_ha],
    ['inspected', tot.inspected, a.inspected_ha],
    ['accepted', tot.accepted, a.accepted_ha],
    ['rejected', tot.rejected, a.rejected_ha],
    ['not inspected', tot.notInspected, a.not_inspected_ha],
    ['replant', tot.replant, 0],
  ];
  for (const [what, got, ha] of want) if (got !== cents(ha)) fail(`2021 ${what}: ${got / 100} ha, report ${ha}`);
  const byName = (name: string) => t21.get(names.commune(name, 'Thành phố Kon Tum').code);
  for (const [n, ha] of Object.entries(a.accepted_by_commune_ha as Record<string, number>)) if (byName(n)?.accepted !== cents(ha)) fail(`2021 accepted in ${n}`);
  for (const [n, ha] of Object.entries(a.rejected_by_commune_ha as Record<string, number>)) if (byName(n)?.rejected !== cents(ha)) fail(`2021 rejected in ${n}`);
  for (const [n, ha] of Object.entries(a.not_inspected_by_commune_ha as Record<string, number>)) {
    if (byName(n)?.notInspected !== cents(ha) || byName(n)?.withdrawn !== cents(ha)) fail(`2021 not inspected in ${n}`);
  }
  // 2022 planting.
  const t22 = totalTally(tallyPlanting(d, forest, 2022, (c) => inCity.has(c)));
  const p22 = f.acceptance_2022_planting;
  if (t22.planted !== cents(p22.area_ha) || t22.replant !== cents(p22.area_ha)) fail(`2022: ${t22.planted / 100} ha planted, ${t22.replant / 100} ha replant`);
  if (weightedSurvival(t22) !== p22.survival_pct) fail(`2022 survival ${weightedSurvival(t22)} %`);
  // No other city planting years; the 2023 target.
  if (d.plantings.some((g) => inCity.has(plots.get(g.plotId)!.communeCode) && g.year !== 2021 && g.year !== 2022)) fail('city planting outside 2021-2022');
  const t23 = d.targets.find((t) => t.unitCode === KT_CITY && t.year === 2023);
  if (t23?.targetHa !== f.target_2023_ha) fail('2023 city target');
  // Every class appears somewhere on the map.
  const classes = new Set<string>(d.inspections.map((i) => i.result));
  if (d.plantings.some((g) => g.withdrawnOn)) classes.add('withdrawn');
  const inspected = new Set(d.inspections.map((i) => i.plantingId));
  if (d.plantings.some((g) => !g.withdrawnOn && !inspected.has(g.id))) classes.add('not_inspected');
  for (const c of ['accepted', 'replant', 'rejected', 'withdrawn', 'not_inspected']) if (!classes.has(c)) fail(`no ${c} planting`);
}
