/**
 * Import targets and their fields, with the presets that map a file's columns onto them: the
 * national forest-inventory attribute names (tk, khoanh, lo, maxa, dtich, ldlr/maldlr, churung,
 * namtr, loaicay, malr3 — ../shared/facts/forest-plot-attribute-schema-notes.md) and the
 * statistics office's unit codes (gso_ma_xa, ma_xa, mahuyen …). Rows are matched to existing ones
 * by official code only, never by name.
 */
import { foldName } from '../domain/text.ts';
import { UPLOAD_HEADERS } from '../domain/ntm.ts';
import { ImportError } from './errors.ts';

// the report tables of issue 17 (server/import/report-tables.ts: their checks and writes) and their keys
import { REPORT_KEY_FIELDS, REPORT_TARGETS, type ReportTarget } from '../domain/import-report-keys.ts';
export { REPORT_KEY_FIELDS, REPORT_TARGETS, type ReportTarget };

export const IMPORT_TARGETS = ['communes', 'districts', 'tieukhu', 'khoanh', 'plots', 'villages', 'criteria', 'plantings', 'inspections', ...REPORT_TARGETS] as const;
export const IMPORT_MODES = ['merge', 'replace'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];
export type ImportTarget = (typeof IMPORT_TARGETS)[number];

export type FieldType = 'code' | 'text' | 'int' | 'number' | 'bool' | 'date';

export interface TargetField {
  name: string;
  type: FieldType;
  required?: boolean;
  /** column names that map to this field (compared lower-case, without diacritics) */
  aliases: string[];
  /** digits of an official code (a number column loses leading zeros) */
  pad?: number;
  /** a reader of its own (a coded value): null when empty, undefined when it cannot be read */
  read?: (v: unknown) => unknown;
}

export interface TargetDef {
  id: ImportTarget;
  label: { vi: string; en: string };
  /** none: a table of records (criteria status), no coordinates needed */
  geometry: 'polygon' | 'point' | 'none';
  fields: TargetField[];
  /** the official key of a mapped row (null: missing) */
  key(a: Record<string, unknown>): string | null;
  /** tile layers whose data version a commit bumps */
  layers: string[];
  /** modes offered (replace: the target's rows in the file's scope that the file lacks are removed) */
  modes: ImportMode[];
  /** what replace removes, said to the user (only for targets offering replace) */
  replaceScope?: { vi: string; en: string };
}

/** The criteria upload's header names (domain/ntm.ts), folded the way autoMapping folds a column. */
const uploadAliases = (f: keyof typeof UPLOAD_HEADERS, more: string[] = []) => [...more, ...UPLOAD_HEADERS[f].map((h) => h.replace(/ /g, '_'))];

const COMMUNE_CODE: TargetField = { name: 'commune_code', type: 'code', pad: 5, aliases: ['maxa', 'ma_xa', 'gso_ma_xa', 'commune_code', 'commune', 'ma_dvhc_xa'] };

const str = (v: unknown) => (v == null || v === '' ? null : String(v));

/** The lô a record belongs to: by its code tk/khoanh/lô only (the commune code, when given, must agree). */
const PLOT_KEY: TargetField[] = [
  { name: 'tk', type: 'int', required: true, aliases: ['tk', 'tieukhu', 'tieu_khu', 'matieukhu'] },
  { name: 'khoanh', type: 'int', required: true, aliases: ['khoanh', 'makhoanh', 'ma_khoanh'] },
  { name: 'lo', type: 'text', required: true, aliases: ['lo', 'malo', 'ma_lo', 'lo_rung'] },
  COMMUNE_CODE,
];
const PLANTING_YEAR: TargetField = { name: 'year', type: 'int', required: true, aliases: ['nam_trong', 'namtrong', 'namtr', 'nam', 'year', 'planting_year'] };
const plotKey = (a: Record<string, unknown>) => (a.tk == null || a.khoanh == null || a.lo == null ? null : `${a.tk}/${a.khoanh}/${a.lo}`);

// ---- coded values read from the offices' wording ----

const folded = (v: unknown) => foldName(String(v)).replace(/[^a-z0-9 ]/g, ' ').replace(/\s+/g, ' ').trim();

/**
 * 'Có', 'x', 'Đạt', '1' → true; 'Không', 'Chưa', 'Chưa đạt', '0' → false; else undefined. An
 * empty cell is 'no': the forms tick the villages that have it ('x') and leave the others blank.
 */
export function yesNoOf(v: unknown): unknown {
  if (v == null || (typeof v === 'string' && v.trim() === '')) return false;
  if (typeof v === 'boolean') return v;
  const s = folded(v);
  if (['1', 'x', 'co', 'c', 'yes', 'true', 'dat', 'da co', 'da xay dung', 'da xd', 'da cong nhan', 'cong nhan', 'thon diem', 'diem'].includes(s)) return true;
  if (['0', 'khong', 'k', 'no', 'false', 'chua', 'chua co', 'chua dat', 'chua xay dung', 'chua xd', 'chua cong nhan', 'khong co'].includes(s)) return false;
  return undefined;
}

/** OCOP product groups (bộ sản phẩm, Decision 148/QĐ-TTg) → the table's category. */
export function ocopCategoryOf(v: unknown): unknown {
  if (v == null || v === '') return null;
  const s = folded(v);
  if (['thuc_pham', 'do_uong', 'thao_duoc', 'vai_may_mac', 'luu_niem', 'du_lich'].includes(String(v).trim())) return String(v).trim();
  if (s.includes('thuc pham') || s === 'food') return 'thuc_pham';
  if (s.includes('do uong') || s === 'drinks' || s === 'beverages') return 'do_uong';
  if (s.includes('thao duoc') || s.includes('duoc lieu') || s === 'herbs') return 'thao_duoc';
  if (s.includes('vai') || s.includes('may mac') || s === 'textiles') return 'vai_may_mac';
  if (s.includes('luu niem') || s.includes('noi that') || s.includes('trang tri') || s.includes('thu cong')) return 'luu_niem';
  if (s.includes('du lich') || s.includes('dich vu') || s === 'tourism') return 'du_lich';
  return undefined;
}

/** '3', '3 sao', '4*', '5 sao tiềm năng' (proposed to the Ministry) → '3', '4', '5p'; 'Chưa xếp hạng', '' → null. */
export function ocopRatingOf(v: unknown): unknown {
  if (v == null || v === '') return null;
  const s = folded(v);
  if (['chua', 'chua xep hang', 'chua danh gia', 'dang ky', 'khong'].includes(s)) return null;
  if (s === '5p' || (s.includes('5') && s.includes('tiem nang'))) return '5p';
  const m = /^([345])(?: sao)?$/.exec(s); // '4*' folds to '4'
  if (m) return m[1];
  return undefined;
}

/** NTM funding sources as report 004 words them → the table's source. */
export function fundingSourceOf(v: unknown): unknown {
  if (v == null || v === '') return null;
  const raw = String(v).trim();
  if (['central', 'local_counterpart', 'carried_over', 'integrated_programmes', 'credit', 'enterprises', 'people_and_community'].includes(raw)) return raw;
  const s = folded(v);
  if (s.includes('truoc chuyen') || s.includes('chuyen qua') || s.includes('chuyen nguon')) return 'carried_over';
  if (s.includes('trung uong') || s === 'nstw') return 'central';
  if (s.includes('doi ung') || s.includes('dia phuong') || s === 'nsdp') return 'local_counterpart';
  if (s.includes('long ghep')) return 'integrated_programmes';
  if (s.includes('tin dung')) return 'credit';
  if (s.includes('doanh nghiep')) return 'enterprises';
  if (s.includes('nguoi dan') || s.includes('cong dong') || s.includes('nhan dan')) return 'people_and_community';
  return undefined;
}

/** '2016 - 2020', '2016–2020' → '2016-2020'. */
export function periodOf(v: unknown): unknown {
  if (v == null || v === '') return null;
  const m = /^(\d{4})\s*[-–—/]\s*(\d{4})$/.exec(String(v).trim());
  return m ? `${m[1]}-${m[2]}` : undefined;
}

// ---- fields (preset column names: the forms' headers, folded; a unit in brackets is ignored) ----

const COMMUNE: TargetField = { name: 'commune_code', type: 'code', pad: 5, aliases: ['ma_xa', 'maxa', 'gso_ma_xa', 'ma_dvhc_xa', 'ma_don_vi', 'commune_code'] };
const COMMUNE_NAME: TargetField = { name: 'unit_name', type: 'text', aliases: ['ten_xa', 'tenxa', 'xa', 'xa_phuong', 'xa_phuong_thi_tran', 'ten_don_vi', 'don_vi', 'unit_name'] };
const DISTRICT: TargetField = { name: 'district_code', type: 'code', pad: 3, aliases: ['ma_huyen', 'mahuyen', 'gso_ma_huyen', 'district_code'] };
const DISTRICT_NAME: TargetField = { name: 'unit_name', type: 'text', aliases: ['ten_huyen', 'huyen', 'huyen_thanh_pho', 'ten_don_vi', 'don_vi', 'unit_name'] };
const VILLAGE: TargetField = { name: 'village_code', type: 'code', aliases: ['ma_thon', 'mathon', 'ma_thon_lang', 'village_code'] };
const VILLAGE_NAME: TargetField = { name: 'unit_name', type: 'text', aliases: ['ten_thon', 'tenthon', 'thon', 'thon_lang', 'ten_thon_lang', 'unit_name'] };
const YEAR: TargetField = { name: 'data_year', type: 'int', required: true, aliases: ['nam', 'nam_so_lieu', 'nam_bao_cao', 'year', 'data_year'] };
const AS_OF: TargetField = { name: 'as_of', type: 'date', required: true, aliases: ['ngay_so_lieu', 'tinh_den_ngay', 'den_ngay', 'thoi_diem', 'as_of'] };
const SOURCE: TargetField = { name: 'source', type: 'text', aliases: ['nguon', 'nguon_so_lieu', 'can_cu', 'source'] };
/** A yes/no column; an optional one left blank is unknown (null), a required one blank is 'no'. */
const yesNo = (name: string, aliases: string[], required = true): TargetField => ({
  name,
  type: 'bool',
  required,
  read: required ? yesNoOf : (v) => (v == null || (typeof v === 'string' && v.trim() === '') ? null : yesNoOf(v)),
  aliases,
});

/** The report tables' targets (in TARGETS). */
export const REPORT_TARGET_DEFS: Record<ReportTarget, TargetDef> = {
  ocop: {
    id: 'ocop',
    label: { vi: 'sản phẩm OCOP (điểm)', en: 'OCOP products (points)' },
    geometry: 'point',
    fields: [
      { name: 'product', type: 'text', required: true, aliases: ['ten_san_pham', 'san_pham', 'ten_sp', 'product'] },
      { name: 'producer', type: 'text', required: true, aliases: ['chu_the', 'ten_chu_the', 'chu_the_san_xuat', 'co_so_san_xuat', 'producer'] },
      { name: 'category', type: 'text', required: true, read: ocopCategoryOf, aliases: ['nhom_san_pham', 'bo_san_pham', 'phan_nhom', 'nhom', 'nganh_hang', 'category'] },
      { name: 'rating', type: 'text', read: ocopRatingOf, aliases: ['hang_sao', 'so_sao', 'xep_hang', 'ket_qua_xep_hang', 'rating'] },
      { name: 'rated_year', type: 'int', aliases: ['nam_cong_nhan', 'nam_xep_hang', 'rated_year'] },
      { name: 'registered_year', type: 'int', required: true, aliases: ['nam_dang_ky', 'nam_tham_gia', 'registered_year'] },
      { ...COMMUNE, required: true },
      COMMUNE_NAME,
    ],
    key: (x) => (x.commune_code == null || x.producer == null || x.product == null ? null : `${x.commune_code}/${foldName(String(x.producer))}/${foldName(String(x.product))}`),
    layers: ['ocop'],
    modes: ['merge', 'replace'],
    replaceScope: { vi: 'các sản phẩm OCOP của những xã có trong tệp mà tệp không có sẽ bị xóa', en: 'the OCOP products of the communes in the file that the file lacks are removed' },
  },
  capital: {
    id: 'capital',
    label: { vi: 'vốn các CTMTQG theo huyện, năm', en: 'programme capital by district and year' },
    geometry: 'none',
    fields: [
      { ...DISTRICT, required: true },
      DISTRICT_NAME,
      YEAR,
      { name: 'allocated_pct', type: 'number', required: true, aliases: ['ty_le_phan_bo_chi_tiet', 'ty_le_phan_bo', 'phan_bo_chi_tiet', 'da_phan_bo_chi_tiet', 'allocated_pct'] },
      { name: 'disbursed_pct', type: 'number', required: true, aliases: ['ty_le_giai_ngan', 'giai_ngan', 'da_giai_ngan', 'disbursed_pct'] },
      AS_OF,
    ],
    key: (x) => (x.district_code == null || x.data_year == null ? null : `${x.district_code}/${x.data_year}`),
    layers: ['capital'],
    modes: ['merge'],
  },
  funding: {
    id: 'funding',
    label: { vi: 'vốn huy động xây dựng NTM theo nguồn', en: 'NTM funding by source' },
    geometry: 'none',
    fields: [
      { name: 'unit_code', type: 'code', required: true, aliases: ['ma_don_vi', 'ma_huyen', 'mahuyen', 'ma_dvhc', 'ma_tinh', 'unit_code'] },
      DISTRICT_NAME,
      { name: 'period', type: 'text', required: true, read: periodOf, aliases: ['giai_doan', 'thoi_ky', 'period'] },
      { name: 'source', type: 'text', required: true, read: fundingSourceOf, aliases: ['nguon_von', 'nguon', 'loai_von', 'source'] },
      { name: 'amount_million_vnd', type: 'int', required: true, aliases: ['so_tien', 'so_von', 'kinh_phi', 'gia_tri', 'von_huy_dong', 'amount_million_vnd'] },
      { name: 'report', type: 'text', aliases: ['bao_cao', 'can_cu', 'report'] },
    ],
    key: (x) => (x.unit_code == null || x.period == null || x.source == null ? null : `${x.unit_code}/${x.period}/${x.source}`),
    layers: [],
    modes: ['merge', 'replace'],
    replaceScope: {
      vi: 'với mỗi đơn vị và giai đoạn có trong tệp, các nguồn vốn tệp không có sẽ bị xóa',
      en: 'for each unit and period in the file, the funding sources the file lacks are removed',
    },
  },
  village_infrastructure: {
    id: 'village_infrastructure',
    label: { vi: 'thiết chế văn hóa thôn (nhà rông, nhà văn hóa…)', en: 'village cultural infrastructure' },
    geometry: 'none',
    fields: [
      { ...VILLAGE, required: true },
      VILLAGE_NAME,
      AS_OF,
      yesNo('nha_rong', ['nha_rong', 'co_nha_rong', 'nha_rong_truyen_thong', 'nha_rong']),
      yesNo('culture_house', ['nha_van_hoa', 'nha_van_hoa_thon', 'co_nha_van_hoa', 'culture_house']),
      yesNo('sports_ground', ['san_the_thao', 'khu_the_thao', 'san_the_thao_thon', 'sports_ground']),
      yesNo('cultural_area_recognised', ['khu_dan_cu_van_hoa', 'kdc_van_hoa', 'dat_khu_dan_cu_van_hoa', 'danh_hieu_khu_dan_cu_van_hoa', 'cultural_area_recognised']),
      SOURCE,
    ],
    key: (x) => (x.village_code == null || x.as_of == null ? null : `${x.village_code}/${x.as_of}`),
    layers: ['villages'],
    modes: ['merge'],
  },
  scattered_trees: {
    id: 'scattered_trees',
    label: { vi: 'trồng cây phân tán (theo xã, năm)', en: 'scattered-tree planting (per unit and year)' },
    geometry: 'none',
    fields: [
      { ...COMMUNE, required: true },
      COMMUNE_NAME,
      YEAR,
      { name: 'trees_planted', type: 'int', required: true, aliases: ['so_cay_trong', 'so_cay_da_trong', 'cay_trong', 'so_cay', 'trees_planted'] },
      { name: 'trees_alive', type: 'int', aliases: ['so_cay_song', 'cay_song', 'so_cay_con_song', 'trees_alive'] },
      { name: 'inspected_on', type: 'date', aliases: ['ngay_kiem_tra', 'ngay_nghiem_thu', 'inspected_on'] },
      yesNo('self_checked', ['tu_kiem_tra', 'da_tu_kiem_tra', 'self_checked'], false),
      { name: 'note', type: 'text', aliases: ['ghi_chu', 'ket_qua_kiem_tra', 'note'] },
    ],
    key: (x) => (x.commune_code == null || x.data_year == null ? null : `${x.commune_code}/${x.data_year}`),
    layers: [],
    modes: ['merge'],
  },
  village_plans: {
    id: 'village_plans',
    label: { vi: 'kế hoạch xây dựng thôn NTM của xã (đã / chưa xây dựng)', en: 'village plans of the units (built / not built)' },
    geometry: 'none',
    fields: [
      { ...COMMUNE, required: true },
      COMMUNE_NAME,
      YEAR,
      yesNo('built', ['da_xay_dung_ke_hoach', 'da_xay_dung', 'xay_dung_ke_hoach', 'co_ke_hoach', 'ke_hoach', 'built']),
      SOURCE,
    ],
    key: (x) => (x.commune_code == null || x.data_year == null ? null : `${x.commune_code}/${x.data_year}`),
    layers: [],
    modes: ['merge'],
  },
  village_standing: {
    id: 'village_standing',
    label: { vi: 'tình hình thôn (thôn điểm, đạt chuẩn) theo ngày', en: 'village standing (pilot, at standard) at a date' },
    geometry: 'none',
    fields: [
      { ...VILLAGE, required: true },
      VILLAGE_NAME,
      AS_OF,
      yesNo('pilot', ['thon_diem', 'thon_thi_diem', 'thi_diem', 'pilot']),
      yesNo('at_standard', ['dat_chuan', 'dat_chuan_ntm', 'thon_dat_chuan', 'at_standard']),
      SOURCE,
    ],
    key: (x) => (x.village_code == null || x.as_of == null ? null : `${x.village_code}/${x.as_of}`),
    layers: ['villages'],
    modes: ['merge'],
  },
  commune_culture_houses: {
    id: 'commune_culture_houses',
    label: { vi: 'nhà văn hóa xã (có / đạt chuẩn) theo ngày', en: 'commune culture houses (present / at standard) at a date' },
    geometry: 'none',
    fields: [
      { ...COMMUNE, required: true },
      COMMUNE_NAME,
      AS_OF,
      yesNo('has_house', ['nha_van_hoa', 'nha_van_hoa_xa', 'co_nha_van_hoa', 'co_nha_van_hoa_xa', 'has_house']),
      yesNo('at_standard', ['dat_chuan', 'nha_van_hoa_dat_chuan', 'dat_chuan_theo_quy_dinh', 'at_standard']),
      SOURCE,
    ],
    key: (x) => (x.commune_code == null || x.as_of == null ? null : `${x.commune_code}/${x.as_of}`),
    layers: [],
    modes: ['merge'],
  },
  scattered_tree_inspections: {
    id: 'scattered_tree_inspections',
    label: { vi: 'kiểm tra trồng cây phân tán (theo huyện, năm)', en: 'scattered-tree planting inspections (per district and year)' },
    geometry: 'none',
    fields: [
      { ...DISTRICT, required: true },
      DISTRICT_NAME,
      { ...YEAR, aliases: ['nam_trong', 'nam_kiem_tra', ...YEAR.aliases] },
      { name: 'decision', type: 'text', aliases: ['quyet_dinh', 'so_quyet_dinh', 'quyet_dinh_kiem_tra', 'van_ban', 'decision'] },
      { name: 'finding_vi', type: 'text', required: true, aliases: ['ket_qua_kiem_tra', 'ket_qua', 'ket_luan', 'ket_luan_kiem_tra', 'finding_vi', 'finding'] },
      { name: 'finding_en', type: 'text', aliases: ['finding_en', 'ket_qua_tieng_anh'] },
      SOURCE,
    ],
    key: (x) => (x.district_code == null || x.data_year == null ? null : `${x.district_code}/${x.data_year}`),
    layers: [],
    modes: ['merge'],
  },
};

export const TARGETS: Record<ImportTarget, TargetDef> = {
  communes: {
    id: 'communes',
    label: { vi: 'ranh giới xã, phường, thị trấn', en: 'commune boundaries' },
    geometry: 'polygon',
    fields: [
      { name: 'code', type: 'code', required: true, pad: 5, aliases: ['gso_ma_xa', 'maxa', 'ma_xa', 'code', 'ma', 'ma_dvhc', 'madvhc', 'commune_code'] },
      { name: 'name', type: 'text', aliases: ['gso_ten_xa', 'tenxa', 'ten_xa', 'name', 'ten'] },
      { name: 'district_code', type: 'code', pad: 3, aliases: ['gso_ma_huyen', 'mahuyen', 'ma_huyen', 'district_code'] },
    ],
    key: (a) => str(a.code),
    layers: ['communes'],
    modes: ['merge'],
  },
  districts: {
    id: 'districts',
    label: { vi: 'ranh giới huyện, thành phố', en: 'district boundaries' },
    geometry: 'polygon',
    fields: [
      { name: 'code', type: 'code', required: true, pad: 3, aliases: ['gso_ma_huyen', 'mahuyen', 'ma_huyen', 'code', 'ma', 'ma_dvhc', 'district_code'] },
      { name: 'name', type: 'text', aliases: ['gso_ten_huyen', 'tenhuyen', 'ten_huyen', 'name', 'ten'] },
    ],
    key: (a) => str(a.code),
    layers: ['districts'],
    modes: ['merge'],
  },
  tieukhu: {
    id: 'tieukhu',
    label: { vi: 'tiểu khu', en: 'tiểu khu' },
    geometry: 'polygon',
    fields: [{ name: 'tk', type: 'int', required: true, aliases: ['tk', 'tieukhu', 'tieu_khu', 'matieukhu'] }, { ...COMMUNE_CODE, required: true }],
    key: (a) => str(a.tk),
    layers: ['tieukhu'],
    modes: ['merge'],
  },
  khoanh: {
    id: 'khoanh',
    label: { vi: 'khoảnh', en: 'khoảnh' },
    geometry: 'polygon',
    fields: [
      { name: 'tk', type: 'int', required: true, aliases: ['tk', 'tieukhu', 'tieu_khu', 'matieukhu'] },
      { name: 'khoanh', type: 'int', required: true, aliases: ['khoanh', 'makhoanh', 'ma_khoanh'] },
      { ...COMMUNE_CODE, required: true },
    ],
    key: (a) => (a.tk == null || a.khoanh == null ? null : `${a.tk}/${a.khoanh}`),
    layers: ['khoanh'],
    modes: ['merge'],
  },
  plots: {
    id: 'plots',
    label: { vi: 'lô rừng', en: 'forest plots (lô)' },
    geometry: 'polygon',
    fields: [
      { name: 'tk', type: 'int', required: true, aliases: ['tk', 'tieukhu', 'tieu_khu', 'matieukhu'] },
      { name: 'khoanh', type: 'int', required: true, aliases: ['khoanh', 'makhoanh', 'ma_khoanh'] },
      { name: 'lo', type: 'text', required: true, aliases: ['lo', 'malo', 'ma_lo', 'lo_rung'] },
      { ...COMMUNE_CODE, required: true },
      { name: 'dtich', type: 'number', aliases: ['dtich', 'dientich', 'dien_tich', 'area_ha', 'dt'] },
      { name: 'ldlr', type: 'text', required: true, aliases: ['ldlr', 'maldlr', 'sldlr', 'loai_dat_loai_rung'] },
      { name: 'forest_function', type: 'text', aliases: ['malr3', 'chucnang', 'chuc_nang', 'forest_function', 'mdsd'] },
      { name: 'churung', type: 'text', aliases: ['churung', 'chu_rung', 'chuquanly'] },
      { name: 'namtr', type: 'int', aliases: ['namtr', 'namtrong', 'nam_trong'] },
      { name: 'loaicay', type: 'text', aliases: ['loaicay', 'loai_cay', 'sploai'] },
    ],
    key: (a) => (a.tk == null || a.khoanh == null || a.lo == null ? null : `${a.tk}/${a.khoanh}/${a.lo}`),
    layers: ['plots'],
    modes: ['merge', 'replace'],
    replaceScope: { vi: 'các lô của những xã có trong tệp mà tệp không có sẽ bị xóa', en: 'the lô of the communes in the file that the file lacks are removed' },
  },
  villages: {
    id: 'villages',
    label: { vi: 'thôn, làng', en: 'villages' },
    geometry: 'point',
    fields: [
      { name: 'code', type: 'code', required: true, aliases: ['ma_thon', 'mathon', 'code', 'village_code', 'ma'] },
      { name: 'name', type: 'text', required: true, aliases: ['ten_thon', 'tenthon', 'name', 'ten'] },
      { ...COMMUNE_CODE, required: true },
      { name: 'kind', type: 'text', aliases: ['loai', 'kind'] },
      { name: 'ethnic_minority', type: 'bool', aliases: ['dtts', 'ethnic_minority', 'thon_dtts'] },
      { name: 'main_ethnic', type: 'text', aliases: ['dan_toc', 'dantoc', 'main_ethnic'] },
      { name: 'households', type: 'int', aliases: ['so_ho', 'soho', 'households'] },
    ],
    key: (a) => str(a.code),
    layers: ['villages'],
    modes: ['merge'],
  },
  criteria: {
    id: 'criteria',
    label: { vi: 'kết quả tiêu chí NTM (xã, thôn theo năm)', en: 'NTM criteria status (communes, villages, per year)' },
    geometry: 'none',
    // read as text: the criteria upload's own row schema (domain/ntm.ts CriteriaUploadRow) parses them
    fields: [
      { name: 'code', type: 'text', required: true, aliases: uploadAliases('code', ['gso_ma_xa', 'ma_xa', 'maxa', 'ma_thon', 'mathon', 'ma_don_vi']) },
      { name: 'year', type: 'text', required: true, aliases: uploadAliases('year') },
      { name: 'criterion', type: 'text', required: true, aliases: uploadAliases('criterion', ['tieu_chi', 'so_tieu_chi', 'tieuchi']) },
      { name: 'met', type: 'text', required: true, aliases: uploadAliases('met') },
      { name: 'evidence', type: 'text', aliases: uploadAliases('evidence') },
      { name: 'evidenceDate', type: 'text', aliases: uploadAliases('evidenceDate', ['ngay_minh_chung', 'evidence_date']) },
    ],
    key: (a) => (a.code == null || a.year == null || a.criterion == null ? null : `${a.code}/${a.year}/${a.criterion}`),
    layers: ['communes', 'villages'],
    modes: ['merge', 'replace'],
    replaceScope: {
      vi: 'với mỗi xã/thôn và năm có trong tệp, các tiêu chí tệp không có sẽ bị xóa',
      en: 'for each commune/village and year in the file, the criteria the file lacks are removed',
    },
  },
  // the offices' planting list (danh sách lô trồng rừng): one row per lô and year (records.ts)
  plantings: {
    id: 'plantings',
    label: { vi: 'trồng rừng (theo lô, năm)', en: 'plantings (per lô and year)' },
    geometry: 'none',
    fields: [
      ...PLOT_KEY,
      PLANTING_YEAR,
      { name: 'area_ha', type: 'number', required: true, aliases: ['dien_tich_trong', 'dt_trong', 'dtich_trong', 'dien_tich', 'dientich', 'dtich', 'area_ha'] },
      { name: 'species', type: 'text', required: true, aliases: ['loai_cay', 'loaicay', 'cay_trong', 'species'] },
      { name: 'funding', type: 'text', required: true, read: fundingOf, aliases: ['nguon_von', 'nguonvon', 'von', 'funding'] },
      { name: 'household', type: 'text', aliases: ['chu_ho', 'ho_gia_dinh', 'ho_trong', 'household'] },
      { name: 'density_per_ha', type: 'int', aliases: ['mat_do', 'matdo', 'mat_do_trong', 'density_per_ha', 'cay_ha'] },
      { name: 'planted_on', type: 'date', aliases: ['ngay_trong', 'ngaytrong', 'planted_on'] },
    ],
    key: (a) => (plotKey(a) == null || a.year == null ? null : `${plotKey(a)}/${a.year}`),
    layers: ['plots'],
    modes: ['merge'],
  },
  // the acceptance minutes' table (biên bản nghiệm thu): one row per planting, stage and date
  ...REPORT_TARGET_DEFS,
  inspections: {
    id: 'inspections',
    label: { vi: 'nghiệm thu trồng rừng', en: 'planting inspections (nghiệm thu)' },
    geometry: 'none',
    fields: [
      ...PLOT_KEY,
      PLANTING_YEAR,
      { name: 'inspected_on', type: 'date', required: true, aliases: ['ngay_nghiem_thu', 'ngaynghiemthu', 'ngay_kiem_tra', 'inspected_on', 'ngay'] },
      { name: 'stage', type: 'int', required: true, aliases: ['lan_nghiem_thu', 'nam_nghiem_thu', 'giai_doan', 'lan', 'stage'] },
      { name: 'planted', type: 'int', aliases: ['so_cay_trong', 'cay_trong_otc', 'planted'] },
      { name: 'surviving', type: 'int', aliases: ['so_cay_song', 'cay_song', 'surviving'] },
      { name: 'survival_pct', type: 'number', aliases: ['ty_le_song', 'tyle_song', 'tls', 'survival_pct', 'ty_le_song_pct'] },
      { name: 'team', type: 'text', aliases: ['to_nghiem_thu', 'doan_nghiem_thu', 'nguoi_nghiem_thu', 'team'] },
      { name: 'note', type: 'text', aliases: ['ghi_chu', 'ghichu', 'note'] },
    ],
    key: (a) => (plotKey(a) == null || a.year == null || a.stage == null || a.inspected_on == null ? null : `${plotKey(a)}/${a.year}/${a.stage}/${a.inspected_on}`),
    layers: ['plots'],
    modes: ['merge'],
  },
};

/** 'Ngân sách', 'NSNN', 'state' → state; 'Tự có', 'Xã hội hóa', 'Dân tự trồng', 'self' → self; unknown → undefined. */
export function fundingOf(v: unknown): unknown {
  if (v == null || v === '') return null;
  const s = foldName(String(v)).replace(/[^a-z0-9 ]/g, ' ').replace(/\s+/g, ' ').trim();
  if (['state', 'ns', 'nsnn', 'ngan sach', 'ngan sach nha nuoc', 'nha nuoc', 'von nha nuoc'].includes(s) || s.startsWith('ngan sach')) return 'state';
  if (['self', 'tu co', 'von tu co', 'xa hoi hoa', 'xhh', 'dan tu trong', 'tu trong', 'von dan', 'ho dan', 'doanh nghiep'].includes(s) || s.startsWith('tu ')) return 'self';
  return undefined;
}

/** 422 unless the target offers the mode (checked before the file is read). */
export function assertMode(t: TargetDef, mode: ImportMode): void {
  if (t.modes.includes(mode)) return;
  throw new ImportError(
    'mode_unsupported',
    `Nhập ${t.label.vi} chỉ theo kiểu: ${t.modes.map((m) => (m === 'merge' ? 'cập nhật (merge)' : 'thay thế (replace)')).join(', ')}`,
    `${t.label.en} import only in mode: ${t.modes.join(', ')}`,
    { modes: t.modes },
  );
}

/**
 * The targets as the API lists them (GET /api/import/targets, and the import screen's options):
 * what each takes, with each field's type, and which modes it offers.
 */
export function describeTargets() {
  return IMPORT_TARGETS.map((id) => {
    const t = TARGETS[id];
    return {
      id,
      label: t.label,
      geometry: t.geometry,
      modes: t.modes,
      replaceScope: t.replaceScope ?? null,
      fields: t.fields.map((f) => ({ name: f.name, type: f.type, required: f.required ?? false, aliases: f.aliases })),
    };
  });
}

/** 'Diện tích trồng (ha)' → 'dien_tich_trong': a unit in brackets, as the forms write it, is not part of the name. */
const foldKey = (s: string) => foldName(s.replace(/\([^)]*\)/g, ' ')).replace(/[\s-]+/g, '_');

/**
 * The mapping target field → source column: the user's choices first, then the presets' aliases.
 * @example autoMapping(TARGETS.plots, ['TK', 'KHOANH', 'LO', 'MAXA', 'DTICH', 'MALDLR']) // {tk: 'TK', …, ldlr: 'MALDLR'}
 */
export function autoMapping(t: TargetDef, fields: string[], chosen: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  const byFolded = new Map(fields.map((f) => [foldKey(f), f]));
  for (const f of t.fields) {
    if (chosen[f.name] && fields.includes(chosen[f.name]!)) {
      out[f.name] = chosen[f.name]!;
      continue;
    }
    const hit = f.aliases.map((a) => byFolded.get(a)).find(Boolean);
    if (hit) out[f.name] = hit;
  }
  return out;
}

/** '3' (malr3), 'Sản xuất', 'production' → production; unknown → null. */
export function forestFunctionOf(v: unknown): string | null {
  if (v == null || v === '') return null;
  const s = foldName(String(v));
  if (['1', 'dd', 'dac dung', 'rung dac dung', 'special_use', 'special use'].includes(s)) return 'special_use';
  if (['2', 'ph', 'phong ho', 'rung phong ho', 'protection'].includes(s)) return 'protection';
  if (['3', 'sx', 'san xuat', 'rung san xuat', 'production'].includes(s)) return 'production';
  if (['ngoai', 'ngoai quy hoach', 'outside', '0', '4'].includes(s)) return 'outside';
  return null;
}

/** One field's value from a source value, or undefined when it cannot be read as the type. */
export function convertValue(f: TargetField, v: unknown): unknown {
  if (v == null || (typeof v === 'string' && v.trim() === '')) return null;
  switch (f.type) {
    case 'code': {
      const s = typeof v === 'number' ? String(Math.trunc(v)) : String(v).trim().replace(/\.0+$/, '');
      return /^\d+$/.test(s) && f.pad ? s.padStart(f.pad, '0') : s;
    }
    case 'text':
      return typeof v === 'number' ? String(v) : String(v).trim();
    case 'int': {
      const n = typeof v === 'number' ? v : Number(String(v).trim().replace(',', '.'));
      return Number.isInteger(n) ? n : undefined;
    }
    case 'number': {
      const n = typeof v === 'number' ? v : Number(String(v).trim().replace(',', '.'));
      return Number.isFinite(n) ? n : undefined;
    }
    case 'bool': {
      const s = foldName(String(v));
      if (['1', 'true', 'x', 'co', 'yes', 'c'].includes(s)) return true;
      if (['0', 'false', 'khong', 'no', 'k', ''].includes(s)) return false;
      return undefined;
    }
    case 'date':
      return dateOf(v);
  }
}

/**
 * A calendar date as YYYY-MM-DD from what the offices' tables hold: 2024-07-15, 15/07/2024 or
 * 15-07-2024 (day first, as Vietnamese forms write it), a spreadsheet date, or an Excel serial day.
 * @example dateOf('5/7/2024') // '2024-07-05'
 */
export function dateOf(v: unknown): string | null | undefined {
  const ymd = (y: number, m: number, d: number) => {
    const t = new Date(Date.UTC(y, m - 1, d));
    if (y < 1900 || y > 2100 || t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return undefined;
    return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  };
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : ymd(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate());
  if (typeof v === 'number') {
    // Excel's serial day (1900 system): 1 = 1900-01-01, with its 1900-02-29
    if (!Number.isInteger(v) || v < 1 || v > 80000) return undefined;
    const t = new Date(Date.UTC(1899, 11, 30) + v * 86400000);
    return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
  }
  const s = String(v).trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) return ymd(Number(m[3]), Number(m[2]), Number(m[1]));
  return undefined;
}
