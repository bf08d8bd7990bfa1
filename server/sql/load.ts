import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../config.ts';

const cache = new Map<string, string>();

/**
 * Reads a query from server/sql/<name>.sql once. Queries use positional parameters ($1 …) that
 * are always bound by the caller (sql.unsafe(text, params)), never interpolated.
 */
export function sqlFile(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(path.join(ROOT, 'server', 'sql', `${name}.sql`), 'utf8');
    cache.set(name, text);
  }
  return text;
}
