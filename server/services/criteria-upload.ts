/**
 * Criteria status in bulk: an editor uploads a CSV of
 *   code (commune 23329 or village 23335-04), year, criterion, met [, evidence, evidence date]
 * (Vietnamese headers accepted: mã, năm, tiêu chí, đạt, minh chứng, ngày). Every row is checked
 * first — the shape (zod), the unit, the editor's scope, the criteria set of the year, duplicates,
 * evidence dates — and any bad row refuses the whole file with a line-numbered report in
 * Vietnamese and English. A good file is written by writeStatuses (criteria-status.ts) in ONE
 * transaction. The HTTP side is routes/criteria-upload.ts.
 */
import type { Sql } from 'postgres';
import { CriteriaUploadRow, UPLOAD_HEADERS, type CriteriaUploadResult, type CriteriaUploadRowValue, type UploadRowError } from '../domain/ntm.ts';
import { HttpError } from '../http/errors.ts';
import type { WriteContext } from '../write/context.ts';
import { kindOfCode, latestEvidenceDate, writeStatuses, type StatusKind } from './criteria-status.ts';
import { CsvSyntaxError, foldHeader, parseCsv } from './ntm-csv.ts';

const MAX_ROWS = 20_000;
type Field = keyof typeof UPLOAD_HEADERS;

export interface UploadRow extends CriteriaUploadRowValue {
  line: number;
  kind: StatusKind;
}

const err = (line: number, column: string | null, vi: string, en: string): UploadRowError => ({ line, column, message: { vi, en } });
/** Our zod messages are written 'vi / en'. */
const split = (m: string) => {
  const i = m.indexOf(' / ');
  return i < 0 ? { vi: m, en: m } : { vi: m.slice(0, i), en: m.slice(i + 3) };
};

/** Maps the header record to fields; unknown columns (e.g. a commune name) are ignored. */
function mapHeader(cells: string[]): { columns: Map<Field, number>; errors: UploadRowError[] } {
  const columns = new Map<Field, number>();
  const errors: UploadRowError[] = [];
  cells.forEach((h, i) => {
    const f = foldHeader(h);
    for (const [field, names] of Object.entries(UPLOAD_HEADERS) as [Field, string[]][]) {
      if (names.includes(f) && !columns.has(field)) columns.set(field, i);
    }
  });
  const required: [Field, string][] = [['code', 'mã'], ['year', 'năm'], ['criterion', 'tiêu chí'], ['met', 'đạt']];
  for (const [field, vi] of required) {
    if (!columns.has(field)) errors.push(err(1, field, `Thiếu cột "${vi}" (${field}) ở dòng tiêu đề`, `The header line lacks the "${field}" column`));
  }
  return { columns, errors };
}

/** The rows' shape: zod per row, line numbers kept. */
function parseRows(csv: string): { rows: UploadRow[]; errors: UploadRowError[] } {
  let records;
  try {
    records = parseCsv(csv);
  } catch (e) {
    if (e instanceof CsvSyntaxError) return { rows: [], errors: [err(e.line, null, 'Dấu ngoặc kép không được đóng', 'Unterminated quoted field')] };
    throw e;
  }
  if (records.length < 2) return { rows: [], errors: [err(1, null, 'Tệp không có dòng dữ liệu nào (dòng đầu là tiêu đề)', 'The file has no data rows (the first line is the header)')] };
  if (records.length - 1 > MAX_ROWS) return { rows: [], errors: [err(1, null, `Tệp quá nhiều dòng (tối đa ${MAX_ROWS})`, `Too many rows (${MAX_ROWS} at most)`)] };
  const { columns, errors } = mapHeader(records[0]!.cells);
  if (errors.length) return { rows: [], errors };
  const rows: UploadRow[] = [];
  for (const r of records.slice(1)) {
    // a leading apostrophe before = + - @ is the formula guard of our own exports (domain/csv.ts)
    const cell = (f: Field) => (columns.has(f) ? (r.cells[columns.get(f)!] ?? '') : '').replace(/^'(?=[=+\-@])/, '');
    const value = Object.fromEntries((Object.keys(UPLOAD_HEADERS) as Field[]).map((f) => [f, cell(f)]));
    const p = parseUploadRow(value, r.line);
    if ('errors' in p) errors.push(...p.errors);
    else rows.push(p.row);
  }
  return { rows, errors };
}

/** One row's shape (zod): the row, or its errors. The data import (server/import) reads rows through here too. */
export function parseUploadRow(value: Record<string, string>, line: number): { row: UploadRow } | { errors: UploadRowError[] } {
  const p = CriteriaUploadRow.safeParse(value);
  if (!p.success) {
    return {
      errors: p.error.issues.map((issue) => {
        const m = split(issue.message);
        return err(line, String(issue.path[0] ?? ''), m.vi, m.en);
      }),
    };
  }
  return { row: { ...p.data, line, kind: kindOfCode(p.data.code) } };
}

/** What the row checks need from the database: units with their scope chains, criteria sets, assessments. */
async function uploadContext(sql: Sql, rows: UploadRow[]) {
  const communeCodes = [...new Set(rows.filter((r) => r.kind === 'commune').map((r) => r.code))];
  const villageCodes = [...new Set(rows.filter((r) => r.kind === 'village').map((r) => r.code))];
  const [units, villages, sets, assessed] = await Promise.all([
    sql<{ code: string; level: string; in_ntm_programme: boolean; full_name: string; chain: string[] }[]>`
      SELECT u.code, u.level, u.in_ntm_programme, u.full_name, ARRAY[u.code, p.code, g.code] AS chain
      FROM admin_unit u LEFT JOIN admin_unit p ON p.code = u.parent_code LEFT JOIN admin_unit g ON g.code = p.parent_code
      WHERE u.code IN ${sql(communeCodes.length ? communeCodes : [''])}`,
    sql<{ code: string; name: string; chain: string[] }[]>`
      SELECT v.code, v.name, ARRAY[c.code, p.code, g.code] AS chain
      FROM village v JOIN admin_unit c ON c.code = v.commune_code LEFT JOIN admin_unit p ON p.code = c.parent_code LEFT JOIN admin_unit g ON g.code = p.parent_code
      WHERE v.code IN ${sql(villageCodes.length ? villageCodes : [''])}`,
    sql<{ id: string; scope: string; year_from: number; year_to: number; nos: number[] }[]>`
      SELECT cs.id, cs.scope, cs.year_from, cs.year_to, array_agg(k.no ORDER BY k.no) AS nos
      FROM criteria_set cs JOIN criterion k ON k.set_id = cs.id GROUP BY cs.id`,
    sql<{ scope: string; year: number; criteria_set_id: string }[]>`SELECT scope, year, criteria_set_id FROM assessment`,
  ]);
  // the criteria set of each scope and year: the assessment's, else the set whose years cover it
  const setFor = (scope: string, year: number) => {
    const a = assessed.find((x) => x.scope === scope && x.year === year);
    if (a) return sets.find((s) => s.id === a.criteria_set_id) ?? null;
    return sets.filter((s) => s.scope === scope && s.year_from <= year && year <= s.year_to).sort((x, y) => y.year_from - x.year_from)[0] ?? null;
  };
  const isAssessed = (scope: string, year: number) => assessed.some((a) => a.scope === scope && a.year === year);
  const yearsOf = (scope: string) => assessed.filter((a) => a.scope === scope).map((a) => a.year).sort((a, b) => a - b).join(', ');
  return { unitOf: new Map(units.map((u) => [u.code, u])), villageOf: new Map(villages.map((v) => [v.code, v])), setFor, isAssessed, yearsOf };
}

/** Validates every row against the records and the editor's scopes; returns the good rows or every error found. */
export async function checkUpload(sql: Sql, scopes: readonly string[], csv: string): Promise<{ rows: UploadRow[]; errors: UploadRowError[] }> {
  const { rows: parsed, errors } = parseRows(csv);
  if (parsed.length === 0 && errors.length) return { rows: [], errors };
  return checkRows(sql, scopes, parsed, errors);
}

/**
 * The record checks of parsed rows (unit, scope, criteria set and assessment of the year, criterion
 * number, evidence date, duplicates), appended to `errors`: the CSV upload and the data import share them.
 */
export async function checkRows(sql: Sql, scopes: readonly string[], parsed: UploadRow[], errors: UploadRowError[] = []): Promise<{ rows: UploadRow[]; errors: UploadRowError[] }> {
  const { unitOf, villageOf, setFor, isAssessed, yearsOf } = await uploadContext(sql, parsed);
  const covers = (chain: (string | null)[]) => chain.some((code) => code != null && scopes.includes(code));
  const tomorrow = latestEvidenceDate();
  const seen = new Map<string, number>();
  const rows: UploadRow[] = [];
  for (const r of parsed) {
    const before = errors.length;
    if (r.kind === 'commune') {
      const u = unitOf.get(r.code);
      if (!u || u.level !== 'commune') errors.push(err(r.line, 'code', `Không có xã mã ${r.code}`, `No commune with code ${r.code}`));
      else if (!u.in_ntm_programme) errors.push(err(r.line, 'code', `${u.full_name} không được đánh giá theo bộ tiêu chí NTM cấp xã`, `${u.full_name} is not assessed on the commune NTM criteria`));
      else if (!covers(u.chain)) errors.push(err(r.line, 'code', `${u.full_name} ngoài phạm vi được giao`, `${u.full_name} is outside your scope`));
    } else {
      const v = villageOf.get(r.code);
      if (!v) errors.push(err(r.line, 'code', `Không có thôn mã ${r.code}`, `No village with code ${r.code}`));
      else if (!covers(v.chain)) errors.push(err(r.line, 'code', `Thôn ${v.name} (${r.code}) ngoài phạm vi được giao`, `Village ${v.name} (${r.code}) is outside your scope`));
    }
    const set = setFor(r.kind, r.year);
    if (!set) errors.push(err(r.line, 'year', `Không có bộ tiêu chí nào áp dụng cho năm ${r.year}`, `No criteria set applies to ${r.year}`));
    else if (!isAssessed(r.kind, r.year)) {
      // a year the app does not show: writing there would change nothing anyone sees
      const known = yearsOf(r.kind);
      const what = r.kind === 'commune' ? ['xã', 'commune'] : ['thôn', 'village'];
      errors.push(
        err(
          r.line,
          'year',
          `Năm ${r.year} chưa có đợt đánh giá ${what[0]} trong ứng dụng (các năm có: ${known}); không ghi số liệu vào năm ứng dụng không hiển thị`,
          `${r.year} has no ${what[1]} assessment in the app (years: ${known}); nothing is written to a year the app does not show`,
        ),
      );
    }
    else if (!set.nos.map(Number).includes(r.criterion)) errors.push(err(r.line, 'criterion', `Bộ tiêu chí ${set.id} không có tiêu chí số ${r.criterion}`, `Criteria set ${set.id} has no criterion ${r.criterion}`));
    if (r.evidenceDate && r.evidenceDate > tomorrow) errors.push(err(r.line, 'evidenceDate', 'Ngày của minh chứng không được ở tương lai', 'The evidence date cannot be in the future'));
    const key = `${r.code}/${r.year}/${r.criterion}`;
    const dup = seen.get(key);
    if (dup !== undefined) errors.push(err(r.line, null, `Trùng với dòng ${dup} (cùng mã, năm và tiêu chí)`, `Same code, year and criterion as line ${dup}`));
    else seen.set(key, r.line);
    if (errors.length === before) rows.push(r);
  }
  return { rows, errors: errors.sort((a, b) => a.line - b.line) };
}

/** 422 with the line-numbered report: nothing of the file is written. */
export function rowErrors(errors: UploadRowError[]): HttpError {
  return new HttpError(
    422,
    'invalid_rows',
    `Tệp có ${errors.length} lỗi; chưa ghi dòng nào. Sửa các dòng được nêu rồi tải lên lại`,
    `The file has ${errors.length} error(s); nothing was written. Fix the lines listed and upload again`,
    { rowErrors: errors.slice(0, 1000), errorCount: errors.length },
  );
}

/** Checks and writes a file (all or nothing): 422 with every bad line, else the summary. */
export async function uploadCriteria(w: WriteContext, scopes: readonly string[], csv: string, fileName: string | undefined): Promise<CriteriaUploadResult> {
  const { rows, errors } = await checkUpload(w.sql, scopes, csv);
  if (errors.length) throw rowErrors(errors);
  const summary = (changed: number): CriteriaUploadResult => ({
    rows: rows.length,
    changed,
    unchanged: rows.length - changed,
    communes: new Set(rows.filter((r) => r.kind === 'commune').map((r) => r.code)).size,
    villages: new Set(rows.filter((r) => r.kind === 'village').map((r) => r.code)).size,
    years: [...new Set(rows.map((r) => r.year))].sort(),
  });
  const changed = await writeStatuses(
    w,
    rows.map((r) => ({ kind: r.kind, unitCode: r.code, year: r.year, criterionNo: r.criterion, met: r.met, evidence: r.evidence, evidenceDate: r.evidenceDate })),
    { entity: 'criteria_upload', entityId: `upload/${w.requestId ?? Date.now()}` },
    (n) => ({ ...summary(n), fileName: fileName ?? null }),
  );
  return summary(changed);
}
