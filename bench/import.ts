/**
 * The import benchmark (issue 14): the database's lô (the scale data, npm run gen:scale) written
 * out as the offices carry them — a zipped VN-2000 Shapefile (EPSG:9216, UTF-8 .dbf with the
 * inventory field names) made by GDAL's ogr2ogr — then imported back through the import pipeline
 * (stage and validate, commit in one transaction) and rolled back, so the database ends as it began.
 * Every row is an update (the re-import of an inventory); wall time per phase, the slowest steps, and
 * the peak resident memory of this process (on the embedded database that includes PGlite).
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from '../server/db/connect.ts';
import { commitBatch, rollbackBatch } from '../server/import/commit.ts';
import { importFile } from '../server/import/pipeline.ts';
import { DataVersions } from '../server/tiles/versions.ts';

export interface ImportBenchResult {
  database: string;
  plots: number;
  verticesPerLo: number;
  zipMb: number;
  stageS: number;
  commitS: number;
  rollbackS: number;
  peakRssMb: number;
  errors: number;
  warnings: number;
  /** the slowest steps, seconds */
  steps: [string, number][];
}

/** Targets of the issue: 100,000 lô in 60 s on PostgreSQL, 3 min embedded, 1 GB peak. */
export const IMPORT_TARGETS = { postgresS: 60, embeddedS: 180, peakRssMb: 1024, plots: 100_000 };

/** Writes the first `limit` lô as a zipped VN-2000 Shapefile; returns the zip and the mean vertex count. */
async function writeShapefile(db: Database, dir: string, limit: number): Promise<{ zip: string; n: number; vertices: number }> {
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

export async function benchImport(db: Database, label: string, limit: number, log: (m: string) => void): Promise<ImportBenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'atlas-bench-import-'));
  try {
    log(`  import: writing ${limit} lô as a VN-2000 Shapefile (ogr2ogr)…`);
    const { zip, n, vertices } = await writeShapefile(db, dir, limit);
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
    const steps = new Map<string, number>();
    const onStep = (s: string, ms: number) => steps.set(s, (steps.get(s) ?? 0) + ms);
    try {
      const versions = await DataVersions.load(db.sql);
      log(`  import: staging and validating ${n} lô…`);
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
      // the benchmark's batch goes (its staged rows would otherwise sit in the staging index and slow the next run)
      await db.sql`DELETE FROM import_backup WHERE batch_id = ${r.id}`;
      await db.sql`DELETE FROM import_batch WHERE id = ${r.id}`;
      return {
        database: label,
        plots: n,
        verticesPerLo: Math.round(vertices * 10) / 10,
        zipMb: Math.round((statSync(zip).size / 1024 ** 2) * 10) / 10,
        stageS,
        commitS,
        rollbackS,
        peakRssMb: Math.round(peak / 1024 ** 2),
        errors: r.counts.errors,
        warnings: r.counts.warnings,
        steps: [...steps].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([s, ms]) => [s, Math.round(ms / 100) / 10]),
      };
    } finally {
      clearInterval(sampler);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
    '| database | lô | vertices / lô | zip MB | stage + validate s | commit s | total s | rollback s | peak RSS MB | errors / warnings | slowest steps (s) |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const total = r.stageS + r.commitS;
    const limit = (/embedded/i.test(r.database) ? IMPORT_TARGETS.embeddedS : IMPORT_TARGETS.postgresS) * (r.plots / IMPORT_TARGETS.plots);
    lines.push(
      `| ${r.database} | ${r.plots} | ${r.verticesPerLo} | ${r.zipMb} | ${r.stageS.toFixed(1)} | ${r.commitS.toFixed(1)} | ${total.toFixed(1)}${Number.isFinite(total) ? ok(total <= limit) : ''} | ${r.rollbackS.toFixed(1)} | ${r.peakRssMb}${ok(r.peakRssMb <= IMPORT_TARGETS.peakRssMb)} | ${r.errors} / ${r.warnings} | ${r.steps.map(([s, v]) => `${s} ${v}`).join('; ')} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
