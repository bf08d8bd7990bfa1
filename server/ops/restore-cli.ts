/**
 * npm run restore -- FILE [--data-dir DIR]
 *
 * Restores a snapshot made by npm run backup into a fresh data folder (DATA_DIR by default; it must
 * not exist or be empty — move the old one aside first), then checks the restored database against
 * the manifest FILE.json: row counts of every table and the checksum of the audit trail.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { type BackupManifest, manifestOfFolder, sameContent } from './backup.ts';

async function main() {
  const { values, positionals } = parseArgs({ options: { 'data-dir': { type: 'string' } }, allowPositionals: true });
  const file = positionals[0];
  if (!file) throw new Error('Cách dùng / usage: npm run restore -- FILE.tar.gz [--data-dir DIR]');
  const dataDir = path.resolve(values['data-dir'] ?? loadConfig().DATA_DIR);
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new Error(
      `Thư mục ${dataDir} không trống: hãy dừng máy chủ và chuyển thư mục cũ sang chỗ khác trước. / ` +
        `${dataDir} is not empty: stop the server and move the old folder aside first.`,
    );
  }
  const t0 = Date.now();
  const restored = await manifestOfFolder(dataDir, new Blob([readFileSync(file)]));
  console.log(`Đã khôi phục / restored into ${dataDir} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const manifestFile = `${file}.json`;
  if (!existsSync(manifestFile)) {
    console.log(`(no manifest ${manifestFile}: not compared)`);
    return;
  }
  const expected = JSON.parse(readFileSync(manifestFile, 'utf8')) as BackupManifest;
  const diffs = sameContent(expected, restored);
  if (diffs.length) throw new Error(`Bản khôi phục khác bản sao lưu / the restored database differs from the manifest:\n  ${diffs.join('\n  ')}`);
  const rows = Object.values(restored.tables).reduce((a, b) => a + b, 0);
  console.log(`Khớp / matches the manifest: ${Object.keys(restored.tables).length} tables, ${rows} rows, audit trail ${restored.auditRows} rows (md5 ${restored.auditChecksum})`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
