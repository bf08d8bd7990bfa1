/**
 * npm run backup / npm run restore for the embedded database (issue 13): a snapshot taken from the
 * running server, restored into a fresh folder, holds the same rows in every table and the same
 * audit trail (checksum) as the database it was taken from.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../server/config.ts';
import { openDatabase } from '../../server/db/connect.ts';
import { type BackupManifest, manifestOfFolder, sameContent } from '../../server/ops/backup.ts';
import { createUser } from '../helpers/auth.ts';
import { copyTemplate, removeDir } from '../helpers/template.ts';
import { spawnServer, type ChildServer } from './helpers/child.ts';
import { HttpClient, writableKeys, writePath } from './helpers/http.ts';

const PASSWORD = 'Sao lưu mỗi tối 2024!';

function runScript(script: string, args: string[]) {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'ops', script), ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 180_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('backup and restore of the embedded database', () => {
  let dataDir: string;
  let work: string;
  let server: ChildServer | undefined;

  beforeAll(async () => {
    dataDir = copyTemplate();
    work = mkdtempSync(path.join(os.tmpdir(), 'atlas-backup-test-'));
    const db = await openDatabase({ DATA_DIR: dataDir });
    let year: number;
    let keys: Awaited<ReturnType<typeof writableKeys>>['keys'];
    try {
      await createUser(db.sql, { username: 'backup-editor', roles: ['editor'], scopes: ['62'], password: PASSWORD });
      ({ year, keys } = await writableKeys(db.sql));
    } finally {
      await db.close();
    }
    server = await spawnServer({ DATA_DIR: dataDir });
    const http = new HttpClient(server.url);
    await http.login('backup-editor', PASSWORD);
    for (const k of keys.slice(0, 3)) {
      const res = await http.request('PUT', writePath(year, k), { met: true, version: 0 });
      expect(res.status).toBe(201); // created
      await res.arrayBuffer();
    }
  }, 240_000);

  afterAll(async () => {
    if (server && server.proc.exitCode === null && server.proc.signalCode === null) {
      server.proc.kill('SIGKILL');
      await server.exited;
    }
    removeDir(dataDir);
    removeDir(work);
  });

  it('takes a snapshot from the running server and restores it with the same rows and audit trail', async () => {
    const file = path.join(work, 'atlas.tar.gz');
    const backup = runScript('backup-cli.ts', ['--data-dir', dataDir, '--out', file]);
    expect(backup.status, backup.out).toBe(0);
    expect(backup.out).toMatch(/from the running server/);
    expect(existsSync(file)).toBe(true);
    const manifest = JSON.parse(readFileSync(`${file}.json`, 'utf8')) as BackupManifest;

    // the database it was taken from (nothing written since)
    server!.proc.kill('SIGTERM');
    expect(await server!.exited).toBe('0');
    const live = await manifestOfFolder(dataDir);
    expect(live.auditRows).toBeGreaterThanOrEqual(3);
    expect(live.tables.commune_criterion_status).toBeGreaterThan(0);
    expect(sameContent(live, manifest)).toEqual([]);

    // a fresh folder: restored and checked against the manifest by the script, and by us
    const target = path.join(work, 'restored');
    const restore = runScript('restore-cli.ts', [file, '--data-dir', target]);
    expect(restore.status, restore.out).toBe(0);
    expect(restore.out).toMatch(/matches the manifest/);
    expect(sameContent(live, await manifestOfFolder(target))).toEqual([]);

    // restoring over a folder that holds a database is refused
    const again = runScript('restore-cli.ts', [file, '--data-dir', target]);
    expect(again.status).toBe(1);
    expect(again.out).toMatch(/không trống.*not empty/s);
  }, 300_000);
});
