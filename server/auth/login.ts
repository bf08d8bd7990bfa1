import type { Context } from 'hono';
import type { Sql } from 'postgres';
import { authErrors } from './errors.ts';
import { burnPasswordCheck, hashPassword, needsRehash, verifyPassword } from './password.ts';
import { authSettings, clientIp, purgeExpiredSessions, startSession } from './session.ts';
import { normalizeUsername } from './users.ts';

/**
 * Sign-in with throttling. Failures are counted per username (whether it exists or not, so a lock
 * tells nothing) and per client address within a window of AUTH_LOCK_MINUTES; reaching the limit
 * locks that key for AUTH_LOCK_MINUTES (429). A lock refuses even the right password. Unknown
 * usernames, wrong passwords and disabled accounts get the same 401 in the same time.
 */
export async function signIn(c: Context, sql: Sql, rawUsername: string, password: string): Promise<{ userId: number; csrf: string; expiresAt: string }> {
  const settings = authSettings(c);
  const username = normalizeUsername(rawUsername).slice(0, 100);
  const ip = clientIp(c);
  const keys = [`user:${username}`, `ip:${ip}`];

  const locked = await sql<{ key: string }[]>`
    SELECT key FROM login_throttle WHERE key IN ${sql(keys)} AND locked_until > now()`;
  if (locked.length > 0) {
    await sql`INSERT INTO login_attempt (username, ip, success) VALUES (${username}, ${ip}, false)`;
    throw authErrors.locked(settings.lockMinutes);
  }

  const [user] = await sql<{ id: number; password_hash: string; disabled: boolean }[]>`
    SELECT id, password_hash, disabled FROM app_user WHERE username = ${username}`;
  let ok = false;
  if (user) ok = await verifyPassword(password, user.password_hash);
  else await burnPasswordCheck(password);

  if (!ok || !user || user.disabled) {
    await sql`INSERT INTO login_attempt (username, ip, success) VALUES (${username}, ${ip}, false)`;
    await countFailure(sql, keys[0]!, settings.lockFailures, settings.lockMinutes);
    await countFailure(sql, keys[1]!, settings.ipMaxFailures, settings.lockMinutes);
    throw authErrors.badCredentials();
  }

  await sql`INSERT INTO login_attempt (username, ip, success) VALUES (${username}, ${ip}, true)`;
  await sql`DELETE FROM login_throttle WHERE key = ${keys[0]!}`;
  if (needsRehash(user.password_hash)) {
    await sql`UPDATE app_user SET password_hash = ${await hashPassword(password)} WHERE id = ${user.id}`;
  }
  await sql`UPDATE app_user SET last_login_at = now() WHERE id = ${user.id}`;
  await purgeExpiredSessions(sql);
  const session = await startSession(c, sql, user.id);
  return { userId: user.id, ...session };
}

/**
 * Checks a password of a signed-in user (changing one's own password) under the same lock-out as
 * sign-in: a stolen session cannot be used to guess the password. 429 while locked, false when wrong.
 */
export async function checkOwnPassword(c: Context, sql: Sql, username: string, password: string, storedHash: string): Promise<boolean> {
  const settings = authSettings(c);
  const key = `user:${username}`;
  const [locked] = await sql`SELECT 1 FROM login_throttle WHERE key = ${key} AND locked_until > now()`;
  if (locked) throw authErrors.locked(settings.lockMinutes);
  if (await verifyPassword(password, storedHash)) return true;
  await countFailure(sql, key, settings.lockFailures, settings.lockMinutes);
  return false;
}

/** Counts one failure for a key within the window; at the limit, locks it and starts a new window. */
async function countFailure(sql: Sql, key: string, limit: number, minutes: number): Promise<void> {
  await sql`
    INSERT INTO login_throttle AS t (key, failures, window_start) VALUES (${key}, 1, now())
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN t.window_start < now() - make_interval(mins => ${minutes}) THEN 1 ELSE t.failures + 1 END,
      window_start = CASE WHEN t.window_start < now() - make_interval(mins => ${minutes}) THEN now() ELSE t.window_start END`;
  await sql`
    UPDATE login_throttle SET locked_until = now() + make_interval(mins => ${minutes}), failures = 0, window_start = now()
    WHERE key = ${key} AND failures >= ${limit}`;
}
