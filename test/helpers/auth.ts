/**
 * Sign-in helpers for the API tests: an app over the shared test database with chosen settings,
 * users created straight in the database, and a client that keeps its session cookie and CSRF
 * token like a browser does.
 */
import type { Hono } from 'hono';
import type { Sql } from 'postgres';
import { createApp } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import type { AppDeps } from '../../server/http/context.ts';
import type { AuthSettings } from '../../server/auth/settings.ts';
import type { MeResponse, Role, UserRecord } from '../../server/auth/contract.ts';
import { hashPassword } from '../../server/auth/password.ts';
import { insertUser } from '../../server/auth/users.ts';
import { DataVersions } from '../../server/tiles/versions.ts';
import { TileCache } from '../../server/tiles/cache.ts';
import { testApi } from './api.ts';

export { TARGET } from './api.ts';

/** The password of every test user unless a test chooses another. */
export const TEST_PASSWORD = 'Sông Đăk Bla 2023!';

export interface AuthTestApp {
  app: Hono;
  sql: Sql;
  deps: AppDeps;
}

/**
 * The API over the project's shared test database, with its own settings (REQUIRE_LOGIN_FOR_READ,
 * lock-out thresholds) and its own data versions and tile cache.
 */
export async function authTestApp(over: { config?: Partial<Config>; auth?: Partial<AuthSettings> } = {}): Promise<AuthTestApp> {
  const base = await testApi();
  const deps: AppDeps = {
    db: base.db,
    config: { ...loadConfig({}), DATABASE_URL: undefined, ...over.config },
    versions: await DataVersions.load(base.db.sql),
    tileCache: new TileCache(),
    auth: over.auth,
  };
  return { app: createApp(deps), sql: base.db.sql, deps };
}

/** Creates a user straight in the database (hash with cheaper scrypt parameters: upgraded at sign-in). */
export async function createUser(
  sql: Sql,
  u: { username: string; roles: Role[]; scopes?: string[]; password?: string; displayName?: string; disabled?: boolean; mustChangePassword?: boolean },
): Promise<UserRecord> {
  const passwordHash = await hashPassword(u.password ?? TEST_PASSWORD, { ln: 12, r: 8, p: 1 });
  const user = await sql.begin((tx) =>
    insertUser(tx as unknown as Sql, {
      username: u.username,
      displayName: u.displayName ?? u.username,
      roles: u.roles,
      scopes: u.scopes ?? [],
      passwordHash,
      mustChangePassword: u.mustChangePassword,
    }),
  );
  if (u.disabled) await sql`UPDATE app_user SET disabled = true WHERE id = ${user.id}`;
  return user;
}

export interface RequestOptions {
  body?: unknown;
  /** a raw body (sent as is, with the given content type) */
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** leave the CSRF header out */
  noCsrf?: boolean;
}

/** A browser-like client: keeps the session cookie and the CSRF token; a client address of its own. */
export class Client {
  cookie: string | null = null;
  csrf: string | null = null;
  me: MeResponse | null = null;

  constructor(
    readonly app: Hono,
    readonly ip = '127.0.0.1',
    readonly origin = 'http://localhost',
  ) {}

  async request(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
    if (this.cookie && !('Cookie' in headers)) headers.Cookie = this.cookie;
    if (this.csrf && !opts.noCsrf && method !== 'GET') headers['X-CSRF-Token'] = this.csrf;
    let body: string | undefined;
    if (opts.raw !== undefined) {
      body = opts.raw;
      headers['Content-Type'] = opts.contentType ?? 'application/json';
    } else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['Content-Type'] = opts.contentType ?? 'application/json';
    }
    const res = await this.app.request(`${this.origin}${path}`, { method, headers, body }, { incoming: { socket: { remoteAddress: this.ip } } });
    for (const line of res.headers.getSetCookie()) {
      const m = /^atlas_session=([^;]*)/.exec(line);
      if (!m) continue;
      this.cookie = m[1] && !/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(line) ? `atlas_session=${m[1]}` : null;
    }
    return res;
  }

  get = (path: string, opts?: RequestOptions) => this.request('GET', path, opts);
  post = (path: string, body?: unknown, opts?: RequestOptions) => this.request('POST', path, { ...opts, body: body ?? {} });
  put = (path: string, body?: unknown, opts?: RequestOptions) => this.request('PUT', path, { ...opts, body: body ?? {} });
  patch = (path: string, body?: unknown, opts?: RequestOptions) => this.request('PATCH', path, { ...opts, body: body ?? {} });

  /** Signs in; the response is returned as is (status not checked). */
  async login(username: string, password = TEST_PASSWORD): Promise<Response> {
    const res = await this.post('/api/auth/login', { username, password });
    if (res.ok) {
      this.me = (await res.clone().json()) as MeResponse;
      this.csrf = this.me.csrf;
    }
    return res;
  }

  /** The session token in the cookie (for tests that forge or look it up). */
  get token(): string | null {
    return this.cookie?.slice('atlas_session='.length) ?? null;
  }
}

/** A signed-in client; throws with the answer when sign-in fails. */
export async function signedIn(app: Hono, username: string, password = TEST_PASSWORD, ip = '127.0.0.1'): Promise<Client> {
  const c = new Client(app, ip);
  const res = await c.login(username, password);
  if (!res.ok) throw new Error(`sign-in of ${username} → ${res.status}: ${await res.text()}`);
  return c;
}

/** The error body's code and both messages (and fails if a message is missing). */
export async function errorOf(res: Response): Promise<{ status: number; code: string; vi: string; en: string; body: Record<string, unknown> }> {
  const body = (await res.json()) as { error: { code: string; message: { vi: string; en: string } } } & Record<string, unknown>;
  return { status: res.status, code: body.error.code, vi: body.error.message.vi, en: body.error.message.en, body };
}

/**
 * A fingerprint of everything a write could change: users, roles, scopes, sessions, the statuses,
 * the audit log, data versions. Equal before and after = the database did not change.
 * (Sign-in attempts and throttling counters are left out: failed sign-ins are recorded by design.)
 */
export async function dbFingerprint(sql: Sql): Promise<Record<string, string>> {
  const [r] = await sql<Record<string, string>[]>`
    SELECT
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM app_user t) AS app_user,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM user_role t) AS user_role,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM user_scope t) AS user_scope,
      (SELECT md5(coalesce(string_agg(t.token_hash || ':' || t.user_id || ':' || t.expires_at, '|' ORDER BY t.token_hash), '')) FROM user_session t) AS user_session,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.commune_code, t.year, t.criterion_no), '')) FROM commune_criterion_status t) AS commune_status,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.village_code, t.year, t.criterion_no), '')) FROM village_criterion_status t) AS village_status,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM audit_log t) AS audit_log,
      (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.layer), '')) FROM data_version t) AS data_version,
      (SELECT count(*)::text FROM admin_unit) AS admin_units,
      (SELECT count(*)::text FROM information_schema.tables WHERE table_schema = 'public') AS tables`;
  return r!;
}

/** Fixtures read from the seeded demo data (never hard-coded): communes and villages in and out of Kon Tum city. */
export async function demoPlaces(sql: Sql): Promise<{
  cityCommune: string;
  cityCommune2: string;
  saThayCommune: string;
  cityWard: string | null;
  cityVillage: string;
  cityVillageCommune: string;
  saThayVillage: string;
}> {
  const communes = await sql<{ code: string; parent_code: string }[]>`
    SELECT code, parent_code FROM admin_unit WHERE level = 'commune' AND in_ntm_programme AND parent_code IN ('608', '616') ORDER BY code`;
  const city = communes.filter((c) => c.parent_code === '608');
  const saThay = communes.filter((c) => c.parent_code === '616');
  const [ward] = await sql<{ code: string }[]>`SELECT code FROM admin_unit WHERE level = 'commune' AND NOT in_ntm_programme AND parent_code = '608' ORDER BY code LIMIT 1`;
  const [cv] = await sql<{ code: string; commune_code: string }[]>`
    SELECT v.code, v.commune_code FROM village v JOIN admin_unit a ON a.code = v.commune_code WHERE a.parent_code = '608' ORDER BY v.code LIMIT 1`;
  const [sv] = await sql<{ code: string }[]>`
    SELECT v.code FROM village v JOIN admin_unit a ON a.code = v.commune_code WHERE a.parent_code = '616' ORDER BY v.code LIMIT 1`;
  if (city.length < 2 || saThay.length < 1 || !cv || !sv) throw new Error('demo data lacks communes/villages in Kon Tum city (608) and Sa Thầy (616)');
  return {
    cityCommune: city[0]!.code,
    cityCommune2: city[1]!.code,
    saThayCommune: saThay[0]!.code,
    cityWard: ward?.code ?? null,
    cityVillage: cv.code,
    cityVillageCommune: cv.commune_code,
    saThayVillage: sv.code,
  };
}

/**
 * An assessment of a year the demo data do not assess, as an administrator would create it, so a
 * test may write criteria statuses there (uploads refuse years the app does not show). Remove it
 * with its rows by `source` when the test is done; a run that stopped half-way is cleaned first.
 */
export async function addTestAssessment(sql: Sql, scope: 'commune' | 'village', year: number, source: string): Promise<void> {
  await sql`DELETE FROM assessment WHERE source_en = ${source}`;
  await sql`
    INSERT INTO assessment (scope, year, as_of, criteria_set_id, source_vi, source_en)
    SELECT ${scope}, ${year}, ${`${year}-12-31`}::date, id, 'kiểm thử', ${source}
    FROM criteria_set WHERE scope = ${scope} AND ${year} BETWEEN year_from AND year_to`;
}
