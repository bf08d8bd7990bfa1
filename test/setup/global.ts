import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
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
    // Old templates go; another run's half-built folder stays unless it is abandoned (over an hour old).
    for (const name of readdirSync(base)) {
      if (!name.startsWith('test-template-') || name === path.basename(dir)) continue;
      const p = path.join(base, name);
      if (name.includes('.building-') && Date.now() - statSync(p).mtimeMs < 3_600_000) continue;
      rmSync(p, { recursive: true, force: true });
    }
  }
  // A private building folder per process: two test runs started at once never share one.
  const building = `${dir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  const t = Date.now();
  const db = await openDatabase({ DATA_DIR: building, DB_POOL_MAX: 1 });
  await seedDemo(db.sql);
  await db.close();
  if (existsSync(path.join(dir, 'PG_VERSION'))) {
    rmSync(building, { recursive: true, force: true }); // another run finished first: use its template
    return;
  }
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
