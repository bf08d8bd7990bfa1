/**
 * Survival thresholds are a setting: an administrator changes them through the API,
 * audited; inspections recorded afterwards are judged by the new thresholds. Other roles are refused
 * and nonsense is refused with a bilingual 400. The test restores 85 / 50 before it ends, so other
 * test files sharing the database see the defaults.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetaResponse } from '../../server/domain/api.ts';
import { authTestApp, createUser, errorOf, signedIn, TARGET, type AuthTestApp, type Client } from '../helpers/auth.ts';

const PATH = '/api/admin/settings/survival-thresholds';
let t: AuthTestApp;
let admin: Client;
let inspector: Client;

beforeAll(async () => {
  t = await authTestApp();
  await createUser(t.sql, { username: 'set-admin', roles: ['admin'] });
  await createUser(t.sql, { username: 'set-inspector', roles: ['inspector'], scopes: ['62'] });
  admin = await signedIn(t.app, 'set-admin');
  inspector = await signedIn(t.app, 'set-inspector');
});
afterAll(async () => {
  await admin?.put(PATH, { acceptedAbovePct: 85, rejectedBelowPct: 50 });
});

const meta = async () => (await (await t.app.request('http://localhost/api/meta')).json()) as MetaResponse;

describe(`survival thresholds as a setting (${TARGET})`, () => {
  it('starts at 85 / 50 and lets an administrator change them, with an audit row', async () => {
    expect(await (await admin.get(PATH)).json()).toEqual({ acceptedAbovePct: 85, rejectedBelowPct: 50 });
    const res = await admin.put(PATH, { acceptedAbovePct: 80, rejectedBelowPct: 40 });
    expect(res.status).toBe(200);
    expect((await meta()).thresholds).toEqual({ acceptedAbovePct: 80, rejectedBelowPct: 40 });
    const [audit] = await t.sql<{ username: string; before: unknown; after: unknown }[]>`
      SELECT username, before, after FROM audit_log WHERE entity = 'app_setting' AND entity_id = 'survival_thresholds'
      ORDER BY id DESC LIMIT 1`;
    expect(audit).toMatchObject({
      username: 'set-admin',
      before: { acceptedAbovePct: 85, rejectedBelowPct: 50 },
      after: { acceptedAbovePct: 80, rejectedBelowPct: 40 },
    });
  });

  it('classifies inspections recorded afterwards with the new thresholds', async () => {
    // a planting outside Kon Tum city (the report's figures stay untouched), not withdrawn
    const [p] = await t.sql<{ id: number; plot_id: number; year: number; last: number | null }[]>`
      SELECT g.id::int AS id, g.plot_id::int AS plot_id, g.year,
             (SELECT max(i.id)::int FROM inspection i WHERE i.planting_id = g.id) AS last
      FROM planting g JOIN forest_plot f ON f.id = g.plot_id JOIN admin_unit c ON c.code = f.commune_code
      WHERE c.parent_code <> '608' AND g.withdrawn_on IS NULL ORDER BY g.id LIMIT 1`;
    const res = await inspector.post('/api/inspections', {
      clientRequestId: `settings-test-${TARGET}-${Date.now()}`,
      plantingId: p!.id,
      lastInspectionId: p!.last,
      inspectedOn: '2024-06-01',
      stage: 2,
      plots: [{ areaM2: 100, planted: 100, surviving: 82 }],
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    const body = (await res.json()) as { inspection: { survivalPct: number; result: string } };
    expect(body.inspection.survivalPct).toBe(82);
    expect(body.inspection.result).toBe('accepted'); // 82 % > 80 %; under the default 85 it would be replant
  });

  it('refuses other roles, a rejection threshold not below acceptance, and unknown fields', async () => {
    expect((await inspector.put(PATH, { acceptedAbovePct: 90, rejectedBelowPct: 50 })).status).toBe(403);
    for (const bad of [{ acceptedAbovePct: 50, rejectedBelowPct: 60 }, { acceptedAbovePct: 150, rejectedBelowPct: 50 }, { acceptedAbovePct: 85, rejectedBelowPct: 50, extra: 1 }]) {
      const e = await errorOf(await admin.put(PATH, bad));
      expect(e.status, JSON.stringify(bad)).toBe(400); // schema faults are 400 invalid_input on every route (test/api/validation.test.ts); 422 is for rules on the records
      expect(e.vi.length).toBeGreaterThan(0);
      expect(e.en.length).toBeGreaterThan(0);
    }
    expect((await meta()).thresholds).toEqual({ acceptedAbovePct: 80, rejectedBelowPct: 40 });
  });
});
