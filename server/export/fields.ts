/**
 * The attribute table of each GIS export (GeoPackage, Shapefile, CSV, KML) in the offices' own
 * form: the national forest-inventory field names for lô, khoảnh and tiểu khu (tk, khoanh, lo,
 * maxa, dtich, ldlr, malr3, churung, namtr, loaicay — ../shared/facts/forest-plot-attribute-schema-notes.md)
 * and the statistics office's names for units and villages (maxa, mahuyen, ma_thon, ten_thon …),
 * which the import presets read back (server/import/targets.ts).
 *
 * Every name fits a .dbf field (10 characters, ASCII): a writer never truncates one
 * (test/unit/export-fields.test.ts holds it; dbffile refuses a longer name instead of cutting it).
 */

export type FileFieldType = 'int' | 'num' | 'text' | 'bool' | 'date';

export interface FileField {
  /** the field name in the file (≤ 10 ASCII characters) */
  name: string;
  type: FileFieldType;
  /** decimals of a 'num' field */
  decimals?: number;
  /** the source value: a property of the OGC collection or of the worklist row */
  from: string;
  /** maps the source value (e.g. a function name to its malr3 code) */
  map?: (v: unknown) => unknown;
  /** what the field means, both languages (docs/exports.md) */
  title: string;
}

/** Forest function → malr3 code of the inventory: 1 đặc dụng, 2 phòng hộ, 3 sản xuất, 0 ngoài quy hoạch ba loại rừng. */
export const MALR3: Record<string, number> = { special_use: 1, protection: 2, production: 3, outside: 0 };

const f = (name: string, type: FileFieldType, from: string, title: string, decimals?: number): FileField => ({ name, type, from, title, decimals });

/** Per exported list: its fields in file order. Keys are OGC collection ids plus 'worklist'. */
export const FILE_FIELDS: Record<string, FileField[]> = {
  plots: [
    f('tk', 'int', 'tk', 'Tiểu khu / sub-compartment'),
    f('khoanh', 'int', 'khoanh', 'Khoảnh / compartment'),
    f('lo', 'text', 'lo', 'Lô / plot'),
    f('maxa', 'text', 'maxa', 'Mã xã / commune code'),
    f('maxa2025', 'text', 'maxa2025', 'Mã xã/phường từ 1/7/2025 / unit code from 1 July 2025'),
    f('dtich', 'num', 'dtich', 'Diện tích (ha) / recorded area (ha)', 2),
    f('ldlr', 'text', 'ldlr', 'Loại đất loại rừng / land and forest type'),
    { ...f('malr3', 'int', 'chucnang', 'Mục đích sử dụng: 1 đặc dụng, 2 phòng hộ, 3 sản xuất, 0 ngoài / forest function'), map: (v) => (v == null ? null : (MALR3[String(v)] ?? null)) },
    f('churung', 'text', 'churung', 'Chủ rừng / forest owner'),
    f('loaichu', 'text', 'loaichu', 'Loại chủ rừng / owner kind'),
    f('namtr', 'int', 'namtr', 'Năm trồng / planting year of the stand'),
    f('loaicay', 'text', 'loaicay', 'Loài cây / species'),
    f('nam_trong', 'int', 'nam_trong', 'Năm trồng của lần trồng gần nhất / year of the latest planting'),
    f('dt_trong', 'num', 'dt_trong', 'Diện tích trồng (ha) / planted area (ha)', 2),
    f('nguon_von', 'text', 'nguon_von', 'Nguồn vốn (state, self) / funding'),
    f('nghiem_thu', 'date', 'nghiem_thu', 'Ngày nghiệm thu gần nhất / latest inspection'),
    f('ty_le_song', 'num', 'ty_le_song', 'Tỷ lệ sống (%) / survival (%)', 1),
    f('cap_song', 'text', 'cap_song', 'Xếp loại (accepted, replant, rejected …) / survival class'),
  ],
  khoanh: [
    f('tk', 'int', 'tk', 'Tiểu khu / sub-compartment'),
    f('khoanh', 'int', 'khoanh', 'Khoảnh / compartment'),
    f('maxa', 'text', 'commune_code', 'Mã xã / commune code'),
    f('maxa2025', 'text', 'maxa2025', 'Mã xã/phường từ 1/7/2025 / unit code from 1 July 2025'),
    f('dtich', 'num', 'area_ha', 'Diện tích (ha) / area (ha)', 2),
  ],
  tieukhu: [
    f('tk', 'int', 'tk', 'Tiểu khu / sub-compartment'),
    f('maxa', 'text', 'commune_code', 'Mã xã / commune code'),
    f('maxa2025', 'text', 'maxa2025', 'Mã xã/phường từ 1/7/2025 / unit code from 1 July 2025'),
    f('dtich', 'num', 'area_ha', 'Diện tích (ha) / area (ha)', 2),
  ],
  villages: [
    f('ma_thon', 'text', 'code', 'Mã thôn / village code'),
    f('ten_thon', 'text', 'name', 'Tên thôn / name'),
    f('loai', 'text', 'kind', 'Loại (thon, lang, to_dan_pho) / kind'),
    f('maxa', 'text', 'commune_code', 'Mã xã / commune code'),
    f('maxa2025', 'text', 'maxa2025', 'Mã xã/phường từ 1/7/2025 / unit code from 1 July 2025'),
    f('dtts', 'bool', 'ethnic_minority', 'Thôn đồng bào DTTS / ethnic-minority village'),
    f('dan_toc', 'text', 'main_ethnic', 'Dân tộc chủ yếu / main ethnic group'),
    f('so_ho', 'int', 'households', 'Số hộ / households'),
    f('thon_diem', 'text', 'pilot_tier', 'Thôn điểm / pilot tier'),
  ],
  communes: [
    f('maxa', 'text', 'code', 'Mã xã (Tổng cục Thống kê) / commune code'),
    f('tenxa', 'text', 'name', 'Tên xã / name'),
    f('ten_day_du', 'text', 'full_name', 'Tên đầy đủ / full name'),
    f('loai', 'text', 'kind', 'Loại (xa, phuong, thi_tran) / kind'),
    f('mahuyen', 'text', 'district_code', 'Mã huyện / district code'),
    f('xet_ntm', 'bool', 'in_ntm', 'Xét tiêu chí NTM xã / scored on the NTM criteria'),
    f('dtich', 'num', 'area_ha', 'Diện tích (ha) / area (ha)', 2),
    f('nam', 'int', 'year', 'Năm đánh giá / assessment year'),
    f('tc_dat', 'int', 'criteria_met', 'Số tiêu chí đạt / criteria met'),
    f('muc_ntm', 'text', 'ntm_level', 'Mức NTM (none, ntm, advanced, model) / NTM level'),
  ],
  districts: [
    f('mahuyen', 'text', 'code', 'Mã huyện / district code'),
    f('tenhuyen', 'text', 'name', 'Tên huyện / name'),
    f('ten_day_du', 'text', 'full_name', 'Tên đầy đủ / full name'),
    f('loai', 'text', 'kind', 'Loại / kind'),
    f('dtich', 'num', 'area_ha', 'Diện tích (ha) / area (ha)', 2),
  ],
  plans: [
    f('ma_kh', 'int', 'plan_id', 'Mã kế hoạch / plan id'),
    f('ten_kh', 'text', 'plan_name', 'Tên kế hoạch / plan name'),
    f('nam', 'int', 'year', 'Năm kế hoạch / plan year'),
    f('ma_dv', 'text', 'unit_code', 'Đơn vị / unit code'),
    f('loaicay', 'text', 'species', 'Loài cây / species'),
    f('nguon_von', 'text', 'funding', 'Nguồn vốn / funding'),
    f('tk', 'int', 'tk', 'Tiểu khu / sub-compartment'),
    f('khoanh', 'int', 'khoanh', 'Khoảnh / compartment'),
    f('lo', 'text', 'lo', 'Lô / plot'),
    f('maxa', 'text', 'maxa', 'Mã xã / commune code'),
    f('maxa2025', 'text', 'maxa2025', 'Mã xã/phường từ 1/7/2025 / unit code from 1 July 2025'),
    f('dt_kehoach', 'num', 'dt_kehoach', 'Diện tích kế hoạch (ha) / planned area (ha)', 2),
  ],
  worklist: [
    f('tk', 'int', 'tk', 'Tiểu khu / sub-compartment'),
    f('khoanh', 'int', 'khoanh', 'Khoảnh / compartment'),
    f('lo', 'text', 'lo', 'Lô / plot'),
    f('maxa', 'text', 'maxa', 'Mã xã / commune code'),
    f('tenxa', 'text', 'tenxa', 'Tên xã / commune'),
    f('tenhuyen', 'text', 'tenhuyen', 'Tên huyện / district'),
    f('nam_trong', 'int', 'nam_trong', 'Năm trồng / planting year'),
    f('nguon_von', 'text', 'nguon_von', 'Nguồn vốn (state, self) / funding'),
    f('chu_ho', 'text', 'chu_ho', 'Hộ trồng / household'),
    f('loaicay', 'text', 'loaicay', 'Loài cây / species'),
    f('dt_trong', 'num', 'dt_trong', 'Diện tích trồng (ha) / planted area (ha)', 2),
    f('mat_do', 'int', 'mat_do', 'Mật độ thiết kế (cây/ha) / design density (trees/ha)'),
    f('ty_le_song', 'num', 'ty_le_song', 'Tỷ lệ sống (%) / survival (%)', 1),
    f('ket_qua', 'text', 'ket_qua', 'Kết quả (replant, rejected) / result'),
    f('ngay_kt', 'date', 'ngay_kt', 'Ngày kiểm tra / inspected on'),
    f('so_cay_dam', 'int', 'so_cay_dam', 'Số cây cần trồng dặm / trees to add'),
  ],
};

/** A record's value for a field, converted to the field's type (null when missing). */
export function fieldValue(fl: FileField, props: Record<string, unknown>): string | number | boolean | null {
  let v = props[fl.from];
  if (fl.map) v = fl.map(v);
  if (v == null || v === '') return null;
  switch (fl.type) {
    case 'int': {
      const n = Number(v);
      return Number.isFinite(n) ? Math.round(n) : null;
    }
    case 'num': {
      const n = Number(v);
      const k = 10 ** (fl.decimals ?? 2);
      return Number.isFinite(n) ? Math.round(n * k) / k : null;
    }
    case 'bool':
      return Boolean(v);
    case 'date':
      return String(v).slice(0, 10);
    default:
      return String(v);
  }
}
