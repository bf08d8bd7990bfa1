/**
 * The import benchmark (issue 14): the database's lô (the scale data, npm run gen:scale) written
 * out as the offices carry them — a zipped VN-2000 Shapefile (EPSG:9216, UTF-8 .dbf with the
 * inventory field names) made by GDAL's ogr2ogr — then imported back through the import pipeline
 * (stage and validate, commit in one transaction) and rolled back, so the database ends as it began.
 * Every row is an update (the re-import of an inventory); wall time per phase, the slowest steps, and
 * the peak resident memory of this process (on the embedded database that includes PGlite).
 */
import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { ROOT } from '../server/config.ts';
import { createWriteStream, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from '../server/db/connect.ts';
import { commitBatch, rollbackBatch } from '../server/import/commit.ts';
import { importFile } from '../server/import/pipeline.ts';
import { DataVersions } from '../server/tiles/versions.ts';
import { processCpuSeconds } from './machine.ts';

export interface ImportBenchResult {
  database: string;
  plots: number;
  verticesPerLo: number;
  zipMb: number;
  stageS: number;
  commitS: number;
  rollbackS: number;
  peakRssMb: number;
  /** CPU seconds of stage + validate + commit: this process (with PGlite when embedded), and the
   *  PostgreSQL backends of the database when the server runs on this machine (null otherwise).
   *  On a shared, loaded machine these move far less than the wall times. */
  cpuS: number;
  dbCpuS: number | null;
  errors: number;
  warnings: number;
  /** the slowest steps, seconds */
  steps: [string, number][];
  /** every step: wall seconds and CPU seconds (this process + the PostgreSQL backends) since the previous step ended */
  profile: [string, number, number][];
}

/** Targets of the issue: 100,000 lô in 60 s on PostgreSQL, 3 min embedded, 1 GB peak. */
export const IMPORT_TARGETS = { postgresS: 60, embeddedS: 180, peakRssMb: 1024, plots: 100_000 };

/** CPU seconds used so far by each PostgreSQL backend of this database (read from /proc: the server is local), or null. */
async function backendCpu(db: Database): Promise<Map<number, number> | null> {
  if (db.kind !== 'postgres') return null;
  const rows = await db.sql<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`;
  return pidCpu(rows.map((r) => r.pid));
}

/** CPU seconds of these processes (machine.ts; synchronous: read between two steps); null when one is not readable. */
function pidCpu(pids: number[]): Map<number, number> | null {
  const out = new Map<number, number>();
  for (const pid of pids) {
    const s = processCpuSeconds(pid);
    if (s === null) return null; // not on this machine
    out.set(pid, s);
  }
  return out;
}

function cpuDelta(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (!before || !after) return null;
  let s = 0;
  for (const [pid, v] of after) s += v - (before.get(pid) ?? 0);
  return Math.round(s * 10) / 10;
}

/** Writes the first `limit` lô as a zipped VN-2000 Shapefile; returns the zip and the mean vertex count. */
export async function writeShapefile(db: Database, dir: string, limit: number): Promise<{ zip: string; n: number; vertices: number }> {
  const seq = path.join(dir, 'lo.geojsonl');
  const out = createWriteStream(seq);
  let last = 0;
  let n = 0;
  let vertices = 0;
  for (;;) {
    const rows = await db.sql<{ id: string; f: string; v: number }[]>`
      SELECT id, ST_NPoints(geom) AS v, json_build_object('type', 'Feature', 'geometry', ST_AsGeoJSON(geom, 9)::json,
        'properties', json_build_object('TK', tk, 'KHOANH', khoanh, 'LO', lo, 'MAXA', commune_code, 'DTICH', dtich, 'LDLR', ldlr,
          'MALR3', CASE forest_function WHEN 'special_use' THEN 1 WHEN 'protection' THEN 2 WHEN 'production' THEN 3 ELSE 0 END,
          'CHURUNG', churung, 'NAMTR', namtr, 'LOAICAY', loaicay))::text AS f
      FROM forest_plot WHERE id > ${last} ORDER BY id LIMIT ${Math.min(5000, limit - n)}`;
    if (rows.length === 0) break;
    for (const r of rows) {
      if (!out.write(`${r.f}\n`)) await once(out, 'drain');
      vertices += r.v;
    }
    n += rows.length;
    last = Number(rows.at(-1)!.id);
    if (n >= limit) break;
  }
  out.end();
  await once(out, 'finish');
  const shp = path.join(dir, 'shp');
  execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', '-s_srs', 'EPSG:4326', '-t_srs', 'EPSG:9216', '-lco', 'ENCODING=UTF-8', '-nln', 'lo_rung', shp, seq], { stdio: 'pipe' });
  const zip = path.join(dir, 'lo-rung.zip');
  execFileSync('zip', ['-q', '-j', zip, ...readdirSync(shp).map((f) => path.join(shp, f))]);
  rmSync(seq);
  return { zip, n, vertices: vertices / Math.max(n, 1) };
}

/**
 * Removes a benchmark's import batch with its backup and report: it was never the office's, and
 * its staged rows would otherwise sit in the staging index and slow the next run.
 */
export async function deleteBenchBatch(db: Database, batchId: number | string): Promise<void> {
  await db.sql`DELETE FROM import_backup WHERE batch_id = ${batchId}`;
  await db.sql`DELETE FROM import_batch WHERE id = ${batchId}`;
}

export async function benchImport(db: Database, label: string, limit: number, log: (m: string) => void): Promise<ImportBenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'atlas-bench-import-'));
  try {
    log(`  import: writing ${limit} lô as a VN-2000 Shapefile (ogr2ogr)…`);
    const { zip, n, vertices } = await writeShapefile(db, dir, limit);
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
    const steps = new Map<string, number>();
    const profile: [string, number, number][] = [];
    let pids: number[] = [];
    // the backends' CPU so far (one gone from the pool keeps its last reading)
    const seen = new Map<number, number>();
    const cpuNow = () => {
      const c = process.cpuUsage();
      let s = (c.user + c.system) / 1e6;
      for (const pid of pids) {
        const v = processCpuSeconds(pid);
        if (v !== null) seen.set(pid, v);
        s += seen.get(pid) ?? 0;
      }
      return s;
    };
    let lastCpu = 0;
    const onStep = (s: string, ms: number) => {
      steps.set(s, (steps.get(s) ?? 0) + ms);
      const c = cpuNow();
      profile.push([s, Math.round(ms / 10) / 100, Math.round((c - lastCpu) * 100) / 100]);
      lastCpu = c;
      if (ms >= 2000) log(`    ${s}: ${(ms / 1000).toFixed(1)} s`);
    };
    try {
      const versions = await DataVersions.load(db.sql);
      log(`  import: staging and validating ${n} lô…`);
      // every connection of the pool opened now, so the per-step CPU sees each backend from the start
      if (db.kind === 'postgres') await Promise.all(Array.from({ length: 4 }, () => db.sql`SELECT pg_sleep(0.05)`));
      const cpu0 = process.cpuUsage();
      const db0 = await backendCpu(db);
      pids = [...(db0?.keys() ?? [])];
      lastCpu = cpuNow();
      let t0 = performance.now();
      const r = await importFile(db.sql, zip, 'lo-rung.zip', { target: 'plots', userId: null, onStep });
      const stageS = (performance.now() - t0) / 1000;
      let commitS = Number.NaN;
      let rollbackS = Number.NaN;
      if (r.canCommit) {
        log(`  import: committing…`);
        t0 = performance.now();
        await commitBatch(db.sql, versions, r.id, { userId: null, username: null }, (s, ms) => onStep(`commit: ${s}`, ms));
        commitS = (performance.now() - t0) / 1000;
        log(`  import: rolling back…`);
        t0 = performance.now();
        await rollbackBatch(db.sql, versions, r.id, { userId: null, username: null });
        rollbackS = (performance.now() - t0) / 1000;
      } else log(`  import: ${r.counts.errors} errors, not committed (${r.issues[0]?.message.en ?? ''})`);
      const cpu = process.cpuUsage(cpu0);
      const dbCpuS = cpuDelta(db0, await backendCpu(db));
      await deleteBenchBatch(db, r.id);
      return {
        database: label,
        plots: n,
        verticesPerLo: Math.round(vertices * 10) / 10,
        zipMb: Math.round((statSync(zip).size / 1024 ** 2) * 10) / 10,
        stageS,
        commitS,
        rollbackS,
        peakRssMb: Math.round(peak / 1024 ** 2),
        cpuS: Math.round((cpu.user + cpu.system) / 1e5) / 10,
        dbCpuS,
        errors: r.counts.errors,
        warnings: r.counts.warnings,
        steps: [...steps].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([s, ms]) => [s, Math.round(ms / 100) / 10]),
        profile,
      };
    } finally {
      clearInterval(sampler);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface TableReadResult {
  file: string;
  rows: number;
  mb: number;
  reader: string;
  seconds: number;
  peakRssMb: number;
}

/** Rows of the CSV/XLSX memory run (issue 14: the server never holds a whole large file). */
export const TABLE_ROWS = 200_000;

/** A row of villages as an office's sheet holds them: codes, a Vietnamese name, WGS 84 coordinates. */
function tableRow(i: number): (string | number)[] {
  return [`62${String(i % 1000).padStart(3, '0')}-${String(i).padStart(6, '0')}`, `Thôn Đăk Rơ Wa ${i}`, `62${String(i % 1000).padStart(3, '0')}`,
    Math.round((107.5 + (i % 997) / 2000) * 1e6) / 1e6, Math.round((14.3 + (i % 991) / 2000) * 1e6) / 1e6, 20 + (i % 300), 'Người Xơ Đăng; ghi chú về đường vào thôn'];
}
const TABLE_HEADER = ['ma_thon', 'ten_thon', 'maxa', 'kinh_do', 'vi_do', 'so_ho', 'ghi_chu'];

/** Writes the 200,000-row CSV (UTF-8) and XLSX (exceljs's streaming writer). */
async function writeTables(dir: string, rows: number): Promise<{ csv: string; xlsx: string }> {
  const csv = path.join(dir, 'thon.csv');
  const out = createWriteStream(csv);
  out.write(`${TABLE_HEADER.join(',')}\n`);
  for (let i = 1; i <= rows; i++) if (!out.write(`${tableRow(i).map((v) => (typeof v === 'string' && v.includes(',') ? `"${v}"` : v)).join(',')}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  const xlsx = path.join(dir, 'thon.xlsx');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx, useSharedStrings: true });
  const ws = wb.addWorksheet('Thôn');
  ws.addRow(TABLE_HEADER).commit();
  for (let i = 1; i <= rows; i++) ws.addRow(tableRow(i)).commit();
  ws.commit();
  await wb.commit();
  return { csv, xlsx };
}

/** Reads each file in a process of its own (bench/table-read.ts) and reports its rows, time and peak RSS. */
export async function benchTables(log: (m: string) => void, rows = TABLE_ROWS): Promise<TableReadResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'atlas-bench-table-'));
  try {
    log(`  import: writing a ${rows}-row CSV and XLSX…`);
    const { csv, xlsx } = await writeTables(dir, rows);
    const out: TableReadResult[] = [];
    for (const [file, how, reader] of [
      [csv, 'streamed', 'papaparse, 1 MB pieces (the import)'],
      [csv, 'whole', 'papaparse, whole file (before)'],
      [xlsx, 'streamed', 'exceljs WorkbookReader (the import)'],
    ] as const) {
      log(`  import: reading ${path.basename(file)} (${reader})…`);
      const r = JSON.parse(execFileSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'bench', 'table-read.ts'), file, how], { encoding: 'utf8', maxBuffer: 1 << 20 }).trim().split('\n').at(-1)!) as { rows: number; ms: number; peakRssMb: number };
      out.push({ file: path.basename(file), rows: r.rows, mb: Math.round((statSync(file).size / 1024 ** 2) * 10) / 10, reader, seconds: r.ms / 1000, peakRssMb: r.peakRssMb });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The report's table of the CSV/XLSX reads. */
export function renderTables(rows: TableReadResult[]): string {
  if (rows.length === 0) return '';
  const lines = [
    `## CSV and XLSX read as the import reads them (${TABLE_ROWS.toLocaleString('en')} rows of villages, each in a process of its own)`,
    '',
    `Target: peak memory ≤ ${IMPORT_TARGETS.peakRssMb} MB, and not growing with the file (streamed).`,
    '',
    '| file | rows | MB | reader | read s | peak RSS MB |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.file} | ${r.rows} | ${r.mb} | ${r.reader} | ${r.seconds.toFixed(1)} | ${r.peakRssMb}${r.peakRssMb <= IMPORT_TARGETS.peakRssMb ? ' ✅' : ' ❌'} |`),
  ];
  return `${lines.join('\n')}\n`;
}

/** The report's import table. */
export function renderImport(rows: ImportBenchResult[]): string {
  if (rows.length === 0) return '';
  const ok = (b: boolean) => (b ? ' ✅' : ' ❌');
  const lines = [
    '## Import (zipped VN-2000 Shapefile of the lô, re-imported: stage + validate, commit, rollback)',
    '',
    `Targets: ${IMPORT_TARGETS.plots.toLocaleString('en')} lô in ≤ ${IMPORT_TARGETS.postgresS} s on PostgreSQL, ≤ ${IMPORT_TARGETS.embeddedS} s embedded; peak memory ≤ ${IMPORT_TARGETS.peakRssMb} MB. A smaller run is marked against the target scaled linearly.`,
    '',
    'CPU s: what stage + validate, commit and rollback used, in this process (with PGlite when embedded) + in the PostgreSQL backends; on a loaded machine the wall times stretch, the CPU far less.',
    '',
    '| database | lô | vertices / lô | zip MB | stage + validate s | commit s | total s | rollback s | CPU s (node + PostgreSQL) | peak RSS MB | errors / warnings | slowest steps (s) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const total = r.stageS + r.commitS;
    const limit = (/embedded/i.test(r.database) ? IMPORT_TARGETS.embeddedS : IMPORT_TARGETS.postgresS) * (r.plots / IMPORT_TARGETS.plots);
    lines.push(
      `| ${r.database} | ${r.plots} | ${r.verticesPerLo} | ${r.zipMb} | ${r.stageS.toFixed(1)} | ${r.commitS.toFixed(1)} | ${total.toFixed(1)}${Number.isFinite(total) ? ok(total <= limit) : ''} | ${r.rollbackS.toFixed(1)} | ${r.cpuS}${r.dbCpuS == null ? '' : ` + ${r.dbCpuS}`} | ${r.peakRssMb}${ok(r.peakRssMb <= IMPORT_TARGETS.peakRssMb)} | ${r.errors} / ${r.warnings} | ${r.steps.map(([s, v]) => `${s} ${v}`).join('; ')} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
