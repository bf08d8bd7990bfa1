/**
 * Villages and residential groups (thôn, làng, tổ dân phố) as points, their village-criteria
 * status in 2022 (baseline) and 2023, pilot tiers, 2023 targets and recognitions.
 *
 * Province (004): 874 villages and residential groups, 617 of them ethnic-minority villages.
 * Kon Tum city (000): 60 ethnic-minority villages (47 in its 11 communes, 13 in six wards); 18 pilot
 * villages (1 city + 17 commune/ward pilots) and 9 other targeted villages; pilot criteria totals
 * 143 in 2023 and 114 at the start of 2022; the five named villages at 10/10 in 2023.
 * Province (003): 95 pilot villages in 2023, 19 villages recognised by early 2023 and 7 model
 * residential areas.
 */
import { foldName } from '../../server/domain/text.ts';
import { type CommuneFact, type Figures, KT_CITY, type NameIndex } from './facts.ts';
import { communeStrength } from './ntm-matrix.ts';
import { type MultiPolygon, type Point, multiBBox, pointInMulti } from './planar.ts';
import { type Rng, subRng } from './prng.ts';

export const VILLAGE_CRITERIA = 10;

export interface Village {
  code: string;
  name: string;
  kind: 'thon' | 'lang' | 'to_dan_pho';
  communeCode: string;
  ethnicMinority: boolean;
  mainEthnic: string | null;
  households: number;
  pilotTier: 'city' | 'commune' | 'other' | null;
  point: Point;
}
export interface VillageStatus {
  villageCode: string;
  year: number;
  met: Uint8Array; // index c-1
}
export interface VillageRecognition {
  villageCode: string;
  year: number;
  level: 'ntm' | 'model';
  recognisedOn: string;
  decision: string;
}
export interface VillageTarget {
  villageCode: string;
  year: number;
  source: string;
}
export interface VillageData {
  villages: Village[];
  statuses: VillageStatus[];
  recognitions: VillageRecognition[];
  targets: VillageTarget[];
}

/** Kon Tum city: ethnic-minority villages per commune (47) and ward (13). Split illustrative. */
const KT_EM_VILLAGES: Record<string, number> = {
  'Đắk Rơ Wa': 6, 'Đắk Blà': 6, 'Ia Chim': 6, Kroong: 5, 'Chư Hreng': 5, 'Ngọk Bay': 4, 'Vinh Quang': 4, 'Đắk Cấm': 4, 'Đăk Năng': 3, 'Đoàn Kết': 2, 'Hòa Bình': 2,
  'Quang Trung': 3, 'Ngô Mây': 2, 'Trường Chinh': 2, 'Thống Nhất': 2, 'Thắng Lợi': 2, 'Lê Lợi': 2,
};
/** The five villages report 000 names, with their pilot tier. */
const NAMED: { village: string; commune: string; tier: 'city' | 'commune' }[] = [
  { village: 'Kon Tum Kơ Pơng', commune: 'Đăk Rơ Wa', tier: 'city' },
  { village: 'Kon Klor', commune: 'Đăk Rơ Wa', tier: 'commune' },
  { village: 'Plei Sa', commune: 'Ia Chim', tier: 'commune' },
  { village: 'Kon Mơ Nay Kơ Tu 1', commune: 'Đăk Blà', tier: 'commune' },
  { village: 'Kroong Klah', commune: 'Kroong', tier: 'commune' },
];

/** Main ethnic group of the ethnic-minority villages by district, with a Jarai pocket at Ia Chim. */
const ETHNIC: Record<string, string[]> = {
  '608': ['Ba Na'], '610': ['Giẻ Triêng', 'Xơ Đăng'], '611': ['Giẻ Triêng'], '612': ['Xơ Đăng'], '613': ['Xơ Đăng'],
  '614': ['Ba Na', 'Xơ Đăng'], '615': ['Xơ Đăng', 'Ba Na'], '616': ['Gia Rai', 'Rơ Măm'], '617': ['Xơ Đăng'], '618': ['Gia Rai', 'Brâu'],
};
const PREFIX: Record<string, string[]> = {
  'Ba Na': ['Kon', 'Plei', 'Kon'], 'Gia Rai': ['Plei', 'Làng'], 'Xơ Đăng': ['Đăk', 'Kon', 'Tu', 'Ngọc'], 'Giẻ Triêng': ['Đăk', 'Làng', 'Dục'], 'Rơ Măm': ['Làng'], Brâu: ['Làng'],
};
const SYLLABLES = [
  'Rờ', 'Hra', 'Jri', 'Rơ Wang', 'Pông', 'Xiêng', 'Bơ Ngăk', 'Trang', 'Gu', 'Dơr', 'Kram', 'Jơ Dri', 'Mơ Hra', 'Brông', 'Lơng', 'Rôn', 'Tôn', 'Ri', 'Wang', 'Pêng',
  'Hơ Ngo', 'Đôn', 'Krong', 'Mơ Nang', 'Trâp', 'Ling', 'Bơ Ri', 'Xom', 'Rang', 'Rơ Lang', 'Nú', 'Ngó', 'Mót', 'Ke', 'Blong', 'Tơ Kan', 'Jơ Ri', 'Klâu', 'Sơ Lăng',
  'Hơ Drông', 'Gôp', 'Pơ Ye', 'Tum Rơ', 'Zơ Lang', 'Kơ Chăm', 'Pơ Lang', 'Rơ Khương', 'Ba Tu', 'Xộp', 'Lanh',
];
/** Share of ethnic-minority villages among a rural commune's villages, by district. */
const EM_SHARE: Record<string, number> = { '610': 0.95, '611': 0.7, '612': 0.7, '613': 0.95, '614': 0.85, '615': 0.6, '616': 0.7, '617': 1, '618': 0.25 };

/** Counts apportioned to a total by largest remainder (ties by order): exact and stable. */
function apportion(weights: number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (w / sum) * total);
  const out = raw.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => ({ i, f: r - Math.floor(r) })).sort((a, b) => b.f - a.f || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k].i]++;
  return out;
}

/** apportion() with per-item caps: items that would exceed their cap are fixed at it. */
function apportionCapped(weights: number[], caps: number[], total: number): number[] {
  const out = new Array<number>(weights.length).fill(0);
  const fixed = new Set<number>();
  for (;;) {
    const free = weights.map((_, i) => i).filter((i) => !fixed.has(i));
    const left = total - [...fixed].reduce((s, i) => s + out[i], 0);
    const share = apportion(free.map((i) => weights[i]), left);
    const over = free.filter((i, k) => share[k] > caps[i]);
    if (over.length === 0) {
      free.forEach((i, k) => (out[i] = share[k]));
      return out;
    }
    for (const i of over) {
      out[i] = caps[i];
      fixed.add(i);
    }
  }
}

/** A point inside the commune, clustered loosely around its real interior point. */
function placePoint(site: Point, geom: MultiPolygon, rng: Rng): Point {
  const b = multiBBox(geom);
  const spread = Math.min(b[2] - b[0], b[3] - b[1]) * 0.3;
  for (let i = 0; i < 200; i++) {
    const p: Point = [site[0] + rng.normal() * spread, site[1] + rng.normal() * spread];
    if (pointInMulti(p, geom)) return [round6(p[0]), round6(p[1])];
  }
  for (;;) {
    const p: Point = [rng.range(b[0], b[2]), rng.range(b[1], b[3])];
    if (pointInMulti(p, geom)) return [round6(p[0]), round6(p[1])];
  }
}
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

function emName(ethnic: string, used: Set<string>, rng: Rng): string {
  for (;;) {
    const name = `${rng.pick(PREFIX[ethnic])} ${rng.pick(SYLLABLES)}`;
    const key = foldName(name);
    if (!used.has(key)) {
      used.add(key);
      return name;
    }
  }
}

export function buildVillages(communes: CommuneFact[], geoms: Map<string, MultiPolygon>, figures: Figures, names: NameIndex, seed: number): VillageData {
  const vf = figures.province.villages;
  const kt = figures.villages_kon_tum_city;

  // ---- how many villages, and how many ethnic-minority, in each commune ----
  const ktEm = new Map(Object.entries(KT_EM_VILLAGES).map(([n, k]) => [names.commune(n, 'Thành phố Kon Tum').code, k]));
  if ([...ktEm.values()].reduce((a, b) => a + b, 0) !== kt.ethnic_minority_villages) throw new Error('KT city EM villages');
  const total = new Map<string, number>();
  const em = new Map<string, number>();
  for (const c of communes.filter((x) => x.districtCode === KT_CITY)) {
    em.set(c.code, ktEm.get(c.code) ?? 0);
    const kinh = c.kind === 'phuong' ? Math.max(8, Math.min(18, Math.round(6 + c.areaKm2 * 1.5))) : 3 + (Number(c.code) % 3);
    total.set(c.code, kinh + em.get(c.code)!);
  }
  const others = communes.filter((x) => x.districtCode !== KT_CITY);
  const ktTotal = [...total.values()].reduce((a, b) => a + b, 0);
  const counts = apportion(others.map((c) => (c.kind === 'thi_tran' ? 14 : 5 + Math.sqrt(c.areaKm2) * 0.5)), vf.villages_and_residential_groups - ktTotal);
  const emWant = others.map((c, i) => counts[i] * (c.kind === 'thi_tran' ? 0.25 : EM_SHARE[c.districtCode]));
  const emCounts = apportionCapped(emWant, counts, vf.ethnic_minority_villages_native - kt.ethnic_minority_villages);
  others.forEach((c, i) => {
    total.set(c.code, counts[i]);
    em.set(c.code, emCounts[i]);
  });

  // ---- the villages themselves ----
  const villages: Village[] = [];
  const named = new Map(NAMED.map((n) => [names.commune(n.commune, 'Thành phố Kon Tum').code, [] as typeof NAMED]));
  for (const n of NAMED) named.get(names.commune(n.commune, 'Thành phố Kon Tum').code)!.push(n);
  for (const c of communes) {
    const crng = subRng(seed, `villages/${c.code}`);
    const used = new Set<string>();
    const list: Omit<Village, 'code'>[] = [];
    const ethnic = c.code === names.commune('Ia Chim').code ? 'Gia Rai' : null;
    const fixedNames = named.get(c.code) ?? [];
    fixedNames.forEach((n) => used.add(foldName(n.village)));
    for (let i = 0; i < em.get(c.code)!; i++) {
      const main = ethnic ?? crng.pick(ETHNIC[c.districtCode]);
      const fixed = fixedNames[i];
      list.push({
        name: fixed ? fixed.village : emName(main, used, crng),
        kind: 'lang',
        communeCode: c.code,
        ethnicMinority: true,
        mainEthnic: main,
        households: crng.int(55, 230),
        pilotTier: fixed ? fixed.tier : null,
        point: placePoint(c.site, geoms.get(c.code)!, crng),
      });
    }
    const kinh = total.get(c.code)! - em.get(c.code)!;
    for (let i = 1; i <= kinh; i++) {
      const urban = c.kind !== 'xa';
      list.push({
        name: urban ? `Tổ dân phố ${i}` : `Thôn ${i}`,
        kind: urban ? 'to_dan_pho' : 'thon',
        communeCode: c.code,
        ethnicMinority: false,
        mainEthnic: 'Kinh',
        households: urban ? crng.int(150, 480) : crng.int(80, 300),
        pilotTier: null,
        point: placePoint(c.site, geoms.get(c.code)!, crng),
      });
    }
    // Codes follow position, north to south, as village lists in commune reports usually do.
    list.sort((a, b) => b.point[1] - a.point[1] || a.point[0] - b.point[0]);
    list.forEach((v, i) => villages.push({ ...v, code: `${c.code}-${String(i + 1).padStart(2, '0')}` }));
  }

  // ---- pilots and targets in Kon Tum city ----
  const ktCommunes = communes.filter((c) => c.districtCode === KT_CITY);
  const emOf = (code: string) => villages.filter((v) => v.communeCode === code && v.ethnicMinority);
  for (const c of ktCommunes) {
    const vs = emOf(c.code);
    if (vs.length === 0) continue;
    // One commune/ward pilot per unit; the named ones already are.
    if (!vs.some((v) => v.pilotTier === 'commune')) vs.find((v) => !v.pilotTier)!.pilotTier = 'commune';
  }
  // Nine other targeted villages: eight in communes (the largest communes first), one in Quang Trung.
  const otherHosts = ['Đắk Blà', 'Ia Chim', 'Kroong', 'Chư Hreng', 'Đắk Rơ Wa', 'Ngọk Bay', 'Vinh Quang', 'Đắk Cấm', 'Quang Trung'];
  for (const n of otherHosts) {
    const v = emOf(names.commune(n, 'Thành phố Kon Tum').code).find((x) => !x.pilotTier);
    if (!v) throw new Error(`no village left for an 'other' target in ${n}`);
    v.pilotTier = 'other';
  }
  const ktVillages = villages.filter((v) => ktCommunes.some((c) => c.code === v.communeCode));
  const isWard = (v: Village) => communes.find((c) => c.code === v.communeCode)!.kind === 'phuong';
  const targets: VillageTarget[] = ktVillages.filter((v) => v.pilotTier).map((v) => ({ villageCode: v.code, year: 2023, source: '000' }));

  // ---- pilots elsewhere: 95 in the province, apportioned to communes by their EM villages ----
  const otherEm = others.filter((c) => em.get(c.code)! > 0);
  const ktPilots = ktVillages.filter((v) => v.pilotTier === 'city' || v.pilotTier === 'commune').length;
  const pilotCounts = apportion(otherEm.map((c) => em.get(c.code)!), 95 - ktPilots);
  otherEm.forEach((c, i) => emOf(c.code).slice(0, pilotCounts[i]).forEach((v) => (v.pilotTier = 'commune')));

  // ---- criteria status ----
  const statuses: VillageStatus[] = [];
  const ease = [8, 10, 5, 9, 3, 1, 4, 6, 7, 6]; // per criterion: electricity easiest, poverty hardest
  const pickMet = (k: number, base: Uint8Array | null, r: Rng) => {
    const row = base ? Uint8Array.from(base) : new Uint8Array(VILLAGE_CRITERIA);
    const order = Array.from({ length: VILLAGE_CRITERIA }, (_, i) => i)
      .filter((i) => !row[i])
      .map((i) => ({ i, s: ease[i] + r.range(-3, 3) }))
      .sort((a, b) => b.s - a.s || a.i - b.i);
    let have = row.reduce((a, b) => a + b, 0);
    for (const { i } of order) {
      if (have >= k) break;
      row[i] = 1;
      have++;
    }
    return row;
  };
  const push = (v: Village, k22: number, k23: number, r: Rng) => {
    const m22 = pickMet(k22, null, r);
    statuses.push({ villageCode: v.code, year: 2022, met: m22 });
    statuses.push({ villageCode: v.code, year: 2023, met: pickMet(k23, m22, r) });
  };
  const srng = subRng(seed, 'village-status');
  // Kon Tum city pilots: report 000 totals. Named villages 10 in 2023; in 2022 9,8,9,8,8.
  const namedCodes = NAMED.map((n) => ktVillages.find((v) => v.name === n.village)!);
  const pilotsCommune = ktVillages.filter((v) => (v.pilotTier === 'city' || v.pilotTier === 'commune') && !isWard(v));
  const pilotsWard = ktVillages.filter((v) => v.pilotTier === 'commune' && isWard(v));
  const otherCommunePilots = pilotsCommune.filter((v) => !namedCodes.includes(v));
  const named22 = [9, 8, 9, 8, 8];
  const other23 = [9, 9, 8, 8, 8, 8, 7]; // 7 villages: 57; with the five at 10: 107
  const other22 = [8, 8, 7, 7, 7, 6, 6]; // 49; with the five (42): 91
  const ward23 = [6, 6, 6, 6, 6, 6]; // 36
  const ward22 = [4, 4, 4, 4, 4, 3]; // 23
  namedCodes.forEach((v, i) => push(v, named22[i], 10, srng));
  otherCommunePilots.forEach((v, i) => push(v, other22[i], other23[i], srng));
  pilotsWard.forEach((v, i) => push(v, ward22[i], ward23[i], srng));

  // Recognitions: Kon Mơ Nay Kơ Tu 1 plus 18 pilot villages elsewhere in NTM-advanced areas.
  const recognitions: VillageRecognition[] = [];
  const rrng = subRng(seed, 'village-recognition');
  const dec = (d: string, what: string) => {
    const [y, mo, da] = d.split('-');
    return `Quyết định số ${rrng.int(20, 990)}/QĐ-UBND ngày ${da}/${mo}/${y} công nhận ${what}`;
  };
  const kmn = namedCodes[3];
  recognitions.push({ villageCode: kmn.code, year: 2022, level: 'ntm', recognisedOn: '2022-12-26', decision: dec('2022-12-26', 'thôn đạt chuẩn nông thôn mới') });
  const strong = others
    .filter((c) => c.kind === 'xa')
    .sort((a, b) => communeStrength(b) - communeStrength(a) || a.code.localeCompare(b.code));
  const recognisedElsewhere: Village[] = [];
  for (const c of strong) {
    const v = emOf(c.code).find((x) => x.pilotTier === 'commune');
    if (v) recognisedElsewhere.push(v);
    if (recognisedElsewhere.length === 18) break;
  }
  for (const v of recognisedElsewhere) {
    const d = `${rrng.pick([2022, 2022, 2023])}-`;
    const date = d === '2023-' ? `2023-0${rrng.int(1, 2)}-${String(rrng.int(1, 28)).padStart(2, '0')}` : `2022-${String(rrng.int(6, 12)).padStart(2, '0')}-${String(rrng.int(1, 28)).padStart(2, '0')}`;
    recognitions.push({ villageCode: v.code, year: 2022, level: 'ntm', recognisedOn: date, decision: dec(date, 'thôn đạt chuẩn nông thôn mới') });
  }
  // Seven model residential areas (khu dân cư kiểu mẫu): Kinh villages of the strongest communes.
  const modelHosts = strong.map((c) => villages.find((x) => x.communeCode === c.code && !x.ethnicMinority)).filter((v) => v !== undefined);
  for (const v of modelHosts.slice(0, 7)) {
    const date = `2022-${String(rrng.int(6, 12)).padStart(2, '0')}-${String(rrng.int(1, 28)).padStart(2, '0')}`;
    recognitions.push({ villageCode: v.code, year: 2022, level: 'model', recognisedOn: date, decision: dec(date, 'khu dân cư nông thôn mới kiểu mẫu') });
  }

  // Everyone else: a plausible status from the commune's strength; never 10/10 unless recognised.
  const done = new Set(statuses.map((s) => s.villageCode));
  const recognisedSet = new Set(recognisedElsewhere.map((v) => v.code));
  const byCode = new Map(communes.map((c) => [c.code, c]));
  for (const v of villages) {
    if (!v.ethnicMinority || done.has(v.code)) continue;
    if (recognisedSet.has(v.code)) {
      push(v, srng.int(8, 10), 10, srng);
      continue;
    }
    const s = communeStrength(byCode.get(v.communeCode)!);
    const k22 = Math.max(1, Math.min(8, Math.round(2 + s * 5 + srng.normal())));
    const k23 = Math.min(9, k22 + srng.int(0, v.pilotTier ? 3 : 1));
    push(v, k22, k23, srng);
  }
  statuses.sort((a, b) => a.villageCode.localeCompare(b.villageCode) || a.year - b.year);
  recognitions.sort((a, b) => a.villageCode.localeCompare(b.villageCode));

  const data = { villages, statuses, recognitions, targets };
  assertVillages(data, communes, figures, names);
  return data;
}

function assertVillages(d: VillageData, communes: CommuneFact[], figures: Figures, names: NameIndex): void {
  const fail = (m: string) => {
    throw new Error(`villages: ${m}`);
  };
  const kt = figures.villages_kon_tum_city;
  const byCode = new Map(communes.map((c) => [c.code, c]));
  const inKt = (v: Village) => byCode.get(v.communeCode)!.districtCode === KT_CITY;
  const ward = (v: Village) => byCode.get(v.communeCode)!.kind === 'phuong';
  const met = (code: string, year: number) => d.statuses.find((s) => s.villageCode === code && s.year === year)!.met.reduce((a, b) => a + b, 0);
  const sumMet = (vs: Village[], y: number) => vs.reduce((s, v) => s + met(v.code, y), 0);

  if (d.villages.length !== figures.province.villages.villages_and_residential_groups) fail(`${d.villages.length} villages`);
  if (d.villages.filter((v) => v.ethnicMinority).length !== figures.province.villages.ethnic_minority_villages_native) fail('EM count');
  const ktEm = d.villages.filter((v) => inKt(v) && v.ethnicMinority);
  if (ktEm.length !== 60 || ktEm.filter(ward).length !== 13) fail('KT city EM villages');
  if (new Set(ktEm.filter((v) => !ward(v)).map((v) => v.communeCode)).size !== kt.ethnic_minority_villages_in_communes.communes) fail('KT EM communes');
  const wardsWithEm = new Set(ktEm.filter(ward).map((v) => v.communeCode));
  const wantWards = new Set((figures.province.kon_tum_city_units.wards_with_ethnic_minority_villages as string[]).map((n) => names.commune(n).code));
  if (wardsWithEm.size !== 6 || [...wardsWithEm].some((c) => !wantWards.has(c))) fail('KT wards with EM villages');
  const pilots = ktEm.filter((v) => v.pilotTier === 'city' || v.pilotTier === 'commune');
  const ps = kt.pilot_village_status;
  if (pilots.length !== ps.pilot_villages || pilots.filter((v) => v.pilotTier === 'city').length !== 1) fail('KT pilots');
  const pc = pilots.filter((v) => !ward(v));
  const pw = pilots.filter(ward);
  if (pc.length !== ps.in_communes.villages || pw.length !== ps.in_wards.villages || new Set(pw.map((v) => v.communeCode)).size !== 6) fail('KT pilot split');
  if (sumMet(pc, 2023) !== ps.in_communes.criteria_met_total || sumMet(pw, 2023) !== ps.in_wards.criteria_met_total) fail('KT pilot 2023 totals');
  if (sumMet(pc, 2023) - sumMet(pc, 2022) !== ps.in_communes.increase || sumMet(pw, 2023) - sumMet(pw, 2022) !== ps.in_wards.increase) fail('KT pilot increases');
  if (sumMet(pilots, 2023) !== ps.criteria_met_total || sumMet(pilots, 2023) - sumMet(pilots, 2022) !== ps.increase_since_early_2022) fail('KT pilot totals');
  const tens23 = ktEm.filter((v) => met(v.code, 2023) === 10).map((v) => v.name).sort();
  const want10 = (kt.reported_10_of_10_in_2022 as { village: string }[]).map((x) => x.village).sort();
  if (tens23.join('|') !== want10.join('|')) fail(`KT 10/10 in 2023: ${tens23.join(', ')}`);
  if (ktEm.some((v) => met(v.code, 2022) === 10)) fail('KT 10/10 in 2022');
  const tg = kt.targets_2023;
  const targets = d.targets.map((t) => d.villages.find((v) => v.code === t.villageCode)!);
  if (targets.length !== tg.villages_to_reach_standard || targets.filter((v) => !ward(v)).length !== tg.in_communes || targets.filter(ward).length !== tg.in_wards) fail('KT targets');
  if (targets.filter((v) => v.pilotTier === 'other').length !== tg.other) fail('KT other targets');
  if (d.villages.filter((v) => v.pilotTier === 'city' || v.pilotTier === 'commune').length !== 95) fail('province pilots');
  if (d.recognitions.filter((r) => r.level === 'ntm' && r.recognisedOn <= '2023-03-16').length !== figures.ntm_status_later['2023_early'].villages_ntm) fail('recognised villages');
  if (d.recognitions.filter((r) => r.level === 'model').length !== figures.ntm_status_later['2023_early'].model_residential_areas) fail('model residential areas');
  for (const s of d.statuses) {
    if (s.year === 2023) {
      const prev = d.statuses.find((x) => x.villageCode === s.villageCode && x.year === 2022)!;
      if (prev.met.some((v, i) => v > s.met[i])) fail(`${s.villageCode} lost a criterion`);
    }
  }
  for (const r of d.recognitions.filter((x) => x.level === 'ntm')) if (met(r.villageCode, 2023) !== 10) fail(`recognised ${r.villageCode} below 10`);
}
