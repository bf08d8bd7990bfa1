/**
 * The administration API: users, roles, scopes, password resets, disabling; the audit trail
 * (filters, pagination, CSV) and its immutability. Every route allowed to admins and refused to
 * everyone else.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, MeResponse, UnitOption, UserRecord, UserWithPassword } from '../../server/auth/contract.ts';
import { authTestApp, Client, createUser, errorOf, signedIn, TARGET, TEST_PASSWORD, type AuthTestApp } from '../helpers/auth.ts';

let t: AuthTestApp;
let admin: Client;
const others: Record<string, Client> = {};

beforeAll(async () => {
  t = await authTestApp();
  await createUser(t.sql, { username: 'adm-admin', roles: ['admin'] });
  await createUser(t.sql, { username: 'adm-admin2', roles: ['admin', 'viewer'] });
  await createUser(t.sql, { username: 'adm-viewer', roles: ['viewer'] });
  await createUser(t.sql, { username: 'adm-editor', roles: ['editor'], scopes: ['62'] });
  await createUser(t.sql, { username: 'adm-planner', roles: ['planner'], scopes: ['62'] });
  await createUser(t.sql, { username: 'adm-inspector', roles: ['inspector'], scopes: ['62'] });
  admin = await signedIn(t.app, 'adm-admin');
  for (const r of ['viewer', 'editor', 'planner', 'inspector']) others[r] = await signedIn(t.app, `adm-${r}`);
});

const json = async <T>(res: Response, status = 200): Promise<T> => {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text) as T;
};
const userByName = async (name: string) =>
  (await json<UserRecord[]>(await admin.get('/api/admin/users'))).find((u) => u.username === name)!;

describe(`admin routes are for administrators only (${TARGET})`, () => {
  const routes: [string, string, unknown?][] = [
    ['GET', '/api/admin/users'],
    ['POST', '/api/admin/users', { username: 'adm-never', displayName: 'Never', roles: ['viewer'] }],
    ['PATCH', '/api/admin/users/1', { version: 1, displayName: 'Never' }],
    ['POST', '/api/admin/users/1/password', {}],
    ['GET', '/api/admin/units'],
    ['GET', '/api/admin/audit'],
    ['GET', '/api/admin/audit.csv'],
  ];

  it('refuses anonymous callers with 401', async () => {
    const anon = new Client(t.app);
    for (const [method, path, body] of routes) {
      const e = await errorOf(await anon.request(method, path, { body }));
      expect([e.status, e.code], `${method} ${path}`).toEqual([401, 'not_signed_in']);
    }
  });

  it('refuses viewers, editors, planners and inspectors with 403', async () => {
    for (const [role, c] of Object.entries(others)) {
      for (const [method, path, body] of routes) {
        const e = await errorOf(await c.request(method, path, { body }));
        expect([e.status, e.code], `${role}: ${method} ${path}`).toEqual([403, 'forbidden']);
        expect(e.vi).toContain('quản trị');
      }
    }
    expect(await userByName('adm-never')).toBeUndefined();
  });

  it('lets administrators list users (never a password hash) and units', async () => {
    const users = await json<UserRecord[]>(await admin.get('/api/admin/users'));
    expect(users.find((u) => u.username === 'adm-editor')).toMatchObject({ roles: ['editor'], scopes: [{ code: '62', level: 'province' }], disabled: false, version: 1 });
    expect(JSON.stringify(users)).not.toMatch(/scrypt|password_hash|passwordHash/);
    const units = await json<UnitOption[]>(await admin.get('/api/admin/units'));
    expect(units[0]).toMatchObject({ code: '62', level: 'province', parentCode: null });
    expect(units.find((u) => u.code === '608')).toMatchObject({ level: 'district', parentCode: '62' });
    expect(units.filter((u) => u.level === 'commune').length).toBeGreaterThan(80);
  });
});

describe(`managing users (${TARGET})`, () => {
  it('creates a user with a generated password shown once; the user must replace it', async () => {
    const r = await json<UserWithPassword>(
      await admin.post('/api/admin/users', { username: 'Adm.New', displayName: '  Nguyễn Thị Mới ', roles: ['editor', 'viewer'], scopes: ['616', '608'] }),
      201,
    );
    expect(r.user).toMatchObject({ username: 'adm.new', displayName: 'Nguyễn Thị Mới', roles: ['editor', 'viewer'], mustChangePassword: true, version: 1 });
    expect(r.user.scopes.map((s) => s.code)).toEqual(['608', '616']);
    expect(r.password).toMatch(/^[\w]{4}-[\w]{4}-[\w]{4}-[\w]{4}$/);
    const c = new Client(t.app);
    expect((await c.login('adm.new', r.password!)).status).toBe(200);
    expect(c.me!.user!.mustChangePassword).toBe(true);

    const [audit] = await t.sql<{ username: string; action: string; entity_id: string; before: unknown; after: Record<string, unknown>; request_id: string }[]>`
      SELECT username, action, entity_id, before, after, request_id FROM audit_log WHERE entity = 'app_user' AND entity_id = ${String(r.user.id)} ORDER BY id`;
    expect(audit).toMatchObject({ username: 'adm-admin', action: 'create', before: null, after: { username: 'adm.new', roles: ['editor', 'viewer'], scopes: ['608', '616'] } });
    expect(audit!.request_id).toBeTruthy();
    expect(JSON.stringify(audit)).not.toContain(r.password!);
  });

  it('takes a typed password only if it follows the policy', async () => {
    const weak = await errorOf(await admin.post('/api/admin/users', { username: 'adm-typed', displayName: 'T', roles: ['viewer'], password: 'adm-typed' }));
    expect(weak.status).toBe(422);
    const r = await json<UserWithPassword>(
      await admin.post('/api/admin/users', { username: 'adm-typed', displayName: 'T', roles: ['viewer'], password: 'Ngọc Linh 2598 m' }),
      201,
    );
    expect(r.password).toBeNull();
    expect((await new Client(t.app).login('adm-typed', 'Ngọc Linh 2598 m')).status).toBe(200);
  });

  it('refuses a taken username (409), malformed users (400) and impossible roles or scopes (422)', async () => {
    expect((await errorOf(await admin.post('/api/admin/users', { username: 'adm-viewer', displayName: 'X', roles: ['viewer'] }))).code).toBe('username_taken');
    const cases: [unknown, RegExp][] = [
      [{ username: 'adm-x1', displayName: 'X', roles: [] }, /at least one role/],
      [{ username: 'adm-x2', displayName: 'X', roles: ['inspector'] }, /needs a scope/],
      [{ username: 'adm-x3', displayName: 'X', roles: ['editor'], scopes: ['99999'] }, /No administrative unit with code 99999/],
      [{ username: 'adm-x4', displayName: 'X', roles: ['superuser'] }, /not valid/],
      [{ username: 'x', displayName: 'X', roles: ['viewer'] }, /not valid/],
      [{ username: 'adm-x5', displayName: '   ', roles: ['viewer'] }, /not valid/],
    ];
    for (const [body, message] of cases) {
      const e = await errorOf(await admin.post('/api/admin/users', body));
      // schema faults are 400 invalid_input on every route (test/api/validation.test.ts); 422 is for rules on the records
      expect(e.status, JSON.stringify(body)).toBe(e.code === 'invalid_input' ? 400 : 422);
      expect(e.en, JSON.stringify(body)).toMatch(message);
    }
    const names = (await json<UserRecord[]>(await admin.get('/api/admin/users'))).map((u) => u.username);
    expect(names.filter((n) => n.startsWith('adm-x'))).toEqual([]);
  });

  it('changes roles and scopes with optimistic concurrency (stale version → 409 with the current record)', async () => {
    const u = await createUser(t.sql, { username: 'adm-target', roles: ['viewer'] });
    const changed = await json<UserRecord>(await admin.patch(`/api/admin/users/${u.id}`, { version: 1, roles: ['inspector'], scopes: ['608'], displayName: 'Kiểm tra viên' }));
    expect(changed).toMatchObject({ roles: ['inspector'], scopes: [{ code: '608' }], displayName: 'Kiểm tra viên', version: 2 });

    const stale = await admin.patch(`/api/admin/users/${u.id}`, { version: 1, roles: ['viewer'] });
    const e = await errorOf(stale);
    expect([e.status, e.code]).toEqual([409, 'version_conflict']);
    expect(e.vi).toMatch(/người khác thay đổi/);
    expect(e.body.current).toMatchObject({ id: u.id, roles: ['inspector'], version: 2 });
    expect((await userByName('adm-target')).roles).toEqual(['inspector']);

    const [audit] = await t.sql<{ before: Record<string, unknown>; after: Record<string, unknown> }[]>`
      SELECT before, after FROM audit_log WHERE entity = 'app_user' AND entity_id = ${String(u.id)} ORDER BY id DESC LIMIT 1`;
    expect(audit!.before).toMatchObject({ roles: ['viewer'], scopes: [], version: 1 });
    expect(audit!.after).toMatchObject({ roles: ['inspector'], scopes: ['608'], version: 2 });

    expect((await errorOf(await admin.patch('/api/admin/users/999999', { version: 1, displayName: 'X' }))).status).toBe(404);
    expect((await errorOf(await admin.patch(`/api/admin/users/${u.id}`, { displayName: 'no version' }))).status).toBe(400); // schema faults are 400 invalid_input on every route (test/api/validation.test.ts); 422 is for rules on the records
    expect((await errorOf(await admin.patch(`/api/admin/users/${u.id}`, { version: 2, scopes: [] }))).en).toMatch(/needs a scope/);
  });

  it('disables an account: its sessions end and it cannot sign in; enabling lets it back', async () => {
    const u = await createUser(t.sql, { username: 'adm-leaver', roles: ['viewer'] });
    const c = await signedIn(t.app, 'adm-leaver');
    await json(await admin.patch(`/api/admin/users/${u.id}`, { version: 1, disabled: true }));
    expect(((await (await c.get('/api/auth/me')).json()) as MeResponse).user).toBeNull();
    expect((await new Client(t.app).login('adm-leaver')).status).toBe(401);
    await json(await admin.patch(`/api/admin/users/${u.id}`, { version: 2, disabled: false }));
    expect((await new Client(t.app).login('adm-leaver')).status).toBe(200);
  });

  it('will not let an administrator lock themselves out', async () => {
    const me = await userByName('adm-admin');
    const disable = await errorOf(await admin.patch(`/api/admin/users/${me.id}`, { version: me.version, disabled: true }));
    expect(disable.status).toBe(422);
    expect(disable.en).toMatch(/your own/);
    const demote = await errorOf(await admin.patch(`/api/admin/users/${me.id}`, { version: me.version, roles: ['viewer'] }));
    expect(demote.status).toBe(422);
    // another administrator may be disabled while one remains
    const other = await userByName('adm-admin2');
    await json(await admin.patch(`/api/admin/users/${other.id}`, { version: other.version, roles: ['viewer'] }));
    await json(await admin.patch(`/api/admin/users/${other.id}`, { version: other.version + 1, roles: ['admin', 'viewer'] }));
  });

  it('resets a password: sessions end, the old password stops working, the new one must be replaced', async () => {
    const u = await createUser(t.sql, { username: 'adm-forgetful', roles: ['viewer'] });
    const c = await signedIn(t.app, 'adm-forgetful');
    const r = await json<UserWithPassword>(await admin.post(`/api/admin/users/${u.id}/password`, { version: 1 }));
    expect(r.password).toBeTruthy();
    expect(r.user).toMatchObject({ mustChangePassword: true, version: 2 });
    expect(((await (await c.get('/api/auth/me')).json()) as MeResponse).user).toBeNull();
    expect((await new Client(t.app).login('adm-forgetful', TEST_PASSWORD)).status).toBe(401);
    const again = new Client(t.app);
    expect((await again.login('adm-forgetful', r.password!)).status).toBe(200);
    expect(again.me!.user!.mustChangePassword).toBe(true);
    expect((await errorOf(await admin.post(`/api/admin/users/${u.id}/password`, { version: 1 }))).status).toBe(409);
    const [audit] = await t.sql<{ after: Record<string, unknown> }[]>`
      SELECT after FROM audit_log WHERE entity = 'app_user' AND entity_id = ${String(u.id)} ORDER BY id DESC LIMIT 1`;
    expect(audit!.after).toMatchObject({ passwordReset: true, mustChangePassword: true });
    expect(JSON.stringify(audit)).not.toContain(r.password!);
  });
});

describe(`audit trail (${TARGET})`, () => {
  it('lists newest first with filters and keyset pagination', async () => {
    const all = await json<AuditPage>(await admin.get('/api/admin/audit?username=adm-admin&entity=app_user'));
    expect(all.rows.length).toBeGreaterThanOrEqual(5);
    expect(all.rows.every((r) => r.username === 'adm-admin' && r.entity === 'app_user')).toBe(true);
    const ids = all.rows.map((r) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(all.rows[0]!.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);

    const p1 = await json<AuditPage>(await admin.get('/api/admin/audit?username=adm-admin&entity=app_user&limit=2'));
    expect(p1.rows.map((r) => r.id)).toEqual(ids.slice(0, 2));
    const p2 = await json<AuditPage>(await admin.get(`/api/admin/audit?username=adm-admin&entity=app_user&limit=2&before=${p1.nextBefore}`));
    expect(p2.rows.map((r) => r.id)).toEqual(ids.slice(2, 4));

    const creates = await json<AuditPage>(await admin.get('/api/admin/audit?username=adm-admin&action=create'));
    expect(creates.rows.length).toBeGreaterThan(0);
    expect(creates.rows.every((r) => r.action === 'create' && r.before === null)).toBe(true);

    const one = all.rows[0]!;
    const byEntity = await json<AuditPage>(await admin.get(`/api/admin/audit?entity=app_user&entityId=${one.entityId}`));
    expect(byEntity.rows.length).toBeGreaterThan(0);
    expect(byEntity.rows.every((r) => r.entityId.startsWith(one.entityId))).toBe(true);
    const byRequest = await json<AuditPage>(await admin.get(`/api/admin/audit?requestId=${encodeURIComponent(one.requestId!)}`));
    expect(byRequest.rows.map((r) => r.id)).toEqual([one.id]);

    const today = one.at.slice(0, 10);
    const dated = await json<AuditPage>(await admin.get(`/api/admin/audit?username=adm-admin&entity=app_user&from=${today}&to=${today}`));
    expect(dated.rows.map((r) => r.id)).toContain(one.id);
    const past = await json<AuditPage>(await admin.get('/api/admin/audit?username=adm-admin&from=2001-01-01&to=2001-01-31'));
    expect(past.rows).toEqual([]);

    expect((await admin.get('/api/admin/audit?limit=9999')).status).toBe(400);
    expect((await admin.get('/api/admin/audit?from=2024-02-30')).status).toBe(400);
  });

  it('exports the filtered trail as CSV', async () => {
    const page = await json<AuditPage>(await admin.get('/api/admin/audit?username=adm-admin&entity=app_user&limit=500'));
    const res = await admin.get('/api/admin/audit.csv?username=adm-admin&entity=app_user');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="nhat-ky-audit-\d{8}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).trimEnd().split('\r\n'); // the decoder drops the BOM
    expect(lines[0]).toBe('id,at,user_id,username,action,entity,entity_id,before,after,request_id,ip');
    expect(lines).toHaveLength(page.rows.length + 1);
    expect(lines[1]!.split(',').slice(0, 7)).toEqual([
      String(page.rows[0]!.id), page.rows[0]!.at, String(page.rows[0]!.userId), 'adm-admin', page.rows[0]!.action, 'app_user', page.rows[0]!.entityId,
    ]);
  });

  it('cannot be changed or deleted through the API', async () => {
    const [row] = await t.sql<{ id: string }[]>`SELECT id::text FROM audit_log ORDER BY id DESC LIMIT 1`;
    const before = await t.sql`SELECT * FROM audit_log WHERE id = ${row!.id}`;
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) {
      for (const path of [`/api/admin/audit/${row!.id}`, '/api/admin/audit', '/api/admin/audit.csv']) {
        const res = await admin.request(method, path, { body: { after: null } });
        expect([404, 405], `${method} ${path}`).toContain(res.status);
      }
    }
    expect(await t.sql`SELECT * FROM audit_log WHERE id = ${row!.id}`).toEqual(before);
  });

  it('is append-only in the database itself (UPDATE, DELETE, TRUNCATE refused)', async () => {
    const [row] = await t.sql<{ id: string }[]>`SELECT id::text FROM audit_log ORDER BY id DESC LIMIT 1`;
    await expect(t.sql`UPDATE audit_log SET username = 'someone else' WHERE id = ${row!.id}`).rejects.toThrow(/append-only/);
    await expect(t.sql`DELETE FROM audit_log WHERE id = ${row!.id}`).rejects.toThrow(/append-only/);
    await expect(t.sql`TRUNCATE audit_log`).rejects.toThrow(/append-only/);
    const [still] = await t.sql`SELECT 1 FROM audit_log WHERE id = ${row!.id}`;
    expect(still).toBeTruthy();
  });
});

/** Issue 13 #1: the audit trail over more than a thousand rows (ids of 3 and 4 digits and more). */
describe(`audit trail at scale: order, keyset paging, CSV (${TARGET})`, () => {
  const ENTITY = 'audit_probe';
  let probeIds: number[] = [];

  beforeAll(async () => {
    // enough rows that ids cross a power of ten (999 → 1000) and the CSV spans several batches
    const [{ max }] = (await t.sql<{ max: string | null }[]>`SELECT max(id)::text AS max FROM audit_log`) as unknown as [{ max: string | null }];
    const current = Number(max ?? 0);
    const nextPow = 10 ** Math.max(3, String(current).length);
    const n = Math.max(2_600, nextPow - current + 200);
    const rows = await t.sql<{ id: string }[]>`
      INSERT INTO audit_log (action, entity, entity_id, after)
      SELECT 'create', ${ENTITY}, g::text, jsonb_build_object('n', g) FROM generate_series(1, ${n}::int) g
      RETURNING id::text AS id`;
    probeIds = rows.map((r) => Number(r.id)).sort((a, b) => b - a);
  }, 120_000);

  it('lists the newest rows first (ids compared as numbers, not text)', async () => {
    const [{ top }] = (await t.sql<{ top: string }[]>`SELECT max(id)::text AS top FROM audit_log`) as unknown as [{ top: string }];
    const p = await json<AuditPage>(await admin.get('/api/admin/audit?limit=3'));
    expect(p.rows.map((r) => r.id)).toEqual([Number(top), Number(top) - 1, Number(top) - 2]);
    const probe = await json<AuditPage>(await admin.get(`/api/admin/audit?entity=${ENTITY}&limit=5`));
    expect(probe.rows.map((r) => r.id)).toEqual(probeIds.slice(0, 5));
  });

  it('pages without gaps or repeats while new rows are written between pages', async () => {
    const seen: number[] = [];
    let before: number | null = null;
    let extra = 0;
    for (let guard = 0; guard < 100; guard++) {
      const q: string = `/api/admin/audit?entity=${ENTITY}&limit=400${before ? `&before=${before}` : ''}`;
      const p = await json<AuditPage>(await admin.get(q));
      seen.push(...p.rows.map((r) => r.id));
      // a concurrent writer: newer rows appear while the administrator pages
      await t.sql`INSERT INTO audit_log (action, entity, entity_id) VALUES ('create', ${ENTITY}, ${`late-${guard}`})`;
      extra++;
      if (p.nextBefore === null) break;
      before = p.nextBefore;
    }
    expect(extra).toBeGreaterThan(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(probeIds);
    probeIds = (await t.sql<{ id: string }[]>`SELECT id::text AS id FROM audit_log WHERE entity = ${ENTITY}`).map((r) => Number(r.id)).sort((a, b) => b - a);
  });

  it('exports each row exactly once, newest first', async () => {
    const res = await admin.get(`/api/admin/audit.csv?entity=${ENTITY}`);
    expect(res.status).toBe(200);
    const lines = (await res.text()).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    const ids = lines.slice(1).map((l) => Number(l.split(',')[0]));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(probeIds);

    const all = await admin.get('/api/admin/audit.csv');
    const allIds = (await all.text()).trimEnd().split('\r\n').slice(1).map((l) => Number(l.split(',')[0]));
    const [{ n }] = (await t.sql<{ n: string }[]>`SELECT count(*)::text AS n FROM audit_log`) as unknown as [{ n: string }];
    expect(new Set(allIds).size).toBe(allIds.length);
    expect(allIds.length).toBe(Number(n));
    expect(allIds).toEqual([...allIds].sort((a, b) => b - a));
  });
});
