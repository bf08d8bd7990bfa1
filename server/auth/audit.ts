import type { Fragment, Sql } from 'postgres';
import type { AuditFilters, AuditPage, AuditRow } from './contract.ts';

/** Vietnam has kept UTC+7 without daylight saving since 1975: filters and times use it. */
const VN_OFFSET = '+07:00';

/** The instant a Vietnam calendar day starts. @example vnDayStart('2024-05-02') // 2024-05-01T17:00:00Z */
export function vnDayStart(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00${VN_OFFSET}`);
}

/** The day after an ISO date. @example nextDay('2024-02-29') // '2024-03-01' */
export function nextDay(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** ANDs fragments together (postgres.js nests fragments; every value stays a bound parameter). */
function and(sql: Sql, parts: Fragment[]): Fragment {
  if (parts.length === 0) return sql``;
  return sql`WHERE ${parts.reduce((acc, p) => sql`${acc} AND ${p}`)}`;
}

/** The WHERE clause of the audit filters. */
function auditWhere(sql: Sql, f: Omit<AuditFilters, 'limit'> & { upTo?: number }): Fragment {
  const parts: Fragment[] = [];
  if (f.username) parts.push(sql`username = ${f.username}`);
  if (f.entity) parts.push(sql`entity = ${f.entity}`);
  if (f.entityId) parts.push(sql`starts_with(entity_id, ${f.entityId})`);
  if (f.action) parts.push(sql`action = ${f.action}`);
  if (f.requestId) parts.push(sql`request_id = ${f.requestId}`);
  if (f.from) parts.push(sql`at >= ${vnDayStart(f.from)}`);
  if (f.to) parts.push(sql`at < ${vnDayStart(nextDay(f.to))}`);
  if (f.before) parts.push(sql`id < ${f.before}`);
  if (f.upTo) parts.push(sql`id <= ${f.upTo}`);
  return and(sql, parts);
}

interface Row {
  id: string;
  at: string;
  user_id: number | null;
  username: string | null;
  action: AuditRow['action'];
  entity: string;
  entity_id: string;
  before: unknown;
  after: unknown;
  request_id: string | null;
  ip: string | null;
}

async function selectAudit(sql: Sql, f: Omit<AuditFilters, 'limit'> & { upTo?: number }, limit: number): Promise<AuditRow[]> {
  const rows = await sql<Row[]>`
    SELECT id::text AS id,
           to_char(at AT TIME ZONE 'UTC' + interval '7 hours', 'YYYY-MM-DD"T"HH24:MI:SS') || ${VN_OFFSET} AS at,
           user_id, username, action, entity, entity_id, before, after, request_id, ip
    FROM audit_log
    ${auditWhere(sql, f)}
    ORDER BY audit_log.id DESC -- the column, not the text alias above (text order put 999 before 8428)
    LIMIT ${limit}`;
  return rows.map((r) => ({
    id: Number(r.id),
    at: r.at,
    userId: r.user_id,
    username: r.username,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    before: r.before,
    after: r.after,
    requestId: r.request_id,
    ip: r.ip,
  }));
}

/** One page of the audit trail, newest first, with the cursor of the next (older) page. */
export async function auditPage(sql: Sql, f: AuditFilters): Promise<AuditPage> {
  const rows = await selectAudit(sql, f, f.limit + 1);
  const more = rows.length > f.limit;
  const page = more ? rows.slice(0, f.limit) : rows;
  return { rows: page, nextBefore: more ? page.at(-1)!.id : null };
}

/** Rows per query of the CSV export. */
export const AUDIT_BATCH = 2000;

/**
 * Every row matching the filters, newest first, in keyset batches (`id < last id`), at most `cap`
 * rows. The export is bounded by the newest id at its start, so rows written while it runs neither
 * appear nor shift later batches: each row exactly once, without holding a transaction open (the
 * embedded database has one connection) for as long as a slow client downloads.
 */
export async function auditExport(sql: Sql, f: Omit<AuditFilters, 'limit' | 'before'>, cap: number): Promise<{ truncated: boolean; batches: AsyncGenerator<AuditRow[]> }> {
  const [top] = await sql<{ id: string | null }[]>`SELECT max(id)::text AS id FROM audit_log`;
  const upTo = top?.id ? Number(top.id) : 0;
  const [over] = await sql`SELECT 1 FROM audit_log ${auditWhere(sql, { ...f, upTo })} OFFSET ${cap} LIMIT 1`;
  return { truncated: Boolean(over), batches: auditBatches(sql, f, upTo, cap) };
}

async function* auditBatches(sql: Sql, f: Omit<AuditFilters, 'limit' | 'before'>, upTo: number, cap: number): AsyncGenerator<AuditRow[]> {
  let sent = 0;
  let before: number | undefined;
  for (;;) {
    const batch = await selectAudit(sql, { ...f, before, upTo }, Math.min(AUDIT_BATCH, cap + 1 - sent));
    if (sent + batch.length > cap) {
      yield batch.slice(0, cap - sent);
      return;
    }
    if (batch.length > 0) yield batch;
    sent += batch.length;
    if (batch.length < AUDIT_BATCH) return;
    before = batch.at(-1)!.id;
  }
}

/**
 * One CSV cell (RFC 4180): quoted when needed, and with a leading apostrophe when a spreadsheet
 * would take it for a formula (=, +, -, @, tab, CR), so an exported audit trail cannot run one.
 * @example csvCell('=HYPERLINK("x")') // '"\'=HYPERLINK(""x"")"'
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n;']/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const AUDIT_CSV_COLUMNS = ['id', 'at', 'user_id', 'username', 'action', 'entity', 'entity_id', 'before', 'after', 'request_id', 'ip'] as const;

/** The CSV header line (UTF-8 BOM first, so spreadsheet programs read Vietnamese correctly; CRLF lines). */
export const AUDIT_CSV_HEAD = `\uFEFF${AUDIT_CSV_COLUMNS.join(',')}\r\n`;

/** Audit rows as CSV lines (each ending CRLF). */
export function auditCsvLines(rows: AuditRow[]): string {
  let out = '';
  for (const r of rows) {
    out += [r.id, r.at, r.userId, r.username, r.action, r.entity, r.entityId, r.before, r.after, r.requestId, r.ip].map(csvCell).join(',') + '\r\n';
  }
  return out;
}

/** The audit rows as one CSV text (header included). */
export function auditCsv(rows: AuditRow[]): string {
  return AUDIT_CSV_HEAD + auditCsvLines(rows);
}
