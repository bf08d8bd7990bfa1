/**
 * Forest planting in Kon Tum city as report 000 (section III) states it, row by row:
 *
 * - 2021 planting (inspected in its second year, late 2022): 197.29 ha planted, 173.06 ha inspected;
 *   86.58 ha accepted (> 85 % survival: Chư Hreng 46.93, Hòa Bình 39.65), 86.48 ha rejected
 *   (< 50 %: Ia Chim 9.58, Đăk Rơ Wa 60.59, Hòa Bình 15.47, Chư Hreng 0.84), 24.23 ha not inspected
 *   in Chư Hreng because 9 households withdrew from the project.
 * - 2022 planting: 10.61 ha inspected in December 2022 with Chư Hreng commune, survival 62.83 %
 *   (between 50 and 85 %: to be replanted).
 * - 2023: the province's target of 63 ha (decision 793/QĐ-UBND of 09/12/2022), and the plans of
 *   the six communes (Chư Hreng 15 ha new area in tiểu khu 568; sites named in tiểu khu 565,
 *   558-559 and 566-567).
 *
 * Each commune's area is split into household plantings (one lô each, never more than the lô's
 * area). Every inspection's survival comes from its sample plots; the 2022 survivals are solved so
 * that their area-weighted mean, rounded as server/sql/stats/planting.sql rounds it, is 62.83 %.
 */
import { KT_CITY, type Figures, type NameIndex } from './facts.ts';
import { householdName } from './forest-attributes.ts';
import { type ForestData, type ForestPlot, NAMED_TIEU_KHU } from './forest.ts';
import { type PlantingBuilder, type PlantingRow, dateIn, splitArea } from './planting-types.ts';
import { plotsForSurvival, plotsInRange } from './sample-plots.ts';
import { type Rng, subRng } from './prng.ts';
import { assessSurvival } from '../../server/domain/survival.ts';

const CITY = 'Thành phố Kon Tum';
const SPECIES = 'Keo lai';
const DENSITY = 1600;
/** Report 000: the 2022 acceptance was organised with Chư Hreng commune. */
const COMMUNE_2022 = 'Chư Hreng';
/** Mean area of one household's planting (the 9 withdrawn households held 24.23 ha). */
const HOUSEHOLD_HA = 2.7;
/**
 * 2023 plans of the six communes: Chư Hreng's 15 ha is stated; the other shares of the city's
 * 63 ha are illustrative (the report says the communes had not fixed their areas).
 */
const PLAN_2023_OTHERS: Record<string, number> = { 'Đăk Blà': 12, 'Hòa Bình': 10, 'Đăk Cấm': 10, 'Ia Chim': 8, 'Đăk Rơ Wa': 8 };

interface CommuneAreas {
  code: string;
  name: string;
  accepted: number;
  rejected: number;
  withdrawn: number;
}

/** Marks a lô as planted by a household in a year (inventory attributes follow the planting). */
function plantLo(plot: ForestPlot, household: string, year: number): void {
  plot.churung = household;
  plot.ownerKind = 'household';
  plot.ldlr = 'DTR';
  plot.namtr = year;
  plot.loaicay = SPECIES;
}

/**
 * Lô for the commune's plantings: production lô (then lô outside the forest categories), those
 * in the `prefer` tiểu khu first and those in the `avoid` ones last, in a shuffled order.
 */
function siteQueue(forest: ForestData, code: string, prefer: number[], avoid: number[], rng: Rng): ForestPlot[] {
  const all = rng.shuffle(forest.plots.filter((p) => p.communeCode === code && (p.forestFunction === 'production' || p.forestFunction === 'outside')));
  const rank = (p: ForestPlot) => (prefer.includes(p.tk) ? 0 : avoid.includes(p.tk) ? 2 : 1) + (p.forestFunction === 'production' ? 0 : 3);
  return all.map((p, i) => ({ p, i })).sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i).map((x) => x.p);
}

/** Takes the first lô of the queue large enough for `areaHa` (with a margin), not used yet. */
function takeSite(queue: ForestPlot[], used: Set<number>, areaHa: number): ForestPlot {
  const i = queue.findIndex((p) => !used.has(p.id) && p.dtich >= areaHa + 0.3);
  if (i < 0) throw new Error(`no lô left for a ${areaHa} ha planting`);
  used.add(queue[i].id);
  return queue[i];
}

export function plantCity(b: PlantingBuilder, forest: ForestData, names: NameIndex, figures: Figures, emShare: (code: string) => number, seed: number): void {
  const f = figures.forest_planting_kon_tum_city;
  const a = f.acceptance_2021_planting_year2;
  const rng = subRng(seed, 'planting/city');
  const used = new Set<number>();
  const namedFor = (code: string) => NAMED_TIEU_KHU.filter((n) => names.commune(n.commune, CITY).code === code).map((n) => n.tk);
  const team = (commune: string) => `Phòng Kinh tế, Hạt Kiểm lâm thành phố Kon Tum, UBND xã ${commune}`;

  const c22 = names.commune(COMMUNE_2022, CITY);

  // ---- 2021 planting ----
  const byCommune = new Map<string, CommuneAreas>();
  const areas = (name: string) => {
    const c = names.commune(name, CITY);
    if (!byCommune.has(c.code)) byCommune.set(c.code, { code: c.code, name: c.name, accepted: 0, rejected: 0, withdrawn: 0 });
    return byCommune.get(c.code)!;
  };
  for (const [n, ha] of Object.entries(a.accepted_by_commune_ha as Record<string, number>)) areas(n).accepted = ha;
  for (const [n, ha] of Object.entries(a.rejected_by_commune_ha as Record<string, number>)) areas(n).rejected = ha;
  for (const [n, ha] of Object.entries(a.not_inspected_by_commune_ha as Record<string, number>)) areas(n).withdrawn = ha;
  const withdrawnHouseholds = Number(/(\d+) households/.exec(a.not_inspected_reason)?.[1]);
  if (!(withdrawnHouseholds > 0)) throw new Error('report 000: number of withdrawn households not found');

  for (const c of [...byCommune.values()].sort((x, y) => x.code.localeCompare(y.code))) {
    // The named tiểu khu of the 2022 commune (568) are kept for its 2022 planting and 2023 plan.
    const keep = c.code === c22.code ? namedFor(c.code) : [];
    const queue = siteQueue(forest, c.code, keep.length ? [] : namedFor(c.code), keep, rng);
    const groups: ['accepted' | 'rejected' | 'withdrawn', number, number][] = [
      ['accepted', c.accepted, Math.max(1, Math.round(c.accepted / HOUSEHOLD_HA))],
      ['rejected', c.rejected, Math.max(1, Math.round(c.rejected / HOUSEHOLD_HA))],
      ['withdrawn', c.withdrawn, withdrawnHouseholds],
    ];
    for (const [kind, total, n] of groups) {
      if (total <= 0) continue;
      for (const ha of splitArea(total, n, rng).sort((x, y) => y - x)) {
        const plot = takeSite(queue, used, ha);
        const household = householdName(rng, emShare(c.code));
        plantLo(plot, household, 2021);
        const g = b.addPlanting({
          plotId: plot.id,
          year: 2021,
          areaHa: ha,
          species: SPECIES,
          funding: 'state',
          household,
          densityPerHa: DENSITY,
          plantedOn: dateIn(rng, 2021, 7, 8),
          withdrawnOn: kind === 'withdrawn' ? dateIn(rng, 2022, 9, 11) : null,
          withdrawnReason: kind === 'withdrawn' ? 'Hộ xin rút khỏi dự án, đang làm thủ tục điều chỉnh ra khỏi dự án' : null,
        });
        // Year 1 (December 2021): every household still in the project.
        const year1 = kind === 'accepted' ? plotsInRange(86.5, 96, DENSITY, rng) : plotsInRange(52, 80, DENSITY, rng);
        b.addInspection(g, plot, { inspectedOn: dateIn(rng, 2021, 12, 12), stage: 1, team: team(c.name), samplePlots: year1 }, rng);
        if (kind === 'withdrawn') continue;
        // Year 2 (late 2022): the acceptance the report counts.
        const year2 = kind === 'accepted' ? plotsInRange(86.2, 95, DENSITY, rng) : plotsInRange(18, 48.5, DENSITY, rng);
        b.addInspection(
          g,
          plot,
          {
            inspectedOn: dateIn(rng, 2022, 11, 12),
            stage: 2,
            team: team(c.name),
            note: kind === 'rejected' ? 'Tỷ lệ sống dưới 50%, không nghiệm thu; thực bì dày, chưa chăm sóc' : null,
            samplePlots: year2,
          },
          rng,
        );
      }
    }
  }

  // ---- 2022 planting: replant class, area-weighted survival exactly as reported ----
  const p22 = f.acceptance_2022_planting;
  const target = Math.round(p22.survival_pct * 100);
  const [year, month] = String(p22.inspected_month).split('-').map(Number);
  const queue22 = siteQueue(forest, c22.code, namedFor(c22.code), [], rng).filter((p) => namedFor(c22.code).includes(p.tk));
  const parts = splitArea(p22.area_ha, 4, rng).sort((x, y) => y - x);
  const survivals = solveWeightedSurvival(parts, target, rng);
  parts.forEach((ha, i) => {
    const plot = takeSite(queue22, used, ha);
    const household = householdName(rng, emShare(c22.code));
    plantLo(plot, household, 2022);
    const g: PlantingRow = b.addPlanting({
      plotId: plot.id,
      year: 2022,
      areaHa: ha,
      species: SPECIES,
      funding: 'state',
      household,
      densityPerHa: DENSITY,
      plantedOn: dateIn(rng, 2022, 7, 8),
      withdrawnOn: null,
      withdrawnReason: null,
    });
    b.addInspection(
      g,
      plot,
      { inspectedOn: dateIn(rng, year, month, month), stage: 1, team: team(c22.name), note: 'Tỷ lệ sống 50-85%: phải trồng dặm', samplePlots: survivals[i] },
      rng,
    );
  });

  // ---- 2023 targets ----
  const plans = f.planting_plans_2023;
  b.addTarget({ unitCode: KT_CITY, year: 2023, targetHa: f.target_2023_ha, source: '000: Quyết định 793/QĐ-UBND ngày 09/12/2022 của UBND tỉnh' });
  let planned = 0;
  for (const name of plans.communes_with_plan as string[]) {
    const site = plans.sites_named[name] as { tieu_khu?: number[]; new_area_ha?: number } | undefined;
    const ha = site?.new_area_ha ?? PLAN_2023_OTHERS[name];
    if (ha === undefined) throw new Error(`no 2023 plan area for ${name}`);
    planned += ha;
    const where = site?.tieu_khu ? `, tiểu khu ${site.tieu_khu.join(', ')}` : '';
    const stated = site?.new_area_ha !== undefined ? 'kế hoạch của xã' : 'kế hoạch của xã; diện tích minh họa';
    b.addTarget({ unitCode: names.commune(name, CITY).code, year: 2023, targetHa: ha, source: `000: ${stated}${where}` });
  }
  if (planned !== f.target_2023_ha) throw new Error(`2023 commune plans sum to ${planned} ha, not ${f.target_2023_ha}`);
}

/**
 * Sample plots for plantings of the given areas whose survivals lie between 55 and 75 % and
 * whose area-weighted mean rounds (half away from zero, 2 decimals) to target/100 %.
 * Integer arithmetic: areas in cents of a hectare, survival in hundredths of a percent.
 */
export function solveWeightedSurvival(areasHa: number[], target: number, rng: Rng): ReturnType<typeof plotsForSurvival>[] {
  const cents = areasHa.map((x) => Math.round(x * 100));
  const A = cents.reduce((s, x) => s + x, 0);
  for (let attempt = 0; attempt < 200; attempt++) {
    const plots = cents.slice(0, -1).map(() => plotsInRange(55, 72, DENSITY, rng));
    const s = plots.map((p) => Math.round(assessSurvival(p).survivalPct * 100));
    const n0 = cents.slice(0, -1).reduce((acc, c, i) => acc + c * s[i], 0);
    const last = cents[cents.length - 1];
    // round(N / A) = target  ⇔  (2·target − 1)·A ≤ 2N < (2·target + 1)·A
    const lo = Math.ceil(((2 * target - 1) * A - 2 * n0) / (2 * last));
    const hi = Math.floor(((2 * target + 1) * A - 2 * n0 - 1) / (2 * last));
    for (let v = Math.max(lo, 5001); v <= Math.min(hi, 8499); v++) {
      try {
        return [...plots, plotsForSurvival(v, DENSITY, rng)];
      } catch {
        // this exact value has no sample-plot counts in reach: try the next one
      }
    }
  }
  throw new Error(`cannot reach a weighted survival of ${target / 100} %`);
}
