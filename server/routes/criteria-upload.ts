import { Hono, type Context } from 'hono';
import type { Sql } from 'postgres';
import { authorize } from '../auth/guards.ts';
import { readJson } from '../auth/input.ts';
import { recordAudit, withWrite } from '../auth/write.ts';
import { signedInUser } from '../auth/guards.ts';
import { clientIp } from '../auth/session.ts';
import {
  CriteriaUploadBody,
  CriteriaUploadRow,
  UPLOAD_HEADERS,
  type CriteriaUploadResult,
  type CriteriaUploadRowValue,
  type UploadRowError,
} from '../domain/ntm.ts';
import { HttpError } from '../http/errors.ts';
import { criteriaTemplate, uploadText } from '../services/criteria-csv.ts';
import { attachment, CSV_TYPE } from '../export/csv.ts';
import { validate } from '../http/errors.ts';
import { z } from 'zod';
import { UnitCode, Year } from '../domain/api.ts';
import { CsvSyntaxError, foldHeader, parseCsv } from '../services/ntm-csv.ts';

/**
 * Criteria status in bulk (issue 4): an editor uploads a CSV of
 *   code (commune 23329 or village 23335-04), year, criterion, met [, evidence, evidence date]
 * (Vietnamese headers accepted: mã, năm, tiêu chí, đạt, minh chứng, ngày). Every row is checked
 * first — the shape (zod), the unit, the editor's scope, the criteria set of the year, duplicates,
 * evidence dates — and any bad row refuses the whole file with 422 and a line-numbered report in
 * Vietnamese and English. A good file is written in ONE transaction with an audit row per changed
 * status (and one for the upload), and the tile layers it touches get new data versions.
 *
 *   POST /api/ntm/criteria/upload   {file: "<bytes, base64>", encoding?: "auto"|…, fileName?: "…"}
 *                                   or {csv: "<file text>", …}   (JSON, like every write)
 * The bytes may be UTF-8, Windows-1258, TCVN3 or VNI (what Excel and the old fonts save): they
 * are decoded by what they are, and a file that cannot be read is refused (services/criteria-csv.ts).
 */

const MAX_ROWS = 20_000;
type Field = keyof typeof UPLOAD_HEADERS;
const KINDS = {
  commune: { table: 'commune_criterion_status', key: 'commune_code', layer: 'communes' },
  village: { table: 'village_criterion_status', key: 'village_code', layer: 'villages' },
} as const;

interface GoodRow extends CriteriaUploadRowValue {
  line: number;
  kind: 'commune' | 'village';
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

/** Validates every row; returns the good rows or every error found. */
async function checkRows(c: Context, csv: string): Promise<{ rows: GoodRow[]; errors: UploadRowError[] }> {
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

  const parsed: GoodRow[] = [];
  for (const r of records.slice(1)) {
    // a leading apostrophe before = + - @ is the formula guard of our own exports (export/csv.ts)
    const cell = (f: Field) => (columns.has(f) ? (r.cells[columns.get(f)!] ?? '') : '').replace(/^'(?=[=+\-@])/, '');
    const value = Object.fromEntries((Object.keys(UPLOAD_HEADERS) as Field[]).map((f) => [f, cell(f)]));
    const p = CriteriaUploadRow.safeParse(value);
    if (!p.success) {
      for (const issue of p.error.issues) {
        const m = split(issue.message);
        errors.push(err(r.line, String(issue.path[0] ?? ''), m.vi, m.en));
      }
      continue;
    }
    parsed.push({ ...p.data, line: r.line, kind: p.data.code.includes('-') ? 'village' : 'commune' });
  }

  // units, their programme and the editor's scopes, in two queries
  const user = await signedInUser(c);
  const sql = c.var.sql;
  const communeCodes = [...new Set(parsed.filter((r) => r.kind === 'commune').map((r) => r.code))];
  const villageCodes = [...new Set(parsed.filter((r) => r.kind === 'village').map((r) => r.code))];
  const units = await sql<{ code: string; level: string; in_ntm_programme: boolean; full_name: string; chain: string[] }[]>`
    SELECT u.code, u.level, u.in_ntm_programme, u.full_name, ARRAY[u.code, p.code, g.code] AS chain
    FROM admin_unit u LEFT JOIN admin_unit p ON p.code = u.parent_code LEFT JOIN admin_unit g ON g.code = p.parent_code
    WHERE u.code IN ${sql(communeCodes.length ? communeCodes : [''])}`;
  const villages = await sql<{ code: string; name: string; chain: string[] }[]>`
    SELECT v.code, v.name, ARRAY[c.code, p.code, g.code] AS chain
    FROM village v JOIN admin_unit c ON c.code = v.commune_code LEFT JOIN admin_unit p ON p.code = c.parent_code LEFT JOIN admin_unit g ON g.code = p.parent_code
    WHERE v.code IN ${sql(villageCodes.length ? villageCodes : [''])}`;
  const unitOf = new Map(units.map((u) => [u.code, u]));
  const villageOf = new Map(villages.map((v) => [v.code, v]));
  const covers = (chain: (string | null)[]) => chain.some((code) => code != null && user.scopes.includes(code));

  // the criteria set of each scope and year: the assessment's, else the set whose years cover it
  const sets = await sql<{ id: string; scope: string; year_from: number; year_to: number; nos: number[] }[]>`
    SELECT cs.id, cs.scope, cs.year_from, cs.year_to, array_agg(k.no ORDER BY k.no) AS nos
    FROM criteria_set cs JOIN criterion k ON k.set_id = cs.id GROUP BY cs.id`;
  const assessed = await sql<{ scope: string; year: number; criteria_set_id: string }[]>`SELECT scope, year, criteria_set_id FROM assessment`;
  const setFor = (scope: string, year: number) => {
    const a = assessed.find((x) => x.scope === scope && x.year === year);
    if (a) return sets.find((s) => s.id === a.criteria_set_id) ?? null;
    return sets.filter((s) => s.scope === scope && s.year_from <= year && year <= s.year_to).sort((x, y) => y.year_from - x.year_from)[0] ?? null;
  };
  const yearsOf = (scope: string) => assessed.filter((a) => a.scope === scope).map((a) => a.year).sort((a, b) => a - b).join(', ');
  const tomorrow = new Date(Date.now() + 7 * 3600_000 + 86_400_000).toISOString().slice(0, 10);

  const seen = new Map<string, number>();
  const rows: GoodRow[] = [];
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
    else if (!assessed.some((a) => a.scope === r.kind && a.year === r.year)) {
      // a year the app does not show: writing there would change nothing anyone sees (issue 12)
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

interface StoredRow {
  met: boolean;
  evidence: string | null;
  evidence_date: string | null;
  version: number;
}

/** Writes the rows in one transaction: an audit row per changed status, one for the upload. */
async function writeRows(c: Context, rows: GoodRow[], fileName: string | undefined): Promise<CriteriaUploadResult> {
  const user = await signedInUser(c);
  const layers = [...new Set(rows.map((r) => KINDS[r.kind].layer))];
  let changed = 0;
  const result = await withWrite(c, { entity: 'criteria_upload', entityId: `upload/${c.get('requestId') ?? Date.now()}`, layers, action: 'create' }, async (tx: Sql) => {
    for (const r of rows) {
      const k = KINDS[r.kind];
      const [cur] = await tx<StoredRow[]>`
        SELECT met, evidence, evidence_date::text AS evidence_date, version FROM ${tx(k.table)}
        WHERE ${tx(k.key)} = ${r.code} AND year = ${r.year} AND criterion_no = ${r.criterion} FOR UPDATE`;
      if (cur && cur.met === r.met && cur.evidence === r.evidence && cur.evidence_date === r.evidenceDate) continue;
      const [after] = await tx<StoredRow[]>`
        INSERT INTO ${tx(k.table)} (${tx(k.key)}, year, criterion_no, met, evidence, evidence_date, version)
        VALUES (${r.code}, ${r.year}, ${r.criterion}, ${r.met}, ${r.evidence}, ${r.evidenceDate}::date, 1)
        ON CONFLICT (${tx(k.key)}, year, criterion_no) DO UPDATE
          SET met = EXCLUDED.met, evidence = EXCLUDED.evidence, evidence_date = EXCLUDED.evidence_date,
              version = ${tx(k.table)}.version + 1
        RETURNING met, evidence, evidence_date::text AS evidence_date, version`;
      const record = (s: StoredRow) => ({ unitCode: r.code, year: r.year, criterionNo: r.criterion, met: s.met, evidence: s.evidence, evidenceDate: s.evidence_date, version: s.version });
      await recordAudit(tx, {
        userId: user.id,
        username: user.username,
        action: cur ? 'update' : 'create',
        entity: k.table,
        entityId: `${r.code}/${r.year}/${r.criterion}`,
        before: cur ? record(cur) : null,
        after: record(after!),
        requestId: c.get('requestId') ?? null,
        ip: clientIp(c),
      });
      changed++;
    }
    const summary: CriteriaUploadResult = {
      rows: rows.length,
      changed,
      unchanged: rows.length - changed,
      communes: new Set(rows.filter((r) => r.kind === 'commune').map((r) => r.code)).size,
      villages: new Set(rows.filter((r) => r.kind === 'village').map((r) => r.code)).size,
      years: [...new Set(rows.map((r) => r.year))].sort(),
    };
    return { before: null, after: { ...summary, fileName: fileName ?? null }, unchanged: changed === 0, summary };
  });
  return result.summary;
}

/** GET /api/ntm/criteria.csv?year=2023[&units=608,616][&lang=vi]: the current statuses in the upload format. */
const TemplateQuery = z.object({
  year: Year,
  units: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : null))
    .pipe(z.array(UnitCode).max(50).nullable()),
  lang: z.enum(['vi', 'en']).default('vi'),
});

export const criteriaUpload = new Hono();

criteriaUpload.get('/criteria.csv', validate('query', TemplateQuery), async (c) => {
  const q = c.req.valid('query');
  const csv = await criteriaTemplate(c.var.sql, q);
  if (csv == null) throw new HttpError(404, 'no_assessment', `Năm ${q.year} không có đợt đánh giá nào`, `No assessment in ${q.year}`);
  const name = `tieu-chi-NTM_${q.year}${q.units ? `_${q.units.join('-')}` : ''}.csv`;
  return c.body(csv, 200, { 'Content-Type': CSV_TYPE, 'Content-Disposition': attachment(name), 'Cache-Control': 'no-store' });
});

criteriaUpload.post('/criteria/upload', async (c) => {
  await authorize(c, 'editor');
  const body = await readJson(c, CriteriaUploadBody);
  const { text, encoding } = uploadText(body);
  const { rows, errors } = await checkRows(c, text);
  if (errors.length) {
    throw new HttpError(
      422,
      'invalid_rows',
      `Tệp có ${errors.length} lỗi; chưa ghi dòng nào. Sửa các dòng được nêu rồi tải lên lại`,
      `The file has ${errors.length} error(s); nothing was written. Fix the lines listed and upload again`,
      { rowErrors: errors.slice(0, 1000), errorCount: errors.length },
    );
  }
  return c.json({ ...(await writeRows(c, rows, body.fileName)), encoding });
});
