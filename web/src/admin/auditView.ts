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

/** Entities the API writes: the filter offers each (every kind of change). */
export const AUDIT_ENTITIES = [
  'commune_criterion_status',
  'village_criterion_status',
  'criteria_upload',
  'inspection',
  'planting_plan',
  'app_user',
  'app_setting',
] as const;

/** Longest text shown in a cell; the CSV export has the full value. */
export const MAX_TEXT = 160;

const clip = (s: string, max = MAX_TEXT) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;
const isoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** What names an item of a list (a lô of a plan, a sample plot, a photo). */
function itemName(o: Record<string, unknown>): string {
  for (const k of ['label', 'name', 'code', 'plotId', 'no', 'id']) if (o[k] != null && typeof o[k] !== 'object') return String(o[k]);
  return '·';
}

/**
 * A value as one short readable line: dates day first, lists joined, a list of records by the
 * names of its items, a record as "key: value; …", long text clipped (…), null as null.
 * @example showValue('2024-03-15') // '15/03/2024'
 */
export function showValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    const d = isoDate.exec(v);
    if (d) return `${d[3]}/${d[2]}/${d[1]}`;
    if (isoTime.test(v)) return auditTime(v);
    return clip(v);
  }
  if (Array.isArray(v)) {
    if (v.length > 0 && v.every((x) => isRecord(x))) {
      const names = v.map((x) => itemName(x as Record<string, unknown>));
      return clip(`(${v.length}) ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}`);
    }
    return clip(v.map((x) => (isRecord(x) || Array.isArray(x) ? '…' : String(x))).join(', '));
  }
  if (isRecord(v)) return clip(Object.entries(v).map(([k, x]) => `${k}: ${showValue(x) ?? '—'}`).join('; '));
  return String(v);
}

/** One level of nested records opened up ('thresholds.acceptedAbovePct'), so each leaf is a field. */
function flatten(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (isRecord(v)) for (const [k2, v2] of Object.entries(v)) out[`${k}.${k2}`] = v2;
    else out[k] = v;
  }
  return out;
}

/** A list of records before and after: how many, and which items came and went. */
function listChange(b: unknown[], a: unknown[]): { before: string; after: string } {
  const names = (l: unknown[]) => l.filter(isRecord).map((x) => itemName(x as Record<string, unknown>));
  const nb = names(b);
  const na = names(a);
  const added = na.filter((x) => !nb.includes(x));
  const removed = nb.filter((x) => !na.includes(x));
  const list = (xs: string[]) => `${xs.slice(0, 6).join(', ')}${xs.length > 6 ? ', …' : ''}`;
  const parts = [added.length ? `+ ${list(added)}` : '', removed.length ? `− ${list(removed)}` : ''].filter(Boolean);
  return { before: `(${b.length})`, after: clip(`(${a.length})${parts.length ? ` ${parts.join(' · ')}` : ''}`) };
}

/**
 * The fields that differ between two audit snapshots (objects), in the order they appear; a
 * created record lists all its fields, a deleted one all of its former fields. Nested records
 * are opened one level; a list of records shows its count and the items added and removed.
 * @example changes({ met: false, version: 1 }, { met: true, version: 2 }) // met false → true, version 1 → 2
 */
export function changes(before: unknown, after: unknown): FieldChange[] {
  const b = isRecord(before) ? flatten(before) : {};
  const a = isRecord(after) ? flatten(after) : {};
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const out: FieldChange[] = [];
  for (const field of fields) {
    if (JSON.stringify(b[field]) === JSON.stringify(a[field])) continue;
    const bv = b[field];
    const av = a[field];
    if (Array.isArray(bv) && Array.isArray(av) && [...bv, ...av].some(isRecord)) {
      out.push({ field, ...listChange(bv, av) });
      continue;
    }
    out.push({ field, before: showValue(bv), after: showValue(av) });
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
