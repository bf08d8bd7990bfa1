/**
 * `npm run seed` loads the demo dataset into the configured database (DATABASE_URL, or the
 * embedded one in DATA_DIR); `npm run seed -- --force` replaces the demo rows of a database that
 * already holds data.
 */
import { loadConfig } from './config.ts';
import { openDatabase } from './db/connect.ts';
import { isSeeded, seedDemo } from './db/seed.ts';
import { runCli } from './cli.ts';

const USAGE = 'Cách dùng / usage: npm run seed [-- --force]';

async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((a) => a !== '--force');
  if (unknown.length) {
    console.error(`Tham số không hợp lệ / unknown argument: ${unknown.join(' ')}\n${USAGE}`);
    return 2;
  }
  const force = argv.includes('--force');
  const config = loadConfig();
  const db = await openDatabase(config);
  try {
    console.log(`Cơ sở dữ liệu / database: ${db.kind === 'embedded' ? `PGlite + PostGIS (${config.DATA_DIR})` : 'PostgreSQL/PostGIS'}`);
    if ((await isSeeded(db.sql)) && !force) {
      console.log('Đã có dữ liệu, không nạp lại (dùng --force để thay) / The database already holds data; nothing loaded (use --force to replace it)');
      return 0;
    }
    const s = await seedDemo(db.sql, { log: console.log, force });
    console.log(`Đã nạp dữ liệu minh họa / demo data loaded: ${s.units} units, ${s.plots} lô, ${s.villages} villages in ${(s.ms / 1000).toFixed(1)} s`);
    return 0;
  } finally {
    await db.close();
  }
}

runCli(main);
