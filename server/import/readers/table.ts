/**
 * CSV (papaparse, after decoding UTF-8 / Windows-1258 / TCVN3 / VNI) and XLSX (exceljs, first
 * sheet) with coordinate columns: longitude/latitude, or VN-2000 X/Y (Vietnamese convention: X is
 * the northing; the order is taken from the values when the columns are swapped). Decimal commas
 * ("14,3512", "1.587.215,72") are read as Vietnamese Excel writes them.
 */
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import Papa from 'papaparse';
import ExcelJS from 'exceljs';
import { decodeAs, detectAndDecode, TextDecodeError, type TextEncoding } from '../../text/encoding.ts';
import { WGS84_CRS } from '../crs.ts';
import { ImportError } from '../errors.ts';
import type { OpenedFile, RawFeature, ReadOptions } from '../types.ts';
import { chooseEncoding } from './text.ts';

export const MAX_TABLE_BYTES = 100 * 1024 ** 2;

const LON = /^(lon|lng|long|longitude|kinh_?do|kinhdo|kinh độ|kinh do|x_?wgs84)$/i;
const LAT = /^(lat|latitude|vi_?do|vido|vĩ độ|vi do|y_?wgs84)$/i;
const X = /^(x|toa_?do_?x|x_?vn_?2000|x \(m\)|x_m)$/i;
const Y = /^(y|toa_?do_?y|y_?vn_?2000|y \(m\)|y_m)$/i;

/** '14,3512' → 14.3512; '1.587.215,72' → 1587215.72; '' → NaN */
export function parseNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return NaN;
  let s = v.trim().replace(/\s/g, '');
  if (!s) return NaN;
  if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) s = s.replace(/\./g, '').replace(',', '.');
  else if (/^-?\d+,\d+$/.test(s)) s = s.replace(',', '.');
  else if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  return /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(s) ? Number(s) : NaN;
}

/**
 * A table as an opened file: `rows` are the first rows (at most 200: the coordinate columns' order
 * is decided from them), `all` reads every row again from the start (a stream for XLSX).
 */
function tableFile(
  rows: Record<string, unknown>[],
  fields: string[],
  opts: ReadOptions,
  format: 'csv' | 'xlsx',
  encoding: OpenedFile['encoding'],
  all: () => AsyncIterable<Record<string, unknown>> = async function* () {
    yield* rows;
  },
): Omit<OpenedFile, 'close'> {
  const find = (re: RegExp, chosen?: string) => (chosen && fields.includes(chosen) ? chosen : fields.find((f) => re.test(f.trim())));
  const lon = find(LON, opts.xField);
  const lat = find(LAT, opts.yField);
  const x = find(X, opts.xField);
  const y = find(Y, opts.yField);
  let get: ((r: Record<string, unknown>) => [number, number]) | null = null;
  let crs: OpenedFile['crs'] = null;
  if (lon && lat) {
    get = (r) => [parseNumber(r[lon]), parseNumber(r[lat])];
    crs = WGS84_CRS;
  } else if (x && y) {
    // Vietnamese X/Y: X = northing. Decide from the values (northing > 1,000,000 m in Kon Tum).
    const sample = rows.slice(0, 200).map((r) => [parseNumber(r[x]), parseNumber(r[y])]).filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
    const xIsNorthing = sample.length === 0 || sample.filter(([a, b]) => a! > b!).length >= sample.length / 2;
    get = xIsNorthing ? (r) => [parseNumber(r[y]), parseNumber(r[x])] : (r) => [parseNumber(r[x]), parseNumber(r[y])];
  } else if (opts.geometry === false) {
    crs = WGS84_CRS;
  } else {
    throw new ImportError(
      'coordinates_missing',
      `Không thấy cột tọa độ (kinh độ/vĩ độ: lon, lat; hoặc VN-2000: X, Y). Các cột: ${fields.slice(0, 20).join(', ')}`,
      `No coordinate columns (lon, lat; or VN-2000 X, Y). Columns: ${fields.slice(0, 20).join(', ')}`,
    );
  }
  const coordFields = new Set([lon, lat, x, y].filter(Boolean));
  return {
    format,
    fields,
    crs,
    encoding,
    async *features(): AsyncIterable<RawFeature> {
      for await (const r of all()) {
        const [a, b] = get ? get(r) : [NaN, NaN];
        const props: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(r)) if (!coordFields.has(k)) props[k] = v;
        yield { props, geometry: Number.isFinite(a) && Number.isFinite(b) ? { type: 'Point', coordinates: [a, b] } : null };
      }
    },
  };
}

/** Bytes of a CSV read per pass: pieces end at a line end, so each decodes on its own. */
const CSV_PIECE = 1 << 20;
/** Lines with letters beyond ASCII kept to find the encoding (bytes). */
const CSV_SAMPLE_BYTES = 1 << 20;

/**
 * The file's bytes in pieces of about CSV_PIECE that end at a line end (0x0A): a piece then never
 * splits a character of UTF-8 or of the one-byte encodings, nor a VNI letter from its mark, nor a
 * Windows-1258 letter from its tone. UTF-16 (rare: a BOM says so) is read as it comes.
 */
async function* csvPieces(file: string, lineAligned = true): AsyncGenerator<Buffer> {
  let rest: Buffer | null = null;
  for await (const c of createReadStream(file, { highWaterMark: CSV_PIECE })) {
    const b: Buffer = rest ? Buffer.concat([rest, c as Buffer]) : (c as Buffer);
    if (!lineAligned) {
      yield b;
      continue;
    }
    const cut = b.lastIndexOf(0x0a);
    if (cut < 0) {
      rest = b;
      continue;
    }
    yield b.subarray(0, cut + 1);
    rest = cut + 1 < b.length ? b.subarray(cut + 1) : null;
  }
  if (rest) yield rest;
}

const UNREADABLE = (e: string) =>
  new ImportError('encoding_mismatch', `Văn bản trong tệp không đọc được theo bảng mã ${e} (giữa tệp); hãy chọn bảng mã khác`, `The text of the file does not read as ${e} (part-way through); choose another encoding`);

/**
 * Finds the encoding of a CSV in one streamed pass, never holding the file: the user's choice, else a
 * BOM, else the content — the lines with letters beyond ASCII (the first MB of them, and the first
 * line that is not UTF-8 when those were) decide as detectAndDecode decides for a whole file.
 */
async function csvEncoding(file: string, user?: string): Promise<NonNullable<OpenedFile['encoding']>> {
  const head = Buffer.alloc(3);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 3, 0);
  } finally {
    closeSync(fd);
  }
  const utf16 = head[0] === 0xff && head[1] === 0xfe ? 'utf-16le' : head[0] === 0xfe && head[1] === 0xff ? 'utf-16be' : null;
  const samples: Uint8Array[] = [];
  let sampled = 0;
  let utf8 = true;
  if (!utf16) {
    const check = new TextDecoder('utf-8', { fatal: true });
    for await (const piece of csvPieces(file)) {
      const bad = utf8 && (() => {
        try {
          check.decode(piece);
          return false;
        } catch {
          return true;
        }
      })();
      if (sampled >= CSV_SAMPLE_BYTES && !bad) {
        if (!utf8) break; // enough to decide, and UTF-8 is already excluded
        continue;
      }
      let from = 0;
      while (from < piece.length) {
        let to = piece.indexOf(0x0a, from);
        if (to < 0) to = piece.length;
        const line = piece.subarray(from, to);
        from = to + 1;
        if (!line.some((b) => b >= 0x80)) continue;
        const lineBad = bad && utf8 && decodeAs(line, 'utf-8') == null;
        if (lineBad) utf8 = false;
        if (sampled < CSV_SAMPLE_BYTES || lineBad) {
          samples.push(Uint8Array.from(line));
          sampled += line.length + 1;
        }
      }
    }
  }
  try {
    if (user) return chooseEncoding(samples, { user });
    if (utf16) return { encoding: utf16, by: 'bom', sample: [] };
    const bytes = new Uint8Array(sampled);
    let o = 0;
    for (const s of samples) {
      bytes.set(s, o);
      o += s.length;
      bytes[o++] = 0x0a;
    }
    const d = detectAndDecode(bytes);
    const by = samples.length === 0 ? 'ascii' : d.by;
    return { encoding: samples.length === 0 ? 'utf-8' : d.encoding, by, sample: d.text.split('\n').filter((s) => /[^\x00-\x7f]/.test(s)).slice(0, 5) };
  } catch (e) {
    if (e instanceof TextDecodeError) throw new ImportError('encoding_undetected', e.vi, e.en);
    throw e;
  }
}

/** The CSV's text in the chosen encoding, piece by piece (a piece that does not decode stops the import). */
async function* csvText(file: string, encoding: TextEncoding): AsyncGenerator<string> {
  const utf16 = encoding === 'utf-16le' || encoding === 'utf-16be';
  const d16 = utf16 ? new TextDecoder(encoding, { fatal: true }) : null;
  let first = true;
  for await (const piece of csvPieces(file, !utf16)) {
    let text: string | null;
    try {
      text = d16 ? d16.decode(piece, { stream: true }).normalize('NFC') : decodeAs(piece, encoding);
    } catch {
      text = null;
    }
    if (text == null || text.includes('\ufffd')) throw UNREADABLE(encoding);
    if (first) text = text.replace(/^\uFEFF/, '');
    first = false;
    if (text) yield text;
  }
}

/**
 * The CSV's rows, streamed, one piece of text at a time (the rows of one piece in memory, never the
 * whole file): each piece is parsed whole by papaparse. A piece ends at a line end; where it ends
 * inside a quoted value (an odd number of quotes so far: a value spanning lines) it waits for the next.
 * papaparse's own Node stream is not used: it pauses on every few rows and copies the rest of its
 * input each time (a 200,000-row file took 13 times as long as a whole-file parse).
 * `onHeader` gets the header's names.
 */
async function* csvRecords(file: string, encoding: TextEncoding, onHeader?: (fields: string[]) => void): AsyncGenerator<Record<string, unknown>> {
  let header: string[] | null = null;
  let delimiter: string | undefined;
  let carry = '';
  const rowsOf = (text: string): Record<string, unknown>[] => {
    const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: 'greedy', delimiter, delimitersToGuess: [',', ';', '\t', '|'] });
    delimiter ??= parsed.meta.delimiter;
    let data = parsed.data;
    if (!header) {
      // as papaparse names them: a repeated name gets _1, _2, …
      const seen = new Map<string, number>();
      header = (data[0] ?? []).map((h) => {
        const n = seen.get(h) ?? 0;
        seen.set(h, n + 1);
        return n === 0 ? h : `${h}_${n}`;
      });
      onHeader?.(header);
      data = data.slice(1);
    }
    const h = header;
    return data.map((v) => {
      const r: Record<string, unknown> = {};
      for (let i = 0; i < h.length && i < v.length; i++) r[h[i]!] = v[i];
      if (v.length > h.length) r.__parsed_extra = v.slice(h.length);
      return r;
    });
  };
  for await (const piece of csvText(file, encoding)) {
    const text = carry + piece;
    let quotes = 0;
    for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) quotes++;
    if (quotes % 2 === 1) {
      carry = text;
      continue;
    }
    carry = '';
    yield* rowsOf(text);
  }
  if (carry) yield* rowsOf(carry);
  if (!header) onHeader?.([]);
}

/**
 * CSV (≤ 100 MB), streamed: one pass finds the encoding, a second reads the first 200 rows (the
 * coordinate columns' order is decided from them), and each read of the rows streams from the start.
 */
export async function openCsv(file: string, opts: ReadOptions): Promise<Omit<OpenedFile, 'close'>> {
  if (statSync(file).size > MAX_TABLE_BYTES) throw new ImportError('file_too_large', 'Tệp CSV quá lớn (tối đa 100 MB)', 'CSV file too large (100 MB at most)', {}, 413);
  const encoding = await csvEncoding(file, opts.encoding);
  let fields: string[] = [];
  const sample: Record<string, unknown>[] = [];
  for await (const r of csvRecords(file, encoding.encoding, (h) => (fields = h.filter((f) => f.trim() !== '')))) {
    sample.push(r);
    if (sample.length >= 200) break;
  }
  if (fields.length === 0 || sample.length === 0) throw new ImportError('csv_empty', 'Tệp CSV không có dòng tiêu đề hoặc không có dữ liệu', 'The CSV file has no header row or no data');
  return tableFile(sample, fields, opts, 'csv', encoding, () => csvRecords(file, encoding.encoding));
}

/** A cell's value as the import reads it: formulas by their result, rich text as text, dates as YYYY-MM-DD. */
function cellValue(v: ExcelJS.CellValue): unknown {
  if (v && typeof v === 'object') {
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if ('result' in v) return (v as { result: unknown }).result;
    if ('richText' in v) return (v as ExcelJS.CellRichTextValue).richText.map((t) => t.text).join('');
    if ('text' in v) return (v as { text: string }).text;
  }
  return v;
}

/**
 * The rows of the first worksheet, streamed (exceljs's WorkbookReader: the sheet's XML is read as it
 * is unzipped, one row at a time, never the whole workbook in memory) as [row number, values].
 */
async function* xlsxRows(file: string): AsyncGenerator<[number, unknown[]]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  try {
    for await (const ws of reader) {
      for await (const row of ws as unknown as AsyncIterable<ExcelJS.Row>) {
        yield [row.number, (row.values as ExcelJS.CellValue[]).slice(1).map(cellValue)];
      }
      return; // the first worksheet only
    }
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError('xlsx_invalid', 'Tệp Excel (.xlsx) bị hỏng, không đọc được', 'The Excel (.xlsx) file is damaged and cannot be read');
  }
}

/** XLSX, first worksheet, header in row 1: streamed each time the rows are read. */
export async function openXlsx(file: string, opts: ReadOptions): Promise<Omit<OpenedFile, 'close'>> {
  if (statSync(file).size > MAX_TABLE_BYTES / 2) throw new ImportError('file_too_large', 'Tệp Excel quá lớn (tối đa 50 MB)', 'Excel file too large (50 MB at most)', {}, 413);
  let header: string[] | null = null;
  const sample: Record<string, unknown>[] = [];
  const record = (h: string[], vals: unknown[]) => {
    const r: Record<string, unknown> = {};
    h.forEach((name, i) => {
      if (name) r[name] = vals[i] ?? null;
    });
    return r;
  };
  for await (const [n, vals] of xlsxRows(file)) {
    if (header == null) {
      if (n !== 1) break;
      header = vals.map((v) => String(v ?? '').trim());
      continue;
    }
    sample.push(record(header, vals));
    if (sample.length >= 200) break;
  }
  if (!header || sample.length === 0) throw new ImportError('xlsx_empty', 'Trang tính đầu tiên không có dữ liệu', 'The first worksheet holds no data');
  const h = header;
  return tableFile(sample, h.filter(Boolean), opts, 'xlsx', null, async function* () {
    for await (const [n, vals] of xlsxRows(file)) if (n > 1) yield record(h, vals);
  });
}
