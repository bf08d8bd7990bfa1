/**
 * The validation report of a batch: what was read, how (CRS, datum shift, encoding, mapping),
 * what a commit would do, and every issue — as JSON for the screen and as CSV to download.
 */
import type { Sql } from 'postgres';
import { HttpError } from '../http/errors.ts';
import { csvCell } from '../auth/audit.ts';

export interface ImportIssue {
  row: number | null;
  key: string | null;
  severity: 'error' | 'warning';
  code: string;
  message: { vi: string; en: string };
}

export interface ImportReport {
  id: number;
  target: string;
  mode: string;
  status: string;
  file: { name: string; bytes: number; checksum: string; format: string };
  crs: { label: string; datumShift: string; source: string } | null;
  encoding: { encoding: string; by: string; sample: string[] } | null;
  mapping: Record<string, string>;
  /** deletes: the rows a replace removes (0 in merge mode) */
  counts: { read: number; inserts: number; updates: number; deletes: number; errors: number; warnings: number; repaired: number };
  issues: ImportIssue[];
  issuesTruncated: boolean;
  canCommit: boolean;
  createdAt: string;
  committedAt: string | null;
  rolledBackAt: string | null;
}

const SHOWN = 500;

export async function batchReport(sql: Sql, id: number, limit = SHOWN): Promise<ImportReport> {
  const [b] = await sql<
    { id: string; target: string; mode: string; status: string; file_name: string; file_bytes: string; checksum: string; format: string; crs: ImportReport['crs'] & { proj4?: string }; encoding: ImportReport['encoding']; mapping: Record<string, string>; counts: Partial<ImportReport['counts']>; created_at: Date; committed_at: Date | null; rolled_back_at: Date | null }[]
  >`SELECT * FROM import_batch WHERE id = ${id}`;
  if (!b) throw new HttpError(404, 'not_found', `Không tìm thấy lần nhập ${id}`, `Import batch ${id} not found`);
  const issues = await sql<{ row_no: number | null; key: string | null; severity: 'error' | 'warning'; code: string; vi: string; en: string }[]>`
    SELECT row_no, key, severity, code, vi, en FROM import_issue WHERE batch_id = ${id}
    ORDER BY severity, row_no NULLS FIRST, code LIMIT ${limit + 1}`;
  const counts = { read: 0, inserts: 0, updates: 0, deletes: 0, errors: 0, warnings: 0, repaired: 0, ...b.counts };
  return {
    id: Number(b.id),
    target: b.target,
    mode: b.mode,
    status: b.status,
    file: { name: b.file_name, bytes: Number(b.file_bytes), checksum: b.checksum, format: b.format },
    crs: b.crs ? { label: b.crs.label, datumShift: b.crs.datumShift, source: b.crs.source } : null,
    encoding: b.encoding,
    mapping: b.mapping,
    counts,
    issues: issues.slice(0, limit).map((i) => ({ row: i.row_no, key: i.key, severity: i.severity, code: i.code, message: { vi: i.vi, en: i.en } })),
    issuesTruncated: issues.length > limit,
    canCommit: b.status === 'staged' && counts.errors === 0,
    createdAt: b.created_at.toISOString(),
    committedAt: b.committed_at?.toISOString() ?? null,
    rolledBackAt: b.rolled_back_at?.toISOString() ?? null,
  };
}

/** The whole issue list as CSV (UTF-8 with BOM, so Excel reads the Vietnamese). */
export async function reportCsv(sql: Sql, id: number, lang: 'vi' | 'en'): Promise<string> {
  const r = await batchReport(sql, id, 100_000);
  const head = lang === 'vi' ? ['dong', 'ma', 'muc_do', 'loai', 'noi_dung'] : ['row', 'key', 'severity', 'code', 'message'];
  const lines = [head.join(',')];
  for (const i of r.issues) lines.push([i.row ?? '', i.key ?? '', lang === 'vi' ? (i.severity === 'error' ? 'lỗi' : 'cảnh báo') : i.severity, i.code, i.message[lang]].map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
