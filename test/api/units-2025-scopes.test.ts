/**
 * Roles across the reorganisation of 1 July 2025: a scope on a new unit ('2025:<code>') covers
 * its old units, and a scope on an old unit covers records made for its new unit. Both engines.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { UnitOption, UserRecord } from '../../server/auth/contract.ts';
import { assertScope } from '../../server/auth/guards.ts';
import { authTestApp, Client, createUser, signedIn, TARGET, type AuthTestApp } from '../helpers/auth.ts';

let t: AuthTestApp;
let admin: Client;
let editor2025: Client;

beforeAll(async () => {
  t = await authTestApp();
  await createUser(t.sql, { username: 'u25-admin', roles: ['admin'] });
  admin = await signedIn(t.app, 'u25-admin');
  // Phường Đăk Cấm (from 1/7/2025) = Phường Duy Tân 23284, Phường Ngô Mây 23296, Xã Đắk Cấm 23311
  await createUser(t.sql, { username: 'u25-editor', roles: ['editor'], scopes: ['2025:23284'] });
  editor2025 = await signedIn(t.app, 'u25-editor');
});

describe(`scopes across 1 July 2025 (${TARGET})`, () => {
  it('a new unit\'s scope covers its old units and nothing else', async () => {
    for (const old of ['23284', '23296', '23311']) await expect(assertScope(t.sql, ['2025:23284'], 'editor', old)).resolves.toBeTruthy();
    // Phường Quang Trung is part of Phường Kon Tum, not of Phường Đăk Cấm
    await expect(assertScope(t.sql, ['2025:23284'], 'editor', '23281')).rejects.toMatchObject({ status: 403 });
    // the old code 23284 (Phường Duy Tân) alone does not reach its neighbours
    await expect(assertScope(t.sql, ['23284'], 'editor', '23311')).rejects.toMatchObject({ status: 403 });
  });

  it('an old unit\'s scope (or its district\'s) covers records made for its new unit', async () => {
    await expect(assertScope(t.sql, ['23311'], 'editor', '2025:23284')).resolves.toBeTruthy();
    await expect(assertScope(t.sql, ['608'], 'editor', '2025:23284')).resolves.toBeTruthy();
    await expect(assertScope(t.sql, ['610'], 'editor', '2025:23284')).rejects.toMatchObject({ status: 403 });
    await expect(assertScope(t.sql, ['62'], 'editor', '2025:99999')).rejects.toMatchObject({ status: 404 });
  });

  it('through HTTP: the editor of the new unit passes the scope check on an old commune of it, and not elsewhere', async () => {
    // an empty body: a permitted caller reaches validation (400), a refused one gets 403 — nothing is written
    const inside = await editor2025.put('/api/communes/23311/criteria/2023/1', {});
    expect(inside.status).toBe(400);
    const outside = await editor2025.put('/api/communes/23281/criteria/2023/1', {});
    expect(outside.status).toBe(403);
  });

  it('an administrator gives a new unit as a scope, and it is listed by its name; an unknown one is refused', async () => {
    const ok = await admin.post('/api/admin/users', { username: 'u25-new', displayName: 'Cán bộ xã mới', password: 'Mat-khau-dai-2025!', roles: ['inspector'], scopes: ['2025:23332'] });
    expect(ok.status).toBe(201);
    const u = ((await ok.json()) as { user: UserRecord }).user;
    expect(u.scopes).toEqual([{ code: '2025:23332', name: 'Xã Đăk Rơ Wa (từ 1/7/2025)', level: 'commune' }]);
    const bad = await admin.post('/api/admin/users', { username: 'u25-bad', displayName: 'x', password: 'Mat-khau-dai-2025!', roles: ['inspector'], scopes: ['2025:99999'] });
    expect(bad.status).toBe(422);
    const malformed = await admin.post('/api/admin/users', { username: 'u25-bad2', displayName: 'x', password: 'Mat-khau-dai-2025!', roles: ['inspector'], scopes: ['2024:23332'] });
    expect(malformed.status).toBe(400);
  });

  it('the scope picker\'s list holds every new unit as a scope, named as a user\'s scopes name it', async () => {
    const r = await admin.get('/api/admin/units');
    expect(r.status).toBe(200);
    const units = (await r.json()) as UnitOption[];
    const news = units.filter((u) => u.level === 'unit2025');
    const [{ n }] = await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM admin_unit_2025`;
    expect(n).toBeGreaterThan(0);
    expect(news.length).toBe(n);
    expect(news.find((u) => u.code === '2025:23284')).toEqual({ code: '2025:23284', name: 'Phường Đăk Cấm (từ 1/7/2025)', level: 'unit2025', parentCode: null });
    // the old units are still there, unchanged
    expect(units.find((u) => u.code === '23284')).toMatchObject({ level: 'commune', parentCode: '608' });
    // every listed new unit is accepted as a scope
    for (const u of news.slice(0, 3)) await expect(assertScope(t.sql, [u.code], 'editor', u.code)).resolves.toBeTruthy();
  }, 60_000);
});
