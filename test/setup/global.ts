import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { ROOT } from '../../server/config.ts';
import { openDatabase } from '../../server/db/connect.ts';
import { seedDemo } from '../../server/db/seed.ts';
import { templateDir } from '../helpers/template.ts';

/** Seeds the embedded template once per source version; older templates are removed. */
async function prepareEmbeddedTemplate() {
  const dir = templateDir();
  if (existsSync(path.join(dir, 'PG_VERSION'))) return;
  const base = path.dirname(dir);
  if (existsSync(base)) {
    for (const name of readdirSync(base)) if (name.startsWith('test-template-')) rmSync(path.join(base, name), { recursive: true, force: true });
  }
  const building = `${dir}.building`;
  rmSync(building, { recursive: true, force: true });
  const t = Date.now();
  const db = await openDatabase({ DATA_DIR: building, DB_POOL_MAX: 1 });
  await seedDemo(db.sql);
  await db.close();
  renameSync(building, dir);
  console.log(`[test setup] seeded embedded template in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

/** Resets the real server's test database (public schema) and seeds it. */
async function prepareRealServer(url: string) {
  const t = Date.now();
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
  await admin.end();
  const db = await openDatabase({ DATABASE_URL: url, DB_POOL_MAX: 2 });
  await seedDemo(db.sql);
  await db.close();
  console.log(`[test setup] seeded ${new URL(url).pathname.slice(1)} on the PostgreSQL server in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

export default async function setup() {
  process.chdir(ROOT);
  await prepareEmbeddedTemplate();
  if (process.env.TEST_DATABASE_URL) await prepareRealServer(process.env.TEST_DATABASE_URL);
}
