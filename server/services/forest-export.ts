/**
 * Tables of the forest subsystem as files: CSV (UTF-8 with BOM, CRLF, RFC 4180, formula-safe cells,
 * as the audit export) and XLSX (exceljs, server-side only, so the web bundle never carries it).
 */
import ExcelJS from 'exceljs';
import { csvCell } from '../auth/audit.ts';

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
  /** sheet name and file title */
  title: { vi: string; en: string };
  /** lines above the header in the spreadsheet (source, filters); not in the CSV */
  notes?: { vi: string; en: string }[];
  columns: ExportColumn<R>[];
  rows: R[];
  /** a last, bold row (totals); undefined: none */
  total?: R;
}

/** The table as CSV: one header line, the rows, the total row. */
export function tableCsv<R>(t: ExportTable<R>, lang: ExportLang): string {
  const lines = [t.columns.map((c) => csvCell(c.header[lang])).join(',')];
  for (const r of [...t.rows, ...(t.total !== undefined ? [t.total] : [])]) lines.push(t.columns.map((c) => csvCell(c.value(r))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Sheet names may not hold []:*?/\ and are at most 31 characters. */
const sheetName = (s: string) => s.replace(/[[\]:*?/\\]/g, '-').slice(0, 31);

/** The table as an XLSX workbook (one sheet): title, notes, a bold header, numbers as numbers. */
export async function tableXlsx<R>(t: ExportTable<R>, lang: ExportLang): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kon Tum Atlas';
  wb.created = new Date();
  const ws = wb.addWorksheet(sheetName(t.title[lang]));
  ws.addRow([t.title[lang]]).font = { bold: true, size: 13 };
  for (const n of t.notes ?? []) ws.addRow([n[lang]]).font = { italic: true, color: { argb: 'FF555555' } };
  ws.addRow([]);
  const header = ws.addRow(t.columns.map((c) => c.header[lang]));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'top' };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEE4' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  const headerRow = header.number;
  for (const r of t.rows) ws.addRow(t.columns.map((c) => c.value(r)));
  if (t.total !== undefined) {
    const total = t.total;
    const tr = ws.addRow(t.columns.map((c) => c.value(total)));
    tr.font = { bold: true };
    tr.eachCell((cell) => (cell.border = { top: { style: 'thin' } }));
  }
  t.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.width ?? Math.max(10, Math.min(40, c.header[lang].length + 2));
    if (c.numFmt) col.numFmt = c.numFmt;
  });
  ws.views = [{ state: 'frozen', ySplit: headerRow }];
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Content-Disposition for a file name with Vietnamese letters (ASCII fallback + RFC 5987). */
export function attachment(filename: string): string {
  const ascii = filename.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\w.-]+/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
