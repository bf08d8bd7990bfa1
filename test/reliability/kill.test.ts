/**
 * kill -9 of the embedded server mid-write (issue 13): the server runs as a child process over a
 * copy of the seeded test template; writers keep writing while it is killed with SIGKILL; after a
 * restart on the same data folder, every write the server acknowledged is there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connect.ts';
import { createUser } from '../helpers/auth.ts';
import { copyTemplate, removeDir } from '../helpers/template.ts';
import { spawnServer, type ChildServer } from './helpers/child.ts';
import { HttpClient, storedKeys, writableKeys, writePath, type WriteKey } from './helpers/http.ts';

const PASSWORD = 'Cắt điện giữa chừng 2024!';

describe('kill -9 of the embedded server mid-write', () => {
  let dataDir: string;
  let year: number;
  let keys: WriteKey[];
  let server: ChildServer | undefined;

  beforeAll(async () => {
    dataDir = copyTemplate();
    const db = await openDatabase({ DATA_DIR: dataDir });
    try {
      await createUser(db.sql, { username: 'kill-editor', roles: ['editor'], scopes: ['62'], password: PASSWORD });
      ({ year, keys } = await writableKeys(db.sql));
    } finally {
      await db.close();
    }
  }, 120_000);

  afterAll(async () => {
    if (server && server.proc.exitCode === null && server.proc.signalCode === null) {
      server.proc.kill('SIGKILL');
      await server.exited;
    }
    removeDir(dataDir);
  }, 60_000);

  it('keeps every acknowledged write', async () => {
    server = await spawnServer({ DATA_DIR: dataDir });
    const http = new HttpClient(server.url);
    await http.login('kill-editor', PASSWORD);
    const acknowledged: WriteKey[] = [];
    let next = 0;
    let stop = false;
    const writer = async () => {
      while (!stop && next < keys.length) {
        const k = keys[next++]!;
        try {
          const res = await http.request('PUT', writePath(year, k), { met: true, version: 0 });
          if (res.status === 200 || res.status === 201) acknowledged.push(k);
          await res.arrayBuffer();
        } catch {
          /* the connection died with the server: not acknowledged */
        }
      }
    };
    const writers = [writer(), writer(), writer(), writer()];
    while (acknowledged.length < 25) await new Promise((r) => setTimeout(r, 10));
    server.proc.kill('SIGKILL');
    expect(await server.exited).toBe('SIGKILL');
    stop = true;
    await Promise.all(writers);
    expect(acknowledged.length).toBeGreaterThanOrEqual(25);

    // restart on the same folder (the lock of the killed process is taken over), then stop it cleanly
    server = await spawnServer({ DATA_DIR: dataDir });
    const after = await new HttpClient(server.url).get('/api/meta');
    expect(after.status).toBe(200);
    await after.arrayBuffer();
    server.proc.kill('SIGTERM');
    await server.exited;

    const db = await openDatabase({ DATA_DIR: dataDir });
    try {
      const stored = await storedKeys(db.sql, year, acknowledged);
      expect(acknowledged.filter((k) => !stored.has(`${k.commune}/${k.no}`))).toEqual([]);
    } finally {
      await db.close();
    }
  }, 240_000);
});
