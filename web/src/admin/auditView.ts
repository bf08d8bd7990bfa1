/**
 * Pure helpers of the audit browser: the query string of the filters (shared by the list and the
 * CSV link), what changed between an audit row's before and after, and its time as officials write it.
 */

export const AUDIT_FILTER_KEYS = ['username', 'entity', 'entityId', 'action', 'from', 'to'] as const;
export type AuditFilterKey = (typeof AUDIT_FILTER_KEYS)[number];
export type AuditFilterValues = Partial<Record<AuditFilterKey, string>>;

/**
 * The query string of the filters (empty ones left out), plus paging parameters.
 * @example auditQuery({ username: 'editor', entity: '' }, { limit: 50 }) // '?username=editor&limit=50'
 */
export function auditQuery(filters: AuditFilterValues, extra: Record<string, string | number | null | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const k of AUDIT_FILTER_KEYS) {
    const v = filters[k]?.trim();
    if (v) q.set(k, v);
  }
  for (const [k, v] of Object.entries(extra)) if (v != null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
}

/** A value as one short line: strings as they are, lists joined, objects as JSON, null as null. */
export function showValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * The fields that differ between two audit snapshots (objects), in the order they appear; a
 * created record lists all its fields, a deleted one all of its former fields.
 * @example changes({ met: false, version: 1 }, { met: true, version: 2 }) // met false → true, version 1 → 2
 */
export function changes(before: unknown, after: unknown): FieldChange[] {
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const out: FieldChange[] = [];
  for (const field of fields) {
    if (JSON.stringify(b[field]) === JSON.stringify(a[field])) continue;
    out.push({ field, before: showValue(b[field]), after: showValue(a[field]) });
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * An audit time ('2024-05-02T14:03:07+07:00', Vietnam time) as dd/mm/yyyy HH:MM:SS.
 * @example auditTime('2024-05-02T14:03:07+07:00') // '02/05/2024 14:03:07'
 */
export function auditTime(at: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2})/.exec(at);
  return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}` : at;
}
