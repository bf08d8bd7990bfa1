/**
 * The one XLSX writer of every export, laid out like the appendix tables (biểu) of the provincial
 * reports: the table's number ("Biểu 01"), its title and subtitle centred above, header rows with
 * merged cells, thin borders round every cell, number formats, dates as real dates (dd/mm/yyyy in
 * Vietnamese, yyyy-mm-dd in English), totals in bold, notes under the table, Times New Roman, A4
 * landscape fitted to the page width, the header frozen and page numbers in the footer.
 * exceljs stays on the server: the web bundle never carries it.
 */
import ExcelJS from 'exceljs';
import type { Lang } from '../domain/csv.ts';

/** A cell: text, a number, a date (ISO yyyy-mm-dd, written as an Excel date), or empty. */
export type XlsxCell = string | number | null | { date: string };

/** One appendix table, in one language. */
export interface AppendixTable {
  /** 'Biểu 01'; the sheet's name too */
  label: string;
  title: string;
  subtitle: string;
  /** header rows; a cell of null continues the cell to its left (merged); with two rows, an empty cell under a header merges up */
  header: (string | null)[][];
  rows: XlsxCell[][];
  /** indexes of rows to set in bold (group headings, totals) */
  boldRows: number[];
  /** number format per column ('0.0', '0.00', '#,##0'), null for text */
  formats: (string | null)[];
  widths: number[];
  notes: string[];
  /** columns whose text is left-aligned (names); others are centred. Default: column 2 and long text */
  leftColumns?: number[];
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const THIN = { style: 'thin' as const, color: { argb: 'FF7F7F7F' } };
const BOX = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const FONT = 'Times New Roman';

/** Sheet names may not hold []:*?/\ and are at most 31 characters; they must be unique. */
const sheetName = (s: string, used: Set<string>) => {
  const base = s.replace(/[[\]:*?/\\]/g, '-').slice(0, 31);
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base.slice(0, 28)} (${i})`;
  used.add(name);
  return name;
};

const isDate = (c: XlsxCell): c is { date: string } => typeof c === 'object' && c !== null;

/** Every table as one workbook, one sheet each. */
export async function appendixXlsx(tables: AppendixTable[], lang: Lang): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kon Tum Atlas';
  wb.created = new Date();
  const used = new Set<string>();
  const dateFmt = lang === 'vi' ? 'dd/mm/yyyy' : 'yyyy-mm-dd';
  for (const t of tables) {
    const ncol = t.widths.length;
    const ws = wb.addWorksheet(sheetName(t.label, used), {
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 } },
      views: [{ state: 'frozen', ySplit: 4 + t.header.length }],
    });
    t.widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
    const titled = (text: string, size: number, bold: boolean, italic = false) => {
      const r = ws.addRow([text]);
      ws.mergeCells(r.number, 1, r.number, ncol);
      r.font = { bold, italic, size, name: FONT };
      r.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      return r;
    };
    titled(t.label, 11, true);
    titled(t.title, 13, true).height = 22;
    titled(t.subtitle, 11, false, true);
    ws.addRow([]);
    const first = ws.rowCount + 1;
    t.header.forEach((h) => ws.addRow(h.map((c) => c ?? '')));
    t.header.forEach((h, ri) => {
      let start = 0;
      for (let ci = 1; ci <= h.length; ci++) {
        if (ci === h.length || h[ci] !== null) {
          if (ci - 1 > start) ws.mergeCells(first + ri, start + 1, first + ri, ci);
          start = ci;
        }
      }
    });
    if (t.header.length === 2) {
      t.header[1]!.forEach((c, ci) => {
        if (c === '' && t.header[0]![ci] !== null) ws.mergeCells(first, ci + 1, first + 1, ci + 1);
      });
    }
    for (let r = first; r < first + t.header.length; r++) {
      const row = ws.getRow(r);
      row.font = { bold: true, name: FONT, size: 10 };
      row.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      for (let ci = 1; ci <= ncol; ci++) {
        const cell = row.getCell(ci);
        cell.border = BOX;
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEFE6' } };
      }
    }
    t.rows.forEach((cells, i) => {
      const row = ws.addRow(cells.map((c) => (isDate(c) ? new Date(`${c.date.slice(0, 10)}T00:00:00Z`) : c)));
      row.font = { name: FONT, size: 10, bold: t.boldRows.includes(i) };
      if (!cells.length) return;
      for (let ci = 1; ci <= ncol; ci++) {
        const cell = row.getCell(ci);
        cell.border = BOX;
        const fmt = t.formats[ci - 1];
        if (cell.value instanceof Date) cell.numFmt = dateFmt;
        else if (fmt && typeof cell.value === 'number') cell.numFmt = fmt;
        const left = t.leftColumns ? t.leftColumns.includes(ci - 1) : ci === 2 || (typeof cell.value === 'string' && cell.value.length > 12);
        cell.alignment = { vertical: 'middle', horizontal: left ? 'left' : 'center', wrapText: true };
      }
    });
    ws.addRow([]);
    for (const n of t.notes) {
      const r = ws.addRow([n]);
      ws.mergeCells(r.number, 1, r.number, ncol);
      r.font = { italic: true, size: 9, name: FONT };
      r.alignment = { wrapText: true, vertical: 'top' };
    }
    ws.headerFooter.oddFooter = lang === 'vi' ? `&L${t.label}&RTrang &P/&N` : `&L${t.label}&RPage &P of &N`;
  }
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}
