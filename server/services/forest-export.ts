/**
 * Tables of the forest subsystem (worklist, planting table, plans) as files, through the shared
 * writers of server/export: CSV in the language's convention (csv.ts) and XLSX in the layout of
 * the NTM appendices (xlsx.ts).
 */
import { attachment, digitsOf, toCsv } from '../domain/csv.ts';
import { appendixXlsx, XLSX_TYPE } from '../export/xlsx.ts';

export type ExportLang = 'vi' | 'en';

/** A column: header in both languages, how to read the value, and how to show it in a spreadsheet. */
export interface ExportColumn<R> {
  header: { vi: string; en: string };
  value: (r: R) => string | number | null;
  /** Excel number format (e.g. '0.00' for hectares); text columns leave it out */
  numFmt?: string;
  width?: number;
}

export interface ExportTable<R> {
  /** the table's number, as the report appendices number theirs ('Biểu 01/LN') */
  label: { vi: string; en: string };
  /** sheet title and file title */
  title: { vi: string; en: string };
  /** the first goes under the title, the others under the table in the spreadsheet; not in the CSV */
  notes?: { vi: string; en: string }[];
  columns: ExportColumn<R>[];
  rows: R[];
  /** a last, bold row (totals); undefined: none */
  total?: R;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A value as a cell: ISO dates become dates (written the language's way in CSV, as Excel dates in XLSX). */
const cellOf = (v: string | number | null): string | number | null | { date: string } => (typeof v === 'string' && ISO_DATE.test(v) ? { date: v } : v);

/** The table as CSV (domain/csv.ts: the language's separator, decimal mark and date form): one header line, the rows, the total row. */
export function tableCsv<R>(t: ExportTable<R>, lang: ExportLang): string {
  const rows = [...t.rows, ...(t.total !== undefined ? [t.total] : [])].map((r) => t.columns.map((c) => cellOf(c.value(r))));
  return toCsv([t.columns.map((c) => c.header[lang]), ...rows], lang, t.columns.map((c) => digitsOf(c.numFmt)));
}

/**
 * The table as an XLSX workbook laid out like the NTM appendices (export/xlsx.ts): its Biểu
 * number, title and first note above, an STT column, borders, numbers and dates as such, the
 * total in bold, the other notes below, A4 landscape.
 */
export function tableXlsx<R>(t: ExportTable<R>, lang: ExportLang): Promise<Uint8Array> {
  const [first, ...rest] = t.notes ?? [];
  const total = t.total !== undefined ? [t.total] : [];
  const rows = [...t.rows, ...total].map((r, i) => [i < t.rows.length ? i + 1 : null, ...t.columns.map((c) => cellOf(c.value(r)))]);
  return appendixXlsx(
    [
      {
        label: t.label[lang],
        title: t.title[lang],
        subtitle: first ? first[lang] : '',
        header: [[lang === 'vi' ? 'STT' : 'No.', ...t.columns.map((c) => c.header[lang])]],
        rows,
        boldRows: total.length ? [rows.length - 1] : [],
        formats: [null, ...t.columns.map((c) => c.numFmt ?? null)],
        widths: [6, ...t.columns.map((c) => c.width ?? Math.max(10, Math.min(40, c.header[lang].length + 2)))],
        notes: rest.map((n) => n[lang]),
        leftColumns: t.columns.flatMap((c, i) => (c.numFmt ? [] : [i + 1])).filter((i) => (t.columns[i - 1]!.width ?? 0) >= 14),
      },
    ],
    lang,
  );
}

export { XLSX_TYPE };

export { attachment };
