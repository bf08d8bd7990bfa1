/**
 * Commune tiles at real boundary density (issue 14): the communes layer timed over the zoom bands
 * with the demo boundaries, then with ../shared/geo-real's GADM commune polygons imported through
 * the import pipeline as the communes' geometry (committed), then the import rolled back, so the
 * database ends as it began. Skipped with a message when the file is absent (its licence forbids
 * copying it into the project).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REAL_COMMUNES_GEOJSON } from '../data/geo/real-files.ts';
import type { Database } from '../server/db/connect.ts';
import { LAYER_REGISTRY } from '../server/domain/layers.ts';
import { commitBatch, rollbackBatch } from '../server/import/commit.ts';
import { importFile } from '../server/import/pipeline.ts';
import { DataVersions } from '../server/tiles/versions.ts';
import { deleteBenchBatch } from './import.ts';
import { benchTiles, type TileResult, uncachedApp } from './tiles.ts';

export interface RealBoundariesResult {
  database: string;
  /** Why nothing was measured (the file is absent, or its import did not validate). */
  skipped?: string;
  communes?: number;
  /** Vertices of all commune polygons: the demo's and the imported ones. */
  verticesDemo?: number;
  verticesReal?: number;
  demo?: TileResult[];
  real?: TileResult[];
}

async function communeVertices(db: Database): Promise<{ n: number; vertices: number }> {
  const [r] = await db.sql<{ n: number; vertices: number }[]>`
    SELECT count(*)::int AS n, coalesce(sum(ST_NPoints(geom)), 0)::int AS vertices FROM admin_unit WHERE level = 'commune'`;
  return r!;
}

export async function benchRealBoundaries(db: Database, label: string, points: [number, number][], perBand: number, log: (m: string) => void): Promise<RealBoundariesResult> {
  if (!existsSync(REAL_COMMUNES_GEOJSON)) {
    const skipped = `${REAL_COMMUNES_GEOJSON} is absent`;
    log(`  real boundaries: skipped (${skipped})`);
    return { database: label, skipped };
  }
  const versions = await DataVersions.load(db.sql);
  // no tile cache: every tile is rendered, before and after the import alike
  const app = await uncachedApp(db, versions);
  const cases = [{ layer: 'communes' as const, filters: { ...LAYER_REGISTRY.communes.sample } }];
  log('  real boundaries: communes with the demo boundaries…');
  const before = await communeVertices(db);
  const demo = await benchTiles(db, app, points, perBand, log, cases);
  log(`  real boundaries: importing ${path.basename(REAL_COMMUNES_GEOJSON)} as the communes' geometry…`);
  const staged = await importFile(db.sql, REAL_COMMUNES_GEOJSON, path.basename(REAL_COMMUNES_GEOJSON), { target: 'communes', userId: null });
  try {
    if (!staged.canCommit) {
      const skipped = `the file did not validate: ${staged.counts.errors} errors (${staged.issues[0]?.message.en ?? ''})`;
      log(`  real boundaries: skipped (${skipped})`);
      return { database: label, skipped };
    }
    const who = { userId: null, username: null };
    await commitBatch(db.sql, versions, staged.id, who);
    try {
      await db.sql`ANALYZE admin_unit`;
      const after = await communeVertices(db);
      log('  real boundaries: communes with the imported boundaries…');
      const real = await benchTiles(db, app, points, perBand, log, cases);
      return { database: label, communes: after.n, verticesDemo: before.vertices, verticesReal: after.vertices, demo, real };
    } finally {
      await rollbackBatch(db.sql, versions, staged.id, who);
      await db.sql`ANALYZE admin_unit`;
    }
  } finally {
    await deleteBenchBatch(db, staged.id);
  }
}

export function renderRealBoundaries(results: RealBoundariesResult[]): string {
  if (!results.length) return '';
  const out = [
    '## Communes at real boundary density',
    '',
    `The communes layer (NTM, year ${LAYER_REGISTRY.communes.sample.year}), no tile cache, with the demo boundaries and then with ` +
      `../shared/geo-real's GADM 4.1 commune polygons imported as the communes' geometry (committed through the import pipeline, rolled back after).`,
    '',
  ];
  for (const r of results) {
    if (r.skipped) {
      out.push(`${r.database}: skipped — ${r.skipped}.`, '');
      continue;
    }
    out.push(
      `${r.database}: ${r.communes} communes, ${r.verticesDemo} vertices in the demo boundaries, ${r.verticesReal} in the real ones.`,
      '',
      '| zoom | tiles | p95 demo ms | p95 real ms | largest tile demo / real KB (gzip) |',
      '|---|---|---|---|---|',
      ...r.demo!.map((d, i) => {
        const x = r.real![i]!;
        return `| ${d.band} | ${d.tiles} | ${d.api.p95.toFixed(1)} | ${x.api.p95.toFixed(1)} | ${(d.gzip.max / 1024).toFixed(1)} / ${(x.gzip.max / 1024).toFixed(1)} |`;
      }),
      '',
    );
  }
  return out.join('\n');
}
