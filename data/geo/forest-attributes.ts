/**
 * Inventory attributes of a lô: land/forest type (ldlr), function, owner (churung), planting year
 * and species, following the national forest-inventory field names (see README glossary).
 */
import type { Rng } from './prng.ts';

export type ForestFunction = 'production' | 'protection' | 'special_use' | 'outside';
export type OwnerKind = 'state' | 'commune' | 'household' | 'community' | 'company';

/** Land / forest type codes used by the demo (subset of the national classification). */
export const LDLR_CODES: Record<string, { vi: string; en: string }> = {
  TXG: { vi: 'Rừng gỗ tự nhiên lá rộng thường xanh giàu', en: 'Natural evergreen broadleaf forest, rich' },
  TXB: { vi: 'Rừng gỗ tự nhiên lá rộng thường xanh trung bình', en: 'Natural evergreen broadleaf forest, medium' },
  TXN: { vi: 'Rừng gỗ tự nhiên lá rộng thường xanh nghèo', en: 'Natural evergreen broadleaf forest, poor' },
  TXP: { vi: 'Rừng gỗ tự nhiên lá rộng thường xanh phục hồi', en: 'Natural evergreen broadleaf forest, regrowth' },
  HG1: { vi: 'Rừng hỗn giao gỗ - tre nứa', en: 'Mixed timber and bamboo forest' },
  NUA: { vi: 'Rừng tre nứa', en: 'Bamboo forest' },
  RTG: { vi: 'Rừng trồng gỗ', en: 'Planted timber forest' },
  DTR: { vi: 'Đất đã trồng rừng chưa thành rừng', en: 'Planted land, not yet forest' },
  DT2: { vi: 'Đất trống có cây gỗ tái sinh', en: 'Unforested land with regenerating trees' },
  DT1: { vi: 'Đất trống không có cây gỗ tái sinh', en: 'Unforested land without regeneration' },
  NN: { vi: 'Đất nông nghiệp', en: 'Agricultural land' },
  DKH: { vi: 'Đất khác', en: 'Other land' },
};

const MIX: Record<ForestFunction, [string, number][]> = {
  special_use: [['TXG', 30], ['TXB', 30], ['TXN', 15], ['TXP', 8], ['HG1', 6], ['NUA', 5], ['DT2', 6]],
  protection: [['TXG', 18], ['TXB', 28], ['TXN', 20], ['TXP', 12], ['HG1', 5], ['NUA', 5], ['DT2', 9], ['DT1', 3]],
  production: [['RTG', 28], ['TXN', 14], ['TXB', 8], ['TXP', 12], ['NUA', 4], ['HG1', 4], ['DT2', 16], ['DT1', 10], ['NN', 4]],
  outside: [['NN', 65], ['DKH', 10], ['RTG', 12], ['DT1', 13]],
};

const TIMBER_SPECIES = ['Keo lai', 'Keo lai', 'Keo tai tượng', 'Bạch đàn', 'Thông ba lá', 'Sao đen'];
const CROPS = ['Cà phê', 'Cao su', 'Mì (sắn)', 'Mì (sắn)', 'Lúa nước', 'Mắc ca'];
const EM_GIVEN = ['A Blưn', 'A Tơ', 'A Thuật', 'Y Hiên', 'A Hùng', 'Y Nhông', 'A Dũng', 'Y Blang', 'A Sang', 'Y Sương', 'A Nhiên', 'A Hyên', 'Y Gưh', 'A Điểu', 'Y Lan'];
const KINH_FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Võ', 'Đặng', 'Bùi', 'Huỳnh', 'Đỗ'];
const KINH_GIVEN = ['Văn Hùng', 'Văn Thành', 'Thị Hoa', 'Văn Dũng', 'Thị Lan', 'Văn Tâm', 'Đức Minh', 'Văn Sơn', 'Thị Hằng', 'Quang Vinh'];

export function pickWeighted<T>(rng: Rng, mix: [T, number][]): T {
  return mix[rng.weightedIndex(mix.map((m) => m[1]))][0];
}

/** A household owner name ("Hộ ông A Blưn"); ethnic-minority names dominate in the highlands. */
export function householdName(rng: Rng, emShare: number): string {
  if (rng.chance(emShare)) {
    const g = rng.pick(EM_GIVEN);
    return `Hộ ${g.startsWith('Y') ? 'bà' : 'ông'} ${g}`;
  }
  const given = rng.pick(KINH_GIVEN);
  return `Hộ ${given.startsWith('Thị') ? 'bà' : 'ông'} ${rng.pick(KINH_FAMILY)} ${given}`;
}

export interface PlotAttributes {
  ldlr: string;
  forestFunction: ForestFunction;
  churung: string | null;
  ownerKind: OwnerKind | null;
  namtr: number | null;
  loaicay: string | null;
}

export interface OwnerContext {
  communeName: string;
  districtName: string;
  districtCode: string;
  /** National park or nature reserve managing special-use forest here, if any. */
  specialUseOwner: string | null;
  /** Share of ethnic-minority households among owners. */
  emShare: number;
  isKonTumCity: boolean;
}

export function plotAttributes(fn: ForestFunction, ctx: OwnerContext, rng: Rng): PlotAttributes {
  const ldlr = pickWeighted(rng, MIX[fn]);
  let churung: string | null;
  let ownerKind: OwnerKind | null;
  if (fn === 'special_use') {
    churung = ctx.specialUseOwner ?? `Ban quản lý rừng đặc dụng ${ctx.districtName}`;
    ownerKind = 'state';
  } else if (fn === 'protection') {
    const r = rng.float();
    [churung, ownerKind] = r < 0.65 ? [`Ban quản lý rừng phòng hộ ${ctx.districtName}`, 'state'] : r < 0.9 ? [`UBND xã ${ctx.communeName}`, 'commune'] : [`Cộng đồng làng ${ctx.communeName}`, 'community'];
  } else if (fn === 'production') {
    const r = rng.float();
    if (ctx.isKonTumCity) [churung, ownerKind] = r < 0.65 ? [householdName(rng, ctx.emShare), 'household'] : [`UBND xã ${ctx.communeName}`, 'commune'];
    else [churung, ownerKind] = r < 0.45 ? [`Công ty TNHH MTV Lâm nghiệp ${ctx.districtName}`, 'company'] : r < 0.75 ? [householdName(rng, ctx.emShare), 'household'] : r < 0.95 ? [`UBND xã ${ctx.communeName}`, 'commune'] : [`Cộng đồng làng ${ctx.communeName}`, 'community'];
  } else {
    [churung, ownerKind] = rng.chance(0.75) ? [householdName(rng, ctx.emShare), 'household'] : [`UBND xã ${ctx.communeName}`, 'commune'];
  }
  let namtr: number | null = null;
  let loaicay: string | null = null;
  if (ldlr === 'RTG') {
    namtr = rng.int(2004, 2018);
    loaicay = ctx.districtCode === '613' && rng.chance(0.6) ? 'Thông ba lá' : rng.pick(TIMBER_SPECIES);
  } else if (ldlr === 'NN') {
    loaicay = rng.pick(CROPS);
  }
  return { ldlr, forestFunction: fn, churung, ownerKind, namtr, loaicay };
}
