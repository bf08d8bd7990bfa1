/**
 * The one CSV writer of every export (NTM tables, forest worklist, planting table, plans, the
 * criteria template), so that every file follows one convention per language:
 *
 * | language | separator | decimal | date        |
 * |----------|-----------|---------|-------------|
 * | vi       | `;`       | `18,3`  | dd/mm/yyyy  |
 * | en       | `,`       | `18.3`  | yyyy-mm-dd  |
 *
 * Why: Excel opens a .csv by double click with the separator and decimal mark of the Windows
 * region. Set to Vietnamese, the decimal mark is the comma and the list separator the semicolon,
 * so a Vietnamese file must use `;` between cells for "18,3" to stay one number. Every file starts
 * with a UTF-8 BOM (without it Excel reads the bytes as Windows-1258 and mangles the diacritics)
 * and has no `sep=` line (with one, Excel ignores the BOM). Lines end in CRLF; cells are quoted
 * per RFC 4180 and a text that a spreadsheet would take for a formula gets a leading apostrophe.
 * The criteria upload reads both separators and both date forms back (services/ntm-csv.ts).
 */

export type Lang = 'vi' | 'en';

/** A calendar date (ISO yyyy-mm-dd), written the language's way. */
export interface CsvDate {
  date: string;
}
export type CsvValue = string | number | boolean | null | undefined | CsvDate;

export const CSV_CONVENTIONS = {
  vi: { separator: ';', decimal: ',' },
  en: { separator: ',', decimal: '.' },
} as const;

export const CSV_TYPE = 'text/csv; charset=utf-8';

/** A date cell. @example dateCell('2024-03-15') */
export const dateCell = (iso: string | null | undefined): CsvDate | null => (iso ? { date: iso.slice(0, 10) } : null);

/**
 * A number the language's way, with `digits` decimals when given (else as many as it has), no
 * thousands separator (Excel reads "1234,5" as a number in Vietnamese, "1.234,5" not always).
 * @example formatNumber(18.25, 'vi', 1) // '18,3'
 */
export function formatNumber(n: number, lang: Lang, digits?: number): string {
  const s = digits === undefined ? String(Math.round(n * 1e9) / 1e9) : n.toFixed(digits);
  return lang === 'vi' ? s.replace('.', ',') : s;
}

/** @example formatDate('2024-03-15', 'vi') // '15/03/2024' */
export function formatDate(iso: string, lang: Lang): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return lang === 'vi' ? `${d}/${m}/${y}` : `${y}-${m}-${d}`;
}

/** One cell, escaped for the language's separator; numbers and dates formatted. */
export function csvCell(value: CsvValue, lang: Lang, digits?: number): string {
  if (value === null || value === undefined) return '';
  let s: string;
  if (typeof value === 'number') s = Number.isFinite(value) ? formatNumber(value, lang, digits) : '';
  else if (typeof value === 'boolean') s = value ? '1' : '0';
  else if (typeof value === 'object') s = formatDate(value.date, lang);
  else {
    s = value;
    // a formula in a spreadsheet (=, +, -, @, tab, CR at the start) is kept as text
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  }
  // quoted when it holds the separator, a ';' (either separator then reads it back), a quote, a line
  // break or the formula guard; "18,3" stays bare in a ';' file
  const sep = CSV_CONVENTIONS[lang].separator;
  return s.includes(sep) || /[";\r\n']/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Rows as a CSV file (BOM, CRLF). `digits[i]` fixes the decimals of column i.
 * @example toCsv([['Xã', 'ha'], ['Đắk Hà', 11.24]], 'vi') // '\uFEFFXã;ha\r\nĐắk Hà;11,24\r\n'
 */
export function toCsv(rows: readonly (readonly CsvValue[])[], lang: Lang, digits: readonly (number | undefined)[] = []): string {
  const sep = CSV_CONVENTIONS[lang].separator;
  return `\uFEFF${rows.map((r) => r.map((v, i) => csvCell(v, lang, digits[i])).join(sep)).join('\r\n')}\r\n`;
}

/** The decimals an Excel number format shows: '0.00' → 2, '0' → 0, none → undefined. */
export function digitsOf(numFmt: string | undefined): number | undefined {
  if (!numFmt) return undefined;
  const m = /\.(0+)/.exec(numFmt);
  return m ? m[1]!.length : 0;
}

/** Content-Disposition for a file name with Vietnamese letters (ASCII fallback + RFC 5987). */
export function attachment(filename: string): string {
  const ascii = filename.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\w.-]+/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
