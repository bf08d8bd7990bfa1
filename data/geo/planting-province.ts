/**
 * Illustrative planting elsewhere in the province (every district but Kon Tum city, whose figures
 * come from report 000): plantings of 2019-2023 on production land, inspected each year after
 * planting (stage 1, 2, 3 up to 2023), with a mix of outcomes so the map shows every class:
 * accepted, replant, rejected, withdrawn and (2023) not yet inspected. District targets are set
 * a little above what was planted; the province target is their sum.
 */
import { KT_CITY } from './facts.ts';
import { pickWeighted } from './forest-attributes.ts';
import type { ForestData, ForestPlot } from './forest.ts';
import type { AdminUnit } from './units.ts';
import { type PlantingBuilder, dateIn } from './planting-types.ts';
import { plotsInRange } from './sample-plots.ts';
import { type Rng, subRng } from './prng.ts';

export const PROVINCE_YEARS = [2019, 2020, 2021, 2022, 2023] as const;
/** The latest year with inspections in the dataset. */
const LAST_YEAR = 2023;

/** Plantings per year by district (about 230 in the province). */
const PLANTINGS_PER_YEAR: Record<string, number> = { '610': 30, '617': 28, '611': 22, '612': 18, '613': 34, '615': 24, '614': 26, '616': 26, '618': 20 };

/** Design density (trees/ha) by species. Shared with the scale generator (scale-planting.ts). */
export const DENSITY: Record<string, number> = { 'Keo lai': 1600, 'Keo tai tượng': 1600, 'Bạch đàn': 1600, 'Thông ba lá': 2000, Quế: 2500, 'Sao đen': 1100 };

export function speciesMix(districtCode: string): [string, number][] {
  if (districtCode === '613') return [['Thông ba lá', 50], ['Keo lai', 40], ['Sao đen', 10]];
  if (districtCode === '617' || districtCode === '610') return [['Keo lai', 50], ['Quế', 30], ['Keo tai tượng', 10], ['Sao đen', 10]];
  return [['Keo lai', 70], ['Keo tai tượng', 10], ['Bạch đàn', 10], ['Sao đen', 10]];
}

/** Land a planting can go on: production land that is bare, recently planted or long harvested. */
export function plantable(p: ForestPlot): boolean {
  if (p.forestFunction !== 'production' && p.forestFunction !== 'outside') return false;
  if (p.ldlr === 'DT1' || p.ldlr === 'DT2' || p.ldlr === 'DTR') return true;
  return p.ldlr === 'RTG' && p.namtr !== null && p.namtr <= 2012;
}

/** Planted area on a lô: households plant part of it, companies most of it. */
function plantingArea(p: ForestPlot, rng: Rng): number {
  let ha: number;
  if (p.ownerKind === 'household') ha = Math.min(p.dtich * rng.range(0.3, 0.9), rng.range(0.8, 4.5));
  else if (p.ownerKind === 'company') ha = p.dtich * rng.range(0.6, 0.95);
  else ha = Math.min(p.dtich * 0.8, rng.range(2, 10));
  return Math.max(0.3, Math.min(Math.round(ha * 100) / 100, Math.floor(p.dtich * 100) / 100));
}

export type Outcome = 'accepted' | 'replant' | 'rejected';

/** Survival range of an inspection at a stage, given the planting's eventual outcome. */
export function survivalRange(outcome: Outcome, isLast: boolean, rng: Rng): [number, number] {
  if (outcome === 'accepted') return isLast || rng.chance(0.7) ? [86, 97] : [70, 85];
  if (outcome === 'replant') return [55, 85];
  return isLast ? [20, 49.9] : [50, 78];
}

export function plantProvince(b: PlantingBuilder, forest: ForestData, units: AdminUnit[], seed: number): void {
  const communeOf = new Map(units.filter((u) => u.level === 'commune').map((u) => [u.code, u]));
  const districtName = new Map(units.filter((u) => u.level === 'district').map((u) => [u.code, u.name]));
  const rng = subRng(seed, 'planting/province');
  const pools = new Map<string, ForestPlot[]>();
  for (const p of forest.plots) {
    const d = communeOf.get(p.communeCode)!.parentCode!;
    if (d === KT_CITY || !plantable(p)) continue;
    if (!pools.has(d)) pools.set(d, []);
    pools.get(d)!.push(p);
  }
  for (const [d, list] of pools) pools.set(d, subRng(seed, `planting/pool/${d}`).shuffle(list));

  const plantedHa = new Map<string, number>(); // district/year → ha
  for (const year of PROVINCE_YEARS) {
    for (const d of Object.keys(PLANTINGS_PER_YEAR).sort()) {
      const pool = pools.get(d) ?? [];
      const n = Math.round(PLANTINGS_PER_YEAR[d] * rng.range(0.8, 1.2));
      for (let k = 0; k < n && pool.length; k++) {
        const plot = pool.pop()!;
        const species = pickWeighted(rng, speciesMix(d));
        const density = DENSITY[species];
        const ha = plantingArea(plot, rng);
        const owner = plot.churung;
        const funding = plot.ownerKind === 'company' || (plot.ownerKind === 'household' && rng.chance(0.35)) ? 'self' : 'state';
        const withdrawn = plot.ownerKind === 'household' && rng.chance(0.04);
        const withdrawnOn = withdrawn ? (year < LAST_YEAR ? dateIn(rng, year + 1, 3, 9) : dateIn(rng, year, 10, 11)) : null;
        const g = b.addPlanting({
          plotId: plot.id,
          year,
          areaHa: ha,
          species,
          funding,
          household: owner,
          densityPerHa: density,
          plantedOn: dateIn(rng, year, 6, 8),
          withdrawnOn,
          withdrawnReason: withdrawn ? 'Hộ xin rút khỏi dự án' : null,
        });
        plantedHa.set(`${d}/${year}`, (plantedHa.get(`${d}/${year}`) ?? 0) + ha);

        const outcome: Outcome = pickWeighted(rng, [['accepted', 60], ['replant', 27], ['rejected', 13]] as [Outcome, number][]);
        const commune = communeOf.get(plot.communeCode)!;
        const team = `Hạt Kiểm lâm huyện ${districtName.get(d)}, UBND xã ${commune.name}`;
        const stages = year === LAST_YEAR ? (rng.chance(0.6) ? 1 : 0) : Math.min(3, LAST_YEAR - year + 1);
        for (let s = 1; s <= stages; s++) {
          const on = dateIn(rng, year + s - 1, 10, 12);
          if (withdrawnOn && on >= withdrawnOn) break;
          const [lo, hi] = survivalRange(outcome, s === stages, rng);
          b.addInspection(g, plot, { inspectedOn: on, stage: s, team, samplePlots: plotsInRange(lo, hi, density, rng) }, rng);
        }
        plot.ldlr = outcome === 'accepted' && year <= 2020 && !withdrawn ? 'RTG' : 'DTR';
        plot.namtr = year;
        plot.loaicay = species;
      }
    }
  }

  // Targets: districts a little above what they planted; the province their sum (with the city's).
  const trng = subRng(seed, 'planting/targets');
  const byYear = new Map<number, number>();
  for (const [key, ha] of [...plantedHa].sort(([a], [b2]) => a.localeCompare(b2))) {
    const [d, y] = key.split('/');
    const target = Math.round(ha * trng.range(0.95, 1.15));
    b.addTarget({ unitCode: d, year: Number(y), targetHa: target, source: 'minh họa / illustrative' });
    byYear.set(Number(y), (byYear.get(Number(y)) ?? 0) + target);
  }
  for (const t of b.data.targets) if (t.unitCode === KT_CITY) byYear.set(t.year, (byYear.get(t.year) ?? 0) + t.targetHa);
  for (const [year, ha] of [...byYear].sort(([a], [c]) => a - c)) {
    b.addTarget({ unitCode: '62', year, targetHa: ha, source: 'minh họa: tổng chỉ tiêu các huyện / illustrative: sum of the districts' });
  }
}
