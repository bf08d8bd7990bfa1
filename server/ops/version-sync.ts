import type { Sql } from 'postgres';
import type { DataVersions } from '../tiles/versions.ts';

/**
 * More than one API process on one PostgreSQL: each keeps the tile data versions in memory and
 * bumps its own copy after its own writes. This re-reads them from data_version every intervalMs,
 * so a write through another process reaches this one's tile cache keys within that time.
 * (Aggregations need nothing: they read their version from the database per request.)
 * While the database is down a failed refresh is ignored: the tile cache keeps serving.
 */
export function startVersionSync(versions: DataVersions, sql: Sql, intervalMs = 250): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    versions.refresh(sql).catch(() => {}).finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
