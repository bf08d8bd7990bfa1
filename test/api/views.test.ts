/**
 * Saved views and briefings: who may write them (planners, editors, admins; viewers and inspectors
 * refused, anonymous 401), the print CLI's contract of GET /api/briefings/:id, reorder and edit as
 * one versioned write (409 with the current briefing when stale), the audit trail, and bad input
 * (unknown link parameters, control characters, too long, too many) refused with 400 and nothing
 * written. Writes only saved_view / briefing rows (deleted at the end). Both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BriefingOut, BriefingSummary, SavedView } from '../../server/domain/views.ts';
import { authTestApp, Client, createUser, errorOf, signedIn, TARGET, type AuthTestApp } from '../helpers/auth.ts';

let t: AuthTestApp;
const c: Record<string, Client> = {};
const suffix = `${TARGET}-${Date.now().toString(36)}`;

beforeAll(async () => {
  t = await authTestApp();
  for (const [name, role] of [['planner', 'planner'], ['editor', 'editor'], ['admin', 'admin'], ['viewer', 'viewer'], ['inspector', 'inspector']] as const) {
    await createUser(t.sql, { username: `vw-${name}-${suffix}`, roles: [role], scopes: role === 'viewer' || role === 'admin' ? [] : ['62'] });
    c[name] = await signedIn(t.app, `vw-${name}-${suffix}`);
  }
  c.anonymous = new Client(t.app, '10.15.0.9');
});

afterAll(async () => {
  await t.sql`DELETE FROM briefing WHERE title LIKE ${`%${suffix}%`}`;
  await t.sql`DELETE FROM saved_view WHERE name LIKE ${`%${suffix}%`}`;
});

const Q1 = 'map=9.2/14.4/107.9&year=2023&layers=communes,districts';
const Q2 = 'map=11/14.35/108/&year=2020&style=change&compare=2018';
const Q3 = 'year=2025&style=level&sel=commune:23245&palette=contrast';

const counts = async () => {
  const [r] = await t.sql<{ views: number; briefings: number; items: number }[]>`
    SELECT (SELECT count(*) FROM saved_view)::int AS views, (SELECT count(*) FROM briefing)::int AS briefings, (SELECT count(*) FROM briefing_item)::int AS items`;
  return r!;
};

describe(`saved views (${TARGET})`, () => {
  it('planners, editors and admins save, rename and delete views; anyone reads them', async () => {
    const made: SavedView[] = [];
    for (const who of ['planner', 'editor', 'admin']) {
      const res = await c[who]!.post('/api/views', { name: `Tiến độ NTM 2023 (${who}) ${suffix}`, query: Q1 });
      expect(res.status, who).toBe(201);
      made.push((await res.json()) as SavedView);
    }
    expect(made[0]).toMatchObject({ query: Q1, version: 1, updatedBy: `vw-planner-${suffix}` });

    const anon = (await (await c.anonymous!.get('/api/views')).json()) as SavedView[];
    const mine = anon.filter((v) => v.name.endsWith(suffix));
    expect(mine.map((v) => v.id).sort()).toEqual(made.map((v) => v.id).sort());
    expect(mine.every((v) => v.updatedBy === null), 'no usernames for anonymous readers').toBe(true);
    expect(((await (await c.anonymous!.get(`/api/views/${made[0]!.id}`)).json()) as SavedView).query).toBe(Q1);

    const put = await c.editor!.put(`/api/views/${made[0]!.id}`, { name: `Đổi tên ${suffix}`, query: Q2, version: 1 });
    expect(put.status).toBe(200);
    expect((await put.json()) as SavedView).toMatchObject({ name: `Đổi tên ${suffix}`, query: Q2, version: 2, updatedBy: `vw-editor-${suffix}` });

    const stale = await c.planner!.put(`/api/views/${made[0]!.id}`, { name: 'x', query: '', version: 1 });
    const err = await errorOf(stale);
    expect([err.status, err.code]).toEqual([409, 'version_conflict']);
    expect((err.body as { current: SavedView }).current.version).toBe(2);

    const audit = await t.sql<{ action: string; username: string }[]>`
      SELECT action, username FROM audit_log WHERE entity = 'saved_view' AND entity_id = ${String(made[0]!.id)} ORDER BY id`;
    expect(audit.map((a) => `${a.action}:${a.username}`)).toEqual([`create:vw-planner-${suffix}`, `update:vw-editor-${suffix}`]);

    expect((await c.admin!.request('DELETE', `/api/views/${made[0]!.id}?version=2`)).status).toBe(200);
    expect((await errorOf(await c.anonymous!.get(`/api/views/${made[0]!.id}`))).status).toBe(404);
  });

  it('viewers and inspectors are refused with 403, anonymous callers with 401, in both languages', async () => {
    for (const who of ['viewer', 'inspector']) {
      const e = await errorOf(await c[who]!.post('/api/views', { name: `x ${suffix}`, query: '' }));
      expect([e.status, e.code], who).toEqual([403, 'forbidden']);
      expect(e.vi).toMatch(/lập kế hoạch/);
      expect(e.en).toMatch(/planner/);
    }
    expect((await errorOf(await c.anonymous!.post('/api/views', { name: `x ${suffix}`, query: '' }))).status).toBe(401);
  });

  it('refuses links with unknown parameters or odd characters, names too long or empty: 400, nothing written', async () => {
    const before = await counts();
    const bad: unknown[] = [
      { name: `a ${suffix}`, query: 'year=2023&token=abc' },
      { name: `a ${suffix}`, query: 'year=2023"><script>' },
      { name: `a ${suffix}`, query: `year=2023&sel=${'x'.repeat(2001)}` },
      { name: '   ', query: '' },
      { name: 'x'.repeat(121), query: '' },
      { name: 'tab\there', query: '' },
      { name: `a ${suffix}`, query: '', extra: 1 },
      { name: `a ${suffix}` },
    ];
    for (const body of bad) {
      const e = await errorOf(await c.planner!.post('/api/views', body));
      expect([e.status, e.code], JSON.stringify(body).slice(0, 80)).toEqual([400, 'invalid_input']);
    }
    expect((await errorOf(await c.planner!.put('/api/views/999999999', { name: 'x', query: '', version: 1 }))).status).toBe(404);
    expect(await counts()).toEqual(before);
  });
});

describe(`briefings (${TARGET})`, () => {
  it('GET /api/briefings/:id is exactly { id, title, items: [{ title, note, query }] } in order; reorder and edit are one versioned write', async () => {
    const body = {
      title: `Họp giao ban tháng 11 ${suffix}`,
      items: [
        { title: 'Toàn tỉnh 2023', note: 'Số xã đạt chuẩn NTM', query: Q1 },
        { title: 'Thay đổi 2018–2020', note: 'Tiêu chí tăng, giảm', query: Q2 },
        { title: 'Mức độ 2025', query: Q3 },
      ],
    };
    const res = await c.planner!.post('/api/briefings', body);
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };

    const got = (await (await c.anonymous!.get(`/api/briefings/${id}`)).json()) as BriefingOut;
    expect(got).toEqual({ id, title: body.title, items: [body.items[0], body.items[1], { ...body.items[2], note: '' }] });
    expect(Object.keys(got).sort()).toEqual(['id', 'items', 'title']);

    const list = (await (await c.anonymous!.get('/api/briefings')).json()) as BriefingSummary[];
    expect(list.find((b) => b.id === id)).toMatchObject({ title: body.title, itemCount: 3, version: 1, updatedBy: null });

    // reorder (third first), edit a note, drop the second
    const next = { title: body.title, version: 1, items: [{ ...got.items[2]!, note: 'Mục tiêu 2025' }, got.items[0]!] };
    const put = await c.editor!.put(`/api/briefings/${id}`, next);
    expect(put.status).toBe(200);
    expect(((await put.json()) as { version: number }).version).toBe(2);
    const after = (await (await c.anonymous!.get(`/api/briefings/${id}`)).json()) as BriefingOut;
    expect(after.items.map((i) => [i.title, i.note])).toEqual([['Mức độ 2025', 'Mục tiêu 2025'], ['Toàn tỉnh 2023', 'Số xã đạt chuẩn NTM']]);

    const stale = await errorOf(await c.admin!.put(`/api/briefings/${id}`, { ...next, version: 1 }));
    expect([stale.status, stale.code]).toEqual([409, 'version_conflict']);
    expect((stale.body as { current: BriefingOut & { version: number } }).current.items).toHaveLength(2);

    const audit = await t.sql<{ action: string; before: { items: unknown[] } | null; after: { items: unknown[] } | null }[]>`
      SELECT action, before, after FROM audit_log WHERE entity = 'briefing' AND entity_id = ${String(id)} ORDER BY id`;
    expect(audit.map((a) => [a.action, a.before?.items.length ?? null, a.after?.items.length ?? null])).toEqual([['create', null, 3], ['update', 3, 2]]);

    expect((await errorOf(await c.viewer!.request('DELETE', `/api/briefings/${id}?version=2`))).status).toBe(403);
    expect((await c.admin!.request('DELETE', `/api/briefings/${id}?version=2`)).status).toBe(200);
    expect((await errorOf(await c.anonymous!.get(`/api/briefings/${id}`))).status).toBe(404);
    const left = await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM briefing_item WHERE briefing_id = ${id}`;
    expect(left[0]!.n).toBe(0);
  });

  it('a bad item anywhere in the list refuses the whole briefing (400, nothing written); 51 views are too many', async () => {
    const before = await counts();
    const good = { title: 'ok', note: '', query: Q1 };
    const cases: unknown[] = [
      { title: `b ${suffix}`, items: [good, { title: 'x', note: '', query: 'year=2023&foo=bar' }] },
      { title: `b ${suffix}`, items: [good, { title: '', note: '', query: Q1 }] },
      { title: `b ${suffix}`, items: [good, { title: 'x', note: 'n'.repeat(2001), query: Q1 }] },
      { title: `b ${suffix}`, items: Array.from({ length: 51 }, () => good) },
      { title: `b ${suffix}`, items: 'not a list' },
      { title: `b\u0000 ${suffix}`, items: [] },
    ];
    for (const body of cases) {
      const e = await errorOf(await c.planner!.post('/api/briefings', body));
      expect([e.status, e.code]).toEqual([400, 'invalid_input']);
      expect(e.vi).toBe('Dữ liệu gửi lên không hợp lệ');
    }
    expect(await counts()).toEqual(before);
  });
});
