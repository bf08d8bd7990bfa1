/**
 * The real atlas server for browser tests: the built web app (rebuilt once per run when its
 * sources are newer than dist/) served by startServer() on a random port, over a private copy
 * of the seeded embedded database template.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../../server/config.ts';
import { startServer, type RunningServer } from '../../../server/main.ts';
import { copyTemplate, removeDir } from '../../helpers/template.ts';

const BUILT = path.join(ROOT, 'dist', 'index.html');
/** What the web build is made from (the same idea as scripts/start.mjs). */
const BUILD_INPUTS = ['web', 'server/domain', 'vite.config.ts', 'package.json'];

function newest(p: string): number {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  let t = 0;
  for (const name of readdirSync(p)) t = Math.max(t, newest(path.join(p, name)));
  return t;
}

/** True when dist/ is missing or older than any of its sources. */
export function webBuildIsStale(): boolean {
  if (!existsSync(BUILT)) return true;
  const built = statSync(BUILT).mtimeMs;
  return BUILD_INPUTS.some((p) => newest(path.join(ROOT, p)) > built);
}

let built = false;
/** Held while one test worker builds: the e2e files run two at a time, and two builds into one dist/ would clash. */
const BUILD_LOCK = path.join(ROOT, 'node_modules', '.atlas-web-build.lock');
/** A lock older than this was left by a killed run (a build takes well under a minute, ten on a loaded machine). */
const STALE_LOCK_MS = 15 * 60_000;

/** True while another worker holds the build lock (a lock left by a killed run is removed). */
function buildLockHeld(): boolean {
  const since = statSync(BUILD_LOCK, { throwIfNoEntry: false })?.mtimeMs;
  if (since == null) return false;
  if (Date.now() - since < STALE_LOCK_MS) return true;
  rmSync(BUILD_LOCK, { recursive: true, force: true });
  return false;
}

function takeBuildLock(): boolean {
  try {
    mkdirSync(BUILD_LOCK);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

/** Builds the web app into dist/ unless it is up to date (once per test process; one worker builds, the others wait). */
export function ensureWebBuild(): void {
  if (built) return;
  for (;;) {
    // while another worker builds, dist/ is half-written whatever its dates say: wait for its lock to go
    if (buildLockHeld()) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1_000);
      continue;
    }
    if (!webBuildIsStale()) break;
    if (!takeBuildLock()) continue;
    try {
      const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
        cwd: ROOT,
        encoding: 'utf8',
        // vitest runs with NODE_ENV=test, which Vite would keep: the browser tests would drive React's
        // development build and a bundle without the service worker's registration, not what users get
        env: { ...process.env, NODE_ENV: 'production' },
      });
      if (r.status !== 0) throw new Error(`web build failed:\n${r.stdout}\n${r.stderr}`);
    } finally {
      rmSync(BUILD_LOCK, { recursive: true, force: true });
    }
  }
  built = true;
}

export interface AtlasServer {
  url: string;
  /** GET an API path as JSON (the truth the browser's pixels are checked against). */
  get<T>(apiPath: string): Promise<T>;
  close(): Promise<void>;
}

/** Starts the app on a random port over a private copy of the seeded database. */
export async function startAtlasServer(): Promise<AtlasServer> {
  ensureWebBuild();
  const dataDir = copyTemplate();
  let running: RunningServer;
  try {
    running = await startServer({ PORT: 0, HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: undefined, BASEMAP_STYLE_URL: '', LOG_LEVEL: 'error' }, () => {});
  } catch (e) {
    removeDir(dataDir);
    throw e;
  }
  const url = `http://127.0.0.1:${running.port}`;
  return {
    url,
    async get<T>(apiPath: string): Promise<T> {
      const res = await fetch(`${url}${apiPath}`);
      const text = await res.text();
      if (!res.ok) throw new Error(`GET ${apiPath} → ${res.status}: ${text}`);
      return JSON.parse(text) as T;
    },
    async close() {
      await running.close();
      removeDir(dataDir);
    },
  };
}
