/**
 * Demo OCOP products (illustrative): deterministic for a seed, with the report figures exact —
 * report 001: 188 valid products at 3 stars or more in the province (1 five-star, 6 potential
 * five-star, 16 four-star, 165 three-star); report 000: 27 products of 15 producers registered
 * for rating in Kon Tum city in 2023 (not rated yet when the report was written). Names are
 * plausible Kon Tum products placed near a village of a commune where such a product is made;
 * they are not the province's list.
 */
import { KT_CITY, type Figures } from './facts.ts';
import type { Point } from './planar.ts';
import { subRng } from './prng.ts';
import type { AdminUnit } from './units.ts';
import type { Village } from './villages.ts';

export type OcopCategory = 'thuc_pham' | 'do_uong' | 'thao_duoc' | 'vai_may_mac' | 'luu_niem' | 'du_lich';
export type OcopRating = '3' | '4' | '5p' | '5';

export interface OcopProduct {
  id: number;
  name: string;
  producer: string;
  category: OcopCategory;
  rating: OcopRating | null;
  ratedYear: number | null;
  registeredYear: number;
  communeCode: string;
  point: Point;
}

/** Product names by category (Kon Tum's own produce). */
const PRODUCTS: Record<OcopCategory, readonly string[]> = {
  thuc_pham: ['Mật ong rừng', 'Măng khô', 'Măng le muối', 'Gạo lúa rẫy', 'Cá thát lát khô', 'Tiêu đen', 'Hạt mắc ca sấy', 'Chuối sấy', 'Muối kiến vàng', 'Bánh tráng nhúng', 'Thịt heo gác bếp', 'Nấm linh chi'],
  do_uong: ['Cà phê rang xay', 'Cà phê bột nguyên chất', 'Rượu ghè', 'Rượu cần', 'Rượu sâm dây', 'Trà sâm dây', 'Rượu chuối hột', 'Trà hoa vàng', 'Nước chanh dây'],
  thao_duoc: ['Sâm dây Ngọc Linh', 'Đương quy sấy khô', 'Tinh dầu sả', 'Cao đinh lăng', 'Trà xạ đen', 'Hồng đẳng sâm', 'Tam thất'],
  vai_may_mac: ['Thổ cẩm dệt tay', 'Khăn thổ cẩm', 'Túi thổ cẩm'],
  luu_niem: ['Tượng gỗ Tây Nguyên', 'Gùi đan mây', 'Ghè gốm', 'Đàn T\'rưng'],
  du_lich: ['Du lịch cộng đồng làng', 'Homestay làng'],
};

/** Products by old district (sums to 188; Kon Tum city the most, Ia H'Drai the fewest). */
const BY_DISTRICT: Record<string, number> = { '608': 46, '610': 20, '611': 17, '612': 17, '613': 21, '614': 12, '615': 24, '616': 9, '617': 20, '618': 2 };
const CATEGORY_WEIGHTS: Record<OcopCategory, number> = { thuc_pham: 45, do_uong: 25, thao_duoc: 18, vai_may_mac: 5, luu_niem: 5, du_lich: 2 };
const CATEGORIES = Object.keys(CATEGORY_WEIGHTS) as OcopCategory[];
const PRODUCER_KINDS = ['HTX Nông nghiệp', 'HTX Dịch vụ', 'Công ty TNHH', 'Hộ kinh doanh', 'Tổ hợp tác'] as const;

/**
 * The province's valid rated products and Kon Tum city's 2023 registrations.
 * Throws if the figures do not come out exactly.
 */
export function buildOcop(units: readonly AdminUnit[], villages: readonly Village[], figures: Figures, seed: number): OcopProduct[] {
  const rng = subRng(seed, 'ocop');
  const f = figures.ocop;
  const communes = units.filter((u) => u.level === 'commune');
  const villagesOf = new Map<string, Village[]>();
  for (const v of villages) villagesOf.set(v.communeCode, [...(villagesOf.get(v.communeCode) ?? []), v]);
  const communesOf = (district: string) => communes.filter((c) => c.parentCode === district && villagesOf.has(c.code));
  const ngocLinh = communes.find((c) => c.parentCode === '617' && /Ngọc Linh|Măng Ri/.test(c.name) && villagesOf.has(c.code)) ?? communesOf('617')[0]!;

  const place = (commune: AdminUnit): Point => {
    const v = rng.pick(villagesOf.get(commune.code)!);
    // beside the village, a few hundred metres off (never on its point)
    return [round6(v.point[0] + rng.range(-0.004, 0.004)), round6(v.point[1] + rng.range(-0.004, 0.004))];
  };
  const used = new Set<string>();
  // a producer's name is unique (report 000 counts producers)
  const producerName = (commune: AdminUnit) => {
    for (let k = 1; ; k++) {
      const name = `${rng.pick(PRODUCER_KINDS)} ${commune.name}${k > 3 ? ` ${k - 2}` : ''}`;
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  };

  // ratings, in the figures' counts: the five-star first (sâm Ngọc Linh), then shuffled
  const ratings: OcopRating[] = rng.shuffle([
    ...Array<OcopRating>(f.potential_five_star).fill('5p'),
    ...Array<OcopRating>(f.four_star).fill('4'),
    ...Array<OcopRating>(f.three_star).fill('3'),
  ]);
  const out: OcopProduct[] = [];
  let id = 1;
  out.push({
    id: id++, name: 'Sâm Ngọc Linh củ tươi', producer: `Công ty Cổ phần Sâm Ngọc Linh ${ngocLinh.name}`, category: 'thao_duoc',
    rating: '5', ratedYear: 2021, registeredYear: 2020, communeCode: ngocLinh.code, point: place(ngocLinh),
  });
  const slots: string[] = [];
  for (const [d, n] of Object.entries(BY_DISTRICT)) for (let i = 0; i < n - (d === ngocLinh.parentCode ? 1 : 0); i++) slots.push(d);
  if (slots.length !== ratings.length) throw new Error(`ocop: ${slots.length + 1} placed products for ${f.province_2023_products_3_star_or_more}`);
  slots.forEach((d, i) => {
    const commune = rng.pick(communesOf(d));
    const category = CATEGORIES[rng.weightedIndex(CATEGORIES.map((c) => CATEGORY_WEIGHTS[c]))]!;
    const ratedYear = rng.int(2019, 2022);
    out.push({
      id: id++, name: `${rng.pick(PRODUCTS[category])} ${commune.name}`, producer: producerName(commune), category,
      rating: ratings[i]!, ratedYear, registeredYear: ratedYear - rng.int(0, 1), communeCode: commune.code, point: place(commune),
    });
  });

  // Kon Tum city, 2023: products registered for rating by a number of producers (report 000)
  const reg = f.kon_tum_city_2023_registered as { products: number; entities: number };
  const city = communesOf(KT_CITY);
  const producers = Array.from({ length: reg.entities }, () => {
    const commune = rng.pick(city);
    return { commune, name: producerName(commune) };
  });
  for (let i = 0; i < reg.products; i++) {
    // every producer has at least one product
    const p = producers[i < reg.entities ? i : rng.int(0, reg.entities - 1)]!;
    const category = CATEGORIES[rng.weightedIndex(CATEGORIES.map((c) => CATEGORY_WEIGHTS[c]))]!;
    out.push({
      id: id++, name: `${rng.pick(PRODUCTS[category])} ${p.commune.name}`, producer: p.name, category,
      rating: null, ratedYear: null, registeredYear: 2023, communeCode: p.commune.code, point: place(p.commune),
    });
  }
  assertOcop(out, figures);
  return out;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function assertOcop(products: readonly OcopProduct[], figures: Figures): void {
  const f = figures.ocop;
  const n = (r: OcopRating) => products.filter((p) => p.rating === r).length;
  const rated = products.filter((p) => p.rating != null).length;
  const reg = products.filter((p) => p.registeredYear === 2023 && p.rating == null);
  const ok = rated === f.province_2023_products_3_star_or_more && n('5') === f.five_star && n('5p') === f.potential_five_star
    && n('4') === f.four_star && n('3') === f.three_star && reg.length === f.kon_tum_city_2023_registered.products
    && new Set(reg.map((p) => p.producer)).size === f.kon_tum_city_2023_registered.entities;
  if (!ok) throw new Error('demo dataset: OCOP figures do not come out');
}
