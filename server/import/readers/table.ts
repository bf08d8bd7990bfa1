/**
 * CSV (papaparse, after decoding UTF-8 / Windows-1258 / TCVN3 / VNI) and XLSX (exceljs, first
 * sheet) with coordinate columns: longitude/latitude, or VN-2000 X/Y (Vietnamese convention: X is
 * the northing; the order is taken from the values when the columns are swapped). Decimal commas
 * ("14,3512", "1.587.215,72") are read as Vietnamese Excel writes them.
 */
import { readFileSync, statSync } from 'node:fs';
import Papa from 'papaparse';
import ExcelJS from 'exceljs';
import { decodeAs, detectAndDecode, TextDecodeError } from '../../text/encoding.ts';
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

export function openCsv(file: string, opts: ReadOptions): Omit<OpenedFile, 'close'> {
  if (statSync(file).size > MAX_TABLE_BYTES) throw new ImportError('file_too_large', 'Tệp CSV quá lớn (tối đa 100 MB)', 'CSV file too large (100 MB at most)', {}, 413);
  const bytes = readFileSync(file);
  let text: string;
  let encoding: OpenedFile['encoding'];
  try {
    if (opts.encoding) {
      const e = chooseEncoding([bytes], { user: opts.encoding });
      text = decodeAs(bytes, e.encoding) ?? '';
      encoding = e;
    } else {
      const d = detectAndDecode(bytes);
      text = d.text;
      encoding = { encoding: d.encoding, by: d.by, sample: text.split('\n').filter((s) => /[^\x00-\x7f]/.test(s)).slice(0, 5) };
    }
  } catch (e) {
    if (e instanceof TextDecodeError) throw new ImportError('encoding_undetected', e.vi, e.en);
    throw e;
  }
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: 'greedy', delimitersToGuess: [',', ';', '\t', '|'] });
  const fields = (parsed.meta.fields ?? []).filter((f) => f.trim() !== '');
  if (fields.length === 0 || parsed.data.length === 0) throw new ImportError('csv_empty', 'Tệp CSV không có dòng tiêu đề hoặc không có dữ liệu', 'The CSV file has no header row or no data');
  return tableFile(parsed.data, fields, opts, 'csv', encoding);
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
