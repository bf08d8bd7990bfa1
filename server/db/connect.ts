import postgres, { type Sql } from 'postgres';
import { startEmbedded } from './embedded.ts';
import { migrate } from './migrate.ts';
import { DbHealth } from '../ops/db-health.ts';
import { ensureChangeTracking } from '../ops/data-generation.ts';
import { registerAggregationCache } from '../ops/agg-cache.ts';

export type DatabaseKind = 'embedded' | 'postgres';

export interface Database {
  sql: Sql;
  kind: DatabaseKind;
  /** True where PostGIS can encode vector tiles itself (ST_AsMVT); false on PGlite. */
  nativeMvt: boolean;
  /** Circuit breaker: open while the database is unreachable (server/ops/db-health.ts). */
  health: DbHealth;
  /** Embedded only: a consistent snapshot of the data folder (.tar.gz) for npm run backup (server/ops/backup.ts). */
  dumpDataDir?: () => Promise<Blob>;
  /** Embedded only: bytes of PGlite's WebAssembly memory (for /metrics). */
  wasmMemoryBytes?: () => number;
  close(): Promise<void>;
}

/** Detects ST_AsMVT support once; PGlite's PostGIS lacks protobuf-c. */
export async function detectNativeMvt(sql: Sql): Promise<boolean> {
  try {
    await sql`SELECT ST_AsMVT(q, 'probe') FROM (SELECT 1 AS a, ST_AsMVTGeom(ST_Point(0, 0), ST_MakeEnvelope(0, 0, 1, 1)) AS geom) q`;
    return true;
  } catch {
    return false;
  }
}

function client(url: string, max: number, kind: DatabaseKind): Sql {
  return postgres(url, {
    max,
    onnotice: () => {},
    // Outages: a connection attempt gives up after 2 s instead of 30, idle connections
    // are closed after a minute (a restarted server or a firewall leaves them dead), and a failed
    // connection is retried after at most 0.2 s — postgres.js's default back-off grows to 20 s,
    // which made requests hang 12-20 s and recovery lag the database by seconds. Failing fast
    // while the database is down is the circuit breaker's job (DbHealth), not the pool's.
    connect_timeout: 2,
    idle_timeout: 60,
    backoff: (retries: number) => Math.min(0.05 * retries, 0.2),
    // numeric → JS number: areas and percentages are read as numbers and rounded where they are shown.
    types: { numeric: { to: 1700, from: [1700], serialize: (x: unknown) => String(x), parse: (x: string) => Number(x) } },
    // JIT compilation added 100-450 ms to every heavy tile query in the benchmark (a z12 lô tile:
    // 535 ms with it, 72 ms without), far more than it saves on these short queries. PGlite has none.
    connection: kind === 'postgres' ? { application_name: 'kontum-atlas', jit: 'off' } : { application_name: 'kontum-atlas' },
  });
}

/**
 * Opens the configured database: a real server when DATABASE_URL is set, otherwise the embedded
 * PGlite+PostGIS in DATA_DIR. Applies migrations either way.
 */
export interface DatabaseOptions {
  DATABASE_URL?: string;
  DATA_DIR?: string;
  DB_POOL_MAX?: number;
}

export async function openDatabase(config: DatabaseOptions): Promise<Database> {
  let kind: DatabaseKind;
  let url: string;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let dumpDataDir: (() => Promise<Blob>) | undefined;
  let wasmMemoryBytes: (() => number) | undefined;
  if (config.DATABASE_URL) {
    kind = 'postgres';
    url = config.DATABASE_URL;
  } else {
    kind = 'embedded';
    if (!config.DATA_DIR) throw new Error('DATA_DIR is required for the embedded database');
    const embedded = await startEmbedded(config.DATA_DIR);
    url = embedded.url;
    stopEmbedded = embedded.stop;
    dumpDataDir = embedded.dumpDataDir;
    wasmMemoryBytes = embedded.wasmMemoryBytes;
  }
  const sql = client(url, kind === 'embedded' ? 1 : (config.DB_POOL_MAX ?? 4), kind);
  try {
    await migrate(sql);
    await ensureChangeTracking(sql); // every data table bumps the aggregation version (migration 030)
  } catch (err) {
    await sql.end({ timeout: 1 });
    await stopEmbedded?.();
    throw err;
  }
  const nativeMvt = await detectNativeMvt(sql);
  const health = new DbHealth(sql);
  registerAggregationCache(sql);
  return {
    sql,
    kind,
    nativeMvt,
    health,
    ...(dumpDataDir ? { dumpDataDir } : {}),
    ...(wasmMemoryBytes ? { wasmMemoryBytes } : {}),
    async close() {
      health.stop();
      await sql.end({ timeout: 5 });
      await stopEmbedded?.();
    },
  };
}
