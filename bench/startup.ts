/**
 * Embedded mode start-up, as `npm run serve` runs it with no DATABASE_URL: cold (an empty data
 * folder: PostGIS created, migrations, demo data loaded) and warm (the same folder again).
 * Measured from spawning the process to the server printing its URL; the warm server's resident
 * memory is read from its /metrics after a full garbage collection (what it holds when idle).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mb, metric } from './load.ts';
import { startServerProcess } from './server.ts';

export interface StartupResult {
  coldMs: number;
  warmMs: number;
  /** Resident memory (MB) of the warm server, idle after a full collection, and PGlite's WebAssembly memory within it. */
  warmRssMb: number;
  warmWasmMb: number;
  /** The data folder, left in place: the embedded tile benchmark reuses it. */
  dataDir: string;
}

export async function benchStartup(): Promise<StartupResult> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'atlas-bench-embedded-'));
  const env = { DATABASE_URL: '', DATA_DIR: dataDir };
  const cold = await startServerProcess(env, 300_000);
  await cold.stop();
  const warm = await startServerProcess(env, 120_000);
  await warm.collect();
  const m = await metric(warm.url);
  await warm.stop();
  return {
    coldMs: cold.readyMs,
    warmMs: warm.readyMs,
    warmRssMb: mb(m.atlas_process_resident_memory_bytes),
    warmWasmMb: mb(m.atlas_db_embedded_wasm_memory_bytes),
    dataDir,
  };
}
