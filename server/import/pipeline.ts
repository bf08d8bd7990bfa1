/**
 * One import from a file on disk, the same for the API and the command line: checksum (streamed),
 * open (format, CRS, encoding), stage and validate as a batch, report. Temporary files are removed.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import type { Sql } from 'postgres';
import { crsFromOption } from './crs.ts';
import { openImportFile } from './readers/index.ts';
import { batchReport, type ImportReport } from './report.ts';
import { stageFile } from './stage.ts';
import { assertMode, TARGETS, type ImportMode, type ImportTarget } from './targets.ts';

export interface ImportOptions {
  target: ImportTarget;
  mode?: ImportMode;
  crs?: string;
  encoding?: string;
  mapping?: Record<string, string>;
  userId: number | null;
  onStep?: (step: string, ms: number) => void;
}

export async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Stages and validates `file` (shown to users as `name`); returns the report of the new batch. */
export async function importFile(sql: Sql, file: string, name: string, o: ImportOptions): Promise<ImportReport> {
  assertMode(TARGETS[o.target], o.mode ?? 'merge');
  const crs = o.crs ? crsFromOption(o.crs) : undefined;
  const checksum = await sha256File(file);
  const opened = await openImportFile(file, name, { encoding: o.encoding, geometry: TARGETS[o.target].geometry !== 'none' });
  try {
    const id = await stageFile(sql, opened, {
      target: o.target,
      mode: o.mode ?? 'merge',
      fileName: name,
      fileBytes: statSync(file).size,
      checksum,
      crs,
      mapping: o.mapping,
      userId: o.userId,
      onStep: o.onStep,
    });
    return await batchReport(sql, id);
  } finally {
    await opened.close();
  }
}
