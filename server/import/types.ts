import type { Geometry } from 'geojson';
import type { SourceCrs } from './crs.ts';
import type { TextEncoding } from '../text/encoding.ts';

/** One feature as read from a file: attributes as the file names them, geometry in the file's CRS. */
export interface RawFeature {
  props: Record<string, unknown>;
  geometry: Geometry | null;
}

export type ImportFormat = 'shapefile' | 'geojson' | 'kml' | 'kmz' | 'csv' | 'xlsx' | 'gpkg';

/** What a reader found out about the file before the rows are streamed. */
export interface OpenedFile {
  format: ImportFormat;
  fields: string[];
  /** the file's own CRS (null: none declared — candidates must be proposed) */
  crs: SourceCrs | null;
  /** the attribute text encoding and how it was chosen (null: the format is Unicode by definition) */
  encoding: { encoding: TextEncoding; by: string; sample: string[] } | null;
  features(): AsyncIterable<RawFeature>;
  /** removes temporary files */
  close(): Promise<void>;
}

export interface ReadOptions {
  /** the encoding the user chose (overrides .cpg and detection) */
  encoding?: string;
  /** CSV/XLSX: the coordinate columns when they are not named lon/lat or X/Y */
  xField?: string;
  yField?: string;
  /** false: the target takes no geometry (criteria status), so a table without coordinate columns is read */
  geometry?: boolean;
}

/** Adds an issue to import_issue for each row `from` selects (SQL over alias s, $1 = batch id). */
/** Adds import_issue rows: `from` is a FROM clause yielding `s.row_no`, `s.key` (and what vi/en use); $1 is the batch, `params` are $2… */
export type IssueFn = (severity: 'error' | 'warning', code: string, vi: string, en: string, from: string, params?: readonly unknown[]) => Promise<unknown>;
