/**
 * npm run backup [-- --data-dir DIR] [--out FILE]
 *
 * A consistent snapshot of the embedded database, taken by the running server (over its control
 * socket) or, when it is stopped, from the folder directly; verified by restoring it into a
 * temporary folder; FILE.json describes it (row counts, audit trail checksum).
 * For a real PostgreSQL server use pg_dump (docs/operations.md).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { postgisCore } from '../db/postgis-bundle.ts';
import { loadConfig, ROOT } from '../config.ts';
import { lockDataDir } from '../db/embedded.ts';
import { snapshotFromServer, verifySnapshot } from './backup.ts';

async function main() {
  const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, out: { type: 'string' } } });
  const config = loadConfig();
  if (config.DATABASE_URL && !values['data-dir']) {
    throw new Error('DATABASE_URL is set: back up a PostgreSQL server with pg_dump (docs/operations.md). / Dùng pg_dump cho máy chủ PostgreSQL.');
  }
  const dataDir = path.resolve(values['data-dir'] ?? config.DATA_DIR);
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) throw new Error(`Không có cơ sở dữ liệu trong / no database in ${dataDir}`);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
  const out = path.resolve(values.out ?? path.join(ROOT, 'backups', `atlas-${stamp}.tar.gz`));
  mkdirSync(path.dirname(out), { recursive: true });

  const t0 = Date.now();
  let snapshot = await snapshotFromServer(dataDir);
  const how = snapshot ? 'from the running server' : 'from the stopped database';
  if (!snapshot) {
    const release = lockDataDir(dataDir); // refuses when another program (npm run user) holds the folder
    try {
      const db = await PGlite.create({ dataDir, extensions: { postgis: postgisCore } });
      try {
        snapshot = await db.dumpDataDir('gzip');
      } finally {
        await db.close();
      }
    } finally {
      release();
    }
  }
  writeFileSync(out, Buffer.from(await snapshot.arrayBuffer()));
  console.log(`Bản sao lưu / snapshot ${how}: ${out} (${(snapshot.size / 1048576).toFixed(1)} MB, ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  const manifest = await verifySnapshot(snapshot);
  writeFileSync(`${out}.json`, `${JSON.stringify(manifest, null, 2)}\n`);
  const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
  console.log(`Đã kiểm tra / verified by restoring it: ${Object.keys(manifest.tables).length} tables, ${rows} rows, audit trail ${manifest.auditRows} rows (md5 ${manifest.auditChecksum}); manifest ${out}.json`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
