import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { protocolGuard } from './pglite-protocol.ts';
import { postgisCore } from './postgis-bundle.ts';

export interface EmbeddedDatabase {
  /** postgres:// URL of the loopback socket that speaks the wire protocol for PGlite. */
  url: string;
  /** A consistent snapshot of the data folder as a .tar.gz (PGlite runs one statement at a time: taken between two). */
  dumpDataDir(): Promise<Blob>;
  /** Bytes of PGlite's WebAssembly linear memory (it grows to a high-water mark and never shrinks). */
  wasmMemoryBytes(): number;
  stop(): Promise<void>;
}

/**
 * Starts PGlite with PostGIS, persisted in dataDir, and exposes it on a loopback port so the
 * server uses the same postgres.js code as with a real server. PGlite is single-session:
 * callers must use one connection (see db/connect.ts).
 */
export async function startEmbedded(dataDir: string): Promise<EmbeddedDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const releaseLock = lockDataDir(dataDir);
  let db: PGlite;
  try {
    db = await PGlite.create({ dataDir, extensions: { postgis: postgisCore } });
  } catch (err) {
    releaseLock();
    throw err;
  }
  await db.exec('CREATE EXTENSION IF NOT EXISTS postgis');
  // the guard keeps the protocol in step after a failed query (see pglite-protocol.ts)
  const server = new PGLiteSocketServer({ db: protocolGuard(db), host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  const conn = server.getServerConn(); // "127.0.0.1:PORT"
  return {
    url: `postgres://postgres@${conn}/postgres`,
    dumpDataDir: () => db.dumpDataDir('gzip'),
    // `mod` is PGlite's Emscripten module (protected in its types); HEAPU8 is re-made on every growth
    wasmMemoryBytes: () => (db as unknown as { mod?: { HEAPU8?: Uint8Array } }).mod?.HEAPU8?.byteLength ?? 0,
    async stop() {
      await server.stop();
      await db.close();
      releaseLock();
    },
  };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite takes no lock on its folder, and two processes writing one folder corrupt it: the first
 * process writes its pid to `atlas.lock`; another one (a second server, `npm run user` while the
 * server runs) is refused with a clear message. A lock left by a process that died is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, 'atlas.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(file, 'utf8').trim());
      if (owner && owner !== process.pid && isRunning(owner)) {
        throw new Error(
          `Thư mục dữ liệu ${dataDir} đang được tiến trình ${owner} sử dụng: hãy dừng máy chủ trước. / ` +
            `The data folder ${dataDir} is in use by process ${owner}: stop the server first.`,
        );
      }
      rmSync(file, { force: true }); // left by a process that is gone
    }
  }
  throw new Error(`Không khóa được thư mục dữ liệu / could not lock the data folder ${dataDir}`);
}
