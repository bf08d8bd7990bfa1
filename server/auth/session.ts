import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Sql } from 'postgres';
import type { Role } from '../domain/roles.ts';
import { loadAuthSettings, type AuthSettings } from './settings.ts';
import { csrfTokenFor, hashToken, isWellFormedToken, newSessionToken } from './tokens.ts';

export const SESSION_COOKIE = 'atlas_session';

/** The signed-in user of a request (context var `user`; null = anonymous). */
export interface AuthUser {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  /** admin_unit codes where the scoped roles apply */
  scopes: string[];
  mustChangePassword: boolean;
  /** SHA-256 of the session token (the session's key) */
  sessionHash: string;
  /** the session's CSRF token, for GET /api/auth/me */
  csrf: string;
  expiresAt: string;
  /** remembered on the user's own device (AUTH_DEVICE_SESSION_DAYS) */
  device: boolean;
}

let envSettings: AuthSettings | undefined;
/** Settings of this request's app: AppDeps.auth over AUTH_* environment variables. */
export function authSettings(c: Context): AuthSettings {
  envSettings ??= loadAuthSettings();
  const over = c.var.deps?.auth;
  return over ? { ...envSettings, ...over } : envSettings;
}

/** The client's address: the socket's, or X-Forwarded-For's first hop behind a trusted proxy. */
export function clientIp(c: Context): string {
  if (authSettings(c).trustProxy) {
    const fwd = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (fwd) return fwd.slice(0, 64);
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } }; server?: { incoming?: { socket?: { remoteAddress?: string } } } } | undefined;
  return (env?.incoming?.socket?.remoteAddress ?? env?.server?.incoming?.socket?.remoteAddress ?? 'unknown').slice(0, 64);
}

/** Whether the browser talks https to us: the URL's scheme, or X-Forwarded-Proto only from a trusted proxy. */
function isHttps(c: Context): boolean {
  const settings = authSettings(c);
  if (settings.cookieSecure !== 'auto') return settings.cookieSecure === 'true';
  if (new URL(c.req.url).protocol === 'https:') return true;
  return settings.trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

/**
 * Browser-session cookie (no Max-Age: closing the browser on a shared office computer signs out),
 * or, for a device the user asked to be remembered on, a cookie that lasts as long as its session;
 * the server enforces idle and absolute expiry itself. SameSite=Strict: no other site can make
 * the browser send it, not even with a top-level link (the app's own page then asks /api/auth/me,
 * a same-site request, so following a link into the app still finds the user signed in).
 */
function setSessionCookie(c: Context, token: string, maxAgeSeconds?: number) {
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Strict', secure: isHttps(c), path: '/', ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}) });
}

export function clearSessionCookie(c: Context) {
  deleteCookie(c, SESSION_COOKIE, { httpOnly: true, sameSite: 'Strict', secure: isHttps(c), path: '/' });
}

/**
 * Starts a session for a user who just proved their password; sets the cookie; returns the CSRF
 * token. A session the request still carried is ended first (no session fixation, no stale rows).
 */
export async function startSession(c: Context, sql: Sql, userId: number, device = false): Promise<{ csrf: string; expiresAt: string; device: boolean }> {
  const previous = getCookie(c, SESSION_COOKIE);
  if (isWellFormedToken(previous)) await sql`DELETE FROM user_session WHERE token_hash = ${hashToken(previous)}`;
  const token = newSessionToken();
  const settings = authSettings(c);
  const remembered = device && settings.deviceDays > 0;
  const hours = remembered ? settings.deviceDays * 24 : settings.maxHours;
  const [row] = await sql<{ expires_at: string }[]>`
    INSERT INTO user_session (token_hash, user_id, expires_at, ip, user_agent, device)
    VALUES (${hashToken(token)}, ${userId}, now() + make_interval(hours => ${hours}), ${clientIp(c)},
            ${(c.req.header('user-agent') ?? '').slice(0, 300)}, ${remembered})
    RETURNING to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS expires_at`;
  setSessionCookie(c, token, remembered ? hours * 3600 : undefined);
  return { csrf: csrfTokenFor(token), expiresAt: row!.expires_at, device: remembered };
}

interface SessionRow {
  user_id: number;
  username: string;
  display_name: string;
  disabled: boolean;
  must_change_password: boolean;
  roles: Role[];
  scopes: string[];
  expires_at: string;
  device: boolean;
  alive: boolean;
  idle: boolean;
  touch: boolean;
}

/**
 * The signed-in user of this request, or null. Resolved once per request, lazily: reads that do
 * not need a user (tiles, stats) cost no session query. Marks `sessionExpired` when the cookie
 * named a session that just timed out, so the 401 can say so.
 */
export async function currentUser(c: Context): Promise<AuthUser | null> {
  const known = c.get('user');
  if (known !== undefined) return known;
  const user = await resolve(c);
  c.set('user', user);
  return user;
}

async function resolve(c: Context): Promise<AuthUser | null> {
  const token = getCookie(c, SESSION_COOKIE);
  if (!isWellFormedToken(token)) return null;
  const sql = c.var.sql;
  const settings = authSettings(c);
  const hash = hashToken(token);
  const [row] = await sql<SessionRow[]>`
    SELECT s.user_id, u.username, u.display_name, u.disabled, u.must_change_password,
           COALESCE((SELECT array_agg(r.role ORDER BY r.role) FROM user_role r WHERE r.user_id = u.id), '{}') AS roles,
           COALESCE((SELECT array_agg(sc.unit_code ORDER BY sc.unit_code) FROM user_scope sc WHERE sc.user_id = u.id), '{}') AS scopes,
           to_char(s.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS expires_at,
           s.device,
           s.expires_at > now() AS alive,
           -- a remembered device is not signed out by idle time (a day with no signal), only by its expiry
           NOT s.device AND s.last_seen_at <= now() - make_interval(mins => ${settings.idleMinutes}) AS idle,
           s.last_seen_at < now() - interval '1 minute' AS touch
    FROM user_session s JOIN app_user u ON u.id = s.user_id
    WHERE s.token_hash = ${hash}`;
  if (!row) return null;
  if (!row.alive || row.idle || row.disabled) {
    await sql`DELETE FROM user_session WHERE token_hash = ${hash}`;
    c.set('sessionExpired', !row.disabled);
    clearSessionCookie(c);
    return null;
  }
  if (row.touch) await sql`UPDATE user_session SET last_seen_at = now() WHERE token_hash = ${hash}`;
  return {
    id: row.user_id,
    username: row.username,
    displayName: row.display_name,
    roles: row.roles,
    scopes: row.scopes,
    mustChangePassword: row.must_change_password,
    sessionHash: hash,
    csrf: csrfTokenFor(token),
    expiresAt: row.expires_at,
    device: row.device,
  };
}

/** Ends the request's session (sign-out); harmless without one. */
export async function endSession(c: Context): Promise<void> {
  const token = getCookie(c, SESSION_COOKIE);
  if (isWellFormedToken(token)) await c.var.sql`DELETE FROM user_session WHERE token_hash = ${hashToken(token)}`;
  clearSessionCookie(c);
  c.set('user', null);
}

/** Signs a user out everywhere (password reset, disabled), optionally keeping one session. */
export async function endUserSessions(sql: Sql, userId: number, keepHash?: string): Promise<void> {
  await sql`DELETE FROM user_session WHERE user_id = ${userId} AND token_hash <> ${keepHash ?? ''}`;
}

/** Housekeeping: drops sessions past their absolute expiry (idle ones go when next presented). */
export async function purgeExpiredSessions(sql: Sql): Promise<number> {
  const r = await sql`DELETE FROM user_session WHERE expires_at < now()`;
  return r.count;
}
