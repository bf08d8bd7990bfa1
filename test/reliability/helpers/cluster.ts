/**
 * A private PostgreSQL 15 cluster for outage tests: initdb into a temporary folder, its own port,
 * started and stopped with pg_ctl. PostgreSQL refuses to run as root, so when the tests run as
 * root (CI) the cluster is made and run by the `postgres` system user (runuser).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Why the cluster cannot be made here, or null when it can. */
export function clusterUnavailable(): string | null {
  if (!existsSync(path.join(BIN, 'initdb')) || !existsSync(path.join(BIN, 'pg_ctl'))) return `PostgreSQL binaries not found in ${BIN}`;
  if (!existsSync('/usr/share/postgresql/15/extension/postgis.control')) return 'PostGIS for PostgreSQL 15 not installed';
  if (process.getuid?.() === 0 && spawnSync('id', ['-u', 'postgres']).status !== 0) return 'running as root and no postgres user';
  return null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface Cluster {
  url: string;
  port: number;
  dir: string;
  start(): void;
  /** pg_ctl stop -m immediate: the server dies as on a power cut (recovery from WAL at restart). */
  stopImmediate(): void;
  destroy(): void;
}

export async function createCluster(): Promise<Cluster> {
  const asRoot = process.getuid?.() === 0;
  const base = mkdtempSync(path.join(os.tmpdir(), 'atlas-pg-'));
  const dir = path.join(base, 'data');
  const logFile = path.join(base, 'server.log');
  if (asRoot) {
    chmodSync(base, 0o755);
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(base, uid, gid);
  }
  const run = (cmd: string, args: string[]) => {
    const full = path.join(BIN, cmd);
    const r = asRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', full, ...args], { encoding: 'utf8', cwd: base })
      : spawnSync(full, args, { encoding: 'utf8', cwd: base });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  };
  run('initdb', ['-D', dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const port = await freePort();
  appendFileSync(
    path.join(dir, 'postgresql.conf'),
    `\nport = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${base}'\nfsync = on\nshared_buffers = 64MB\nmax_connections = 40\n`,
  );
  const cluster: Cluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    start() {
      run('pg_ctl', ['-D', dir, '-l', logFile, '-w', '-t', '60', 'start']);
    },
    stopImmediate() {
      run('pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop']);
    },
    destroy() {
      spawnSync(asRoot ? 'runuser' : path.join(BIN, 'pg_ctl'), asRoot ? ['-u', 'postgres', '--', path.join(BIN, 'pg_ctl'), '-D', dir, '-m', 'immediate', 'stop'] : ['-D', dir, '-m', 'immediate', 'stop']);
      rmSync(base, { recursive: true, force: true });
    },
  };
  writeFileSync(path.join(base, 'README'), 'atlas outage test cluster\n');
  return cluster;
}
