/**
 * Sign-in, sessions, sign-out, lock-out, own password, and REQUIRE_LOGIN_FOR_READ, through the
 * HTTP API against the real database.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { MeResponse } from '../../server/auth/contract.ts';
import { parseHash } from '../../server/auth/password.ts';
import { loadAuthSettings } from '../../server/auth/settings.ts';
import { hashToken } from '../../server/auth/tokens.ts';
import { authTestApp, Client, createUser, errorOf, signedIn, TARGET, TEST_PASSWORD, type AuthTestApp } from '../helpers/auth.ts';

let t: AuthTestApp;
beforeAll(async () => {
  t = await authTestApp({ auth: { lockFailures: 3, ipMaxFailures: 10, userBackoffMaxMs: 50 } });
  await createUser(t.sql, { username: 'auth-viewer', roles: ['viewer'] });
  await createUser(t.sql, { username: 'auth-editor', roles: ['editor'], scopes: ['608'], displayName: 'Biên tập thử' });
  await createUser(t.sql, { username: 'auth-disabled', roles: ['viewer'], disabled: true });
  await createUser(t.sql, { username: 'auth-locked', roles: ['viewer'] });
  await createUser(t.sql, { username: 'auth-pw', roles: ['editor'], scopes: ['608'] });
  await createUser(t.sql, { username: 'auth-temp', roles: ['editor'], scopes: ['608'], mustChangePassword: true });
});

const sessionsOf = async (username: string) =>
  (await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM user_session s JOIN app_user u ON u.id = s.user_id WHERE u.username = ${username}`)[0]!.n;

describe(`sign-in (${TARGET})`, () => {
  it('signs in with the right password: httpOnly SameSite=Strict session cookie, CSRF token, roles and scopes', async () => {
    const c = new Client(t.app);
    const res = await c.login('AUTH-Editor');
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((l) => l.startsWith('atlas_session='))!;
    expect(cookie).toMatch(/^atlas_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Strict/i);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Max-Age|Expires/i); // a browser-session cookie
    expect(cookie).not.toMatch(/; Secure/i); // plain http here
    expect(res.headers.get('cache-control')).toBe('no-store');
    const me = (await res.json()) as MeResponse;
    expect(me.user).toMatchObject({ username: 'auth-editor', displayName: 'Biên tập thử', mustChangePassword: false });
    expect(me.roles).toEqual(['editor']);
    expect(me.scopes).toEqual([{ code: '608', name: expect.stringContaining('Kon Tum'), level: 'district' }]);
    expect(me.csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(me)).not.toMatch(/scrypt|password_hash/);

    const again = (await (await c.get('/api/auth/me')).json()) as MeResponse;
    expect(again.user?.username).toBe('auth-editor');
    expect(again.csrf).toBe(me.csrf);
  });

  it('marks the cookie Secure behind https', async () => {
    const c = new Client(t.app, '127.0.0.1', 'https://localhost');
    const res = await c.login('auth-viewer');
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().find((l) => l.startsWith('atlas_session='))).toMatch(/; Secure/i);
  });

  it('stores only the hash of the session token', async () => {
    const c = await signedIn(t.app, 'auth-viewer');
    const rows = await t.sql`SELECT 1 FROM user_session WHERE token_hash = ${c.token!}`;
    expect(rows).toHaveLength(0);
  });

  it('refuses a wrong password, an unknown user and a disabled account alike (401, bilingual, no detail)', async () => {
    const answers = [];
    for (const [u, p] of [['auth-viewer', 'wrong password!!'], ['auth-nobody', TEST_PASSWORD], ['auth-disabled', TEST_PASSWORD]] as const) {
      const c = new Client(t.app, '10.9.0.1');
      const res = await c.login(u, p);
      expect(res.headers.getSetCookie().some((l) => l.startsWith('atlas_session='))).toBe(false);
      answers.push(await errorOf(res));
    }
    for (const a of answers) {
      expect(a.status).toBe(401);
      expect(a.code).toBe('invalid_credentials');
      expect(a.vi).toBe('Tên đăng nhập hoặc mật khẩu không đúng');
      expect(a.en).toBe('Wrong username or password');
    }
  });

  it('refuses malformed sign-in bodies with 415 / 400', async () => {
    const c = new Client(t.app, '10.9.0.2');
    expect((await c.request('POST', '/api/auth/login', { raw: 'username=a&password=b', contentType: 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await c.request('POST', '/api/auth/login', { raw: '{"username":' })).status).toBe(400);
    const res = await c.post('/api/auth/login', { username: 'a', password: 'b', role: 'admin' });
    expect(res.status).toBe(400); // schema faults are 400 invalid_input on every route (test/api/validation.test.ts); 422 is for rules on the records
    const e = await errorOf(res);
    expect(e.body.error).toMatchObject({ issues: [expect.objectContaining({ message: expect.any(String) })] });
  });

  it('locks a username for the address that guessed, even for the right password there, without affecting others', async () => {
    const c = new Client(t.app, '10.9.1.1');
    for (let i = 0; i < 3; i++) expect((await c.login('auth-locked', `wrong-${i}-password`)).status).toBe(401);
    const locked = await c.login('auth-locked', TEST_PASSWORD);
    const e = await errorOf(locked);
    expect(e.status).toBe(429);
    expect(e.code).toBe('too_many_attempts');
    expect(e.vi).toMatch(/phút/);
    // other accounts from that address are unaffected
    expect((await new Client(t.app, '10.9.1.1').login('auth-viewer')).status).toBe(200);
    const [attempts] = await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM login_attempt WHERE username = 'auth-locked' AND NOT success`;
    expect(attempts!.n).toBe(4);
    // when the lock has run out (moved into the past here), the right password works again there
    await t.sql`UPDATE login_throttle SET locked_until = now() - interval '1 second' WHERE key LIKE 'pair:auth-locked|%'`;
    expect((await c.login('auth-locked', TEST_PASSWORD)).status).toBe(200);
  });

  it('a stranger cannot lock a real user out (issue 13 #8): the owner signs in from their own address', async () => {
    await createUser(t.sql, { username: 'auth-target', roles: ['admin'] });
    await signedIn(t.app, 'auth-target', TEST_PASSWORD, '10.9.5.1'); // the owner's usual address
    const stranger = new Client(t.app, '10.9.5.66');
    for (let i = 0; i < 6; i++) await stranger.login('auth-target', `guess-${i}-password`);
    expect((await stranger.login('auth-target', TEST_PASSWORD)).status).toBe(429); // the guesser is locked
    // the owner, from their address and from a new one, is not
    expect((await new Client(t.app, '10.9.5.1').login('auth-target')).status).toBe(200);
    expect((await new Client(t.app, '10.9.5.2').login('auth-target')).status).toBe(200);
    // many guessers on many addresses slow each other down (global back-off) but lock nobody out
    for (let a = 0; a < 8; a++) {
      const g = new Client(t.app, `10.9.6.${a}`);
      for (let i = 0; i < 3; i++) await g.login('auth-target', `spray-${a}-${i}-pw`);
    }
    expect((await new Client(t.app, '10.9.5.1').login('auth-target')).status).toBe(200);
  });

  it('throttles an address that tries many usernames', async () => {
    const c = new Client(t.app, '10.9.2.1');
    for (let i = 0; i < 10; i++) expect((await c.login(`auth-spray-${i}`, 'guess-password-1')).status).toBe(401);
    expect((await c.login('auth-viewer')).status).toBe(429);
    expect((await new Client(t.app, '10.9.2.2').login('auth-viewer')).status).toBe(200);
  });

  it('upgrades a hash made with weaker scrypt parameters at sign-in', async () => {
    await createUser(t.sql, { username: 'auth-oldhash', roles: ['viewer'] }); // hashed with ln=12
    const before = (await t.sql<{ h: string }[]>`SELECT password_hash AS h FROM app_user WHERE username = 'auth-oldhash'`)[0]!.h;
    expect(parseHash(before)!.params.ln).toBe(12);
    await signedIn(t.app, 'auth-oldhash');
    const after = (await t.sql<{ h: string }[]>`SELECT password_hash AS h FROM app_user WHERE username = 'auth-oldhash'`)[0]!.h;
    expect(parseHash(after)!.params.ln).toBeGreaterThanOrEqual(15);
    expect(after).not.toBe(before);
  });

  it('ends the previous session of the browser when signing in again', async () => {
    const c = await signedIn(t.app, 'auth-viewer');
    const first = c.cookie!;
    await c.login('auth-viewer');
    expect(c.cookie).not.toBe(first);
    const stale = await t.app.request('http://localhost/api/auth/me', { headers: { Cookie: first } });
    expect(((await stale.json()) as MeResponse).user).toBeNull();
  });
});

describe(`sessions and sign-out (${TARGET})`, () => {
  it('signs out with the CSRF token: the session is gone server-side and the cookie cleared', async () => {
    const c = await signedIn(t.app, 'auth-editor');
    const token = c.cookie!;
    const res = await c.post('/api/auth/logout');
    expect(res.status).toBe(200);
    expect(c.cookie).toBeNull();
    const me = (await (await t.app.request('http://localhost/api/auth/me', { headers: { Cookie: token } })).json()) as MeResponse;
    expect(me.user).toBeNull();
  });

  it('refuses sign-out without the CSRF token (a forged request cannot sign someone out)', async () => {
    const c = await signedIn(t.app, 'auth-editor');
    const e = await errorOf(await c.post('/api/auth/logout', {}, { noCsrf: true }));
    expect(e.status).toBe(403);
    expect(e.code).toBe('csrf');
    expect(((await (await c.get('/api/auth/me')).json()) as MeResponse).user?.username).toBe('auth-editor');
  });

  it('expires an idle session: /me says so and writes get 401 session_expired', async () => {
    const c = await signedIn(t.app, 'auth-editor');
    await t.sql`UPDATE user_session SET last_seen_at = now() - interval '3 hours' WHERE user_id = ${c.me!.user!.id}`;
    const me = (await (await c.get('/api/auth/me')).json()) as MeResponse;
    expect(me.user).toBeNull();
    expect(me.sessionExpired).toBe(true);
    expect(c.cookie).toBeNull(); // cleared by the server
  });

  it('expires a session at its absolute limit, active or not', async () => {
    const c = await signedIn(t.app, 'auth-editor');
    await t.sql`UPDATE user_session SET expires_at = now() - interval '1 second' WHERE user_id = ${c.me!.user!.id}`;
    const cookie = c.cookie!;
    const res = await t.app.request('http://localhost/api/auth/password', {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/json', 'X-CSRF-Token': c.csrf! },
      body: JSON.stringify({ currentPassword: TEST_PASSWORD, newPassword: 'another long password' }),
    });
    const e = await errorOf(res);
    expect(e.status).toBe(401);
    expect(e.code).toBe('session_expired');
  });

  it('"Ghi nhớ trên thiết bị này": an inspector\'s phone keeps its session through a restart and a day without signal, until its expiry', async () => {
    const c = new Client(t.app);
    const res = await c.post('/api/auth/login', { username: 'auth-editor', password: TEST_PASSWORD, remember: true });
    expect(res.status).toBe(200);
    const me = (await res.json()) as MeResponse;
    expect(me.device).toBe(true);
    expect(me.deviceDays).toBe(14);
    // the cookie outlives the browser (a phone restart): it carries its own lifetime, 14 days
    const cookie = res.headers.getSetCookie().find((l) => l.startsWith('atlas_session='))!;
    expect(cookie).toMatch(/Max-Age=1209600\b/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const days = (Date.parse(me.expiresAt!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(13.9);
    expect(days).toBeLessThanOrEqual(14.01);
    // a day in the forest with no request: still signed in (an office session would have ended after 2 h)
    await t.sql`UPDATE user_session SET last_seen_at = now() - interval '30 hours' WHERE token_hash = ${hashToken(c.token!)}`;
    const later = (await (await c.get('/api/auth/me')).json()) as MeResponse;
    expect(later.user?.username).toBe('auth-editor');
    expect(later.device).toBe(true);
    // its absolute expiry still ends it
    await t.sql`UPDATE user_session SET expires_at = now() - interval '1 second' WHERE token_hash = ${hashToken(c.token!)}`;
    const gone = (await (await c.get('/api/auth/me')).json()) as MeResponse;
    expect(gone.user).toBeNull();
    expect(gone.sessionExpired).toBe(true);
  });

  it('without "remember" the session stays a browser session (shared office computers), ended by 2 h idle', async () => {
    const c = new Client(t.app);
    const res = await c.post('/api/auth/login', { username: 'auth-editor', password: TEST_PASSWORD });
    const me = (await res.json()) as MeResponse;
    expect(me.device).toBe(false);
    expect(res.headers.getSetCookie().find((l) => l.startsWith('atlas_session='))).not.toMatch(/Max-Age|Expires/i);
    await t.sql`UPDATE user_session SET last_seen_at = now() - interval '3 hours' WHERE token_hash = ${hashToken(c.token!)}`;
    expect(((await (await c.get('/api/auth/me')).json()) as MeResponse).user).toBeNull();
  });

  it('an office that turns remembering off (AUTH_DEVICE_SESSION_DAYS=0) gets browser sessions even when asked; the form does not offer it', async () => {
    const off = await authTestApp({ auth: { ...loadAuthSettings({}), deviceDays: 0 } });
    const anon = (await (await off.app.request('http://localhost/api/auth/me')).json()) as MeResponse;
    expect(anon.deviceDays).toBe(0);
    const c = new Client(off.app);
    const res = await c.post('/api/auth/login', { username: 'auth-editor', password: TEST_PASSWORD, remember: true });
    expect(res.status).toBe(200);
    expect(((await res.json()) as MeResponse).device).toBe(false);
    expect(res.headers.getSetCookie().find((l) => l.startsWith('atlas_session='))).not.toMatch(/Max-Age|Expires/i);
  });

  it('refuses a "remember" that is not true or false (400 invalid_input, bilingual, like every schema fault), signing nobody in', async () => {
    const c = new Client(t.app);
    const e = await errorOf(await c.post('/api/auth/login', { username: 'auth-editor', password: TEST_PASSWORD, remember: 'yes' }));
    expect(e.status).toBe(400);
    expect(e.code).toBe('invalid_input');
    expect(e.vi.length).toBeGreaterThan(0);
    expect(e.en.length).toBeGreaterThan(0);
    expect(c.cookie).toBeNull();
  });

  it('ends the sessions of an account that gets disabled', async () => {
    const u = await createUser(t.sql, { username: 'auth-soon-disabled', roles: ['viewer'] });
    const c = await signedIn(t.app, 'auth-soon-disabled');
    await t.sql`UPDATE app_user SET disabled = true WHERE id = ${u.id}`;
    const me = (await (await c.get('/api/auth/me')).json()) as MeResponse;
    expect(me.user).toBeNull();
    expect(me.sessionExpired).toBe(false);
  });
});

describe(`own password (${TARGET})`, () => {
  it('needs the current password, follows the policy, and signs out the other sessions', async () => {
    const here = await signedIn(t.app, 'auth-pw');
    const elsewhere = await signedIn(t.app, 'auth-pw');
    expect(await sessionsOf('auth-pw')).toBe(2);

    const wrong = await errorOf(await here.post('/api/auth/password', { currentPassword: 'not it at all', newPassword: 'Một mật khẩu mới đủ dài' }));
    expect([wrong.status, wrong.code]).toEqual([422, 'wrong_password']);
    const weak = await errorOf(await here.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'short' }));
    expect(weak.status).toBe(422);
    expect(weak.vi).toMatch(/ít nhất 10 ký tự/);

    const ok = await here.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Một mật khẩu mới đủ dài' });
    expect(ok.status).toBe(200);
    expect(await sessionsOf('auth-pw')).toBe(1);
    expect(((await (await elsewhere.get('/api/auth/me')).json()) as MeResponse).user).toBeNull();
    expect(((await (await here.get('/api/auth/me')).json()) as MeResponse).user?.username).toBe('auth-pw');
    expect((await new Client(t.app, '10.9.3.1').login('auth-pw', TEST_PASSWORD)).status).toBe(401);
    expect((await new Client(t.app, '10.9.3.1').login('auth-pw', 'Một mật khẩu mới đủ dài')).status).toBe(200);

    const [audit] = await t.sql<{ action: string; before: unknown; after: unknown }[]>`
      SELECT action, before, after FROM audit_log WHERE entity = 'app_user' AND username = 'auth-pw' ORDER BY id DESC LIMIT 1`;
    expect(audit).toMatchObject({ action: 'update', after: { passwordChanged: true } });
    expect(JSON.stringify(audit)).not.toMatch(/scrypt|Một mật khẩu/);
  });

  it('a temporary password (after a reset) allows signing in but no data change until replaced', async () => {
    const c = await signedIn(t.app, 'auth-temp');
    expect(c.me!.user!.mustChangePassword).toBe(true);
    const [commune] = await t.sql<{ code: string }[]>`SELECT code FROM admin_unit WHERE parent_code = '608' AND in_ntm_programme ORDER BY code LIMIT 1`;
    const blocked = await errorOf(await c.put(`/api/communes/${commune!.code}/criteria/2025/1`, { met: true, version: 0 }));
    expect([blocked.status, blocked.code]).toEqual([403, 'password_change_required']);
    const res = await c.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Mật khẩu riêng của tôi' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as MeResponse).user!.mustChangePassword).toBe(false);
  });
});

describe(`reading without signing in (${TARGET})`, () => {
  it('is open by default: leaders open the map in meetings', async () => {
    const c = new Client(t.app);
    expect((await c.get('/api/meta')).status).toBe(200);
    const me = (await (await c.get('/api/auth/me')).json()) as MeResponse;
    expect(me).toMatchObject({ user: null, csrf: null, requireLoginForRead: false, sessionExpired: false });
  });

  it('with REQUIRE_LOGIN_FOR_READ, every read but health and sign-in needs a session, and tiles are cached privately', async () => {
    const closed = await authTestApp({ config: { REQUIRE_LOGIN_FOR_READ: true } });
    const anon = new Client(closed.app);
    const e = await errorOf(await anon.get('/api/meta'));
    expect([e.status, e.code]).toEqual([401, 'not_signed_in']);
    expect((await anon.get('/api/tiles/communes/8/203/117.mvt')).status).toBe(401);
    expect((await anon.get('/api/health')).status).toBe(200);
    expect(((await (await anon.get('/api/auth/me')).json()) as MeResponse).requireLoginForRead).toBe(true);

    const viewer = await signedIn(closed.app, 'auth-viewer');
    expect((await viewer.get('/api/meta')).status).toBe(200);
    const tile = await viewer.get('/api/tiles/communes/8/203/117.mvt');
    expect(tile.status).toBe(200);
    expect(tile.headers.get('cache-control')).toMatch(/^private\b/);
  });
});

describe(`anonymous readers see no usernames (issue 13 #8) (${TARGET})`, () => {
  it('a plan read without signing in names nobody; signed-in readers see who made it', async () => {
    const [u] = await t.sql<{ id: number }[]>`SELECT id FROM app_user WHERE username = 'auth-editor'`;
    const [unit] = await t.sql<{ code: string }[]>`SELECT code FROM admin_unit WHERE level = 'commune' ORDER BY code LIMIT 1`;
    const [plan] = await t.sql<{ id: string }[]>`
      INSERT INTO planting_plan (name, year, unit_code, created_by, updated_by)
      VALUES ('Kế hoạch ẩn danh', 2031, ${unit!.code}, ${u!.id}, ${u!.id}) RETURNING id::text AS id`;
    const anon = new Client(t.app);
    const list = (await (await anon.get('/api/plans?year=2031')).json()) as { id: number; createdBy: string | null }[];
    const one = (await (await anon.get(`/api/plans/${plan!.id}`)).json()) as { createdBy: string | null };
    expect(list.find((p) => p.id === Number(plan!.id))).toMatchObject({ createdBy: null });
    expect(one.createdBy).toBeNull();
    expect(JSON.stringify(list) + JSON.stringify(one)).not.toContain('auth-editor');
    const viewer = await signedIn(t.app, 'auth-viewer');
    expect(((await (await viewer.get(`/api/plans/${plan!.id}`)).json()) as { createdBy: string | null }).createdBy).toBe('auth-editor');
  });
});
