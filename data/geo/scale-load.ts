/**
 * Loads the scale dataset (data/geo/scale.ts) into a database that holds the demo data, in ONE
 * transaction: the lô outside Kon Tum city (with their plantings, inspections, sample plots and
 * photos) are replaced by the re-cut ones; the city's lô, plantings and inspections are kept, so
 * the report 000 figures stay exact (checked after loading).
 *
 * - A real PostgreSQL: `COPY … FROM STDIN` (text format). The lô stream straight from the
 *   generator into COPY; plantings, inspections and sample plots go to temporary files on the way
 *   and are copied after (one connection, one COPY at a time). Secondary indexes of the four
 *   tables are dropped before and rebuilt after (a GiST build is much faster than a million inserts).
 * - The embedded PGlite (its socket does not speak COPY): batched INSERT … SELECT FROM
 *   jsonb_to_recordset, one tiểu khu at a time.
 * Geometry travels as hex EWKB (SRID 4326), parsed by the geometry type's input function.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Sql, TransactionSql } from 'postgres';
import { multiPolygonWkbHex } from '../../server/db/wkb.ts';
import { type DemoDataset, generateDemo } from './generate.ts';
import { type ScaleBatch, cityCommunes, generateScale, planScale } from './scale.ts';

export interface ScaleLoadOptions {
  plots: number;
  /** 'copy' on a real server, 'insert' on PGlite. */
  mode: 'copy' | 'insert';
  log?: (m: string) => void;
}

export interface ScaleLoadSummary {
  plots: number;
  plantings: number;
  inspections: number;
  samplePlots: number;
  generateAndLoadMs: number;
  indexMs: number;
  totalMs: number;
}

/** Planting and inspection ids of the scale data start here (the demo's are below 10 000). */
export const FIRST_SCALE_PLANTING_ID = 1_000_001;
export const FIRST_SCALE_INSPECTION_ID = 10_000_001;

type Value = string | number | null;
interface TableSpec {
  table: string;
  /** Column name and SQL type; 'geometry' columns travel as hex EWKB text. */
  columns: [string, string][];
}

const PLOT: TableSpec = {
  table: 'forest_plot',
  columns: [['id', 'bigint'], ['tk', 'int'], ['khoanh', 'int'], ['lo', 'text'], ['commune_code', 'text'], ['dtich', 'numeric'], ['ldlr', 'text'],
    ['forest_function', 'text'], ['churung', 'text'], ['owner_kind', 'text'], ['namtr', 'int'], ['loaicay', 'text'], ['geom', 'geometry']],
};
const PLANTING: TableSpec = {
  table: 'planting',
  columns: [['id', 'bigint'], ['plot_id', 'bigint'], ['year', 'int'], ['area_ha', 'numeric'], ['species', 'text'], ['funding', 'text'], ['household', 'text'],
    ['density_per_ha', 'int'], ['planted_on', 'date'], ['withdrawn_on', 'date'], ['withdrawn_reason', 'text']],
};
const INSPECTION: TableSpec = {
  table: 'inspection',
  columns: [['id', 'bigint'], ['planting_id', 'bigint'], ['plot_id', 'bigint'], ['inspected_on', 'date'], ['stage', 'int'], ['team', 'text'],
    ['survival_pct', 'numeric'], ['result', 'text'], ['gps', 'geometry'], ['note', 'text']],
};
const SAMPLE_PLOT: TableSpec = {
  table: 'sample_plot',
  columns: [['inspection_id', 'bigint'], ['no', 'int'], ['area_m2', 'numeric'], ['planted', 'int'], ['surviving', 'int']],
};
const TABLES = [PLOT, PLANTING, INSPECTION, SAMPLE_PLOT];

/** Hex EWKB (SRID 4326) of a multipolygon: the WKB of server/db/wkb.ts with the SRID flag and value. */
function multiEwkb(coords: number[][][][]): string {
  return `0106000020e6100000${multiPolygonWkbHex(coords).slice(10)}`;
}
function pointEwkb([x, y]: [number, number]): string {
  const b = Buffer.alloc(25);
  b.writeUInt8(1, 0);
  b.writeUInt32LE(0x20000001, 1);
  b.writeUInt32LE(4326, 5);
  b.writeDoubleLE(x, 9);
  b.writeDoubleLE(y, 17);
  return b.toString('hex');
}

/** The rows of one batch, table by table, in foreign-key order. */
function batchRows(b: ScaleBatch): Value[][][] {
  return [
    b.plots.map((p) => [p.id, p.tk, p.khoanh, p.lo, p.communeCode, p.dtich, p.ldlr, p.forestFunction, p.churung, p.ownerKind, p.namtr, p.loaicay, multiEwkb(p.geom)]),
    b.plantings.map((g) => [g.id, g.plotId, g.year, g.areaHa, g.species, g.funding, g.household, g.densityPerHa, g.plantedOn, g.withdrawnOn, g.withdrawnReason]),
    b.inspections.map((i) => [i.id, i.plantingId, i.plotId, i.inspectedOn, i.stage, i.team, i.survivalPct, i.result, pointEwkb(i.gps), i.note]),
    b.inspections.flatMap((i) => i.samplePlots.map((s, k) => [i.id, k + 1, s.areaM2, s.planted, s.surviving])),
  ];
}

/** One line of COPY text format. */
function copyLine(values: Value[]): string {
  return `${values
    .map((v) => (v === null ? '\\N' : typeof v === 'number' ? String(v) : v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')))
    .join('\t')}\n`;
}

const copySql = (t: TableSpec) => `COPY ${t.table} (${t.columns.map((c) => c[0]).join(', ')}) FROM STDIN`;

/** INSERT … SELECT FROM jsonb_to_recordset($1) for a table spec (geometry parsed from hex EWKB). */
function insertSql(t: TableSpec): string {
  const cols = t.columns.map((c) => c[0]);
  const record = t.columns.map(([n, ty]) => `${n} ${ty === 'geometry' ? 'text' : ty}`).join(', ');
  const select = t.columns.map(([n, ty]) => (ty === 'geometry' ? `r.${n}::geometry` : `r.${n}`)).join(', ');
  return `INSERT INTO ${t.table} (${cols.join(', ')}) SELECT ${select} FROM jsonb_to_recordset($1::text::jsonb) AS r(${record})`;
}

async function insertRows(tx: TransactionSql, t: TableSpec, rows: Value[][]): Promise<void> {
  const text = insertSql(t);
  for (let i = 0; i < rows.length; i += 2000) {
    const objs = rows.slice(i, i + 2000).map((r) => Object.fromEntries(t.columns.map(([n], k) => [n, r[k]])));
    await tx.unsafe(text, [JSON.stringify(objs)]);
  }
}

/** Writes to a file stream, waiting when its buffer is full. */
async function writeFile(w: WriteStream, text: string): Promise<void> {
  if (text && !w.write(text)) await once(w, 'drain');
}

/** Secondary (non-constraint) indexes of a table: name and definition. */
async function secondaryIndexes(tx: TransactionSql, table: string): Promise<{ name: string; def: string }[]> {
  return tx<{ name: string; def: string }[]>`
    SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
    FROM pg_index i
    WHERE i.indrelid = ${table}::regclass
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
    ORDER BY 1`;
}

/** The city's planting table per year and commune: must be the same before and after loading. */
async function cityFingerprint(sql: Sql | TransactionSql, city: string[]): Promise<string> {
  const rows = await sql`
    SELECT g.year, p.commune_code, count(*)::int AS n, sum(g.area_ha)::text AS ha,
           (SELECT count(*) FROM inspection i WHERE i.plot_id = ANY(array_agg(p.id)))::int AS inspections,
           (SELECT sum(i.survival_pct)::text FROM inspection i WHERE i.plot_id = ANY(array_agg(p.id))) AS survival
    FROM planting g JOIN forest_plot p ON p.id = g.plot_id
    WHERE p.commune_code IN ${sql(city)}
    GROUP BY g.year, p.commune_code ORDER BY 1, 2`;
  return JSON.stringify(rows);
}

/** Removes the lô outside the city and every row hanging from them (photos, sample plots, inspections, plantings). */
async function clearOutsideCity(tx: TransactionSql, city: string[]): Promise<void> {
  await tx.unsafe('CREATE TEMP TABLE scale_doomed_plot ON COMMIT DROP AS SELECT id FROM forest_plot WHERE NOT (commune_code = ANY($1::text[]))', [city]);
  await tx.unsafe('CREATE TEMP TABLE scale_doomed_inspection ON COMMIT DROP AS SELECT id FROM inspection WHERE plot_id IN (SELECT id FROM scale_doomed_plot)');
  const [{ photos }] = await tx<{ photos: boolean }[]>`SELECT to_regclass('inspection_photo') IS NOT NULL AS photos`;
  if (photos) await tx.unsafe('DELETE FROM inspection_photo WHERE inspection_id IN (SELECT id FROM scale_doomed_inspection)');
  await tx.unsafe('DELETE FROM sample_plot WHERE inspection_id IN (SELECT id FROM scale_doomed_inspection)');
  await tx.unsafe('DELETE FROM inspection WHERE id IN (SELECT id FROM scale_doomed_inspection)');
  await tx.unsafe('DELETE FROM planting WHERE plot_id IN (SELECT id FROM scale_doomed_plot)');
  await tx.unsafe('DELETE FROM forest_plot WHERE id IN (SELECT id FROM scale_doomed_plot)');
}

/**
 * Generates the scale dataset for `plots` lô and loads it (see the module comment). The database
 * must hold the demo data of the same seed (the caller seeds an empty one first).
 */
export async function loadScale(sql: Sql, opts: ScaleLoadOptions): Promise<ScaleLoadSummary> {
  const log = opts.log ?? (() => {});
  const t0 = Date.now();
  const ds: DemoDataset = generateDemo();
  const [setting] = await sql<{ value: { seed?: number } }[]>`SELECT value FROM app_setting WHERE key = 'demo_dataset'`;
  if (!setting || setting.value.seed !== ds.seed) {
    throw new Error('Cơ sở dữ liệu không chứa dữ liệu minh họa cùng seed / the database does not hold the demo data of this seed (run npm run seed -- --force first)');
  }
  const plan = planScale(ds, opts.plots);
  const city = [...cityCommunes(ds)].sort();
  log(`  plan: ${plan.keptPlots} lô of Kon Tum city kept, ${opts.plots - plan.keptPlots} lô cut from ${plan.perKhoanh.size} khoảnh in ${plan.tieuKhu.length} tiểu khu`);
  const before = await cityFingerprint(sql, city);
  const counts = { plots: plan.keptPlots, plantings: 0, inspections: 0, samplePlots: 0 };
  let indexMs = 0;
  let loadMs = 0;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'atlas-scale-'));
  try {
    await sql.begin(async (tx) => {
      await tx.unsafe('LOCK TABLE forest_plot, planting, inspection, sample_plot IN EXCLUSIVE MODE');
      await clearOutsideCity(tx, city);
      log(`  removed the lô outside Kon Tum city (${Date.now() - t0} ms)`);
      const tl = Date.now();
      const ids = { firstPlantingId: FIRST_SCALE_PLANTING_ID, firstInspectionId: FIRST_SCALE_INSPECTION_ID };
      let done = 0;
      const progress = (b: ScaleBatch) => {
        counts.plots += b.plots.length;
        counts.plantings += b.plantings.length;
        counts.inspections += b.inspections.length;
        counts.samplePlots += b.inspections.reduce((s, i) => s + i.samplePlots.length, 0);
        if (++done % 50 === 0) log(`  ${done}/${plan.tieuKhu.length} tiểu khu, ${counts.plots} lô (${((Date.now() - tl) / 1000).toFixed(0)} s)`);
      };
      if (opts.mode === 'insert') {
        for (const b of generateScale(ds, plan, ids)) {
          const rows = batchRows(b);
          for (let k = 0; k < TABLES.length; k++) await insertRows(tx, TABLES[k], rows[k]);
          progress(b);
        }
        loadMs = Date.now() - tl;
      } else {
        const dropped: { name: string; def: string }[] = [];
        for (const t of TABLES) dropped.push(...(await secondaryIndexes(tx, t.table)));
        for (const ix of dropped) await tx.unsafe(`DROP INDEX ${ix.name}`);
        // The lô stream into COPY; the other tables into files, copied next.
        const files = TABLES.slice(1).map((t) => path.join(tmp, `${t.table}.tsv`));
        const writers = files.map((f) => createWriteStream(f));
        async function* plotLines(): AsyncGenerator<string> {
          for (const b of generateScale(ds, plan, ids)) {
            const rows = batchRows(b);
            for (let k = 1; k < TABLES.length; k++) await writeFile(writers[k - 1], rows[k].map(copyLine).join(''));
            progress(b);
            yield rows[0].map(copyLine).join('');
          }
        }
        await pipeline(Readable.from(plotLines()), await tx.unsafe(copySql(PLOT)).writable());
        await Promise.all(writers.map((w) => new Promise<void>((resolve, reject) => w.end((err?: Error | null) => (err ? reject(err) : resolve())))));
        for (let k = 1; k < TABLES.length; k++) {
          await pipeline(createReadStream(files[k - 1]), await tx.unsafe(copySql(TABLES[k])).writable());
        }
        loadMs = Date.now() - tl;
        log(`  generated and copied ${counts.plots} lô, ${counts.plantings} plantings, ${counts.inspections} inspections (${(loadMs / 1000).toFixed(1)} s)`);
        const ti = Date.now();
        await tx.unsafe('SET LOCAL maintenance_work_mem = \'256MB\'');
        for (const ix of dropped) await tx.unsafe(ix.def);
        indexMs = Date.now() - ti;
        log(`  rebuilt ${dropped.length} indexes (${(indexMs / 1000).toFixed(1)} s)`);
      }
      await tx`SELECT setval(pg_get_serial_sequence('inspection', 'id'), (SELECT max(id) FROM inspection))`;
      const tv = Date.now();
      const [access] = await tx<{ n: string }[]>`SELECT atlas_refresh_plot_access() AS n`;
      log(`  nearest village of ${access!.n} new lô (${((Date.now() - tv) / 1000).toFixed(1)} s)`);
      await tx`UPDATE data_version SET version = version + 1`;
      await tx`INSERT INTO app_setting (key, value)
               VALUES ('scale_dataset', ${tx.json({ seed: ds.seed, plots: counts.plots, target: opts.plots, loadedAt: new Date().toISOString() })})
               ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`;
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const ta = Date.now();
  // VACUUM sets the visibility map, so the covering indexes (migration 010) serve index-only scans at once.
  await sql`VACUUM (ANALYZE) forest_plot, planting, inspection, sample_plot`;
  await sql`ANALYZE`;
  log(`  VACUUM, ANALYZE (${Date.now() - ta} ms)`);
  const after = await cityFingerprint(sql, city);
  if (after !== before) throw new Error('Kon Tum city planting rows changed while loading the scale data');
  log('  Kon Tum city plantings and inspections unchanged (report 000 figures kept)');
  return { ...counts, generateAndLoadMs: loadMs, indexMs, totalMs: Date.now() - t0 };
}
