import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { HttpError } from '../http/errors.ts';
import { signedInUser } from '../auth/guards.ts';
import { readJson } from '../auth/input.ts';
import { signIn } from '../auth/login.ts';
import { hashPassword, passwordProblem, verifyPassword } from '../auth/password.ts';
import { authErrors } from '../auth/errors.ts';
import { currentUser, endSession, endUserSessions } from '../auth/session.ts';
import { getUser, storePassword } from '../auth/users.ts';
import { withWrite } from '../auth/write.ts';

/** What the web client learns about the signed-in user (POST /login, GET /me). */
export interface MeResponse {
  user: { id: number; username: string; displayName: string; mustChangePassword: boolean } | null;
  roles: string[];
  scopes: { code: string; name: string | null; level: string | null }[];
  /** send it back in X-CSRF-Token with every POST/PUT/PATCH/DELETE */
  csrf: string | null;
  expiresAt: string | null;
  requireLoginForRead: boolean;
}

async function me(c: Context, userId: number, csrf: string, expiresAt: string): Promise<MeResponse> {
  const u = (await getUser(c.var.sql, userId))!;
  return {
    user: { id: u.id, username: u.username, displayName: u.displayName, mustChangePassword: u.mustChangePassword },
    roles: u.roles,
    scopes: u.scopes,
    csrf,
    expiresAt,
    requireLoginForRead: c.var.deps.config.REQUIRE_LOGIN_FOR_READ,
  };
}

const Login = z.object({
  username: z.string().max(100),
  password: z.string().max(1024),
});

const ChangePassword = z.object({
  currentPassword: z.string().max(1024),
  newPassword: z.string().max(1024),
});

export const authRoutes = new Hono()
  .post('/login', async (c) => {
    const body = await readJson(c, Login);
    const s = await signIn(c, c.var.sql, body.username, body.password);
    c.header('Cache-Control', 'no-store');
    return c.json(await me(c, s.userId, s.csrf, s.expiresAt));
  })
  .post('/logout', async (c) => {
    await endSession(c);
    return c.json({ ok: true });
  })
  .get('/me', async (c) => {
    c.header('Cache-Control', 'no-store');
    const user = await currentUser(c);
    if (!user) {
      const anon: MeResponse = { user: null, roles: [], scopes: [], csrf: null, expiresAt: null, requireLoginForRead: c.var.deps.config.REQUIRE_LOGIN_FOR_READ };
      return c.json(anon);
    }
    return c.json(await me(c, user.id, user.csrf, user.expiresAt));
  })
  // change one's own password (also after an administrator's reset); other sessions are signed out
  .post('/password', async (c) => {
    const user = await signedInUser(c);
    const body = await readJson(c, ChangePassword);
    const [row] = await c.var.sql<{ password_hash: string }[]>`SELECT password_hash FROM app_user WHERE id = ${user.id}`;
    if (!row || !(await verifyPassword(body.currentPassword, row.password_hash))) {
      throw new HttpError(422, 'wrong_password', 'Mật khẩu hiện tại không đúng', 'The current password is wrong');
    }
    const problem = passwordProblem(body.newPassword, user.username);
    if (problem) throw authErrors.unprocessable(problem.vi, problem.en);
    const hash = await hashPassword(body.newPassword);
    await withWrite(c, { entity: 'app_user', entityId: String(user.id), action: 'update' }, async (tx) => {
      await storePassword(tx, user.id, hash, false);
      await endUserSessions(tx, user.id, user.sessionHash);
      return { before: { passwordChanged: false }, after: { passwordChanged: true } };
    });
    return c.json({ ok: true });
  });
