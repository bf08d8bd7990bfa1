/**
 * New records after 1 July 2025 carry the new unit; history keeps the old (issue 17, migrations
 * 051–052): an inspection dated 2025-06-30 has no new unit, one dated 2025-07-01 or today has the
 * new unit of its lô's commune; a commune's plan made now has it, a district's plan has none; the
 * lô detail shows the new unit beside the old commune; the worklist filters by new unit and its
 * files carry both columns; an inspector scoped to a new unit records on lô of its old communes.
 * Both engines. The inspections and plans written here are deleted at the end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InspectionResponse } from '../../server/domain/forest.ts';
import type { WorklistResponse } from '../../server/domain/forest.ts';
import type { PlotDetail } from '../../server/domain/api.ts';
import type { PlanRecord } from '../../server/domain/planner.ts';
import { authTestApp, Client, createUser, errorOf, signedIn, TARGET, type AuthTestApp } from '../helpers/auth.ts';

let t: AuthTestApp;
interface Target { plantingId: number; plotId: number; year: number; commune: string; communeName: string; newCode: string; newName: string }
/** three uninspected plantings of one new unit's old communes, planted in 2025 or before */
let free: Target[] = [];
let outside: Target | null = null;
let inspector: Client;
let planner: Client;
const made: number[] = [];
const plans: number[] = [];
let seq = 0;
const requestId = () => `u25rec-${TARGET}-${Date.now().toString(36)}-${++seq}`;
const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10); // Vietnam's date

beforeAll(async () => {
  t = await authTestApp();
  const rows = (
    await t.sql<{ id: string; plot_id: string; year: number; commune_code: string; commune_name: string; new_code: string; new_name: string }[]>`
      SELECT g.id, g.plot_id, g.year, p.commune_code, c.name AS commune_name, n.code AS new_code, n.full_name AS new_name
      FROM planting g JOIN forest_plot p ON p.id = g.plot_id JOIN admin_unit c ON c.code = p.commune_code
      JOIN admin_unit_succession s ON s.old_code = c.code JOIN admin_unit_2025 n ON n.code = s.new_code
      WHERE c.parent_code <> '608' AND g.withdrawn_on IS NULL AND g.year <= 2025
        AND NOT EXISTS (SELECT 1 FROM inspection i WHERE i.planting_id = g.id)
        AND NOT EXISTS (SELECT 1 FROM planting h WHERE h.plot_id = g.plot_id AND h.year > g.year)
      ORDER BY c.parent_code DESC, g.id DESC
      LIMIT 40`
  ).map((r) => ({ plantingId: Number(r.id), plotId: Number(r.plot_id), year: r.year, commune: r.commune_code, communeName: r.commune_name, newCode: r.new_code, newName: r.new_name }));
  const unit = rows[0]!.newCode;
  free = rows.filter((r) => r.newCode === unit).slice(0, 3);
  outside = rows.find((r) => r.newCode !== unit) ?? null;
  if (free.length < 3 || !outside) throw new Error('demo data lack uninspected plantings for this test');
  await createUser(t.sql, { username: `u25rec-insp-${TARGET}`, roles: ['inspector'], scopes: [`2025:${unit}`] });
  inspector = await signedIn(t.app, `u25rec-insp-${TARGET}`);
  await createUser(t.sql, { username: `u25rec-plan-${TARGET}`, roles: ['planner'], scopes: ['62'] });
  planner = await signedIn(t.app, `u25rec-plan-${TARGET}`);
});

afterAll(async () => {
  if (made.length) {
    await t.sql`DELETE FROM sample_plot WHERE inspection_id IN ${t.sql(made)}`;
    await t.sql`DELETE FROM inspection WHERE id IN ${t.sql(made)}`;
  }
  if (plans.length) await t.sql`DELETE FROM planting_plan WHERE id IN ${t.sql(plans)}`;
});

const body = (g: Target, inspectedOn: string) => ({
  plantingId: g.plantingId,
  inspectedOn,
  stage: 1,
  team: 'Tổ kiểm tra xã',
  lastInspectionId: null,
  clientRequestId: requestId(),
  plots: [{ areaM2: 100, planted: 16, surviving: 15 }],
});

async function inspect(g: Target, on: string): Promise<InspectionResponse> {
  const res = await inspector.post('/api/inspections', body(g, on));
  if (res.status !== 201) throw new Error(`inspection → ${res.status}: ${await res.text()}`);
  const r = (await res.json()) as InspectionResponse;
  made.push(r.inspection.id);
  return r;
}

describe(`records after 1 July 2025 carry the new unit (${TARGET})`, () => {
  it('an inspector scoped to a new unit records on lô of its old communes; 30/6/2025 keeps the old unit only, 1/7/2025 and today carry the new one', async () => {
    const [a, b, c] = free as [Target, Target, Target];
    const before = await inspect(a, '2025-06-30');
    expect(before.inspection.unit2025).toBeNull();
    expect(before.inspection.communeCode).toBe(a.commune);
    const first = await inspect(b, '2025-07-01');
    expect(first.inspection.unit2025).toEqual({ code: b.newCode, name: expect.any(String), fullName: b.newName });
    const now = await inspect(c, today);
    expect(now.inspection.unit2025?.code).toBe(c.newCode);
    // stored in the row, in the same transaction
    const stored = await t.sql<{ id: string; unit_2025_code: string | null }[]>`
      SELECT id, unit_2025_code FROM inspection WHERE id IN ${t.sql([before.inspection.id, first.inspection.id, now.inspection.id])} ORDER BY id`;
    expect(stored.map((r) => r.unit_2025_code)).toEqual([null, b.newCode, c.newCode]);
  });

  it('…and is refused (403) on a lô of another new unit, writing nothing', async () => {
    const e = await errorOf(await inspector.post('/api/inspections', body(outside!, today)));
    expect([e.status, e.code]).toEqual([403, 'out_of_scope']);
    const [n] = await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM inspection WHERE planting_id = ${outside!.plantingId}`;
    expect(n!.n).toBe(0);
  });

  it('the lô detail names the new unit beside the old commune, and each inspection of its history its own unit', async () => {
    const b = free[1]!;
    const d = (await (await t.app.request(`http://localhost/api/plots/${b.plotId}`)).json()) as PlotDetail;
    expect(d.commune).toEqual({ code: b.commune, name: b.communeName });
    expect(d.commune2025).toMatchObject({ code: b.newCode, fullName: b.newName });
    const history = d.plantings.flatMap((g) => g.inspections);
    expect(history.find((i) => i.inspectedOn === '2025-07-01')?.unit2025?.code).toBe(b.newCode);
    const a = (await (await t.app.request(`http://localhost/api/plots/${free[0]!.plotId}`)).json()) as PlotDetail;
    expect(a.plantings.flatMap((g) => g.inspections).find((i) => i.inspectedOn === '2025-06-30')?.unit2025).toBeNull();
    // demo history (all before the date) keeps its old unit only
    const [late] = await t.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM inspection WHERE (inspected_on >= DATE '2025-07-01') <> (unit_2025_code IS NOT NULL)`;
    expect(late!.n).toBe(0);
  });

  it('a correction of the date recomputes the unit (one definition, in the database)', async () => {
    const id = made[1]!;
    await t.sql`UPDATE inspection SET inspected_on = DATE '2025-06-15' WHERE id = ${id}`;
    expect((await t.sql<{ u: string | null }[]>`SELECT unit_2025_code AS u FROM inspection WHERE id = ${id}`)[0]!.u).toBeNull();
    await t.sql`UPDATE inspection SET inspected_on = DATE '2025-07-01' WHERE id = ${id}`;
    expect((await t.sql<{ u: string | null }[]>`SELECT unit_2025_code AS u FROM inspection WHERE id = ${id}`)[0]!.u).toBe(free[1]!.newCode);
  });
});

describe(`the worklist by new unit (${TARGET})`, () => {
  it('filters the lô of the new unit\'s old communes and names both units; its CSV carries both columns', async () => {
    const all = (await (await t.app.request('http://localhost/api/forest/worklist?limit=5000')).json()) as WorklistResponse;
    const withUnit = all.rows.find((r) => r.unit2025);
    expect(withUnit).toBeTruthy();
    const code = withUnit!.unit2025!.code;
    const olds = (await t.sql<{ old_code: string }[]>`SELECT old_code FROM admin_unit_succession WHERE new_code = ${code}`).map((r) => r.old_code);
    const res = await t.app.request(`http://localhost/api/forest/worklist?limit=5000&unit2025=${code}`);
    expect(res.status).toBe(200);
    const only = (await res.json()) as WorklistResponse;
    expect(only.rows.length).toBeGreaterThan(0);
    expect(only.rows.map((r) => r.plantingId)).toEqual(all.rows.filter((r) => olds.includes(r.commune.code)).map((r) => r.plantingId));
    expect(only.rows.every((r) => r.unit2025?.code === code)).toBe(true);
    const csv = await (await t.app.request(`http://localhost/api/forest/worklist.csv?unit2025=${code}&lang=vi`)).text();
    const header = csv.split(/\r?\n/).find((l) => l.includes('Xã/phường từ 7/2025'));
    expect(header).toMatch(/Xã.*Xã\/phường từ 7\/2025/);
    expect(csv).toContain(withUnit!.unit2025!.fullName);
    const bad = await errorOf(await t.app.request('http://localhost/api/forest/worklist?unit2025=abc'));
    expect([bad.status, bad.code]).toEqual([400, 'invalid_input']);
  });
});

describe(`plans made from 1 July 2025 carry the new unit (${TARGET})`, () => {
  it('a commune\'s plan made now has its new unit; a district\'s has none; one made on 30/6/2025 (Vietnam time) none', async () => {
    const g = free[0]!;
    const res = await planner.post('/api/plans', { name: 'Kế hoạch sau sáp nhập', year: 2026, unitCode: g.commune, sites: [] });
    expect(res.status).toBe(201);
    const p = (await res.json()) as PlanRecord;
    plans.push(p.id);
    expect(p.unitCode).toBe(g.commune);
    expect(p.unit2025).toMatchObject({ code: g.newCode, fullName: g.newName });
    const [district] = await t.sql<{ parent_code: string }[]>`SELECT parent_code FROM admin_unit WHERE code = ${g.commune}`;
    const dres = await planner.post('/api/plans', { name: 'Kế hoạch của huyện', year: 2026, unitCode: district!.parent_code, sites: [] });
    const dp = (await dres.json()) as PlanRecord;
    plans.push(dp.id);
    expect(dp.unit2025).toBeNull();
    const [old] = await t.sql<{ id: string; u: string | null }[]>`
      INSERT INTO planting_plan (name, year, unit_code, created_at) VALUES ('Kế hoạch cũ', 2025, ${g.commune}, TIMESTAMPTZ '2025-06-30 16:59:00+00')
      RETURNING id, unit_2025_code AS u`;
    plans.push(Number(old!.id));
    expect(old!.u).toBeNull();
    const [first] = await t.sql<{ id: string; u: string | null }[]>`
      INSERT INTO planting_plan (name, year, unit_code, created_at) VALUES ('Kế hoạch ngày đầu', 2025, ${g.commune}, TIMESTAMPTZ '2025-06-30 17:00:00+00')
      RETURNING id, unit_2025_code AS u`;
    plans.push(Number(first!.id));
    expect(first!.u).toBe(g.newCode);
    const list = (await (await planner.get(`/api/plans?year=2026`)).json()) as PlanRecord[];
    expect(list.find((x) => x.id === p.id)?.unit2025?.code).toBe(g.newCode);
  });
});
