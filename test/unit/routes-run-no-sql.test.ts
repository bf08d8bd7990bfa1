import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../server/config.ts';

/**
 * Routes are thin (docs/architecture.md): they validate, authorize and call a service; the SQL
 * lives in services, server/sql and the modules of its subsystem. A tagged query or an unsafe()
 * call in a route file is a query the services cannot share or test on their own.
 */
describe('routes run no SQL', () => {
  const dir = path.join(ROOT, 'server', 'routes');
  it.each(readdirSync(dir).filter((f) => f.endsWith('.ts')))('server/routes/%s', (file) => {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const queries = text.split('\n').flatMap((line, i) => (/\bsql\s*(<[^>]*>)?\s*`|\.unsafe\s*[<(]/.test(line) ? [`${i + 1}: ${line.trim()}`] : []));
    expect(queries).toEqual([]);
  });
});
