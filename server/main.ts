import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerType } from '@hono/node-server';
import { listen } from './http/listen.ts';
import { webApp } from './http/static.ts';
import { Hono } from 'hono';
import { loadConfig, ROOT, type Config } from './config.ts';
import { openDatabase, type Database } from './db/connect.ts';
import { isSeeded, seedDemo } from './db/seed.ts';
import { createApp } from './app.ts';
import { DataVersions } from './tiles/versions.ts';
import { demoUsersNotice, ensureDemoUsers } from './auth/demo-users.ts';
import { TileCache } from './tiles/cache.ts';
import { startVersionSync } from './ops/version-sync.ts';
import { closeGracefully } from './ops/shutdown.ts';
import { startControlSocket } from './ops/backup.ts';
import { startStagedCleanup } from './import/cleanup.ts';

export interface RunningServer {
  url: string;
  port: number;
  db: Database;
  app: Hono;
  close(): Promise<void>;
}

const DIST = path.join(ROOT, 'dist');

/**
 * Opens the database (embedded by default), loads the demo data into an empty one, and serves
 * the API and the built web app. Used by `npm start` and by the browser tests.
 */
export async function startServer(overrides: Partial<Config> = {}, log: (m: string) => void = console.log): Promise<RunningServer> {
  const config = { ...loadConfig(), ...overrides };
  const t0 = Date.now();
  const db = await openDatabase(config);
  log(`Cơ sở dữ liệu / database: ${db.kind === 'embedded' ? `PGlite + PostGIS (${config.DATA_DIR})` : 'PostgreSQL/PostGIS'}; vector tiles: ${db.nativeMvt ? 'ST_AsMVT' : 'server-side encoder'}`);
  if (!(await isSeeded(db.sql))) {
    log('Đang nạp dữ liệu minh họa / loading the demo dataset (first start)…');
    const s = await seedDemo(db.sql, { log });
    log(`Demo data: ${s.units} units, ${s.plots} lô, ${s.villages} villages in ${(s.ms / 1000).toFixed(1)} s`);
  }
  if (db.kind === 'embedded') {
    const demoUsers = await ensureDemoUsers(db.sql); // DEMO ONLY, first start: one account per role
    if (demoUsers.length > 0) log(demoUsersNotice(demoUsers));
  }
  const deps = { db, config, versions: await DataVersions.load(db.sql), tileCache: new TileCache() };
  // ops: other API processes on the same PostgreSQL bump tile versions too; read them every 250 ms
  const stopVersionSync = db.kind === 'postgres' ? startVersionSync(deps.versions, db.sql) : () => {};
  const api = createApp(deps);
  // import: staged rows of committed, cancelled and abandoned batches removed now and hourly (import/cleanup.ts)
  const stopStagedCleanup = startStagedCleanup(db.sql, log);

  const app = new Hono();
  app.route('/', api);
  if (existsSync(path.join(DIST, 'index.html'))) {
    app.route('/', webApp(DIST)); // precompressed, cached by hash, no source maps (server/http/static.ts)
  } else {
    app.get('/', (c) => c.text('Web app not built: run `npm run build` (npm start does it). API at /api/meta.'));
  }

  let server: ServerType;
  try {
    server = await listen(app, { port: config.PORT, hostname: config.HOST, ...config });
  } catch (err) {
    stopVersionSync();
    stopStagedCleanup();
    await db.close(); // the data folder is released for the next try
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new Error(
        `Cổng ${config.PORT} đang được dùng: dừng chương trình đang chiếm cổng hoặc đặt PORT khác. / ` +
          `Port ${config.PORT} is in use: stop the program using it or set another PORT.`,
      );
    }
    if (code === 'EACCES') {
      throw new Error(`Không được phép mở cổng ${config.PORT} / Not allowed to listen on port ${config.PORT}`);
    }
    throw err;
  }
  // ops: npm run backup asks the running server for a snapshot of the embedded database (server/ops/backup.ts)
  const dump = db.dumpDataDir;
  const stopControl = dump ? await startControlSocket(config.DATA_DIR, dump).catch(() => async () => {}) : async () => {};
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://localhost:${port}`;
  log(`Kon Tum Atlas đang chạy / running at ${url}  (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return {
    url,
    port,
    db,
    app: api,
    /** Graceful: requests being answered are finished (10 s at most), then the database is closed. */
    async close() {
      await closeGracefully(server, 10_000);
      await stopControl();
      stopVersionSync();
      stopStagedCleanup();
      await db.close();
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  startServer().then(
    (s) => {
      let stopping = false;
      const stop = (signal: NodeJS.Signals) => {
        if (stopping) process.exit(1); // a second signal: stop now
        stopping = true;
        console.log(JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'shutdown', signal }));
        s.close().then(
          () => process.exit(0),
          (err: unknown) => {
            console.error(err);
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
