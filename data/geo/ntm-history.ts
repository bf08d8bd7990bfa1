/**
 * Commune NTM history around the solved 2020 table: the 2015 baseline and the years 2016-2019
 * between them, the first two years of the 2021-2025 set (March 2022, early 2023), recognition
 * levels with decisions, and the named and counted targets.
 *
 * 2015-2020 are monotone: a criterion met in one year stays met. A commune recognised in year Y
 * reaches 19/19 exactly in Y. 2022 and 2023 are scored on the harder 2021-2025 set, so they are
 * drawn afresh (biased toward what was met in 2020) rather than continued cell by cell.
 */
import type { CommuneFact, Figures, NameIndex } from './facts.ts';
import { CRITERIA, type Matrix, NTM_2021_NEW, type Row, type Targets2020, communeStrength, rowSum } from './ntm-matrix.ts';
import { Rng, subRng } from './prng.ts';

export type Level = 'none' | 'ntm' | 'advanced' | 'model';

export interface LevelRow {
  communeCode: string;
  year: number;
  level: Level;
  recognisedOn: string | null;
  decision: string | null;
}
export interface CommuneTargetRow {
  communeCode: string;
  year: number;
  level: 'ntm' | 'advanced' | 'model';
  source: string;
}
/** A unit's target number of communes meeting one criterion by a year (Resolution 01-NQ/TU, report 004). */
export interface CriterionTargetRow {
  unitCode: string;
  year: number;
  criterionNo: number;
  minCommunes: number;
  source: string;
}

export interface CountTargetRow {
  unitCode: string;
  year: number;
  level: 'ntm' | 'advanced' | 'model' | 'district_ntm';
  minCount: number;
  maxCount: number | null;
  noteVi: string | null;
  noteEn: string | null;
  source: string;
}

export interface NtmHistory {
  /** year → 85 rows; years 2015-2020, 2022, 2023 */
  matrices: Map<number, Matrix>;
  levels: LevelRow[];
  communeTargets: CommuneTargetRow[];
  countTargets: CountTargetRow[];
  criterionTargets: CriterionTargetRow[];
}

export const YEARS = [2015, 2016, 2017, 2018, 2019, 2020, 2022, 2023] as const;

/** When each of the 28 communes of 2020 was recognised (2015: by end of 2015). Illustrative. */
const RECOGNITION_YEAR: Record<number, [string, string][]> = {
  2015: [
    ['Đoàn Kết', 'Thành phố Kon Tum'],
    ['Hòa Bình', 'Thành phố Kon Tum'],
    ['Vinh Quang', 'Thành phố Kon Tum'],
    ['Hà Mòn', 'Đăk Hà'],
    ['Đăk Mar', 'Đăk Hà'],
    ['Diên Bình', 'Đăk Tô'],
    ['Tân Cảnh', 'Đăk Tô'],
    ['Đăk Nông', 'Ngọc Hồi'],
    ['Sa Sơn', 'Sa Thầy'],
  ],
  2016: [
    ['Đăk Kan', 'Ngọc Hồi'],
    ['Đăk Ruồng', 'Kon Rẫy'],
    ['Sa Nhơn', 'Sa Thầy'],
  ],
  2017: [
    ['Ia Chim', 'Thành phố Kon Tum'],
    ['Đăk La', 'Đăk Hà'],
    ['Kon Đào', 'Đăk Tô'],
    ['Đăk Dục', 'Ngọc Hồi'],
  ],
  2018: [
    ['Đăk Năng', 'Thành phố Kon Tum'],
    ['Đăk Ngọk', 'Đăk Hà'],
    ['Bờ Y', 'Ngọc Hồi'],
    ['Tân Lập', 'Kon Rẫy'],
  ],
  2019: [
    ['Đăk Cấm', 'Thành phố Kon Tum'],
    ['Sa Nghĩa', 'Sa Thầy'],
    ['Đăk Xú', 'Ngọc Hồi'],
    ['Đăk Pét', 'Đăk Glei'],
  ],
  2020: [
    ['Đăk Tờ Lung', 'Kon Rẫy'],
    ['Đăk Môn', 'Đăk Glei'],
    ['Pờ Ê', 'Kon Plông'],
    ['Măng Cành', 'Kon Plông'],
  ],
};
/** Recognised between March 2022 and early 2023 (36th commune). */
const NTM_2022_NEW: [string, string] = ['Đăk Rơ Wa', 'Thành phố Kon Tum'];
/** Recognised as advanced (nâng cao) during 2022: three, per 003; Đăk Mar is the 2023 model target. */
const ADVANCED_2022: [string, string][] = [
  ['Đăk Mar', 'Đăk Hà'],
  ['Đoàn Kết', 'Thành phố Kon Tum'],
  ['Đăk Nông', 'Ngọc Hồi'],
];
/** 2023 new-NTM targets already at 19/19 in early 2023 but not yet recognised (42 − 36 = 6). */
const MEETS_2023_NOT_RECOGNISED: [string, string][] = [
  ['Ngọk Réo', 'Đăk Hà'],
  ['Đăk Pxi', 'Đăk Hà'],
  ['Đăk Ang', 'Ngọc Hồi'],
  ['Đăk Choong', 'Đăk Glei'],
  ['Ia Dal', "Ia H'Drai"],
  ['Hơ Moong', 'Sa Thầy'],
];

/** Ease of each criterion under the 2021-2025 set (higher: more communes meet it). */
const EASE_2021: number[] = [19, 12, 18, 18, 10, 13, 17, 15, 9, 4, 2, 16, 6, 11, 12, 14, 7, 10, 15];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function decisionText(rng: Rng, date: string, level: Level): string {
  const [y, m, d] = date.split('-');
  const what = level === 'advanced' ? 'xã đạt chuẩn nông thôn mới nâng cao' : 'xã đạt chuẩn nông thôn mới';
  return `Quyết định số ${rng.int(150, 1450)}/QĐ-UBND ngày ${d}/${m}/${y} của UBND tỉnh Kon Tum công nhận ${what}`;
}

function dateIn(rng: Rng, year: number, fromMonth: number, toMonth: number): string {
  return `${year}-${pad(rng.int(fromMonth, toMonth))}-${pad(rng.int(1, 28))}`;
}

/** Adjusts integer targets by ±1 steps in priority order until they sum to total (within bounds). */
function fitTotal(codes: string[], values: Map<string, number>, total: number, lo: (c: string) => number, hi: (c: string) => number): void {
  let diff = total - codes.reduce((s, c) => s + values.get(c)!, 0);
  let guard = 0;
  while (diff !== 0) {
    let moved = false;
    for (const c of diff > 0 ? codes : codes.slice().reverse()) {
      if (diff === 0) break;
      const v = values.get(c)!;
      if (diff > 0 && v < hi(c)) {
        values.set(c, v + 1);
        diff--;
        moved = true;
      } else if (diff < 0 && v > lo(c)) {
        values.set(c, v - 1);
        diff++;
        moved = true;
      }
    }
    if (!moved || ++guard > 1000) throw new Error(`cannot fit row targets to total ${total}`);
  }
}

/** The k criteria of `allowed` to mark met, easiest first with a little per-commune noise. */
function chooseCells(k: number, allowed: number[], ease: (j: number) => number, rng: Rng): Row {
  const ranked = allowed
    .map((j) => ({ j, s: ease(j) + rng.range(-4, 4) }))
    .sort((a, b) => b.s - a.s || a.j - b.j);
  if (k > ranked.length) throw new Error(`need ${k} cells, only ${ranked.length} allowed`);
  const row = new Uint8Array(CRITERIA);
  for (let i = 0; i < k; i++) row[ranked[i].j - 1] = 1;
  return row;
}

export function buildHistory(m2020: Matrix, t: Targets2020, figures: Figures, names: NameIndex, seed: number): NtmHistory {
  const rng = subRng(seed, 'ntm-history');
  const communes = t.communes;
  const byCode = new Map(communes.map((c) => [c.code, c]));
  const code = ([n, d]: [string, string]) => names.commune(n, d).code;
  const sum2020 = new Map(communes.map((c) => [c.code, rowSum(m2020.get(c.code)!)]));
  const colTotal2020 = t.columnTotals;

  const recYear = new Map<string, number>();
  for (const [y, list] of Object.entries(RECOGNITION_YEAR)) for (const p of list) recYear.set(code(p), Number(y));
  if (recYear.size !== 28 || [...recYear.keys()].some((c) => !t.ntm.has(c))) throw new Error('recognition schedule must cover the 28 NTM communes of 2020');

  // ---- 2015 baseline ----
  const status = figures.ntm_status_2020_12;
  const ntm2015 = [...recYear].filter(([, y]) => y === 2015).map(([c]) => c);
  const nonNtm = communes.filter((c) => !t.ntm.has(c.code));
  const low41 = nonNtm
    .filter((c) => !t.band15.has(c.code))
    .sort((a, b) => sum2020.get(a.code)! - sum2020.get(b.code)! || communeStrength(a) - communeStrength(b) || a.code.localeCompare(b.code))
    .slice(0, status.communes_below_5_criteria_2015)
    .map((c) => c.code);
  const lowSet = new Set(low41);
  const target2015 = new Map<string, number>();
  for (const c of communes) {
    if (ntm2015.includes(c.code)) target2015.set(c.code, 19);
    else if (lowSet.has(c.code)) target2015.set(c.code, Math.max(2, Math.min(4, Math.round(1.5 + communeStrength(c) * 3))));
    else if (recYear.has(c.code)) target2015.set(c.code, 20 - (recYear.get(c.code)! - 2015) * 2);
    else target2015.set(c.code, Math.max(5, sum2020.get(c.code)! - 6));
  }
  const mid = communes
    .filter((c) => !ntm2015.includes(c.code) && !lowSet.has(c.code))
    .sort((a, b) => communeStrength(b) - communeStrength(a) || a.code.localeCompare(b.code))
    .map((c) => c.code);
  const total2015 = Math.round(status.average_criteria_per_commune_2015 * 85);
  fitTotal(mid, target2015, total2015 - [...target2015].filter(([c]) => !mid.includes(c)).reduce((s, [, v]) => s + v, 0), () => 5, (c) => Math.min(18, sum2020.get(c)!));

  const m2015: Matrix = new Map();
  for (const c of communes) {
    const met2020 = [...m2020.get(c.code)!].flatMap((v, i) => (v ? [i + 1] : []));
    m2015.set(c.code, chooseCells(target2015.get(c.code)!, met2020, (j) => colTotal2020[j - 1] / 5, rng));
  }

  // ---- 2016-2019: the year each newly met criterion was achieved ----
  const achieved = new Map<string, Map<number, number>>();
  for (const c of communes) {
    const a = new Map<number, number>();
    const r15 = m2015.get(c.code)!;
    const r20 = m2020.get(c.code)!;
    const pending = [...r20].flatMap((v, i) => (v && !r15[i] ? [i + 1] : []));
    const last = recYear.get(c.code) ?? 2020;
    for (const j of pending) a.set(j, rng.int(2016, last));
    if (recYear.has(c.code) && last > 2015 && pending.length) {
      // The commune reaches 19/19 in its recognition year, not before.
      const hardest = pending.slice().sort((x, y) => colTotal2020[x - 1] - colTotal2020[y - 1] || x - y)[0];
      a.set(hardest, last);
    }
    achieved.set(c.code, a);
  }
  const matrices = new Map<number, Matrix>([[2015, m2015]]);
  for (const year of [2016, 2017, 2018, 2019]) {
    const m: Matrix = new Map();
    for (const c of communes) {
      const row = Uint8Array.from(m2015.get(c.code)!);
      for (const [j, y] of achieved.get(c.code)!) if (y <= year) row[j - 1] = 1;
      m.set(c.code, row);
    }
    matrices.set(year, m);
  }
  matrices.set(2020, m2020);

  // ---- 2022 and 2023 on the 2021-2025 set ----
  const ntm2021 = NTM_2021_NEW.map(code);
  const ntm2022 = new Set([...t.ntm, ...ntm2021]);
  const rowaWa = code(NTM_2022_NEW);
  const meets2023 = MEETS_2023_NOT_RECOGNISED.map(code);
  const soon = [rowaWa, ...meets2023];
  const later = figures.ntm_status_later;
  const total2022 = Math.round(later['2022_03'].average_criteria_per_commune * 85);
  const total2023 = Math.round(later['2023_early'].average_criteria_per_commune * 85);
  const vanLem = names.commune('Văn Lem', 'Đăk Tô').code;

  const t22 = new Map<string, number>();
  const t23 = new Map<string, number>();
  const rest = communes
    .filter((c) => !ntm2022.has(c.code) && !soon.includes(c.code))
    .sort((a, b) => communeStrength(b) - communeStrength(a) || a.code.localeCompare(b.code))
    .map((c) => c.code);
  for (const c of communes) {
    if (ntm2022.has(c.code)) t22.set(c.code, 19);
    else if (soon.includes(c.code)) t22.set(c.code, 18 - (soon.indexOf(c.code) % 3 === 2 ? 1 : 0));
    else t22.set(c.code, Math.min(16, sum2020.get(c.code)!));
  }
  const fixed22 = communes.filter((c) => !rest.includes(c.code)).reduce((s, c) => s + t22.get(c.code)!, 0);
  fitTotal(rest, t22, total2022 - fixed22, (c) => Math.min(sum2020.get(c)!, 5), () => 17);
  for (const c of communes) t23.set(c.code, ntm2022.has(c.code) || soon.includes(c.code) ? 19 : t22.get(c.code)!);
  const fixed23 = communes.filter((c) => !rest.includes(c.code)).reduce((s, c) => s + t23.get(c.code)!, 0);
  // 2023 growth goes to Văn Lem (a 2023 target) first, then to the strongest communes.
  const restFor23 = [vanLem, ...rest.filter((c) => c !== vanLem)];
  fitTotal(restFor23, t23, total2023 - fixed23, (c) => t22.get(c)!, () => 18);

  const m22: Matrix = new Map();
  const m23: Matrix = new Map();
  const all = Array.from({ length: CRITERIA }, (_, i) => i + 1);
  for (const c of communes) {
    const r20 = m2020.get(c.code)!;
    const ease = (j: number) => EASE_2021[j - 1] + (r20[j - 1] ? 10 : 0);
    const r22 = chooseCells(t22.get(c.code)!, all, ease, rng);
    const add = t23.get(c.code)! - t22.get(c.code)!;
    const unmet = all.filter((j) => !r22[j - 1]);
    const extra = chooseCells(add, unmet, ease, rng);
    m22.set(c.code, r22);
    m23.set(c.code, r22.map((v, i) => v | extra[i]));
  }
  matrices.set(2022, m22);
  matrices.set(2023, m23);

  // ---- levels ----
  const recognisedOn = new Map<string, string>();
  const levelRng = subRng(seed, 'ntm-levels');
  for (const c of communes) {
    const y = recYear.get(c.code);
    if (y !== undefined) recognisedOn.set(c.code, y === 2015 ? dateIn(levelRng, levelRng.int(2013, 2015), 6, 12) : dateIn(levelRng, y, 9, 12));
  }
  for (const c of ntm2021) recognisedOn.set(c, dateIn(levelRng, 2021, 6, 12));
  recognisedOn.set(rowaWa, dateIn(levelRng, 2022, 10, 12));
  const advancedOn = new Map(ADVANCED_2022.map((p) => [code(p), dateIn(levelRng, 2022, 8, 12)]));
  const decisions = new Map<string, string>();
  for (const [c, d] of recognisedOn) decisions.set(c, decisionText(levelRng, d, 'ntm'));
  const advDecisions = new Map([...advancedOn].map(([c, d]) => [c, decisionText(levelRng, d, 'advanced')]));

  const asOf: Record<number, string> = { 2015: '2015-12-31', 2016: '2016-12-31', 2017: '2017-12-31', 2018: '2018-12-31', 2019: '2019-12-31', 2020: '2020-12-31', 2022: '2022-03-02', 2023: '2023-03-16' };
  const levels: LevelRow[] = [];
  for (const year of YEARS) {
    for (const c of communes) {
      const adv = advancedOn.get(c.code);
      const rec = recognisedOn.get(c.code);
      if (adv && adv <= asOf[year]) levels.push({ communeCode: c.code, year, level: 'advanced', recognisedOn: adv, decision: advDecisions.get(c.code)! });
      else if (rec && rec <= asOf[year]) levels.push({ communeCode: c.code, year, level: 'ntm', recognisedOn: rec, decision: decisions.get(c.code)! });
      else levels.push({ communeCode: c.code, year, level: 'none', recognisedOn: null, decision: null });
    }
  }

  // ---- targets ----
  const tg = later.targets_2023;
  const communeTargets: CommuneTargetRow[] = [];
  const addTargets = (group: Record<string, string[]>, level: CommuneTargetRow['level']) => {
    for (const [district, list] of Object.entries(group)) for (const n of list) communeTargets.push({ communeCode: names.commune(n, district).code, year: 2023, level, source: '003' });
  };
  addTargets(tg.new_ntm_communes, 'ntm');
  addTargets(tg.new_advanced_ntm_communes, 'advanced');
  addTargets(tg.new_model_ntm_communes, 'model');
  communeTargets.sort((a, b) => a.communeCode.localeCompare(b.communeCode));

  const countTargets: CountTargetRow[] = [
    { unitCode: '62', year: 2025, level: 'ntm', minCount: later.targets_2025.ntm_communes_at_least, maxCount: null, noteVi: 'Từ 60 xã đạt chuẩn nông thôn mới trở lên', noteEn: 'At least 60 NTM communes', source: '004' },
    { unitCode: '62', year: 2025, level: 'advanced', minCount: 25, maxCount: 26, noteVi: '30% số xã (khoảng 25-26/85 xã)', noteEn: '30 % of communes (about 25-26 of 85)', source: '004' },
    { unitCode: '62', year: 2025, level: 'model', minCount: 8, maxCount: 9, noteVi: '10% số xã (khoảng 8-9/85 xã)', noteEn: '10 % of communes (about 8-9 of 85)', source: '004' },
    { unitCode: '62', year: 2025, level: 'district_ntm', minCount: 5, maxCount: null, noteVi: '04 huyện và thành phố Kon Tum', noteEn: '4 districts and Kon Tum city', source: '004' },
  ];

  const criterionTargets: CriterionTargetRow[] = Object.entries(
    figures.ntm_status_2020_12.resolution_targets_communes_per_criterion as Record<string, number>,
  ).map(([no, n]) => ({ unitCode: '62', year: 2020, criterionNo: Number(no), minCommunes: n, source: '004' }));

  const history = { matrices, levels, communeTargets, countTargets, criterionTargets };
  assertHistory(history, t, figures, names, { byCode, ntm2015, meets2023, advanced: [...advancedOn.keys()] });
  return history;
}

/** Every later-year figure, checked on the generated history. */
function assertHistory(
  h: NtmHistory,
  t: Targets2020,
  figures: Figures,
  names: NameIndex,
  ctx: { byCode: Map<string, CommuneFact>; ntm2015: string[]; meets2023: string[]; advanced: string[] },
): void {
  const fail = (msg: string) => {
    throw new Error(`NTM history: ${msg}`);
  };
  const sums = (y: number) => [...h.matrices.get(y)!.values()].map(rowSum);
  const total = (y: number) => sums(y).reduce((a, b) => a + b, 0);
  const at19 = (y: number) => [...h.matrices.get(y)!].filter(([, r]) => rowSum(r) === 19).map(([c]) => c);
  const lv = (y: number) => h.levels.filter((l) => l.year === y);
  const recognised = (y: number) => lv(y).filter((l) => l.recognisedOn !== null);
  const status = figures.ntm_status_2020_12;
  const later = figures.ntm_status_later;

  // 2015
  if (at19(2015).length !== status.ntm_communes_2015) fail(`2015: ${at19(2015).length} at 19`);
  if (Math.round((total(2015) / 85) * 10) / 10 !== status.average_criteria_per_commune_2015) fail(`2015 total ${total(2015)}`);
  if (sums(2015).filter((s) => s < 5).length !== status.communes_below_5_criteria_2015) fail('2015 below 5');
  // monotone 2015..2020 and recognition = 19/19
  const years = [2015, 2016, 2017, 2018, 2019, 2020];
  for (let i = 1; i < years.length; i++) {
    for (const [c, r] of h.matrices.get(years[i])!) {
      const prev = h.matrices.get(years[i - 1])!.get(c)!;
      if (prev.some((v, k) => v > r[k])) fail(`${c}: criterion lost between ${years[i - 1]} and ${years[i]}`);
    }
  }
  for (const y of years) {
    const a = new Set(at19(y));
    const r = recognised(y).map((l) => l.communeCode);
    if (r.length !== a.size || r.some((c) => !a.has(c))) fail(`${y}: recognised ≠ 19/19`);
  }
  if (recognised(2020).length !== status.communes_ntm_recognised) fail('2020 recognised');
  // 2022
  const r22 = recognised(2022).map((l) => l.communeCode);
  if (r22.length !== later['2022_03'].communes_ntm) fail(`2022: ${r22.length} recognised`);
  if ([...t.ntm].some((c) => !r22.includes(c))) fail('2022 recognised must include the 28');
  if (total(2022) !== 1350 || Math.round((total(2022) / 85) * 100) / 100 !== later['2022_03'].average_criteria_per_commune) fail(`2022 total ${total(2022)}`);
  // 2023
  const e = later['2023_early'];
  if (at19(2023).length !== e.communes_meeting_19_of_19) fail(`2023: ${at19(2023).length} at 19`);
  const r23 = recognised(2023);
  if (r23.length !== e.communes_ntm_recognised) fail(`2023: ${r23.length} recognised`);
  if (r23.filter((l) => l.level === 'advanced').length !== e.communes_ntm_advanced) fail('2023 advanced');
  if (r23.some((l) => !at19(2023).includes(l.communeCode))) fail('2023: a recognised commune is below 19');
  if (Math.round((total(2023) / 85) * 10) / 10 !== e.average_criteria_per_commune || total(2023) !== 1360) fail(`2023 total ${total(2023)}`);
  const damar = names.commune('Đăk Mar', 'Đăk Hà').code;
  if (!ctx.advanced.includes(damar)) fail('Đăk Mar must be advanced');
  for (const tgt of h.communeTargets) {
    const l = lv(2023).find((x) => x.communeCode === tgt.communeCode)!;
    if (tgt.level === 'ntm' && l.recognisedOn) fail(`2023 NTM target ${tgt.communeCode} already recognised`);
    if (tgt.level === 'advanced' && l.level !== 'ntm') fail(`2023 advanced target ${tgt.communeCode} must be level ntm`);
  }
  if (h.communeTargets.length !== 11) fail('2023 targets');
  for (const c of ctx.meets2023) if (!h.communeTargets.some((x) => x.communeCode === c && x.level === 'ntm')) fail(`${c} is not a 2023 target`);
  // Rows for every xã and year
  if (h.levels.length !== 85 * YEARS.length) fail('level rows');
  if ([...h.matrices.values()].some((m) => m.size !== 85 || [...m.keys()].some((c) => ctx.byCode.get(c)?.kind !== 'xa'))) fail('rows must be the 85 xã');
}
