/**
 * Helpers of the reliability suite (issue 13): the API's route list taken from the Hono app itself
 * (a new route is covered without touching the suite), a fingerprint of the whole database, and a
 * client signed in with every role over the whole province.
 */
import type { Hono } from 'hono';
import type { Sql } from 'postgres';
import type { Role } from '../../server/auth/contract.ts';
import { Client, createUser, signedIn } from '../helpers/auth.ts';

export interface ApiRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** as registered, e.g. '/api/communes/:code/criteria/:year/:no' */
  path: string;
  /** its parameter names in order */
  params: string[];
}

/** Every concrete endpoint of the app (middleware and catch-alls left out), in registration order. */
export function apiRoutes(app: Hono): ApiRoute[] {
  const seen = new Set<string>();
  const out: ApiRoute[] = [];
  for (const r of app.routes) {
    if (r.method === 'ALL' || !r.path.startsWith('/api/') || r.path.includes('*')) continue;
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ method: r.method as ApiRoute['method'], path: r.path, params: [...r.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!) });
  }
  return out;
}

export const routeKey = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

/** The path with its parameters filled in (a value per name, or one value for all). */
export function fill(path: string, values: Record<string, string> | string): string {
  return path.replace(/:([A-Za-z]+)(\{[^}]*\})?/g, (_m, name: string) => encodeURIComponent(typeof values === 'string' ? values : (values[name] ?? '1')));
}

/**
 * Row count and largest id of every table: equal before and after = nothing was written.
 * The sign-in tables are left out (failed sign-ins are recorded by design).
 */
export async function fingerprint(sql: Sql): Promise<Record<string, string>> {
  const tables = await sql<{ table_name: string; has_id: boolean }[]>`
    SELECT t.table_name,
           EXISTS (SELECT 1 FROM information_schema.columns c
                   WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name AND c.column_name = 'id'
                     AND c.data_type IN ('integer', 'bigint', 'smallint')) AS has_id
    FROM information_schema.tables t
    WHERE t.table_schema = 'public' AND t.table_type = 'BASE TABLE'
      AND t.table_name NOT IN ('login_attempt', 'login_throttle', 'spatial_ref_sys')
    ORDER BY t.table_name`;
  const out: Record<string, string> = {};
  for (const t of tables) {
    const [r] = await sql.unsafe<{ n: string; m: string | null }[]>(
      `SELECT count(*)::text AS n, ${t.has_id ? 'max(id)::text' : 'NULL'} AS m FROM "${t.table_name}"`,
    );
    out[t.table_name] = `${r!.n}/${r!.m ?? '-'}`;
  }
  const [v] = await sql<{ v: string }[]>`SELECT coalesce(string_agg(layer || '=' || version, ',' ORDER BY layer), '') AS v FROM data_version`;
  out['data_version.versions'] = v!.v;
  return out;
}

/** A user holding every role over the whole province ('62'), signed in: reaches every handler's checks. */
export async function superUser(app: Hono, sql: Sql, name: string): Promise<Client> {
  const roles: Role[] = ['viewer', 'planner', 'inspector', 'editor', 'admin'];
  await createUser(sql, { username: name, roles, scopes: ['62'] });
  return signedIn(app, name);
}
