/**
 * The criteria-status target: rows of (commune or village code, year, criterion, met, evidence,
 * evidence date). Checked by the criteria upload's own rules (services/criteria-upload.ts:
 * parseUploadRow for the shape, checkRows for the unit, the criteria set and assessment of the
 * year, the criterion number, the evidence date, duplicates) — one home per rule — and matched by
 * official code only. Staged rows are rewritten in the normalised form the commit writes.
 */
import type { Sql } from 'postgres';
import { checkRows, parseUploadRow, type UploadRow } from '../services/criteria-upload.ts';
import type { UploadRowError } from '../domain/ntm.ts';
import { CRITERIA_GONE } from './replace.ts';

const CHUNK = 1000;

/** Validates a staged criteria batch: every broken rule becomes an error issue; good rows get normalised attrs. */
export async function validateCriteria(tx: Sql, batchId: number): Promise<void> {
  const staged = await tx<{ row_no: number; attrs: Record<string, unknown> }[]>`
    SELECT row_no, attrs FROM import_staged WHERE batch_id = ${batchId} ORDER BY row_no`;
  const errors: UploadRowError[] = [];
  const parsed: UploadRow[] = [];
  for (const s of staged) {
    const cell = (f: string) => (s.attrs[f] == null ? '' : String(s.attrs[f]));
    const p = parseUploadRow(
      { code: cell('code'), year: cell('year'), criterion: cell('criterion'), met: cell('met'), evidence: cell('evidence'), evidenceDate: cell('evidenceDate') },
      s.row_no,
    );
    if ('errors' in p) errors.push(...p.errors);
    else parsed.push(p.row);
  }
  // the staging user may not be the committer: scopes are checked at commit (routes/import.ts), so every unit is in scope here
  const [province] = await tx<{ code: string }[]>`SELECT code FROM admin_unit WHERE level = 'province' LIMIT 1`;
  const checked = await checkRows(tx, province ? [province.code] : [], parsed, errors);
  const issues = checked.errors.map((e) => ({
    row_no: e.line,
    key: null as string | null,
    code: e.column === null ? 'duplicate_key' : `criteria_${e.column}`,
    vi: e.column ? `${e.column}: ${e.message.vi}` : e.message.vi,
    en: e.column ? `${e.column}: ${e.message.en}` : e.message.en,
  }));
  for (let i = 0; i < issues.length; i += CHUNK) {
    await tx`
      INSERT INTO import_issue (batch_id, row_no, key, severity, code, vi, en)
      SELECT ${batchId}, r.row_no, s.key, 'error', r.code, r.vi, r.en
      FROM json_to_recordset(${JSON.stringify(issues.slice(i, i + CHUNK))}::text::json) AS r(row_no int, key text, code text, vi text, en text)
      LEFT JOIN import_staged s ON s.batch_id = ${batchId} AND s.row_no = r.row_no`;
  }
  const good = checked.rows.map((r) => ({
    row_no: r.line,
    key: `${r.code}/${r.year}/${r.criterion}`,
    attrs: JSON.stringify({
      kind: r.kind,
      code: r.code,
      // a village code carries its commune's ('23335-04'): the editor's scope is checked on it at commit
      commune_code: r.code.split('-')[0],
      year: r.year,
      criterion: r.criterion,
      met: r.met,
      evidence: r.evidence,
      evidence_date: r.evidenceDate,
    }),
  }));
  for (let i = 0; i < good.length; i += CHUNK) {
    await tx`
      UPDATE import_staged s SET attrs = r.attrs::jsonb, key = r.key
      FROM json_to_recordset(${JSON.stringify(good.slice(i, i + CHUNK))}::text::json) AS r(row_no int, key text, attrs text)
      WHERE s.batch_id = ${batchId} AND s.row_no = r.row_no`;
  }
}

/** Whether a staged criteria row matches a stored status (SQL, alias s; rows the rules refused have no `kind`). */
export const CRITERIA_EXISTING = `
  SELECT 1 FROM commune_criterion_status x
  WHERE s.attrs->>'kind' = 'commune' AND x.commune_code = s.attrs->>'code'
    AND x.year = (s.attrs->>'year')::int AND x.criterion_no = (s.attrs->>'criterion')::int
  UNION ALL
  SELECT 1 FROM village_criterion_status x
  WHERE s.attrs->>'kind' = 'village' AND x.village_code = s.attrs->>'code'
    AND x.year = (s.attrs->>'year')::int AND x.criterion_no = (s.attrs->>'criterion')::int`;

/**
 * The commit's and rollback's SQL for one status table ($1 = batch id). Keys in import_backup are
 * 'code/year/criterion'; before = the stored row (null: the batch added it).
 */
export function criteriaWrite(kind: 'commune' | 'village', replace: boolean): string[] {
  const table = `${kind}_criterion_status`;
  const col = `${kind}_code`;
  const mine = `s.batch_id = $1 AND s.action IN ('insert', 'update') AND s.attrs->>'kind' = '${kind}'`;
  const key = `x.${col} || '/' || x.year || '/' || x.criterion_no`;
  const sql = [
    `INSERT INTO import_backup (batch_id, entity, key, before)
     SELECT $1, '${table}', ${key}, to_jsonb(x) FROM ${table} x JOIN import_staged s
       ON x.${col} = s.attrs->>'code' AND x.year = (s.attrs->>'year')::int AND x.criterion_no = (s.attrs->>'criterion')::int
     WHERE ${mine} AND s.action = 'update'`,
    `INSERT INTO import_backup (batch_id, entity, key, before)
     SELECT $1, '${table}', s.key, NULL FROM import_staged s WHERE ${mine} AND s.action = 'insert'`,
  ];
  if (replace) {
    // the unit-years of the file: their statuses the file lacks are saved, then removed
    sql.push(`INSERT INTO import_backup (batch_id, entity, key, before) SELECT $1, '${table}', ${key}, to_jsonb(x) ${CRITERIA_GONE[kind]}`);
    sql.push(`DELETE FROM ${table} d WHERE (d.${col}, d.year, d.criterion_no) IN (SELECT x.${col}, x.year, x.criterion_no ${CRITERIA_GONE[kind]})`);
  }
  sql.push(
    `INSERT INTO ${table} (${col}, year, criterion_no, met, evidence, evidence_date, version)
     SELECT s.attrs->>'code', (s.attrs->>'year')::int, (s.attrs->>'criterion')::int, (s.attrs->>'met')::boolean,
            s.attrs->>'evidence', (s.attrs->>'evidence_date')::date, 1
     FROM import_staged s WHERE ${mine}
     ON CONFLICT (${col}, year, criterion_no) DO UPDATE
       SET met = EXCLUDED.met, evidence = EXCLUDED.evidence, evidence_date = EXCLUDED.evidence_date, version = ${table}.version + 1`,
  );
  return sql;
}

/** Rollback of one status table: added rows removed, changed or removed rows put back (their version moves on). */
export function criteriaRestore(kind: 'commune' | 'village'): string[] {
  const table = `${kind}_criterion_status`;
  const col = `${kind}_code`;
  return [
    `DELETE FROM ${table} x USING import_backup b
     WHERE b.batch_id = $1 AND b.entity = '${table}' AND b.before IS NULL AND x.${col} || '/' || x.year || '/' || x.criterion_no = b.key`,
    `INSERT INTO ${table} (${col}, year, criterion_no, met, evidence, evidence_date, version)
     SELECT r.${col}, r.year, r.criterion_no, r.met, r.evidence, r.evidence_date, r.version + 1
     FROM import_backup b, LATERAL jsonb_populate_record(NULL::${table}, b.before) r
     WHERE b.batch_id = $1 AND b.entity = '${table}' AND b.before IS NOT NULL
     ON CONFLICT (${col}, year, criterion_no) DO UPDATE
       SET met = EXCLUDED.met, evidence = EXCLUDED.evidence, evidence_date = EXCLUDED.evidence_date,
           version = greatest(${table}.version, EXCLUDED.version - 1) + 1`,
  ];
}
