import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Sql } from 'postgres';
import { ROOT } from '../config.ts';

export const MIGRATIONS_DIR = path.join(ROOT, 'server', 'db', 'migrations');

interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Numbered SQL files (NNN_name.sql) in order. */
export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const list = readdirSync(dir)
    .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(path.join(dir, f), 'utf8') }));
  // two files with one number: the second would be skipped silently as "applied" (branches merged)
  for (let i = 1; i < list.length; i++) {
    if (list[i]!.version === list[i - 1]!.version) throw new Error(`migrations ${list[i - 1]!.name} and ${list[i]!.name} share the number ${list[i]!.version}`);
  }
  return list;
}

/**
 * Applies pending migrations, each in its own transaction, and records them in schema_migration.
 * Returns the names applied.
 */
export async function migrate(sql: Sql): Promise<string[]> {
  await sql`CREATE EXTENSION IF NOT EXISTS postgis`;
  await sql`CREATE TABLE IF NOT EXISTS schema_migration (
    version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`;
  const done = new Set((await sql<{ version: number }[]>`SELECT version FROM schema_migration`).map((r) => r.version));
  const applied: string[] = [];
  for (const m of listMigrations()) {
    if (done.has(m.version)) continue;
    await sql.begin(async (tx) => {
      await tx.unsafe(m.sql);
      await tx`INSERT INTO schema_migration (version, name) VALUES (${m.version}, ${m.name})`;
    });
    applied.push(m.name);
  }
  return applied;
}
