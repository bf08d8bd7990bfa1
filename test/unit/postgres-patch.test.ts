import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../server/config.ts';

/**
 * postgres.js 3.4.9 writes small packets from a setImmediate; when the connection closed in
 * between, it wrote to a null socket and the TypeError ended the process (porsager/postgres#1154,
 * seen here as an uncaught exception in the outage test). patches/postgres+3.4.9.patch guards it,
 * applied by `patch-package` on install: this fails when an install skipped the patch.
 */
describe('the installed postgres.js', () => {
  const root = path.join(ROOT, 'node_modules', 'postgres');
  it.each(['src/connection.js', 'cjs/src/connection.js'])('%s skips a scheduled write once the socket is gone', (file) => {
    const text = readFileSync(path.join(root, file), 'utf8');
    const body = text.slice(text.indexOf('function nextWrite(fn) {'), text.indexOf('socket.write(chunk, fn)'));
    expect(body).toContain('if (!socket) {');
  });
});
