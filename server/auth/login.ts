import type { Context } from 'hono';
import type { Sql } from 'postgres';
import { authErrors } from './errors.ts';
import { burnPasswordCheck, hashPassword, needsRehash, verifyPassword } from './password.ts';
import { authSettings, clientIp, purgeExpiredSessions, startSession } from './session.ts';
import type { AuthSettings } from './settings.ts';
import { normalizeUsername } from './users.ts';

/** The throttle keys of a sign-in: the username+address pair, the address, the username everywhere. */
export function throttleKeys(username: string, ip: string) {
  return { pair: `pair:${username}|${ip}`, ip: `ip:${ip}`, user: `user:${username}` };
}

/**
 * The delay before checking a password for a username that has failed `failures` times (from all
 * addresses) in the window: none up to `after`, then 250 ms doubling per failure, at most `maxMs`.
 * @example backoffMs(12, 10, 8000) // 1000
 */
export function backoffMs(failures: number, after: number, maxMs: number): number {
  if (failures < after) return 0;
  return Math.min(maxMs, 250 * 2 ** Math.min(failures - after, 16));
}

/**
 * Sign-in with throttling that guessing cannot turn into a weapon:
 * - failures are counted per username+address pair (whether the username exists or not, so a
 *   lock tells nothing); AUTH_LOCK_FAILURES of them within AUTH_LOCK_MINUTES lock that pair —
 *   a guesser locks only themselves, the owner signs in from their own address;
 * - per address (any usernames): AUTH_IP_MAX_FAILURES lock the address (password spraying);
 * - per username across all addresses: after AUTH_USER_BACKOFF_AFTER failures every attempt from an
 *   address that has not signed in as this user before waits a doubling delay (at most
 *   AUTH_USER_BACKOFF_MAX_MS) before the password is checked — many guessers slow down, nobody is
 *   locked out.
 * A lock refuses even the right password (429). Unknown usernames, wrong passwords and disabled
 * accounts get the same 401 in the same time.
 */
export async function signIn(
  c: Context,
  sql: Sql,
  rawUsername: string,
  password: string,
  remember = false,
): Promise<{ userId: number; csrf: string; expiresAt: string; device: boolean }> {
  const settings = authSettings(c);
  const username = normalizeUsername(rawUsername).slice(0, 100);
  const ip = clientIp(c);
  const keys = throttleKeys(username, ip);

  const locked = await sql<{ key: string }[]>`
    SELECT key FROM login_throttle WHERE key IN ${sql([keys.pair, keys.ip])} AND locked_until > now()`;
  if (locked.length > 0) {
    await sql`INSERT INTO login_attempt (username, ip, success) VALUES (${username}, ${ip}, false)`;
    throw authErrors.locked(settings.lockMinutes);
  }
  await globalBackoff(sql, keys.user, username, ip, settings);

  const [user] = await sql<{ id: number; password_hash: string; disabled: boolean }[]>`
    SELECT id, password_hash, disabled FROM app_user WHERE username = ${username}`;
  let ok = false;
  if (user) ok = await verifyPassword(password, user.password_hash);
  else await burnPasswordCheck(password);

  if (!ok || !user || user.disabled) {
    await sql`INSERT INTO login_attempt (username, ip, success) VALUES (${username}, ${ip}, false)`;
    await countFailure(sql, keys.pair, settings.lockFailures, settings.lockMinutes);
    await countFailure(sql, keys.ip, settings.ipMaxFailures, settings.lockMinutes);
    await countFailure(sql, keys.user, null, settings.lockMinutes); // counted for the back-off, never locked
    throw authErrors.badCredentials();
  }

  await sql`INSERT INTO login_attempt (username, ip, success) VALUES (${username}, ${ip}, true)`;
  await sql`DELETE FROM login_throttle WHERE key = ${keys.pair}`;
  if (needsRehash(user.password_hash)) {
    await sql`UPDATE app_user SET password_hash = ${await hashPassword(password)} WHERE id = ${user.id}`;
  }
  await sql`UPDATE app_user SET last_login_at = now() WHERE id = ${user.id}`;
  await purgeExpiredSessions(sql);
  const session = await startSession(c, sql, user.id, remember);
  return { userId: user.id, ...session };
}

/** Waits the username's global back-off, unless this address signed in as this user within 90 days. */
async function globalBackoff(sql: Sql, userKey: string, username: string, ip: string, settings: AuthSettings): Promise<void> {
  const [row] = await sql<{ failures: number }[]>`
    SELECT failures FROM login_throttle
    WHERE key = ${userKey} AND window_start >= now() - make_interval(mins => ${settings.lockMinutes})`;
  const ms = backoffMs(row?.failures ?? 0, settings.userBackoffAfter, settings.userBackoffMaxMs);
  if (ms === 0) return; // the usual case: no query on the attempts table
  const [known] = await sql`
    SELECT 1 FROM login_attempt
    WHERE username = ${username} AND ip = ${ip} AND success AND at > now() - interval '90 days' LIMIT 1`;
  if (!known) await new Promise((r) => setTimeout(r, ms));
}

/**
 * Checks a password of a signed-in user (changing one's own password) under the same lock-out as
 * sign-in: a stolen session cannot be used to guess the password. 429 while locked, false when wrong.
 */
export async function checkOwnPassword(c: Context, sql: Sql, username: string, password: string, storedHash: string): Promise<boolean> {
  const settings = authSettings(c);
  const key = throttleKeys(username, clientIp(c)).pair;
  const [locked] = await sql`SELECT 1 FROM login_throttle WHERE key = ${key} AND locked_until > now()`;
  if (locked) throw authErrors.locked(settings.lockMinutes);
  if (await verifyPassword(password, storedHash)) return true;
  await countFailure(sql, key, settings.lockFailures, settings.lockMinutes);
  return false;
}

/** Counts one failure for a key within the window; at the limit, locks it and starts a new window. */
async function countFailure(sql: Sql, key: string, limit: number | null, minutes: number): Promise<void> {
  await sql`
    INSERT INTO login_throttle AS t (key, failures, window_start) VALUES (${key}, 1, now())
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN t.window_start < now() - make_interval(mins => ${minutes}) THEN 1 ELSE t.failures + 1 END,
      window_start = CASE WHEN t.window_start < now() - make_interval(mins => ${minutes}) THEN now() ELSE t.window_start END`;
  if (limit === null) return;
  await sql`
    UPDATE login_throttle SET locked_until = now() + make_interval(mins => ${minutes}), failures = 0, window_start = now()
    WHERE key = ${key} AND failures >= ${limit}`;
}
