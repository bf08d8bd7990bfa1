import type { Hono } from 'hono';
import { loadConfig } from '../../server/config.ts';
import { openDatabase, type Database } from '../../server/db/connect.ts';
import { createApp } from '../../server/app.ts';
import { DataVersions } from '../../server/tiles/versions.ts';
import { TileCache } from '../../server/tiles/cache.ts';
import { copyTemplate, removeDir } from './template.ts';

/** Which database the API tests of this project run against (set by vitest.config.ts). */
export const TARGET = (process.env.ATLAS_TEST_DB ?? 'embedded') as 'embedded' | 'postgres';

export interface TestApi {
  app: Hono;
  db: Database;
  /** GET a path and parse JSON, failing loudly with the body on a non-2xx status. */
  get<T>(path: string): Promise<T>;
}

let shared: Promise<TestApi> | undefined;
let tempDir: string | undefined;

/**
 * The API in-process (app.request, no port) over the test database of this project. Shared by
 * all API test files of a project (they run in one worker without isolation).
 */
export function testApi(): Promise<TestApi> {
  shared ??= (async () => {
    let db: Database;
    if (TARGET === 'postgres') {
      const url = process.env.TEST_DATABASE_URL;
      if (!url) throw new Error('TEST_DATABASE_URL is not set');
      db = await openDatabase({ DATABASE_URL: url, DB_POOL_MAX: 4 });
    } else {
      tempDir = copyTemplate();
      const dir = tempDir;
      process.once('exit', () => removeDir(dir));
      db = await openDatabase({ DATA_DIR: tempDir, DB_POOL_MAX: 1 });
    }
    const config = { ...loadConfig({}), DATABASE_URL: undefined };
    const app = createApp({ db, config, versions: await DataVersions.load(db.sql), tileCache: new TileCache() });
    return {
      app,
      db,
      async get<T>(path: string): Promise<T> {
        const res = await app.request(`http://localhost${path}`);
        const text = await res.text();
        if (!res.ok) throw new Error(`GET ${path} → ${res.status}: ${text}`);
        return JSON.parse(text) as T;
      },
    };
  })();
  return shared;
}
