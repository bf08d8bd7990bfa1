/**
 * The feature collections served by the OGC API – Features endpoint (/api/ogc), one definition per
 * collection: its SQL source, its properties (with the JSON-schema type GDAL and QGIS read from
 * `describedby`), which properties filter, and whether the `year` parameter applies.
 *
 * Kept in one module so the list can later be derived from the layer registry (server/domain/layers*).
 * Every SQL fragment here is static text written in this file; request values only ever arrive as
 * bound parameters ($1 is always the year, null where none was given or none applies).
 */

export type OgcPropertyType = 'string' | 'integer' | 'number' | 'boolean';

export interface OgcProperty {
  /** SQL expression over the collection's source (static text). */
  sql: string;
  type: OgcPropertyType;
  title: string;
  /** Usable as `?name=value` (equality). */
  filter?: boolean;
}

export interface OgcCollection {
  id: string;
  title: string;
  description: string;
  /** FROM … (with joins); the geometry is `g.geom` (EPSG:4326), the feature id `idSql`. $1 = year or null. */
  from: string;
  /** Rows of the collection (static text, may use $1). */
  where: string;
  idSql: string;
  /** JSON-schema type of the id. */
  idType: 'string' | 'integer';
  geometryType: 'MultiPolygon' | 'Point';
  properties: Record<string, OgcProperty>;
  /** What `year` selects, when it applies (the default when the request gives none). */
  year?: { description: string; default: 'latestCommuneAssessment' | null };
  /** Only signed-in users see this collection (listed and served). */
  signedInOnly?: boolean;
}

const str = (sql: string, title: string, filter = false): OgcProperty => ({ sql, type: 'string', title, filter });
const int = (sql: string, title: string, filter = false): OgcProperty => ({ sql, type: 'integer', title, filter });
const num = (sql: string, title: string): OgcProperty => ({ sql, type: 'number', title });
const bool = (sql: string, title: string, filter = false): OgcProperty => ({ sql, type: 'boolean', title, filter });
/**
 * The unit of 1 July 2025 that the row's old commune (g.commune_code) became (Resolution 1677,
 * migration 044): every export carries it beside the old code, so a file serves both maps of units.
 */
const unit2025 = (): OgcProperty =>
  str('(SELECT su.new_code FROM admin_unit_succession su WHERE su.old_code = g.commune_code)', 'Mã xã/phường từ 1/7/2025 / unit code from 1 July 2025', true);

export const OGC_COLLECTIONS: readonly OgcCollection[] = [
  {
    id: 'districts',
    title: 'Huyện, thành phố / Districts',
    description: 'Đơn vị hành chính cấp huyện của tỉnh Kon Tum / District-level units of Kon Tum province',
    from: 'admin_unit g',
    where: "g.level = 'district'",
    idSql: 'g.code',
    idType: 'string',
    geometryType: 'MultiPolygon',
    properties: {
      code: str('g.code', 'Mã đơn vị (Tổng cục Thống kê) / statistics-office code', true),
      name: str('g.name', 'Tên / name'),
      full_name: str('g.full_name', 'Tên đầy đủ / full name'),
      kind: str('g.kind', 'Loại / kind', true),
      area_ha: num('g.area_ha', 'Diện tích (ha) / area (ha)'),
    },
  },
  {
    id: 'communes',
    title: 'Xã, phường, thị trấn / Communes',
    description: 'Đơn vị hành chính cấp xã với số tiêu chí NTM đạt trong năm / Commune-level units with the NTM criteria met in the year',
    from: `admin_unit g
      LEFT JOIN LATERAL (
        SELECT count(*) FILTER (WHERE s.met)::int AS met
        FROM commune_criterion_status s WHERE s.commune_code = g.code AND s.year = $1::int
      ) st ON true
      LEFT JOIN commune_ntm_level lv ON lv.commune_code = g.code AND lv.year = $1::int`,
    where: "g.level = 'commune'",
    idSql: 'g.code',
    idType: 'string',
    geometryType: 'MultiPolygon',
    properties: {
      code: str('g.code', 'Mã xã (Tổng cục Thống kê) / statistics-office code', true),
      name: str('g.name', 'Tên / name'),
      full_name: str('g.full_name', 'Tên đầy đủ / full name'),
      kind: str('g.kind', 'Loại (xa, phuong, thi_tran) / kind', true),
      district_code: str('g.parent_code', 'Mã huyện / district code', true),
      in_ntm: bool('g.in_ntm_programme', 'Xét tiêu chí NTM xã / scored on the commune NTM criteria', true),
      area_ha: num('g.area_ha', 'Diện tích (ha) / area (ha)'),
      year: int('$1::int', 'Năm đánh giá / assessment year'),
      criteria_met: int('CASE WHEN $1::int IS NULL OR NOT g.in_ntm_programme THEN NULL ELSE st.met END', 'Số tiêu chí đạt / criteria met'),
      ntm_level: str('lv.level', 'Mức NTM (none, ntm, advanced, model) / NTM level', true),
    },
    year: { description: 'Năm đánh giá tiêu chí NTM (mặc định: năm gần nhất) / year of the NTM assessment (default: the latest)', default: 'latestCommuneAssessment' },
  },
  {
    id: 'villages',
    title: 'Thôn, làng / Villages',
    description: 'Thôn, làng, tổ dân phố / villages',
    from: 'village g',
    where: 'true',
    idSql: 'g.code',
    idType: 'string',
    geometryType: 'Point',
    properties: {
      code: str('g.code', 'Mã thôn / village code', true),
      name: str('g.name', 'Tên / name'),
      kind: str('g.kind', 'Loại (thon, lang, to_dan_pho) / kind', true),
      commune_code: str('g.commune_code', 'Mã xã / commune code', true),
      maxa2025: unit2025(),
      ethnic_minority: bool('g.ethnic_minority', 'Thôn đồng bào DTTS / ethnic-minority village', true),
      main_ethnic: str('g.main_ethnic', 'Dân tộc chủ yếu / main ethnic group'),
      households: int('g.households', 'Số hộ / households'),
      pilot_tier: str('g.pilot_tier', 'Thôn điểm / pilot tier', true),
    },
  },
  {
    id: 'tieukhu',
    title: 'Tiểu khu / Forest sub-compartments',
    description: 'Tiểu khu rừng / forest sub-compartments (tiểu khu)',
    from: 'forest_tieu_khu g',
    where: 'true',
    idSql: 'g.tk',
    idType: 'integer',
    geometryType: 'MultiPolygon',
    properties: {
      tk: int('g.tk', 'Tiểu khu / sub-compartment', true),
      commune_code: str('g.commune_code', 'Mã xã / commune code', true),
      maxa2025: unit2025(),
      area_ha: num('g.area_ha', 'Diện tích (ha) / area (ha)'),
    },
  },
  {
    id: 'khoanh',
    title: 'Khoảnh / Compartments',
    description: 'Khoảnh rừng / compartment units (khoảnh)',
    from: 'forest_khoanh g',
    where: 'true',
    idSql: "(g.tk::text || '-' || g.khoanh::text)",
    idType: 'string',
    geometryType: 'MultiPolygon',
    properties: {
      tk: int('g.tk', 'Tiểu khu / sub-compartment', true),
      khoanh: int('g.khoanh', 'Khoảnh / compartment', true),
      commune_code: str('g.commune_code', 'Mã xã / commune code', true),
      maxa2025: unit2025(),
      area_ha: num('g.area_ha', 'Diện tích (ha) / area (ha)'),
    },
  },
  {
    id: 'plots',
    title: 'Lô rừng / Forest plots',
    description:
      'Lô rừng với tên trường theo điều tra kiểm kê rừng, lần trồng gần nhất (hoặc của năm `year`) và kết quả nghiệm thu gần nhất của nó / ' +
      'forest plots with the inventory field names, their latest planting (or that of `year`) and its latest inspection result',
    from: `forest_plot g
      LEFT JOIN LATERAL (
        SELECT pl.id, pl.year, pl.area_ha, pl.species, pl.funding, pl.withdrawn_on
        FROM planting pl WHERE pl.plot_id = g.id AND ($1::int IS NULL OR pl.year = $1::int)
        ORDER BY pl.year DESC LIMIT 1
      ) pl ON true
      LEFT JOIN LATERAL (
        SELECT i.survival_pct, i.result, i.inspected_on
        FROM inspection i WHERE i.planting_id = pl.id
        ORDER BY i.inspected_on DESC, i.id DESC LIMIT 1
      ) li ON pl.id IS NOT NULL`,
    where: '($1::int IS NULL OR pl.id IS NOT NULL)',
    idSql: 'g.id',
    idType: 'integer',
    geometryType: 'MultiPolygon',
    properties: {
      tk: int('g.tk', 'Tiểu khu / sub-compartment', true),
      khoanh: int('g.khoanh', 'Khoảnh / compartment', true),
      lo: str('g.lo', 'Lô / plot', true),
      maxa: str('g.commune_code', 'Mã xã / commune code', true),
      maxa2025: unit2025(),
      dtich: num('g.dtich::float8', 'Diện tích (ha) / recorded area (ha)'),
      ldlr: str('g.ldlr', 'Loại đất loại rừng / land and forest type', true),
      chucnang: str('g.forest_function', 'Chức năng (production, protection, special_use, outside) / forest function', true),
      churung: str('g.churung', 'Chủ rừng / forest owner'),
      loaichu: str('g.owner_kind', 'Loại chủ rừng / owner kind', true),
      namtr: int('g.namtr', 'Năm trồng / planting year of the stand', true),
      loaicay: str('g.loaicay', 'Loài cây / species'),
      nam_trong: int('pl.year', 'Năm trồng của lần trồng gần nhất / year of the latest planting'),
      dt_trong: num('pl.area_ha::float8', 'Diện tích trồng (ha) / planted area (ha)'),
      nguon_von: str('pl.funding', 'Nguồn vốn (state, self) / funding'),
      nghiem_thu: str('li.inspected_on::text', 'Ngày nghiệm thu gần nhất / date of the latest inspection'),
      ty_le_song: num('li.survival_pct::float8', 'Tỷ lệ sống (%) / survival (%)'),
      cap_song: str(
        "CASE WHEN pl.id IS NULL THEN 'none' WHEN pl.withdrawn_on IS NOT NULL THEN 'withdrawn' WHEN li.result IS NULL THEN 'not_inspected' ELSE li.result END",
        'Xếp loại sống (none, withdrawn, not_inspected, accepted, replant, rejected) / survival class',
        true,
      ),
    },
    year: { description: 'Chỉ các lô có lần trồng trong năm này / only lô planted in this year', default: null },
  },
  {
    id: 'plans',
    title: 'Kế hoạch trồng rừng / Planting plans',
    description: 'Các lô trong kế hoạch trồng rừng (một đối tượng mỗi lô của mỗi kế hoạch) / lô of the planting plans (one feature per lô of a plan)',
    from: `planting_plan_site s
      JOIN planting_plan p ON p.id = s.plan_id
      JOIN forest_plot g ON g.id = s.plot_id`,
    where: '($1::int IS NULL OR s.year = $1::int)',
    idSql: "(s.plan_id::text || '-' || s.plot_id::text)",
    idType: 'string',
    geometryType: 'MultiPolygon',
    properties: {
      plan_id: int('p.id', 'Mã kế hoạch / plan id', true),
      plan_name: str('p.name', 'Tên kế hoạch / plan name'),
      year: int('p.year', 'Năm kế hoạch / plan year'),
      unit_code: str('p.unit_code', 'Đơn vị / unit code', true),
      species: str('p.species', 'Loài cây / species'),
      funding: str('p.funding', 'Nguồn vốn / funding', true),
      plot_id: int('g.id', 'Mã lô / plot id'),
      tk: int('g.tk', 'Tiểu khu / sub-compartment', true),
      khoanh: int('g.khoanh', 'Khoảnh / compartment', true),
      lo: str('g.lo', 'Lô / plot'),
      maxa: str('g.commune_code', 'Mã xã / commune code', true),
      maxa2025: unit2025(),
      dt_kehoach: num('s.area_ha::float8', 'Diện tích kế hoạch (ha) / planned area (ha)'),
    },
    year: { description: 'Năm kế hoạch / plan year', default: null },
    signedInOnly: true,
  },
];

export function collectionById(id: string): OgcCollection | undefined {
  return OGC_COLLECTIONS.find((c) => c.id === id);
}
