/**
 * Backups of the embedded database. A snapshot is PGlite's own dump of its data folder
 * (a .tar.gz, taken between two statements, so consistent; restoring replays its WAL like after a
 * power cut). While the server runs it owns the folder, so `npm run backup` asks it for the
 * snapshot over a control socket only the local user can reach; when the server is stopped the
 * script opens the folder itself. Each backup is restored at once into a temporary folder and
 * described by a manifest (row count per table, checksum of the audit trail) written beside it;
 * `npm run restore` restores into a fresh folder and checks it against that manifest.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { postgisCore } from '../db/postgis-bundle.ts';

export interface BackupManifest {
  createdAt: string;
  /** rows per table of the public schema */
  tables: Record<string, number>;
  auditRows: number;
  /** md5 of every audit row as text, in id order */
  auditChecksum: string;
}

type Query = <T>(text: string) => Promise<T[]>;

/** Row counts of every public table and the audit trail's checksum, read through `query`. */
export async function manifestOf(query: Query, createdAt = new Date().toISOString()): Promise<BackupManifest> {
  const tables = await query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'spatial_ref_sys' ORDER BY 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [r] = await query<{ n: number | string }>(`SELECT count(*) AS n FROM public."${name.replace(/"/g, '""')}"`);
    counts[name] = Number(r!.n);
  }
  const [a] = await query<{ n: number | string; sum: string | null }>(
    `SELECT count(*) AS n, md5(coalesce(string_agg(a::text, E'\\n' ORDER BY a.id), '')) AS sum FROM audit_log a`,
  );
  return { createdAt, tables: counts, auditRows: Number(a!.n), auditChecksum: a!.sum ?? '' };
}

/** Opens a PGlite data folder (restoring `load` into it first when given) and reads its manifest. */
export async function manifestOfFolder(dataDir: string, load?: Blob): Promise<BackupManifest> {
  const db = await PGlite.create({ dataDir, extensions: { postgis: postgisCore }, ...(load ? { loadDataDir: load } : {}) });
  try {
    return await manifestOf(async <T>(text: string) => (await db.query<T>(text)).rows);
  } finally {
    await db.close();
  }
}

/** Restores a snapshot into a temporary folder and reads its manifest (the backup's own description). */
export async function verifySnapshot(snapshot: Blob): Promise<BackupManifest> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'atlas-verify-'));
  try {
    return await manifestOfFolder(path.join(dir, 'data'), snapshot);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function sameContent(a: BackupManifest, b: BackupManifest): string[] {
  const diffs: string[] = [];
  for (const t of new Set([...Object.keys(a.tables), ...Object.keys(b.tables)])) {
    if (a.tables[t] !== b.tables[t]) diffs.push(`${t}: ${a.tables[t] ?? '—'} ≠ ${b.tables[t] ?? '—'}`);
  }
  if (a.auditChecksum !== b.auditChecksum) diffs.push(`audit checksum ${a.auditChecksum} ≠ ${b.auditChecksum}`);
  return diffs;
}

/** The control socket of the server running on a data folder (in the temp folder: socket paths are short). */
export function controlSocketPath(dataDir: string): string {
  const id = createHash('sha1').update(path.resolve(dataDir)).digest('hex').slice(0, 16);
  return path.join(os.tmpdir(), `kontum-atlas-${id}.sock`);
}

/**
 * Serves `POST /backup` (the snapshot as .tar.gz) on the data folder's control socket. A Unix
 * socket, mode 0600: only the user running the server (and root) can ask for a backup.
 */
export async function startControlSocket(dataDir: string, dump: () => Promise<Blob>): Promise<() => Promise<void>> {
  const file = controlSocketPath(dataDir);
  rmSync(file, { force: true }); // left by a server that died; the data folder lock says we own it
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/backup') {
      res.writeHead(404).end();
      return;
    }
    dump().then(
      async (blob) => {
        res.writeHead(200, { 'Content-Type': 'application/gzip', 'Content-Length': blob.size });
        res.end(Buffer.from(await blob.arrayBuffer()));
      },
      (err: unknown) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(err)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(file, () => resolve());
  });
  const { chmodSync } = await import('node:fs');
  chmodSync(file, 0o600);
  return () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
      rmSync(file, { force: true });
    });
}

/** Asks the server running on the folder for a snapshot; undefined when no server answers there. */
export async function snapshotFromServer(dataDir: string): Promise<Blob | undefined> {
  const socketPath = controlSocketPath(dataDir);
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, method: 'POST', path: '/backup' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`the server could not make the snapshot: ${Buffer.concat(chunks).toString()}`));
        else resolve(new Blob([Buffer.concat(chunks)]));
      });
      res.on('error', reject);
    });
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ENOENT' || err.code === 'ECONNREFUSED' ? resolve(undefined) : reject(err)));
    req.end();
  });
}
