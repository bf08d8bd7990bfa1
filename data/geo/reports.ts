/**
 * The remaining report figures as records (migrations 047–050):
 *
 * - NTM funding 2016–2020 by source (report 004, section 1.7), split by district. The report gives
 *   the province only; the split follows each district's communes in the programme with a little
 *   noise and sums exactly to the report, per source, in whole million đồng.
 * - Village cultural infrastructure (report 004, footnote on culture, 2020): 440 of the 617
 *   ethnic-minority villages with a nhà rông, 618 of 874 recognised "Khu dân cư văn hóa", 792 of
 *   874 with a culture house and a sports ground; 44 communes with a commune culture house, 27 of
 *   them at the standard.
 * - Scattered-tree planting of 2022 in Kon Tum city and its inspection (report 000, III.2.2 and
 *   III.3): all 21 communes and wards inspected; survival very low in several; some units had not
 *   checked their own planting.
 * - 2023 village plans (report 000, IV.2.1): 9 of 17 units built theirs, 8 did not (named).
 * - Village standing of March 2025 (public provincial news): 84 pilot villages, about 110 (here
 *   exactly 110) villages at the standard.
 * Where the reports are silent the values are plausible and never contradict them.
 */
import { type CommuneFact, type Figures, KT_CITY, type NameIndex } from './facts.ts';
import { communeStrength } from './ntm-matrix.ts';
import { subRng } from './prng.ts';
import type { VillageData } from './villages.ts';

import { FUNDING_SOURCES, type FundingSource } from '../../server/domain/reports.ts';

export interface FundingRow {
  periodFrom: number;
  periodTo: number;
  unitCode: string;
  source: FundingSource;
  amountMillionVnd: number;
}
export interface VillageInfrastructureRow {
  villageCode: string;
  asOf: string;
  nhaRong: boolean;
  cultureHouse: boolean;
  sportsGround: boolean;
  culturalAreaRecognised: boolean;
}
export interface CommuneCultureHouseRow {
  communeCode: string;
  asOf: string;
  hasHouse: boolean;
  atStandard: boolean;
}
export interface ScatteredTreeRow {
  unitCode: string;
  year: number;
  treesPlanted: number;
  treesAlive: number | null;
  inspectedOn: string | null;
  selfChecked: boolean | null;
  note: string | null;
}
export interface ScatteredTreeInspection {
  districtCode: string;
  year: number;
  decision: string;
  findingVi: string;
  findingEn: string;
  source: string;
}
export interface VillagePlanRow {
  unitCode: string;
  year: number;
  built: boolean;
}
export interface VillageStandingRow {
  villageCode: string;
  asOf: string;
  pilot: boolean;
  atStandard: boolean;
}
export interface ReportsData {
  funding: FundingRow[];
  infrastructure: VillageInfrastructureRow[];
  cultureHouses: CommuneCultureHouseRow[];
  scatteredTrees: ScatteredTreeRow[];
  scatteredTreeInspections: ScatteredTreeInspection[];
  villagePlans: VillagePlanRow[];
  standing: VillageStandingRow[];
}

/** Largest-remainder split of an integer total by weights. */
function split(weights: number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (w / sum) * total);
  const out = raw.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => ({ i, f: r - Math.floor(r) })).sort((a, b) => b.f - a.f || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    out[i]++;
    left--;
  }
  return out;
}

/** The first `n` of a list ranked by a deterministic score (higher first). */
function topBy<T>(list: T[], n: number, score: (x: T) => number, key: (x: T) => string): Set<string> {
  const ranked = list.map((x) => ({ k: key(x), s: score(x) })).sort((a, b) => b.s - a.s || a.k.localeCompare(b.k));
  return new Set(ranked.slice(0, n).map((r) => r.k));
}

export function buildReports(communes: CommuneFact[], villages: VillageData, figures: Figures, names: NameIndex, seed: number): ReportsData {
  // ---- NTM funding 2016–2020 ----
  const f = figures.ntm_funding_2016_2020_billion_vnd;
  const districts = [...new Set(communes.map((c) => c.districtCode))].sort();
  const inProgramme = (d: string) => communes.filter((c) => c.districtCode === d && c.kind === 'xa').length;
  const funding: FundingRow[] = [];
  for (const source of FUNDING_SOURCES) {
    const total = Math.round(f[source] * 1000);
    const r = subRng(seed, `funding/${source}`);
    const weights = districts.map((d) => (inProgramme(d) + 1) * r.range(0.8, 1.25) * (source === 'enterprises' && d === KT_CITY ? 3 : 1));
    split(weights, total).forEach((amount, i) => funding.push({ periodFrom: 2016, periodTo: 2020, unitCode: districts[i], source, amountMillionVnd: amount }));
  }

  // ---- village infrastructure, 2020 ----
  const vf = figures.province.villages;
  const all = villages.villages;
  const em = all.filter((v) => v.ethnicMinority);
  const ir = subRng(seed, 'village-infrastructure');
  const nhaRong = topBy(em, vf.with_communal_house_nha_rong, (v) => ir.float() + (v.mainEthnic === 'Ba Na' || v.mainEthnic === 'Xơ Đăng' ? 0.3 : 0), (v) => v.code);
  const both = topBy(all, vf.villages_with_culture_house_and_sports_ground, (v) => ir.float() + (v.kind === 'to_dan_pho' ? 0.5 : 0) + (v.pilotTier ? 0.4 : 0), (v) => v.code);
  const recognisedArea = topBy(all, vf.culture_recognised_residential_areas, (v) => ir.float() + (both.has(v.code) ? 0.35 : 0), (v) => v.code);
  const infrastructure: VillageInfrastructureRow[] = all.map((v) => {
    const has = both.has(v.code);
    // Villages without both have one of the two or neither.
    const which = has ? 3 : ir.int(0, 2); // 0 none, 1 culture house only, 2 sports ground only
    return {
      villageCode: v.code,
      asOf: '2020-12-31',
      nhaRong: nhaRong.has(v.code),
      cultureHouse: has || which === 1,
      sportsGround: has || which === 2,
      culturalAreaRecognised: recognisedArea.has(v.code),
    };
  });
  const xa = communes.filter((c) => c.kind === 'xa');
  const hr = subRng(seed, 'commune-culture-house');
  const withHouse = topBy(xa, vf.communes_with_culture_house, (c) => communeStrength(c) + hr.range(0, 0.4), (c) => c.code);
  const standard = topBy(xa.filter((c) => withHouse.has(c.code)), vf.commune_culture_houses_at_standard, (c) => communeStrength(c) + hr.range(0, 0.4), (c) => c.code);
  const cultureHouses = xa.map((c) => ({ communeCode: c.code, asOf: '2020-12-31', hasHouse: withHouse.has(c.code), atStandard: standard.has(c.code) }));

  // ---- scattered trees, Kon Tum city 2022 ----
  const st = figures.scattered_trees_kon_tum_city;
  const city = communes.filter((c) => c.districtCode === KT_CITY);
  const tr = subRng(seed, 'scattered-trees');
  const scatteredTrees: ScatteredTreeRow[] = city.map((c, i) => {
    const planted = c.kind === 'phuong' ? tr.int(4, 16) * 50 : tr.int(8, 30) * 50;
    const low = tr.chance(0.45);
    const survival = low ? tr.range(0.22, 0.5) : tr.range(0.6, 0.85);
    return {
      unitCode: c.code,
      year: 2022,
      treesPlanted: planted,
      treesAlive: Math.round(planted * survival),
      inspectedOn: `2023-0${i < 11 ? 3 : 4}-${String(i < 11 ? 20 + i : 3 + (i - 11)).padStart(2, '0')}`,
      selfChecked: !tr.chance(0.35),
      note: null,
    };
  });
  if (scatteredTrees.filter((r) => r.inspectedOn).length !== st.inspection_2022.units_inspected) throw new Error('scattered trees: inspected units');
  const scatteredTreeInspections: ScatteredTreeInspection[] = [{
    districtCode: KT_CITY,
    year: 2022,
    decision: 'Quyết định số 4605/QĐ-UBND ngày 05/12/2022 của UBND thành phố; Kế hoạch số 01/KH-TKT ngày 09/01/2023 của Tổ Kiểm tra cây phân tán',
    findingVi: st.inspection_2022.finding_vi,
    findingEn: st.inspection_2022.finding_en,
    source: '000',
  }];

  // ---- 2023 village plans ----
  const kt = figures.villages_kon_tum_city;
  const villagePlans: VillagePlanRow[] = [
    ...(kt.plans_2023_built as string[]).map((n) => ({ unitCode: names.commune(n, 'Thành phố Kon Tum').code, year: 2023, built: true })),
    ...(kt.plans_2023_missing as string[]).map((n) => ({ unitCode: names.commune(n, 'Thành phố Kon Tum').code, year: 2023, built: false })),
  ];

  // ---- village standing, March 2025 ----
  const p25 = kt.province_2025_03;
  const met23 = new Map<string, number>();
  for (const s of villages.statuses) if (s.year === 2023) met23.set(s.villageCode, s.met.reduce((a, b) => a + b, 0));
  const recognised = new Set(villages.recognitions.filter((r) => r.level === 'ntm').map((r) => r.villageCode));
  const sr = subRng(seed, 'village-standing-2025');
  const atStandard = topBy(em, Number(String(p25.villages_reached_standard).replace(/\D/g, '')), (v) => (recognised.has(v.code) ? 100 : 0) + (met23.get(v.code) ?? 0) + (v.pilotTier ? 2 : 0) + sr.float(), (v) => v.code);
  const pilots = topBy(em.filter((v) => !atStandard.has(v.code)), p25.pilot_villages, (v) => (met23.get(v.code) ?? 0) + (v.pilotTier ? 3 : 0) + sr.float() * 2, (v) => v.code);
  const standing: VillageStandingRow[] = em
    .filter((v) => atStandard.has(v.code) || pilots.has(v.code))
    .map((v) => ({ villageCode: v.code, asOf: '2025-03-31', pilot: pilots.has(v.code), atStandard: atStandard.has(v.code) }));

  return { funding, infrastructure, cultureHouses, scatteredTrees, scatteredTreeInspections, villagePlans, standing };
}
