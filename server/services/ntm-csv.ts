/**
 * CSV reading for the criteria upload: RFC 4180 records (quoted fields, doubled quotes, CRLF or
 * LF, a UTF-8 BOM), comma or semicolon separated (Vietnamese Excel saves with ';'), each record
 * with the line of the file it starts on, so errors point at the line the user sees.
 */

export interface CsvRecord {
  /** 1-based line of the file where the record starts */
  line: number;
  cells: string[];
}

/** The separator of a CSV text: ';' when the header line has more semicolons than commas. */
export function detectSeparator(text: string): ',' | ';' {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const count = (ch: string) => first.split(ch).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/**
 * Parses CSV text into records. Blank lines are skipped. An unterminated quote is an error
 * carrying the line where the field starts.
 * @example parseCsv('a,b\r\n"x, y",2') // [{line: 1, cells: ['a','b']}, {line: 2, cells: ['x, y','2']}]
 */
export function parseCsv(input: string, sep: ',' | ';' = detectSeparator(input)): CsvRecord[] {
  const text = input.replace(/^\uFEFF/, '');
  const out: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 0;
  let any = false; // the record has content
  const endRecord = () => {
    cells.push(cell);
    if (any || cells.length > 1 || cell.trim() !== '') out.push({ line: recordLine, cells });
    cells = [];
    cell = '';
    any = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell.trim() === '') {
      quoted = true;
      quoteLine = line;
      cell = '';
      any = true;
    } else if (ch === sep) {
      cells.push(cell);
      cell = '';
      any = true;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      continue;
    } else if (ch === '\n' || ch === '\r') {
      endRecord();
      line++;
      recordLine = line;
    } else {
      cell += ch;
    }
  }
  if (quoted) throw new CsvSyntaxError(quoteLine);
  endRecord();
  return out;
}

export class CsvSyntaxError extends Error {
  constructor(readonly line: number) {
    super(`unterminated quoted field starting on line ${line}`);
  }
}

/** Lower case, no diacritics, single spaces: how header names are compared. */
export function foldHeader(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, ' ')
    .trim();
}
