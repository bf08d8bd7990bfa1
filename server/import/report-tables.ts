/**
 * The report tables of issue 17 as import targets (migrations 045–050): OCOP products (a point
 * layer), programme capital by district and year, NTM funding by source, village cultural
 * infrastructure, scattered-tree planting per unit, the units' village plans and the village
 * standing of a date. Each is one declarative spec (TABLE_SPECS): its table, the columns written
 * from the staged fields, the row's identity, the official code it references (a commune, a
 * district, a village — never matched by name; names are offered as suggestions), its checks, and
 * the SQL of the commit and the rollback generated from it (rows saved in import_backup with the
 * row's identity as JSON, added ones removed, replaced ones restored).
 */
import type { Sql } from 'postgres';
import type { IssueFn } from './types.ts';
import { REPORT_KEY_FIELDS, REPORT_TARGETS, type ImportMode, type ReportTarget, type TargetDef } from './targets.ts';
import { suggestCodes } from './suggest.ts';

export { REPORT_KEY_FIELDS, REPORT_TARGETS, type ReportTarget };


/** A column written from a staged field (attrs->>field cast to sql). */
interface Col {
  col: string;
  field: string;
  sql: 'int' | 'bigint' | 'text' | 'boolean' | 'date' | 'numeric(5, 1)';
  /** a missing value keeps the stored one on update (merge) */
  optional?: boolean;
}

/** What a row's official code refers to: checked to exist, names offered where it does not. */
type RefKind = 'commune' | 'district' | 'district_or_province' | 'village';

interface Check {
  severity?: 'error' | 'warning';
  code: string;
  vi: string;
  en: string;
  /** SQL condition over alias s (the staged row) */
  where: string;
}

export interface TableSpec {
  id: ReportTarget;
  table: string;
  cols: Col[];
  /** the table's primary key columns (the backup's identity) */
  identity: string[];
  /** a staged row s matches a stored row x (SQL) */
  match: string;
  /** extra columns written on insert: column → SQL over s and base (max id) */
  insertExtra?: Record<string, string>;
  /** extra columns set on update: column → SQL */
  updateExtra?: Record<string, string>;
  ref: { field: string; kind: RefKind; nameField: string };
  checks: Check[];
  /** replace: the stored rows in the file's scope (SQL condition over x, $1 = batch id), said to the user */
  replace?: { scope: string; vi: string; en: string; label: string };
  /** the row key shown in messages for a stored row x */
  keyText: string;
}

const a = (f: string) => `(s.attrs->>'${f}')`;
const has = (f: string) => `${a(f)} IS NOT NULL`;
const int = (f: string) => `${a(f)}::int`;
const num = (f: string) => `${a(f)}::float8`;
const dateNotFuture = (f: string, what: [string, string]): Check => ({
  code: 'date_future',
  vi: `'${what[0]} ' || ${a(f)} || ' ở tương lai'`,
  en: `'${what[1]} ' || ${a(f)} || ' is in the future'`,
  where: `${has(f)} AND ${a(f)}::date > current_date`,
});
const range = (f: string, lo: number, hi: number, vi: string, en: string): Check => ({
  code: 'value_range',
  vi: `'${vi} ' || ${a(f)} || ' phải trong khoảng ${lo}–${hi}'`,
  en: `'${en} ' || ${a(f)} || ' must be within ${lo}–${hi}'`,
  where: `${has(f)} AND ${num(f)} NOT BETWEEN ${lo} AND ${hi}`,
});
const maxLen = (f: string, n: number, vi: string, en: string): Check => ({
  code: 'value_range',
  vi: `'${vi} quá dài (tối đa ${n} ký tự)'`,
  en: `'${en} too long (at most ${n} characters)'`,
  where: `length(${a(f)}) > ${n}`,
});


const eq = (col: string, field: string, sql: string) => `x.${col} = ${a(field)}::${sql}`;

export const TABLE_SPECS: Record<ReportTarget, TableSpec> = {
  ocop: {
    id: 'ocop',
    table: 'ocop_product',
    cols: [
      { col: 'name', field: 'product', sql: 'text' },
      { col: 'producer', field: 'producer', sql: 'text' },
      { col: 'category', field: 'category', sql: 'text' },
      { col: 'rating', field: 'rating', sql: 'text' },
      { col: 'rated_year', field: 'rated_year', sql: 'int' },
      { col: 'registered_year', field: 'registered_year', sql: 'int' },
      { col: 'commune_code', field: 'commune_code', sql: 'text' },
    ],
    identity: ['id'],
    // a product is its producer's in its commune: the commune's official code, then producer and product (case and spacing ignored)
    match: `x.commune_code = ${a('commune_code')} AND lower(regexp_replace(x.producer, '\\s+', ' ', 'g')) = lower(regexp_replace(${a('producer')}, '\\s+', ' ', 'g'))
            AND lower(regexp_replace(x.name, '\\s+', ' ', 'g')) = lower(regexp_replace(${a('product')}, '\\s+', ' ', 'g'))`,
    insertExtra: { id: 'base.m + row_number() OVER (ORDER BY s.row_no)', geom: 's.geom_fixed' },
    updateExtra: { geom: 's.geom_fixed' },
    ref: { field: 'commune_code', kind: 'commune', nameField: 'unit_name' },
    checks: [
      range('registered_year', 2018, 2100, 'Năm đăng ký', 'Registration year'),
      range('rated_year', 2018, 2100, 'Năm công nhận', 'Rating year'),
      { code: 'rating_year', vi: `'Sản phẩm có hạng sao phải có năm công nhận, và ngược lại'`, en: `'A rated product needs its rating year, and a rating year needs a rating'`, where: `(${has('rating')}) <> (${has('rated_year')})` },
      { code: 'rating_before_registration', vi: `'Năm công nhận ' || ${a('rated_year')} || ' trước năm đăng ký ' || ${a('registered_year')}`, en: `'Rating year ' || ${a('rated_year')} || ' is before the registration year ' || ${a('registered_year')}`, where: `${has('rated_year')} AND ${has('registered_year')} AND ${int('rated_year')} < ${int('registered_year')}` },
      maxLen('product', 200, 'Tên sản phẩm', 'Product name'),
      maxLen('producer', 200, 'Tên chủ thể', 'Producer name'),
      {
        severity: 'warning',
        code: 'outside_commune',
        vi: `'Điểm nằm ngoài xã ' || ${a('commune_code')} || ' (kiểm tra tọa độ hoặc mã xã)'`,
        en: `'The point lies outside commune ' || ${a('commune_code')} || ' (check the coordinates or the commune code)'`,
        where: `s.geom_fixed IS NOT NULL AND EXISTS (SELECT 1 FROM admin_unit c WHERE c.code = ${a('commune_code')} AND c.level = 'commune' AND NOT ST_Intersects(c.geom, s.geom_fixed))`,
      },
    ],
    replace: {
      scope: `x.commune_code IN (SELECT s.attrs->>'commune_code' FROM import_staged s WHERE s.batch_id = $1 AND s.action IN ('insert', 'update'))`,
      vi: `'Sản phẩm ' || x.name || ' (' || x.producer || ', xã ' || x.commune_code || ') không có trong tệp: sẽ bị xóa (thay thế)'`,
      en: `'Product ' || x.name || ' (' || x.producer || ', commune ' || x.commune_code || ') is not in the file: it will be removed (replace)'`,
      label: 'x.id::text',
    },
    keyText: `x.id::text`,
  },
  capital: {
    id: 'capital',
    table: 'programme_capital',
    cols: [
      { col: 'district_code', field: 'district_code', sql: 'text' },
      { col: 'year', field: 'data_year', sql: 'int' },
      { col: 'allocated_pct', field: 'allocated_pct', sql: 'numeric(5, 1)' },
      { col: 'disbursed_pct', field: 'disbursed_pct', sql: 'numeric(5, 1)' },
      { col: 'as_of', field: 'as_of', sql: 'date' },
    ],
    identity: ['district_code', 'year'],
    match: `${eq('district_code', 'district_code', 'text')} AND ${eq('year', 'data_year', 'int')}`,
    insertExtra: { allocated_source: `'import'` },
    updateExtra: { allocated_source: `'import'` },
    ref: { field: 'district_code', kind: 'district', nameField: 'unit_name' },
    checks: [
      range('data_year', 2021, 2025, 'Năm vốn', 'The year'),
      range('allocated_pct', 0, 100, 'Tỷ lệ phân bổ chi tiết (%)', 'Share allocated (%)'),
      range('disbursed_pct', 0, 100, 'Tỷ lệ giải ngân (%)', 'Share disbursed (%)'),
      {
        code: 'disbursed_above_allocated',
        vi: `'Tỷ lệ giải ngân ' || ${a('disbursed_pct')} || ' % lớn hơn tỷ lệ phân bổ ' || ${a('allocated_pct')} || ' %'`,
        en: `'Share disbursed ' || ${a('disbursed_pct')} || ' % exceeds the share allocated ' || ${a('allocated_pct')} || ' %'`,
        where: `${has('disbursed_pct')} AND ${has('allocated_pct')} AND round(${a('disbursed_pct')}::numeric, 1) > round(${a('allocated_pct')}::numeric, 1)`,
      },
      dateNotFuture('as_of', ['Ngày số liệu', 'Date of the figures']),
    ],
    keyText: `x.district_code || '/' || x.year`,
  },
  funding: {
    id: 'funding',
    table: 'ntm_funding',
    cols: [
      { col: 'period_from', field: 'period_from', sql: 'int' },
      { col: 'period_to', field: 'period_to', sql: 'int' },
      { col: 'unit_code', field: 'unit_code', sql: 'text' },
      { col: 'source', field: 'source', sql: 'text' },
      { col: 'amount_million_vnd', field: 'amount_million_vnd', sql: 'bigint' },
      { col: 'report', field: 'report', sql: 'text', optional: true },
    ],
    identity: ['period_from', 'period_to', 'unit_code', 'source'],
    match: `${eq('period_from', 'period_from', 'int')} AND ${eq('period_to', 'period_to', 'int')} AND ${eq('unit_code', 'unit_code', 'text')} AND ${eq('source', 'source', 'text')}`,
    ref: { field: 'unit_code', kind: 'district_or_province', nameField: 'unit_name' },
    checks: [
      { code: 'value_range', vi: `'Giai đoạn ' || ${a('period')} || ': năm đầu và năm cuối phải trong 2000–2100, năm cuối không trước năm đầu'`, en: `'Period ' || ${a('period')} || ': both years within 2000–2100, the last not before the first'`,
        where: `${has('period')} AND (${int('period_from')} NOT BETWEEN 2000 AND 2100 OR ${int('period_to')} NOT BETWEEN 2000 AND 2100 OR ${int('period_to')} < ${int('period_from')})` },
      range('amount_million_vnd', 0, 100000000, 'Số tiền (triệu đồng)', 'Amount (million đồng)'),
      maxLen('report', 500, 'Căn cứ báo cáo', 'Report reference'),
    ],
    replace: {
      scope: `(x.unit_code, x.period_from, x.period_to) IN (SELECT s.attrs->>'unit_code', (s.attrs->>'period_from')::int, (s.attrs->>'period_to')::int FROM import_staged s WHERE s.batch_id = $1 AND s.action IN ('insert', 'update'))`,
      vi: `'Đơn vị ' || x.unit_code || ', giai đoạn ' || x.period_from || '-' || x.period_to || ': nguồn ' || x.source || ' không có trong tệp, sẽ bị xóa (thay thế)'`,
      en: `'Unit ' || x.unit_code || ', ' || x.period_from || '-' || x.period_to || ': source ' || x.source || ' is not in the file and will be removed (replace)'`,
      label: `x.unit_code || '/' || x.period_from || '-' || x.period_to || '/' || x.source`,
    },
    keyText: `x.unit_code || '/' || x.period_from || '-' || x.period_to || '/' || x.source`,
  },
  village_infrastructure: {
    id: 'village_infrastructure',
    table: 'village_infrastructure',
    cols: [
      { col: 'village_code', field: 'village_code', sql: 'text' },
      { col: 'as_of', field: 'as_of', sql: 'date' },
      { col: 'nha_rong', field: 'nha_rong', sql: 'boolean' },
      { col: 'culture_house', field: 'culture_house', sql: 'boolean' },
      { col: 'sports_ground', field: 'sports_ground', sql: 'boolean' },
      { col: 'cultural_area_recognised', field: 'cultural_area_recognised', sql: 'boolean' },
      { col: 'source', field: 'source', sql: 'text', optional: true },
    ],
    identity: ['village_code', 'as_of'],
    match: `${eq('village_code', 'village_code', 'text')} AND ${eq('as_of', 'as_of', 'date')}`,
    ref: { field: 'village_code', kind: 'village', nameField: 'unit_name' },
    checks: [dateNotFuture('as_of', ['Ngày số liệu', 'Date of the figures']), maxLen('source', 500, 'Nguồn', 'Source')],
    keyText: `x.village_code || '/' || x.as_of`,
  },
  scattered_trees: {
    id: 'scattered_trees',
    table: 'scattered_tree_planting',
    cols: [
      { col: 'unit_code', field: 'commune_code', sql: 'text' },
      { col: 'year', field: 'data_year', sql: 'int' },
      { col: 'trees_planted', field: 'trees_planted', sql: 'int' },
      { col: 'trees_alive', field: 'trees_alive', sql: 'int', optional: true },
      { col: 'inspected_on', field: 'inspected_on', sql: 'date', optional: true },
      { col: 'self_checked', field: 'self_checked', sql: 'boolean', optional: true },
      { col: 'note', field: 'note', sql: 'text', optional: true },
    ],
    identity: ['unit_code', 'year'],
    match: `${eq('unit_code', 'commune_code', 'text')} AND ${eq('year', 'data_year', 'int')}`,
    ref: { field: 'commune_code', kind: 'commune', nameField: 'unit_name' },
    checks: [
      range('data_year', 2000, 2100, 'Năm', 'The year'),
      range('trees_planted', 0, 10000000, 'Số cây trồng', 'Trees planted'),
      range('trees_alive', 0, 10000000, 'Số cây sống', 'Trees alive'),
      {
        code: 'counts_invalid',
        vi: `'Số cây sống ' || ${a('trees_alive')} || ' lớn hơn số cây trồng ' || ${a('trees_planted')}`,
        en: `'Trees alive ' || ${a('trees_alive')} || ' exceed the trees planted ' || ${a('trees_planted')}`,
        where: `${has('trees_alive')} AND ${has('trees_planted')} AND ${int('trees_alive')} > ${int('trees_planted')}`,
      },
      dateNotFuture('inspected_on', ['Ngày kiểm tra', 'Inspection date']),
      {
        code: 'date_before_planting',
        vi: `'Ngày kiểm tra ' || ${a('inspected_on')} || ' trước năm trồng ' || ${a('data_year')}`,
        en: `'Inspection date ' || ${a('inspected_on')} || ' is before the planting year ' || ${a('data_year')}`,
        where: `${has('inspected_on')} AND ${has('data_year')} AND extract(year FROM ${a('inspected_on')}::date)::int < ${int('data_year')}`,
      },
      maxLen('note', 1000, 'Ghi chú', 'Note'),
    ],
    keyText: `x.unit_code || '/' || x.year`,
  },
  village_plans: {
    id: 'village_plans',
    table: 'village_plan',
    cols: [
      { col: 'unit_code', field: 'commune_code', sql: 'text' },
      { col: 'year', field: 'data_year', sql: 'int' },
      { col: 'built', field: 'built', sql: 'boolean' },
      { col: 'source', field: 'source', sql: 'text', optional: true },
    ],
    identity: ['unit_code', 'year'],
    match: `${eq('unit_code', 'commune_code', 'text')} AND ${eq('year', 'data_year', 'int')}`,
    ref: { field: 'commune_code', kind: 'commune', nameField: 'unit_name' },
    checks: [range('data_year', 2000, 2100, 'Năm', 'The year'), maxLen('source', 500, 'Nguồn', 'Source')],
    keyText: `x.unit_code || '/' || x.year`,
  },
  village_standing: {
    id: 'village_standing',
    table: 'village_standing',
    cols: [
      { col: 'village_code', field: 'village_code', sql: 'text' },
      { col: 'as_of', field: 'as_of', sql: 'date' },
      { col: 'pilot', field: 'pilot', sql: 'boolean' },
      { col: 'at_standard', field: 'at_standard', sql: 'boolean' },
      { col: 'source', field: 'source', sql: 'text', optional: true },
    ],
    identity: ['village_code', 'as_of'],
    match: `${eq('village_code', 'village_code', 'text')} AND ${eq('as_of', 'as_of', 'date')}`,
    ref: { field: 'village_code', kind: 'village', nameField: 'unit_name' },
    checks: [dateNotFuture('as_of', ['Ngày số liệu', 'Date of the figures']), maxLen('source', 500, 'Nguồn', 'Source')],
    keyText: `x.village_code || '/' || x.as_of`,
  },
  commune_culture_houses: {
    id: 'commune_culture_houses',
    table: 'commune_culture_house',
    cols: [
      { col: 'commune_code', field: 'commune_code', sql: 'text' },
      { col: 'as_of', field: 'as_of', sql: 'date' },
      { col: 'has_house', field: 'has_house', sql: 'boolean' },
      { col: 'at_standard', field: 'at_standard', sql: 'boolean' },
      { col: 'source', field: 'source', sql: 'text', optional: true },
    ],
    identity: ['commune_code', 'as_of'],
    match: `${eq('commune_code', 'commune_code', 'text')} AND ${eq('as_of', 'as_of', 'date')}`,
    ref: { field: 'commune_code', kind: 'commune', nameField: 'unit_name' },
    checks: [
      dateNotFuture('as_of', ['Ngày số liệu', 'Date of the figures']),
      {
        code: 'standard_without_house',
        vi: `'Xã ' || ${a('commune_code')} || ' ghi nhà văn hóa đạt chuẩn nhưng không có nhà văn hóa'`,
        en: `'Commune ' || ${a('commune_code')} || ' has a culture house at standard but no culture house'`,
        where: `${has('at_standard')} AND ${has('has_house')} AND ${a('at_standard')}::boolean AND NOT ${a('has_house')}::boolean`,
      },
      maxLen('source', 500, 'Nguồn', 'Source'),
    ],
    keyText: `x.commune_code || '/' || x.as_of`,
  },
  scattered_tree_inspections: {
    id: 'scattered_tree_inspections',
    table: 'scattered_tree_inspection',
    cols: [
      { col: 'district_code', field: 'district_code', sql: 'text' },
      { col: 'year', field: 'data_year', sql: 'int' },
      { col: 'decision', field: 'decision', sql: 'text', optional: true },
      { col: 'finding_vi', field: 'finding_vi', sql: 'text' },
      { col: 'source', field: 'source', sql: 'text', optional: true },
    ],
    identity: ['district_code', 'year'],
    match: `${eq('district_code', 'district_code', 'text')} AND ${eq('year', 'data_year', 'int')}`,
    // an office's sheet has the finding in Vietnamese only: the English one falls back to it
    insertExtra: { finding_en: `coalesce(${a('finding_en')}, ${a('finding_vi')})` },
    updateExtra: { finding_en: `coalesce(${a('finding_en')}, ${a('finding_vi')})` },
    ref: { field: 'district_code', kind: 'district', nameField: 'unit_name' },
    checks: [
      range('data_year', 2000, 2100, 'Năm', 'The year'),
      maxLen('decision', 200, 'Quyết định', 'Decision'),
      maxLen('finding_vi', 2000, 'Kết quả kiểm tra', 'Finding'),
      maxLen('finding_en', 2000, 'Kết quả kiểm tra (tiếng Anh)', 'Finding (English)'),
      maxLen('source', 500, 'Nguồn', 'Source'),
    ],
    keyText: `x.district_code || '/' || x.year`,
  },
};

export const isReportTarget = (id: string): id is ReportTarget => (REPORT_TARGETS as readonly string[]).includes(id);

/** Whether a staged row matches a stored one (setActions). */
export const tableExisting = (id: ReportTarget) => `SELECT 1 FROM ${TABLE_SPECS[id].table} x WHERE ${TABLE_SPECS[id].match}`;

const ROWS = 'FROM import_staged s WHERE s.batch_id = $1';

const REF: Record<RefKind, { exists: string; vi: string; en: string; scope: string }> = {
  commune: {
    exists: `SELECT 1 FROM admin_unit u WHERE u.code = %s AND u.level = 'commune'`,
    vi: 'Mã xã', en: 'Commune code',
    scope: '%s',
  },
  district: {
    exists: `SELECT 1 FROM admin_unit u WHERE u.code = %s AND u.level = 'district'`,
    vi: 'Mã huyện', en: 'District code',
    scope: '%s',
  },
  district_or_province: {
    exists: `SELECT 1 FROM admin_unit u WHERE u.code = %s AND u.level IN ('district', 'province')`,
    vi: 'Mã đơn vị (huyện hoặc tỉnh)', en: 'Unit code (district or province)',
    scope: '%s',
  },
  village: {
    exists: `SELECT 1 FROM village v WHERE v.code = %s`,
    vi: 'Mã thôn', en: 'Village code',
    scope: '(SELECT v.commune_code FROM village v WHERE v.code = %s)',
  },
};

/**
 * Validates a staged batch of a report table (issues into import_issue). Features with a point
 * (OCOP) have had the geometry, key and required-field checks of stage.ts; tables get them here.
 */
export async function validateTable(tx: Sql, batchId: number, t: TargetDef, issue: IssueFn, features: boolean): Promise<void> {
  const spec = TABLE_SPECS[t.id as ReportTarget];
  if (t.id === 'funding') {
    await tx.unsafe(
      `UPDATE import_staged s SET attrs = s.attrs || jsonb_build_object('period_from', split_part(s.attrs->>'period', '-', 1)::int, 'period_to', split_part(s.attrs->>'period', '-', 2)::int)
       WHERE s.batch_id = $1 AND ${has('period')}`,
      [batchId],
    );
  }
  if (!features) {
    const keys = REPORT_KEY_FIELDS[spec.id];
    await issue('error', 'key_missing', `'Thiếu mã hoặc giá trị khóa (${keys.join(', ')})'`, `'Missing code or key value (${keys.join(', ')})'`, `${ROWS} AND s.key IS NULL`);
    await issue('error', 'duplicate_key', `'Dòng ' || s.key || ' lặp lại trong tệp (' || d.n || ' lần)'`, `'Row ' || s.key || ' appears ' || d.n || ' times in the file'`,
      `FROM import_staged s JOIN (SELECT key, count(*) AS n FROM import_staged WHERE batch_id = $1 AND key IS NOT NULL GROUP BY key HAVING count(*) > 1) d ON d.key = s.key WHERE s.batch_id = $1`);
    for (const f of t.fields.filter((x) => x.required && !keys.includes(x.name))) {
      await issue('error', 'field_missing', `'Thiếu giá trị ${f.name}'`, `'Missing ${f.name}'`, `${ROWS} AND s.key IS NOT NULL AND NOT ${has(f.name)}`);
    }
  }
  // the official code must be in the register (never matched by name)
  const ref = REF[spec.ref.kind];
  const code = a(spec.ref.field);
  if (!(features && spec.ref.kind === 'commune')) {
    await issue('error', spec.ref.kind === 'village' ? 'unknown_village' : 'unknown_unit',
      `'${ref.vi} ' || ${code} || ' không có trong danh mục'`, `'${ref.en} ' || ${code} || ' is not in the register'`,
      `${ROWS} AND ${code} IS NOT NULL AND NOT EXISTS (${ref.exists.replace('%s', code)})`);
  }
  for (const c of spec.checks) await issue(c.severity ?? 'error', c.code, c.vi, c.en, `${ROWS} AND ${c.where}`);
  // an editor's scope is checked at commit on the commune (district) of each row (batches.ts)
  await tx.unsafe(
    `UPDATE import_staged s SET attrs = s.attrs || jsonb_build_object('scope_unit', ${ref.scope.replace('%s', code)}) WHERE s.batch_id = $1 AND ${code} IS NOT NULL`,
    [batchId],
  );
  await suggestCodes(tx, batchId, spec.ref.kind === 'district_or_province' ? 'district' : spec.ref.kind, spec.ref.field, spec.ref.nameField);
}

/** Replace mode: the stored rows in the file's scope it lacks (warnings); returns how many. */
export async function validateTableReplace(tx: Sql, batchId: number, id: ReportTarget): Promise<number> {
  const spec = TABLE_SPECS[id];
  if (!spec.replace) return 0;
  const gone = tableGone(spec);
  await tx.unsafe(
    `INSERT INTO import_issue (batch_id, row_no, key, severity, code, vi, en)
     SELECT $1::bigint, NULL, ${spec.replace.label}, 'warning', 'replace_removes', ${spec.replace.vi}, ${spec.replace.en} ${gone}`,
    [batchId],
  );
  const [n] = await tx.unsafe<{ n: number }[]>(`SELECT count(*)::int AS n ${gone}`, [batchId]);
  return n!.n;
}

/** Stored rows in the scope of the file's valid rows that none of them matches. SQL, $1 = batch id, alias x. */
const tableGone = (spec: TableSpec) => `
  FROM ${spec.table} x
  WHERE ${spec.replace!.scope}
    AND NOT EXISTS (SELECT 1 FROM import_staged s WHERE s.batch_id = $1 AND s.action IN ('insert', 'update') AND ${spec.match})`;

/** The identity of a stored row as JSON text (import_backup.key). */
const identityOf = (spec: TableSpec, alias: string) => `jsonb_build_object(${spec.identity.map((c) => `'${c}', ${alias}${c}`).join(', ')})::text`;

const value = (c: Col) => `${a(c.field)}::${c.sql}`;

/** The commit of a report-table batch ($1 = batch id): save what is replaced, update, insert, (replace) save and remove. */
export function tableWrite(id: ReportTarget, mode: ImportMode): string[] {
  const spec = TABLE_SPECS[id];
  const entity = spec.table;
  const mine = (action: string) => `s.batch_id = $1 AND s.action = '${action}'`;
  const sets = [
    ...spec.cols.map((c) => `${c.col} = ${c.optional ? `coalesce(${value(c)}, x.${c.col})` : value(c)}`),
    ...Object.entries(spec.updateExtra ?? {}).map(([c, e]) => `${c} = ${e}`),
  ];
  const insertCols = [...spec.cols.map((c) => c.col), ...Object.keys(spec.insertExtra ?? {})];
  const insertValues = [...spec.cols.map(value), ...Object.values(spec.insertExtra ?? {})];
  const usesBase = insertValues.some((v) => v.includes('base.'));
  return [
    `INSERT INTO import_backup (batch_id, entity, key, before, geom)
     SELECT $1, '${entity}', ${identityOf(spec, 'x.')}, to_jsonb(x) - 'geom', ${spec.insertExtra?.geom ? 'x.geom' : 'NULL'}
     FROM ${spec.table} x JOIN import_staged s ON ${spec.match} WHERE ${mine('update')}`,
    `UPDATE ${spec.table} x SET ${sets.join(', ')} FROM import_staged s WHERE ${mine('update')} AND ${spec.match}`,
    `WITH ${usesBase ? `base AS (SELECT coalesce(max(id), 0) AS m FROM ${spec.table}),` : ''}
     ins AS (
       INSERT INTO ${spec.table} (${insertCols.join(', ')})
       SELECT ${insertValues.join(', ')} FROM import_staged s${usesBase ? ', base' : ''} WHERE ${mine('insert')}
       RETURNING ${identityOf(spec, '')} AS k)
     INSERT INTO import_backup (batch_id, entity, key, before) SELECT $1, '${entity}', k, NULL FROM ins`,
    ...(mode === 'replace' && spec.replace
      ? [
          `INSERT INTO import_backup (batch_id, entity, key, before, geom)
           SELECT $1, '${entity}', ${identityOf(spec, 'x.')}, to_jsonb(x) - 'geom', ${spec.insertExtra?.geom ? 'x.geom' : 'NULL'} ${tableGone(spec)}`,
          `DELETE FROM ${spec.table} d WHERE ${identityOf(spec, 'd.')} IN (SELECT ${identityOf(spec, 'x.')} ${tableGone(spec)})`,
        ]
      : []),
  ];
}

/** Rollback: remove the rows a batch added, put back those it changed, bring back those it removed. */
export function tableRestore(id: ReportTarget): string[] {
  const spec = TABLE_SPECS[id];
  const entity = spec.table;
  const all = [...new Set([...spec.identity, ...spec.cols.map((c) => c.col), ...Object.keys(spec.insertExtra ?? {}), ...Object.keys(spec.updateExtra ?? {})])];
  const val = (c: string) => (c === 'geom' ? 'coalesce(b.geom, r.geom)' : `r.${c}`);
  const sameRow = spec.identity.map((c) => `x.${c} = r.${c}`).join(' AND ');
  const from = `FROM import_backup b, LATERAL jsonb_populate_record(NULL::${spec.table}, b.before) r
     WHERE b.batch_id = $1 AND b.entity = '${entity}' AND b.before IS NOT NULL`;
  return [
    `DELETE FROM ${spec.table} x USING import_backup b WHERE b.batch_id = $1 AND b.entity = '${entity}' AND b.before IS NULL AND ${identityOf(spec, 'x.')}::jsonb = b.key::jsonb`,
    `UPDATE ${spec.table} x SET ${all.filter((c) => !spec.identity.includes(c)).map((c) => `${c} = ${val(c)}`).join(', ')} ${from} AND ${sameRow}`,
    `INSERT INTO ${spec.table} (${all.join(', ')}) SELECT ${all.map(val).join(', ')} ${from} AND NOT EXISTS (SELECT 1 FROM ${spec.table} x WHERE ${sameRow})`,
  ];
}
