/**
 * A report table as the provincial appendices lay it out (biểu): numbered title, header rows with
 * merged cells, rows, bold rows, number formats, notes. The server builds each table once
 * (server/services/ntm-export.ts); the screen (web/src/ntm/ReportTable.tsx), the CSV and the XLSX
 * all render that one definition, with the cell text and header geometry of this module, so the
 * three cannot disagree. Pure: shared with the browser.
 */
import type { NtmTableId, NtmTablesResponse } from './ntm.ts';

export type ReportLang = 'vi' | 'en';
export type ReportCell = string | number | null;

/** One appendix table, in one language. */
export interface ReportTable {
  id: NtmTableId;
  /** 'Biểu 01' */
  label: string;
  title: string;
  subtitle: string;
  /** header rows; a cell of null continues the cell to its left (merged); '' under a header merges up */
  header: (string | null)[][];
  /** rows of cells; an empty row is a gap between two blocks */
  rows: ReportCell[][];
  /** indexes of rows to set in bold (group headings, totals) */
  boldRows: number[];
  /** number format per column ('0', '0.0', '+0;-0;0'), null for text */
  formats: (string | null)[];
  /** column widths in characters (XLSX) */
  widths: number[];
  notes: string[];
  /** per row, the code of the commune the row names (the screen links its name to the map), else null */
  communeCodes?: (string | null)[];
}

/** GET /api/ntm/report: the tables' figures and the seven tables laid out in one language. */
export interface NtmReportResponse {
  data: NtmTablesResponse;
  tables: ReportTable[];
}

/** 14.8 → '14,8' in Vietnamese, '14.8' in English. */
export function decimal(x: number, lang: ReportLang, digits = 1): string {
  const s = x.toFixed(digits);
  return lang === 'vi' ? s.replace('.', ',') : s;
}

/**
 * The text of a cell as the screen and the CSV show it (the XLSX keeps the number and applies
 * its format): one decimal with the language's separator for '0.0', else the number as is
 * (a CSV cell starting with '+' would be read as a formula, so no sign is added).
 * @example cellText(14.8, '0.0', 'vi') // '14,8'
 */
export function cellText(cell: ReportCell, format: string | null | undefined, lang: ReportLang): string {
  if (cell == null) return '';
  if (typeof cell !== 'number') return cell;
  if (format === '0.0') return decimal(cell, lang);
  if (format === '0.000') return decimal(cell, lang, 3); // billion đồng to the million (funding, Biểu 08)
  return String(cell);
}

/** A header cell placed on the grid: where it starts and how many columns and rows it covers. */
export interface HeaderCell {
  text: string;
  col: number;
  colSpan: number;
  rowSpan: number;
}

/**
 * The merged header cells of a table, row by row: null continues the cell to its left; in a
 * two-row header, a single-column top cell whose cell below is '' covers both rows.
 */
export function headerLayout(header: (string | null)[][]): HeaderCell[][] {
  const rows: HeaderCell[][] = header.map((row) => {
    const cells: HeaderCell[] = [];
    row.forEach((c, col) => {
      if (c === null && cells.length) cells[cells.length - 1]!.colSpan++;
      else cells.push({ text: c ?? '', col, colSpan: 1, rowSpan: 1 });
    });
    return cells;
  });
  if (header.length === 2) {
    for (const top of rows[0]!) {
      if (top.colSpan === 1 && header[1]![top.col] === '') {
        top.rowSpan = 2;
        rows[1] = rows[1]!.filter((c) => c.col !== top.col);
      }
    }
  }
  return rows;
}

/** The header as one line (a merged top cell and its sub-header become 'top – sub'): the CSV's header. */
export function headerLine(header: (string | null)[][]): string[] {
  const filled = header.map((row) => {
    let last = '';
    return row.map((c) => (c === null ? last : (last = c)));
  });
  return filled[0]!.map((top, i) => filled.slice(1).reduce((acc, row) => (row[i] ? `${acc} – ${row[i]}` : acc), top));
}
