/**
 * The import screen's job contract (server/import/jobs.ts, routes/import-jobs.ts), shared with the
 * web: pure types.
 */
import type { ImportTarget } from '../import/targets.ts';

export type JobState = 'uploaded' | 'staging' | 'staged' | 'committing' | 'committed' | 'failed' | 'cancelled';

export interface JobProgress {
  /** features read from the file */
  read: number;
  /** features in the file, when counted in time (null: unknown) */
  total: number | null;
  /** rows written to the staging table */
  staged: number;
  /** validation checks run (SQL statements over all staged rows) */
  checks: number;
  /** checks the previous validation of this target ran (null: first time) */
  checksExpected: number | null;
  /** rows whose checks are complete */
  validated: number;
  /** rows written to the atlas at commit */
  written: number;
  /** rows a commit writes (inserts + updates) */
  toWrite: number | null;
}

export interface JobError {
  status: number;
  code: string;
  vi: string;
  en: string;
  extra: Record<string, unknown>;
}

export interface JobView {
  id: string;
  state: JobState;
  /** what a running job is doing now */
  phase: 'counting' | 'reading' | 'validating' | 'writing' | null;
  file: { name: string; bytes: number; checksum: string };
  target: ImportTarget | null;
  batchId: number | null;
  /** the staged rows' extent in WGS 84 (null: none with a geometry) */
  bbox: [number, number, number, number] | null;
  progress: JobProgress;
  error: JobError | null;
  written: { inserts: number; updates: number } | null;
  layers: string[];
  createdAt: string;
}

export interface Inspection {
  format: string;
  fields: string[];
  /** the file's own CRS, or null (then `candidates` lists the systems its coordinates fit in Kon Tum) */
  crs: { label: string; source: string; datumShift: string } | null;
  candidates: { id: string; label: string; center: [number, number] }[];
  bbox: [number, number, number, number] | null;
  encoding: { encoding: string; by: string; sample: string[] } | null;
  /** the first rows' attributes as text (decoded), for the mapping and the names check */
  rows: Record<string, string>[];
  /** the presets' mapping of the file's columns for each target */
  mappings: Record<string, Record<string, string>>;
}

