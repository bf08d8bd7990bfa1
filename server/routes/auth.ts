import { Hono, type Context } from 'hono';
import { ChangePasswordBody, LoginBody, type MeResponse } from '../auth/contract.ts';
import { authErrors } from '../auth/errors.ts';
import { signedInUser } from '../auth/guards.ts';
import { readJson } from '../http/validate.ts';
import { checkOwnPassword, signIn } from '../auth/login.ts';
import { hashPassword, passwordProblem } from '../auth/password.ts';
import { authSettings, currentUser, endSession, endUserSessions } from '../auth/session.ts';
import { getUser, passwordHashOf, storePassword } from '../auth/users.ts';
import { withWrite } from '../write/transaction.ts';
import { HttpError } from '../http/errors.ts';
import { smallBodies } from '../http/body-limit.ts';

export type { MeResponse } from '../auth/contract.ts';

/** 413 beyond this: sign-in and password bodies are a few hundred bytes. */
export const AUTH_BODY_LIMIT = 16 * 1024;

/** Per-route body limits live in server/http/body-limit.ts (re-exported for the routes that import it from here). */
export { smallBodies };

async function me(c: Context, userId: number, csrf: string, expiresAt: string, device: boolean): Promise<MeResponse> {
  const u = (await getUser(c.var.sql, userId))!;
  return {
    user: { id: u.id, username: u.username, displayName: u.displayName, mustChangePassword: u.mustChangePassword },
    roles: u.roles,
    scopes: u.scopes,
    csrf,
    expiresAt,
    requireLoginForRead: c.var.deps.config.REQUIRE_LOGIN_FOR_READ,
    sessionExpired: false,
    deviceDays: authSettings(c).deviceDays,
    device,
  };
}

/**
 * /api/auth: sign-in, sign-out, who am I, change one's own password. Answers are never cached.
 */
export const authRoutes = new Hono()
  .use('*', smallBodies(AUTH_BODY_LIMIT))
  .use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  })
  .post('/login', async (c) => {
    const body = await readJson(c, LoginBody);
    const s = await signIn(c, c.var.sql, body.username, body.password, body.remember === true);
    return c.json(await me(c, s.userId, s.csrf, s.expiresAt, s.device));
  })
  .post('/logout', async (c) => {
    await endSession(c);
    return c.json({ ok: true });
  })
  .get('/me', async (c) => {
    const user = await currentUser(c);
    if (!user) {
      const anon: MeResponse = {
        user: null,
        roles: [],
        scopes: [],
        csrf: null,
        expiresAt: null,
        requireLoginForRead: c.var.deps.config.REQUIRE_LOGIN_FOR_READ,
        sessionExpired: c.get('sessionExpired') === true,
        deviceDays: authSettings(c).deviceDays,
        device: false,
      };
      return c.json(anon);
    }
    return c.json(await me(c, user.id, user.csrf, user.expiresAt, user.device));
  })
  // change one's own password (also after an administrator's reset); the user's other sessions end
  .post('/password', async (c) => {
    const user = await signedInUser(c);
    const body = await readJson(c, ChangePasswordBody);
    const stored = await passwordHashOf(c.var.sql, user.id);
    if (!stored || !(await checkOwnPassword(c, c.var.sql, user.username, body.currentPassword, stored))) {
      throw new HttpError(422, 'wrong_password', 'Mật khẩu hiện tại không đúng', 'The current password is wrong');
    }
    const problem = passwordProblem(body.newPassword, user.username);
    if (problem) throw authErrors.unprocessable(problem.vi, problem.en);
    if (body.newPassword === body.currentPassword) {
      throw authErrors.unprocessable('Mật khẩu mới phải khác mật khẩu hiện tại', 'The new password must differ from the current one');
    }
    const hash = await hashPassword(body.newPassword);
    await withWrite(c, { entity: 'app_user', entityId: String(user.id), action: 'update' }, async (tx) => {
      const [v] = await tx<{ version: number }[]>`SELECT version FROM app_user WHERE id = ${user.id} FOR UPDATE`;
      await storePassword(tx, user.id, hash, false);
      await endUserSessions(tx, user.id, user.sessionHash);
      return {
        before: { passwordChanged: false, version: v!.version },
        after: { passwordChanged: true, mustChangePassword: false, version: v!.version + 1 },
      };
    });
    return c.json(await me(c, user.id, user.csrf, user.expiresAt, user.device));
  });
