import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../server/config.ts';

/** Files whose content decides the seeded database: a change to any of them makes a new template. */
const INPUTS = ['server/db', 'data/geo', 'server/sql'];

/** Generated outputs that do not go into the database (npm run gen:demo snapshots). */
const IGNORED = new Set([path.join('data', 'geo', 'out')]);

function hashTree(h: ReturnType<typeof createHash>, dir: string) {
  if (!existsSync(dir) || IGNORED.has(path.relative(ROOT, dir))) return;
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) hashTree(h, p);
    else h.update(path.relative(ROOT, p)).update(readFileSync(p));
  }
}

export function templateKey(): string {
  const h = createHash('sha256');
  for (const d of INPUTS) hashTree(h, path.join(ROOT, d));
  return h.digest('hex').slice(0, 16);
}

/** Where the seeded embedded database template for the current sources lives (gitignored). */
export function templateDir(): string {
  return path.join(ROOT, 'data', 'db', `test-template-${templateKey()}`);
}

/** A private copy of the seeded template, so tests that write never touch the template. */
export function copyTemplate(): string {
  const src = templateDir();
  if (!existsSync(path.join(src, 'PG_VERSION'))) {
    throw new Error(`Seeded test template missing at ${src}: the vitest global setup makes it (run through \`npm test\`).`);
  }
  const dst = mkdtempSync(path.join(os.tmpdir(), 'atlas-test-db-'));
  cpSync(src, dst, { recursive: true });
  return dst;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
