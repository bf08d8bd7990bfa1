/**
 * The forest records' targets: plantings (trồng rừng, one per lô and year) and acceptance
 * inspections (nghiệm thu, one per planting, stage and date) from the offices' tables. A row is
 * matched to an existing lô by its code tk/khoanh/lô only (a commune code in the file must agree
 * with the lô's, it never picks the lô), an inspection to the lô's planting of its year. The checks:
 * unknown lô or planting, values in range, dates, and the counts adding up (planted area within the
 * lô's, surviving trees within the planted, the survival rate agreeing with the counts). The result
 * class of an inspection is the app's own rule (domain/classes.ts classifySurvival, thresholds in
 * force), as when an inspector records one.
 */
import type { Sql } from 'postgres';
import { classifySurvival } from '../domain/classes.ts';
import { readThresholds } from '../services/settings.ts';
import type { IssueFn } from './types.ts';
import type { TargetDef } from './targets.ts';

const CHUNK = 1000;
/** Planted area may exceed the lô's recorded area by this share (rounding of the two surveys). */
export const AREA_SLACK = 0.05;
/** A survival rate given with the counts may differ from theirs by this many points (rounding). */
export const RATE_SLACK = 0.5;

const KEY_FIELDS = { plantings: ['tk', 'khoanh', 'lo', 'year'], inspections: ['tk', 'khoanh', 'lo', 'year', 'stage', 'inspected_on'] } as const;

const num = (f: string) => `(s.attrs->>'${f}')::float8`;
const int = (f: string) => `(s.attrs->>'${f}')::int`;
const has = (f: string) => `(s.attrs->>'${f}') IS NOT NULL`;
const ROWS = 'FROM import_staged s WHERE s.batch_id = $1';

/** Whether a staged planting matches a stored one (SQL, alias s): the lô's planting of that year. */
export const PLANTING_EXISTING = `SELECT 1 FROM planting x WHERE x.plot_id = (s.attrs->>'plot_id')::bigint AND x.year = (s.attrs->>'year')::int`;
/** Whether a staged inspection matches a stored one: the same planting, stage and date. */
export const INSPECTION_EXISTING = `SELECT 1 FROM inspection x WHERE x.planting_id = (s.attrs->>'planting_id')::bigint
  AND x.stage = (s.attrs->>'stage')::int AND x.inspected_on = (s.attrs->>'inspected_on')::date`;

/** Validates a staged plantings or inspections batch (issues into import_issue, the lô and planting ids into attrs). */
export async function validateRecords(tx: Sql, batchId: number, t: TargetDef, issue: IssueFn): Promise<void> {
  const keys: readonly string[] = KEY_FIELDS[t.id as keyof typeof KEY_FIELDS];
  await issue('error', 'key_missing', `'Thiếu mã lô hoặc giá trị khóa (${keys.join(', ')})'`, `'Missing lô code or key value (${keys.join(', ')})'`, `${ROWS} AND s.key IS NULL`);
  await issue('error', 'duplicate_key', `'Dòng ' || s.key || ' lặp lại trong tệp (' || d.n || ' lần)'`, `'Row ' || s.key || ' appears ' || d.n || ' times in the file'`,
    `FROM import_staged s JOIN (SELECT key, count(*) AS n FROM import_staged WHERE batch_id = $1 AND key IS NOT NULL GROUP BY key HAVING count(*) > 1) d ON d.key = s.key WHERE s.batch_id = $1`);
  for (const f of t.fields.filter((x) => x.required && !keys.includes(x.name))) {
    await issue('error', 'field_missing', `'Thiếu giá trị ${f.name}'`, `'Missing ${f.name}'`, `${ROWS} AND s.key IS NOT NULL AND NOT ${has(f.name)}`);
  }

  // the lô, by its code only; a commune code given in the file must be the lô's
  await tx.unsafe(
    `UPDATE import_staged s SET attrs = s.attrs || jsonb_build_object('plot_id', p.id, 'plot_commune', p.commune_code, 'plot_ha', p.dtich)
     FROM forest_plot p WHERE s.batch_id = $1 AND s.key IS NOT NULL
       AND p.tk = ${int('tk')} AND p.khoanh = ${int('khoanh')} AND p.lo = s.attrs->>'lo'`,
    [batchId],
  );
  await issue('error', 'unknown_plot', `'Lô ' || (s.attrs->>'tk') || '/' || (s.attrs->>'khoanh') || '/' || (s.attrs->>'lo') || ' (tiểu khu/khoảnh/lô) không có: nhập lô trước'`,
    `'Lô ' || (s.attrs->>'tk') || '/' || (s.attrs->>'khoanh') || '/' || (s.attrs->>'lo') || ' (tiểu khu/khoảnh/lô) does not exist: import the lô first'`,
    `${ROWS} AND s.key IS NOT NULL AND NOT ${has('plot_id')}`);
  await issue('error', 'commune_mismatch', `'Mã xã ' || (s.attrs->>'commune_code') || ' khác mã xã của lô (' || (s.attrs->>'plot_commune') || ')'`,
    `'Commune code ' || (s.attrs->>'commune_code') || ' differs from the lô''s (' || (s.attrs->>'plot_commune') || ')'`,
    `${ROWS} AND ${has('plot_id')} AND ${has('commune_code')} AND s.attrs->>'commune_code' <> s.attrs->>'plot_commune'`);
  // the editor's scope is checked at commit on the lô's commune (batches.ts batchUnits)
  await tx.unsafe(
    `UPDATE import_staged s SET attrs = s.attrs || jsonb_build_object('commune_code', s.attrs->'plot_commune') WHERE s.batch_id = $1 AND ${has('plot_id')}`,
    [batchId],
  );
  await issue('error', 'value_range', `'Năm trồng phải trong khoảng 1990–2100'`, `'The planting year must be within 1990–2100'`,
    `${ROWS} AND ${has('year')} AND ${int('year')} NOT BETWEEN 1990 AND 2100`);

  if (t.id === 'plantings') await validatePlantings(issue);
  else await validateInspections(tx, batchId, issue);
}

async function validatePlantings(issue: IssueFn): Promise<void> {
  await issue('error', 'value_range', `'Diện tích trồng phải lớn hơn 0 và nhỏ hơn 100 000 ha'`, `'The planted area must be above 0 and below 100,000 ha'`,
    `${ROWS} AND ${has('area_ha')} AND (${num('area_ha')} <= 0 OR ${num('area_ha')} >= 100000)`);
  await issue('error', 'area_exceeds_plot', `'Diện tích trồng ' || (s.attrs->>'area_ha') || ' ha lớn hơn diện tích lô ' || (s.attrs->>'plot_ha') || ' ha'`,
    `'Planted area ' || (s.attrs->>'area_ha') || ' ha exceeds the lô''s ' || (s.attrs->>'plot_ha') || ' ha'`,
    `${ROWS} AND ${has('area_ha')} AND ${has('plot_ha')} AND ${num('area_ha')} > ${1 + AREA_SLACK} * ${num('plot_ha')}`);
  await issue('error', 'value_range', `'Mật độ phải trong khoảng 100–20 000 cây/ha'`, `'Density must be within 100–20,000 trees/ha'`,
    `${ROWS} AND ${has('density_per_ha')} AND ${int('density_per_ha')} NOT BETWEEN 100 AND 20000`);
  await issue('error', 'value_range', `'Tên loài cây quá dài (tối đa 100 ký tự)'`, `'Species name too long (at most 100 characters)'`,
    `${ROWS} AND length(s.attrs->>'species') > 100`);
  await issue('error', 'date_future', `'Ngày trồng ' || (s.attrs->>'planted_on') || ' ở tương lai'`, `'Planting date ' || (s.attrs->>'planted_on') || ' is in the future'`,
    `${ROWS} AND ${has('planted_on')} AND (s.attrs->>'planted_on')::date > current_date`);
  await issue('warning', 'date_year', `'Ngày trồng ' || (s.attrs->>'planted_on') || ' không thuộc năm ' || (s.attrs->>'year')`,
    `'Planting date ' || (s.attrs->>'planted_on') || ' is not in ' || (s.attrs->>'year')`,
    `${ROWS} AND ${has('planted_on')} AND ${has('year')} AND extract(year FROM (s.attrs->>'planted_on')::date)::int <> ${int('year')}`);
}

async function validateInspections(tx: Sql, batchId: number, issue: IssueFn): Promise<void> {
  // the lô's planting of the year (imported before its inspections)
  await tx.unsafe(
    `UPDATE import_staged s SET attrs = s.attrs || jsonb_build_object('planting_id', g.id, 'withdrawn_on', g.withdrawn_on)
     FROM planting g WHERE s.batch_id = $1 AND g.plot_id = (s.attrs->>'plot_id')::bigint AND g.year = ${int('year')}`,
    [batchId],
  );
  await issue('error', 'unknown_planting', `'Lô ' || (s.attrs->>'tk') || '/' || (s.attrs->>'khoanh') || '/' || (s.attrs->>'lo') || ' không có trồng rừng năm ' || (s.attrs->>'year') || ': nhập trồng rừng trước'`,
    `'Lô ' || (s.attrs->>'tk') || '/' || (s.attrs->>'khoanh') || '/' || (s.attrs->>'lo') || ' has no planting of ' || (s.attrs->>'year') || ': import the plantings first'`,
    `${ROWS} AND ${has('plot_id')} AND ${has('year')} AND NOT ${has('planting_id')}`);
  await issue('error', 'planting_withdrawn', `'Hộ đã rút khỏi dự án ngày ' || (s.attrs->>'withdrawn_on') || ': không nghiệm thu'`,
    `'The household withdrew on ' || (s.attrs->>'withdrawn_on') || ': no inspection'`, `${ROWS} AND ${has('withdrawn_on')}`);
  await issue('error', 'value_range', `'Lần nghiệm thu phải từ 1 đến 10'`, `'The inspection stage must be within 1–10'`, `${ROWS} AND ${has('stage')} AND ${int('stage')} NOT BETWEEN 1 AND 10`);
  await issue('error', 'date_future', `'Ngày nghiệm thu ' || (s.attrs->>'inspected_on') || ' ở tương lai'`, `'Inspection date ' || (s.attrs->>'inspected_on') || ' is in the future'`,
    `${ROWS} AND ${has('inspected_on')} AND (s.attrs->>'inspected_on')::date > current_date`);
  await issue('error', 'date_before_planting', `'Ngày nghiệm thu ' || (s.attrs->>'inspected_on') || ' trước năm trồng ' || (s.attrs->>'year')`,
    `'Inspection date ' || (s.attrs->>'inspected_on') || ' is before the planting year ' || (s.attrs->>'year')`,
    `${ROWS} AND ${has('inspected_on')} AND ${has('year')} AND extract(year FROM (s.attrs->>'inspected_on')::date)::int < ${int('year')}`);
  // survival: a rate, or the counts of trees planted and surviving (or both, agreeing)
  await issue('error', 'field_missing', `'Thiếu tỷ lệ sống (survival_pct) hoặc số cây trồng và số cây sống (planted, surviving)'`,
    `'Missing the survival rate (survival_pct) or the trees planted and surviving (planted, surviving)'`,
    `${ROWS} AND s.key IS NOT NULL AND NOT ${has('survival_pct')} AND NOT (${has('planted')} AND ${has('surviving')})`);
  await issue('error', 'value_range', `'Tỷ lệ sống ' || (s.attrs->>'survival_pct') || ' % phải trong khoảng 0–100'`, `'Survival ' || (s.attrs->>'survival_pct') || ' % must be within 0–100'`,
    `${ROWS} AND ${has('survival_pct')} AND ${num('survival_pct')} NOT BETWEEN 0 AND 100`);
  await issue('error', 'counts_invalid', `'Số cây trồng ' || (s.attrs->>'planted') || ', số cây sống ' || (s.attrs->>'surviving') || ': cây sống phải từ 0 đến số cây trồng'`,
    `'Planted ' || (s.attrs->>'planted') || ', surviving ' || (s.attrs->>'surviving') || ': surviving must be within 0 and the planted'`,
    `${ROWS} AND ${has('planted')} AND ${has('surviving')} AND (${int('planted')} <= 0 OR ${int('surviving')} < 0 OR ${int('surviving')} > ${int('planted')})`);
  await issue('error', 'counts_mismatch',
    `'Tỷ lệ sống ' || (s.attrs->>'survival_pct') || ' % không khớp số cây: ' || (s.attrs->>'surviving') || '/' || (s.attrs->>'planted') || ' = ' || round((100.0 * ${int('surviving')} / ${int('planted')})::numeric, 2) || ' %'`,
    `'Survival ' || (s.attrs->>'survival_pct') || ' % does not match the counts: ' || (s.attrs->>'surviving') || '/' || (s.attrs->>'planted') || ' = ' || round((100.0 * ${int('surviving')} / ${int('planted')})::numeric, 2) || ' %'`,
    `${ROWS} AND ${has('survival_pct')} AND ${has('planted')} AND ${has('surviving')} AND ${int('planted')} > 0 AND ${int('surviving')} BETWEEN 0 AND ${int('planted')}
       AND abs(${num('survival_pct')} - 100.0 * ${int('surviving')} / ${int('planted')}) > ${RATE_SLACK}`);

  // the rate written and its class under the thresholds in force (rows with errors are skipped at commit)
  const thresholds = await readThresholds(tx);
  const rows = await tx<{ row_no: number; pct: number | null; planted: number | null; surviving: number | null }[]>`
    SELECT row_no, (attrs->>'survival_pct')::float8 AS pct, (attrs->>'planted')::float8 AS planted, (attrs->>'surviving')::float8 AS surviving
    FROM import_staged WHERE batch_id = ${batchId} AND attrs ? 'planting_id'`;
  const assessed = rows.flatMap((r) => {
    const pct = r.pct ?? (r.planted && r.surviving != null ? (100 * r.surviving) / r.planted : null);
    if (pct == null || !(pct >= 0 && pct <= 100)) return [];
    const rounded = Math.round(pct * 100) / 100;
    return [{ row_no: r.row_no, survival: rounded, result: classifySurvival(rounded, thresholds) }];
  });
  for (let i = 0; i < assessed.length; i += CHUNK) {
    await tx`
      UPDATE import_staged s SET attrs = s.attrs || jsonb_build_object('survival', r.survival, 'result', r.result)
      FROM json_to_recordset(${JSON.stringify(assessed.slice(i, i + CHUNK))}::text::json) AS r(row_no int, survival float8, result text)
      WHERE s.batch_id = ${batchId} AND s.row_no = r.row_no`;
  }
}

const mine = (action: 'insert' | 'update') => `s.batch_id = $1 AND s.action = '${action}'`;

/** The commit of a plantings batch ($1 = batch id); import_backup keys are planting ids. */
export const PLANTINGS_WRITE = [
  `INSERT INTO import_backup (batch_id, entity, key, before)
   SELECT $1, 'planting', x.id::text, to_jsonb(x) FROM planting x JOIN import_staged s
     ON x.plot_id = (s.attrs->>'plot_id')::bigint AND x.year = (s.attrs->>'year')::int WHERE ${mine('update')}`,
  `UPDATE planting x SET area_ha = (s.attrs->>'area_ha')::numeric(10, 2), species = s.attrs->>'species', funding = s.attrs->>'funding',
     household = coalesce(s.attrs->>'household', x.household), density_per_ha = coalesce((s.attrs->>'density_per_ha')::int, x.density_per_ha),
     planted_on = coalesce((s.attrs->>'planted_on')::date, x.planted_on)
   FROM import_staged s WHERE ${mine('update')} AND x.plot_id = (s.attrs->>'plot_id')::bigint AND x.year = (s.attrs->>'year')::int`,
  `WITH base AS (SELECT coalesce(max(id), 0) AS m FROM planting),
   ins AS (
     INSERT INTO planting (id, plot_id, year, area_ha, species, funding, household, density_per_ha, planted_on)
     SELECT base.m + row_number() OVER (ORDER BY s.row_no), (s.attrs->>'plot_id')::bigint, (s.attrs->>'year')::int, (s.attrs->>'area_ha')::numeric(10, 2),
            s.attrs->>'species', s.attrs->>'funding', s.attrs->>'household', coalesce((s.attrs->>'density_per_ha')::int, 1600), (s.attrs->>'planted_on')::date
     FROM import_staged s, base WHERE ${mine('insert')}
     RETURNING id)
   INSERT INTO import_backup (batch_id, entity, key, before) SELECT $1, 'planting', id::text, NULL FROM ins`,
];

/** The commit of an inspections batch: new ones appended (idempotency key per batch row), matching ones updated. */
export const INSPECTIONS_WRITE = [
  `INSERT INTO import_backup (batch_id, entity, key, before)
   SELECT $1, 'inspection', x.id::text, to_jsonb(x) FROM inspection x JOIN import_staged s
     ON x.planting_id = (s.attrs->>'planting_id')::bigint AND x.stage = (s.attrs->>'stage')::int AND x.inspected_on = (s.attrs->>'inspected_on')::date
   WHERE ${mine('update')}`,
  `UPDATE inspection x SET survival_pct = (s.attrs->>'survival')::numeric(5, 2), result = s.attrs->>'result',
     team = coalesce(s.attrs->>'team', x.team), note = coalesce(s.attrs->>'note', x.note),
     thresholds = (SELECT value FROM app_setting WHERE key = 'survival_thresholds')
   FROM import_staged s WHERE ${mine('update')}
     AND x.planting_id = (s.attrs->>'planting_id')::bigint AND x.stage = (s.attrs->>'stage')::int AND x.inspected_on = (s.attrs->>'inspected_on')::date`,
  `WITH ins AS (
     INSERT INTO inspection (planting_id, plot_id, inspected_on, stage, team, survival_pct, result, note, client_request_id, created_by, thresholds)
     SELECT (s.attrs->>'planting_id')::bigint, (s.attrs->>'plot_id')::bigint, (s.attrs->>'inspected_on')::date, (s.attrs->>'stage')::int,
            s.attrs->>'team', (s.attrs->>'survival')::numeric(5, 2), s.attrs->>'result', s.attrs->>'note',
            'import:' || b.id || ':' || s.row_no, b.committed_by, (SELECT value FROM app_setting WHERE key = 'survival_thresholds')
     FROM import_staged s JOIN import_batch b ON b.id = s.batch_id WHERE ${mine('insert')}
     ORDER BY s.row_no
     RETURNING id)
   INSERT INTO import_backup (batch_id, entity, key, before) SELECT $1, 'inspection', id::text, NULL FROM ins`,
];

/** Rollback: the added rows removed, the changed ones put back. */
export const RECORDS_RESTORE: Record<'planting' | 'inspection', string[]> = {
  planting: [
    `DELETE FROM planting x USING import_backup b WHERE b.batch_id = $1 AND b.entity = 'planting' AND b.before IS NULL AND x.id = b.key::bigint`,
    `UPDATE planting x SET (area_ha, species, funding, household, density_per_ha, planted_on, withdrawn_on, withdrawn_reason) =
       (r.area_ha, r.species, r.funding, r.household, r.density_per_ha, r.planted_on, r.withdrawn_on, r.withdrawn_reason)
     FROM import_backup b, LATERAL jsonb_populate_record(NULL::planting, b.before) r
     WHERE b.batch_id = $1 AND b.entity = 'planting' AND b.before IS NOT NULL AND x.id = b.key::bigint`,
  ],
  inspection: [
    `DELETE FROM inspection x USING import_backup b WHERE b.batch_id = $1 AND b.entity = 'inspection' AND b.before IS NULL AND x.id = b.key::bigint`,
    `UPDATE inspection x SET (survival_pct, result, team, note, thresholds) = (r.survival_pct, r.result, r.team, r.note, r.thresholds)
     FROM import_backup b, LATERAL jsonb_populate_record(NULL::inspection, b.before) r
     WHERE b.batch_id = $1 AND b.entity = 'inspection' AND b.before IS NOT NULL AND x.id = b.key::bigint`,
  ],
};
