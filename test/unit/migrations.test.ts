import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listMigrations } from '../../server/db/migrate.ts';

/** Migrations are keyed by their number: two files with one number would leave one unapplied. */
describe('listMigrations', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the project has one file per number', () => {
    const versions = listMigrations().map((m) => m.version);
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('refuses two files that share a number', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'atlas-migrations-'));
    writeFileSync(path.join(dir, '013_a.sql'), 'SELECT 1');
    writeFileSync(path.join(dir, '013_b.sql'), 'SELECT 2');
    expect(() => listMigrations(dir)).toThrow(/share the number 13/);
  });
});
