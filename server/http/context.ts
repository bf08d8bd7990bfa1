import type { Sql } from 'postgres';
import type { Database } from '../db/connect.ts';
import type { Config } from '../config.ts';
import type { DataVersions } from '../tiles/versions.ts';
import type { TileCache } from '../tiles/cache.ts';
import type { AuthUser } from '../auth/session.ts';
import type { AuthSettings } from '../auth/settings.ts';

/** Everything a route needs, created once at start-up. */
export interface AppDeps {
  db: Database;
  config: Config;
  versions: DataVersions;
  tileCache: TileCache;
  /** Overrides of the AUTH_* settings (server/auth/settings.ts), e.g. in tests. */
  auth?: Partial<AuthSettings>;
}

declare module 'hono' {
  interface ContextVariableMap {
    deps: AppDeps;
    sql: Sql;
    requestId: string;
    /** The client's own X-Request-Id when plain (server/http/request-id.ts); never the audit id. */
    clientRequestId: string;
    /** Signed-in user, null when anonymous; resolved lazily: read it with currentUser(c) or after requireUser(). */
    user: AuthUser | null;
    /** The request's session cookie named a session that had just expired. */
    sessionExpired: boolean;
  }
}
