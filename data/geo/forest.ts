/**
 * The forest layer: tiểu khu (sub-compartments, about 1,000 ha) → khoảnh (about 100 ha) → lô
 * (plots), covering the forest land of the province, with forest-inventory attributes.
 *
 * - Each rural commune (and, with a small share, each township) is cut into khoảnh-sized blocks;
 *   the blocks farthest from the villages become forest land, in a share that is high in the
 *   mountain districts and low around Kon Tum city. Wards have no forest land.
 * - Contiguous forest blocks are grouped into tiểu khu; a tiểu khu is the union of its blocks and
 *   its khoảnh are those blocks, so khoảnh tile the tiểu khu. Lô partition each khoảnh.
 * - Tiểu khu are numbered with 3-digit numbers increasing across the province (district by
 *   district, north to south inside a district), as provincial forest maps do. Kon Tum city's
 *   block is placed so that the tiểu khu report 000 names lie in the communes it names them in:
 *   558 and 559 in Đăk Cấm, 565 in Đăk Blà, 566 and 567 in Đăk Rơ Wa, 568 in Chư Hreng.
 */
import type { AdminUnit } from './units.ts';
import { KT_CITY, type NameIndex } from './facts.ts';
import { type ForestFunction, type PlotAttributes, plotAttributes } from './forest-attributes.ts';
import { type Block, chooseForest, components, cutBlocks, settlementDistance, smoothField, splitComponent, unionBlocks } from './forest-blocks.ts';
import { type MultiPolygon, type Point, multiAreaHa, multiCentroid, ringSignedArea, roundMulti } from './planar.ts';
import { type Rng, subRng } from './prng.ts';
import { meanderShared } from './meander.ts';
import { partitionPolygon } from './partition-polygon.ts';
import type { Village } from './villages.ts';

export interface TieuKhu {
  tk: number;
  communeCode: string;
  areaHa: number;
  geom: MultiPolygon;
}
export interface Khoanh {
  tk: number;
  khoanh: number;
  communeCode: string;
  areaHa: number;
  forestFunction: ForestFunction;
  geom: MultiPolygon;
}
export interface ForestPlot extends PlotAttributes {
  /** tk × 100 000 + khoảnh × 1 000 + lô: stable across runs, readable in logs. */
  id: number;
  tk: number;
  khoanh: number;
  lo: string;
  communeCode: string;
  /** Recorded area in ha (2 decimals): the lô's own area. */
  dtich: number;
  geom: MultiPolygon;
}
export interface ForestData {
  tieuKhu: TieuKhu[];
  khoanh: Khoanh[];
  plots: ForestPlot[];
}

/** The tiểu khu report 000 names, in the report's spelling of the commune (Kon Tum city). */
export const NAMED_TIEU_KHU: { tk: number; commune: string }[] = [
  { tk: 558, commune: 'Đăk Cấm' },
  { tk: 559, commune: 'Đăk Cấm' },
  { tk: 565, commune: 'Đăk Blà' },
  { tk: 566, commune: 'Đăk Rơ Wa' },
  { tk: 567, commune: 'Đăk Rơ Wa' },
  { tk: 568, commune: 'Chư Hreng' },
];

const BLOCK_HA = 100;
/** Blocks per tiểu khu outside the city (about 1,200 ha). */
const TK_BLOCKS = 12;

/** Numbering runs district by district in this order (north first; the city before the south-west). */
const DISTRICT_ORDER = ['610', '617', '611', '612', '613', '615', '614', '608', '616', '618'];

/** Share of a rural commune's area that is forest land, by district (mountain districts highest). */
const FOREST_SHARE: Record<string, number> = {
  '610': 0.84, // Đăk Glei
  '617': 0.82, // Tu Mơ Rông
  '613': 0.84, // Kon Plông
  '614': 0.8, // Kon Rẫy
  '611': 0.68, // Ngọc Hồi
  '616': 0.72, // Sa Thầy
  '618': 0.6, // Ia H'Drai (much of it rubber concessions)
  '612': 0.58, // Đăk Tô
  '615': 0.55, // Đăk Hà
};
/** Townships keep a forest ring beyond their built-up centre; wards have none. */
const TOWNSHIP_SHARE = 0.3;

/**
 * Kon Tum city, clockwise from the north-west: forest share and number of tiểu khu per commune.
 * The counts put 558-559 in Đăk Cấm, 565 in Đăk Blà, 566-567 in Đăk Rơ Wa and 568 in Chư Hreng.
 */
const CITY_PLAN: { commune: string; share: number; tieuKhu: number }[] = [
  { commune: 'Kroong', share: 0.42, tieuKhu: 2 },
  { commune: 'Ngọk Bay', share: 0.3, tieuKhu: 1 },
  { commune: 'Vinh Quang', share: 0.25, tieuKhu: 1 },
  { commune: 'Đăk Cấm', share: 0.6, tieuKhu: 5 },
  { commune: 'Đăk Blà', share: 0.6, tieuKhu: 4 },
  { commune: 'Đăk Rơ Wa', share: 0.62, tieuKhu: 2 },
  { commune: 'Chư Hreng', share: 0.55, tieuKhu: 2 },
  { commune: 'Hòa Bình', share: 0.5, tieuKhu: 3 },
  { commune: 'Ia Chim', share: 0.5, tieuKhu: 3 },
  { commune: 'Đăk Năng', share: 0.3, tieuKhu: 1 },
  { commune: 'Đoàn Kết', share: 0.25, tieuKhu: 1 },
];
/** Number of the city's first tiểu khu (Kroong); the rest of the province is numbered around it. */
const CITY_FIRST_TK = 553;

/** Communes holding special-use forest, with the managing body. */
const SPECIAL_USE: { owner: string; communes: [string, string][] }[] = [
  {
    owner: 'Vườn quốc gia Chư Mom Ray',
    communes: [['Mô Rai', 'Sa Thầy'], ['Rờ Kơi', 'Sa Thầy'], ['Sa Sơn', 'Sa Thầy'], ['Sa Loong', 'Ngọc Hồi']],
  },
  {
    owner: 'Khu bảo tồn thiên nhiên Ngọc Linh',
    communes: [['Ngọc Linh', 'Đăk Glei'], ['Mường Hoong', 'Đăk Glei'], ['Xốp', 'Đăk Glei'], ['Đăk Choong', 'Đăk Glei'], ['Ngọc Lây', 'Tu Mơ Rông'], ['Măng Ri', 'Tu Mơ Rông']],
  },
];

/** Forest function of a commune's forest blocks, from nearest the villages to farthest: [function, share of area]. */
function functionMix(districtCode: string, specialUse: boolean): [ForestFunction, number][] {
  if (districtCode === KT_CITY) return [['outside', 0.15], ['production', 0.85]];
  if (specialUse) return [['outside', 0.05], ['production', 0.25], ['protection', 0.2], ['special_use', 0.5]];
  if (districtCode === '618') return [['outside', 0.15], ['production', 0.6], ['protection', 0.25]];
  if (districtCode === '612' || districtCode === '615') return [['outside', 0.12], ['production', 0.6], ['protection', 0.28]];
  return [['outside', 0.08], ['production', 0.5], ['protection', 0.42]];
}

/** Lô per khoảnh: fragmented near villages and in the city, large stands in protected forest. */
const LO_PER_KHOANH: Record<ForestFunction, number> = { outside: 6, production: 4.5, protection: 2.5, special_use: 2 };

interface CommuneForest {
  unit: AdminUnit;
  /** Groups of block indices, one per tiểu khu, in numbering order. */
  groups: number[][];
  blocks: Block[];
  functions: ForestFunction[];
}

/** Sorts items north to south, then west to east, by a point (rounded so ties are stable). */
function northToSouth<T>(items: T[], at: (t: T) => Point): T[] {
  return items
    .map((t) => ({ t, p: at(t) }))
    .sort((a, b) => b.p[1] - a.p[1] || a.p[0] - b.p[0])
    .map((x) => x.t);
}

function communeForest(unit: AdminUnit, share: number, fixedCount: number | null, mix: [ForestFunction, number][], settlements: Point[], field: (p: Point) => number, rng: Rng): CommuneForest {
  const blocks = cutBlocks(unit.geom, BLOCK_HA, rng);
  const dist = settlementDistance(blocks, settlements);
  const forest = chooseForest(blocks, dist, share, field, rng);
  let comps = components(blocks, forest);
  const minBlocks = fixedCount === null ? 3 : 2;
  comps = comps.filter((c, i) => c.length >= minBlocks || i === 0);
  if (fixedCount !== null && comps.length > fixedCount) comps = comps.slice(0, fixedCount);
  // Tiểu khu per component.
  let counts: number[];
  if (fixedCount === null) {
    counts = comps.map((c) => Math.max(1, Math.round(c.length / TK_BLOCKS)));
  } else {
    const total = comps.reduce((s, c) => s + c.length, 0);
    counts = comps.map(() => 1);
    for (let left = fixedCount - comps.length; left > 0; left--) {
      // Give the next tiểu khu to the component with most blocks per tiểu khu.
      let best = 0;
      for (let i = 1; i < comps.length; i++) if (comps[i].length / counts[i] > comps[best].length / counts[best]) best = i;
      counts[best]++;
    }
    if (total < fixedCount * 2) throw new Error(`${unit.name}: ${total} forest blocks for ${fixedCount} tiểu khu`);
  }
  const groups: number[][] = [];
  comps.forEach((c, i) => groups.push(...splitComponent(blocks, c, counts[i])));

  // Function by distance from the villages: nearest blocks outside the forest categories, farthest protected.
  const functions: ForestFunction[] = blocks.map(() => 'production');
  const forestIdx = groups.flat().sort((a, b) => dist[a] - dist[b] || a - b);
  const total = forestIdx.reduce((s, i) => s + blocks[i].areaHa, 0);
  let acc = 0;
  for (const i of forestIdx) {
    const mid = (acc + blocks[i].areaHa / 2) / total;
    let edge = 0;
    for (const [fn, part] of mix) {
      edge += part;
      functions[i] = fn;
      if (mid <= edge) break;
    }
    acc += blocks[i].areaHa;
  }
  const ordered = northToSouth(groups, (g) => multiCentroid(g.flatMap((i) => blocks[i].geom)));
  return { unit, groups: ordered, blocks, functions };
}

/** Rounded 2-decimal hectares. */
const round2 = (x: number) => Math.round(x * 100) / 100;

export function buildForest(units: AdminUnit[], names: NameIndex, villages: Village[], seed: number): ForestData {
  const districts = new Map(units.filter((u) => u.level === 'district').map((u) => [u.code, u]));
  const communes = units.filter((u) => u.level === 'commune');
  const settlements = villages.map((v) => v.point);
  const specialOwner = new Map<string, string>();
  for (const s of SPECIAL_USE) for (const [n, d] of s.communes) specialOwner.set(names.commune(n, d).code, s.owner);
  const cityPlan = new Map(CITY_PLAN.map((p) => [names.commune(p.commune, 'Thành phố Kon Tum').code, p]));
  if (cityPlan.size !== CITY_PLAN.length) throw new Error('city plan names');

  // ---- forest land and tiểu khu, in numbering order ----
  const field = smoothField(subRng(seed, 'forest/field'), 1.2);
  const ordered: CommuneForest[] = [];
  for (const d of DISTRICT_ORDER) {
    const inDistrict = communes.filter((c) => c.parentCode === d);
    const list =
      d === KT_CITY
        ? CITY_PLAN.map((p) => inDistrict.find((c) => c.code === names.commune(p.commune, 'Thành phố Kon Tum').code)!)
        : northToSouth(inDistrict, (c) => names.communes.find((f) => f.code === c.code)!.site);
    for (const c of list) {
      const plan = cityPlan.get(c.code);
      const share = c.kind === 'phuong' ? 0 : plan ? plan.share : c.kind === 'thi_tran' ? TOWNSHIP_SHARE : FOREST_SHARE[d];
      if (share <= 0) continue;
      const rng = subRng(seed, `forest/blocks/${c.code}`);
      ordered.push(communeForest(c, share, plan ? plan.tieuKhu : null, functionMix(d, specialOwner.has(c.code)), settlements, field, rng));
    }
  }
  const firstCity = ordered.findIndex((f) => f.unit.parentCode === KT_CITY);
  const before = ordered.slice(0, firstCity).reduce((s, f) => s + f.groups.length, 0);
  let next = CITY_FIRST_TK - before;
  if (next < 100) throw new Error(`tiểu khu numbering would start at ${next}: not 3 digits`);

  // ---- emShare of owners per commune (household names) ----
  const villagesBy = new Map<string, Village[]>();
  for (const v of villages) {
    if (!villagesBy.has(v.communeCode)) villagesBy.set(v.communeCode, []);
    villagesBy.get(v.communeCode)!.push(v);
  }

  const tieuKhu: TieuKhu[] = [];
  const khoanhList: Khoanh[] = [];
  const plots: ForestPlot[] = [];
  for (const f of ordered) {
    const c = f.unit;
    const district = districts.get(c.parentCode!)!;
    const vs = villagesBy.get(c.code) ?? [];
    const ctx = {
      communeName: c.name,
      districtName: district.name,
      districtCode: district.code,
      specialUseOwner: specialOwner.get(c.code) ?? null,
      emShare: vs.length ? vs.filter((v) => v.ethnicMinority).length / vs.length : 0.5,
      isKonTumCity: c.parentCode === KT_CITY,
    };
    for (const group of f.groups) {
      const tk = next++;
      const geom = unionBlocks(group.map((i) => f.blocks[i].geom));
      tieuKhu.push({ tk, communeCode: c.code, areaHa: multiAreaHa(geom), geom });
      const rng = subRng(seed, `forest/tk/${tk}`);
      northToSouth(group, (i) => f.blocks[i].centroid).forEach((bi, k) => {
        const block = f.blocks[bi];
        const fn = f.functions[bi];
        const khoanh = k + 1;
        khoanhList.push({ tk, khoanh, communeCode: c.code, areaHa: block.areaHa, forestFunction: fn, geom: block.geom });
        const mean = LO_PER_KHOANH[fn] * (ctx.isKonTumCity ? 1.6 : 1) * (block.areaHa / BLOCK_HA);
        const n = Math.max(1, Math.min(14, Math.round(mean * rng.range(0.6, 1.4))));
        const pieces = meanderShared(
          partitionPolygon(block.geom, n, rng, 1)
            .map((p) => roundMulti(p).filter((poly) => Math.abs(ringSignedArea(poly[0])) > 1e-12))
            .filter((p) => p.length > 0 && multiAreaHa(p) >= 0.05),
          { salt: 'lo', spacingM: 70 },
        );
        northToSouth(pieces, multiCentroid).forEach((p, li) => {
          const lo = li + 1;
          plots.push({
            id: tk * 100_000 + khoanh * 1_000 + lo,
            tk,
            khoanh,
            lo: String(lo),
            communeCode: c.code,
            dtich: round2(multiAreaHa(p)),
            geom: p,
            ...plotAttributes(fn, ctx, rng),
          });
        });
      });
    }
  }
  const data = { tieuKhu, khoanh: khoanhList, plots };
  assertForest(data, names);
  return data;
}

/** The named tiểu khu in the right communes, 3-digit numbering, nesting keys and size. */
export function assertForest(d: ForestData, names: NameIndex): void {
  const fail = (m: string) => {
    throw new Error(`forest: ${m}`);
  };
  for (const { tk, commune } of NAMED_TIEU_KHU) {
    const t = d.tieuKhu.find((x) => x.tk === tk);
    if (!t) fail(`tiểu khu ${tk} missing`);
    if (t!.communeCode !== names.commune(commune, 'Thành phố Kon Tum').code) fail(`tiểu khu ${tk} is not in ${commune}`);
  }
  const nums = d.tieuKhu.map((t) => t.tk);
  if (nums.some((n, i) => n < 100 || n > 999 || (i > 0 && n !== nums[i - 1] + 1))) fail('tiểu khu numbers must be consecutive 3-digit numbers');
  const kh = new Set(d.khoanh.map((k) => `${k.tk}/${k.khoanh}`));
  if (d.plots.some((p) => !kh.has(`${p.tk}/${p.khoanh}`))) fail('a lô outside its khoảnh');
  if (new Set(d.plots.map((p) => p.id)).size !== d.plots.length) fail('duplicate lô id');
  if (d.plots.length < 20_000) fail(`${d.plots.length} lô, expected at least 20,000`);
  if (d.plots.some((p) => !(p.dtich > 0))) fail('a lô without area');
}
