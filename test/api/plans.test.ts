/**
 * Planting plans: roles and scopes, the lô checks, idempotent creation, versioned
 * edits (409 with the current plan), the audit trail, the site finder's "already planned", and
 * the save → edit → export round trip (CSV, XLSX read back with exceljs, GeoJSON areas with turf).
 * Writes only planting_plan rows (and their audit rows): no figure other files read changes;
 * the plans made here are deleted at the end. Runs on the embedded database and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { area as turfArea } from '@turf/area';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import type { PlanRecord, PlanSummary, SiteSearchResponse } from '../../server/domain/planner.ts';
import { authTestApp, Client, createUser, errorOf, signedIn, TARGET, type AuthTestApp } from '../helpers/auth.ts';

let t: AuthTestApp;
const c: Record<string, Client> = {};
let chuHreng = '';
let saThayCommune = '';
/** Lô of tiểu khu 568 (Chư Hreng), never planted, with their areas. */
let lots: { id: number; dtich: number; label: string }[] = [];
let saThayLot = 0;
const created: number[] = [];
let seq = 0;
const key = () => `plan-${TARGET}-${Date.now().toString(36)}-${++seq}`;

beforeAll(async () => {
  t = await authTestApp();
  chuHreng = (await t.sql<{ code: string }[]>`SELECT code FROM admin_unit WHERE name = 'Chư Hreng'`)[0]!.code;
  lots = (
    await t.sql<{ id: string; dtich: number; tk: number; khoanh: number; lo: string }[]>`
      SELECT p.id, p.dtich::float8 AS dtich, p.tk, p.khoanh, p.lo FROM forest_plot p
      WHERE p.tk = 568 AND p.commune_code = ${chuHreng} AND NOT EXISTS (SELECT 1 FROM planting g WHERE g.plot_id = p.id)
      ORDER BY p.dtich, p.id LIMIT 4`
  ).map((r) => ({ id: Number(r.id), dtich: r.dtich, label: `TK ${r.tk} · K ${r.khoanh} · L ${r.lo}` }));
  if (lots.length < 4) throw new Error('demo data lack unplanted lô in tiểu khu 568');
  const [s] = await t.sql<{ id: string; commune_code: string }[]>`
    SELECT p.id, p.commune_code FROM forest_plot p JOIN admin_unit c ON c.code = p.commune_code WHERE c.parent_code = '616' ORDER BY p.id LIMIT 1`;
  saThayLot = Number(s!.id);
  saThayCommune = s!.commune_code;
  const users: [string, Parameters<typeof createUser>[1]['roles'], string[]][] = [
    ['pl-viewer', ['viewer'], []],
    ['pl-city', ['planner'], ['608']],
    ['pl-commune', ['planner'], [chuHreng]],
    ['pl-sathay', ['planner'], ['616']],
    ['pl-inspector', ['inspector'], ['608']],
  ];
  for (const [username, roles, scopes] of users) {
    await createUser(t.sql, { username: `${username}-${TARGET}`, roles, scopes });
    c[username] = await signedIn(t.app, `${username}-${TARGET}`);
  }
});

afterAll(async () => {
  if (created.length) await t.sql`DELETE FROM planting_plan WHERE id IN ${t.sql(created)}`;
});

const planBody = (over: Record<string, unknown> = {}) => ({
  name: 'Trồng rừng sản xuất TK 568',
  year: 2023,
  unitCode: chuHreng,
  species: 'Keo lai',
  funding: 'state',
  households: 9,
  note: 'Theo kế hoạch của UBND xã Chư Hreng',
  sites: [{ plotId: lots[0]!.id }, { plotId: lots[1]!.id, areaHa: Math.round(lots[1]!.dtich * 50) / 100 }],
  ...over,
});

async function createOk(client: Client, body: Record<string, unknown>): Promise<PlanRecord> {
  const res = await client.post('/api/plans', body);
  if (res.status !== 201) throw new Error(`create → ${res.status}: ${await res.text()}`);
  const p = (await res.json()) as PlanRecord;
  created.push(p.id);
  return p;
}

describe('who may save a plan', () => {
  it('anonymous 401, viewer and inspector 403, a planner outside the unit 403 out_of_scope — nothing written', async () => {
    const [before] = await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM planting_plan`;
    expect((await new Client(t.app).post('/api/plans', planBody())).status).toBe(401);
    expect((await errorOf(await c['pl-viewer']!.post('/api/plans', planBody()))).status).toBe(403);
    expect((await errorOf(await c['pl-inspector']!.post('/api/plans', planBody()))).status).toBe(403);
    const e = await errorOf(await c['pl-sathay']!.post('/api/plans', planBody()));
    expect([e.status, e.code]).toEqual([403, 'out_of_scope']);
    expect(e.vi).toBeTruthy();
    const [after] = await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM planting_plan`;
    expect(after!.n).toBe(before!.n);
  });

  it('a commune planner saves in their commune; the plan has its total and the target of report 000', async () => {
    const p = await createOk(c['pl-commune']!, planBody({ clientRequestId: key() }));
    expect(p).toMatchObject({ year: 2023, unitCode: chuHreng, unitName: 'Chư Hreng', species: 'Keo lai', funding: 'state', households: 9, version: 1, siteCount: 2, targetHa: 15 });
    const expected = lots[0]!.dtich + Math.round(lots[1]!.dtich * 50) / 100;
    expect(p.totalHa).toBeCloseTo(expected, 2);
    expect(p.sites.map((s) => s.plotId).sort()).toEqual([lots[0]!.id, lots[1]!.id].sort());
    expect(p.sites.find((s) => s.plotId === lots[0]!.id)!.areaHa).toBe(lots[0]!.dtich); // default: the whole lô
    const [audit] = await t.sql<{ action: string; username: string }[]>`SELECT action, username FROM audit_log WHERE entity = 'planting_plan' AND entity_id = ${String(p.id)}`;
    expect(audit).toMatchObject({ action: 'create', username: `pl-commune-${TARGET}` });
    await t.sql`DELETE FROM planting_plan WHERE id = ${p.id}`; // free the lô for the next tests
  });
});

describe('the lô of a plan are checked (422, bilingual)', () => {
  it.each([
    ['a lô outside the unit', () => planBody({ sites: [{ plotId: saThayLot }] })],
    ['more area than the lô has', () => planBody({ sites: [{ plotId: lots[0]!.id, areaHa: lots[0]!.dtich + 0.5 }] })],
    ['an unknown lô', () => planBody({ sites: [{ plotId: 999999999999 }] })],
  ])('%s', async (_, body) => {
    const e = await errorOf(await c['pl-city']!.post('/api/plans', body()));
    expect(e.status).toBe(422);
    expect(e.vi.length).toBeGreaterThan(5);
    expect(e.en.length).toBeGreaterThan(5);
  });

  it('a lô twice in the body, or an empty name → 400 invalid_input', async () => {
    // schema faults are 400 invalid_input on every route (test/api/validation.test.ts); 422 is for rules on the records
    expect((await c['pl-city']!.post('/api/plans', planBody({ sites: [{ plotId: lots[0]!.id }, { plotId: lots[0]!.id }] }))).status).toBe(400);
    expect((await c['pl-city']!.post('/api/plans', planBody({ name: '  ' }))).status).toBe(400);
  });
});

describe('save, edit, export: the round trip', () => {
  let plan: PlanRecord;

  it('creation is idempotent: a retried POST returns the first plan, once', async () => {
    const k = key();
    plan = await createOk(c['pl-city']!, planBody({ clientRequestId: k }));
    const again = await c['pl-city']!.post('/api/plans', planBody({ clientRequestId: k }));
    expect(again.status).toBe(200);
    expect(((await again.json()) as PlanRecord & { replayed: boolean })).toMatchObject({ id: plan.id, replayed: true });
    const [n] = await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM planting_plan WHERE client_request_id = ${k}`;
    expect(n!.n).toBe(1);
  });

  it('the plan is listed for its year and district, and read back', async () => {
    const list = (await (await c['pl-viewer']!.get('/api/plans?year=2023&unit=608')).json()) as PlanSummary[];
    expect(list.find((p) => p.id === plan.id)).toMatchObject({ siteCount: 2, unitCode: chuHreng });
    const got = (await (await new Client(t.app).get(`/api/plans/${plan.id}`)).json()) as PlanRecord;
    expect(got).toEqual({ ...plan, createdBy: null }); // anonymous readers see no usernames (issue 13 #8)
  });

  it('the site finder marks its lô as planned, and leaves them out on request (except when editing this plan)', async () => {
    const search = async (body: Record<string, unknown>) =>
      (await (await new Client(t.app).post('/api/sites/search', { tieuKhu: [568], year: 2023, geometry: false, ...body })).json()) as SiteSearchResponse;
    const all = await search({});
    expect(all.rows.find((r) => r.plotId === lots[0]!.id)!.planned).toBe(true);
    expect(all.rows.find((r) => r.plotId === lots[2]!.id)!.planned).toBe(false);
    expect((await search({ excludePlanned: true })).rows.map((r) => r.plotId)).not.toContain(lots[0]!.id);
    expect((await search({ excludePlanned: true, planId: plan.id })).rows.map((r) => r.plotId)).toContain(lots[0]!.id);
    const [ch] = await t.sql<{ code: string }[]>`SELECT code FROM admin_unit WHERE name = 'Chư Hreng'`;
    const withTarget = await search({ communes: [ch!.code] });
    expect(withTarget.target!.plannedHa).toBeCloseTo(plan.totalHa, 2);
  });

  it('another plan of the same year cannot take the same lô', async () => {
    const e = await errorOf(await c['pl-city']!.post('/api/plans', planBody({ name: 'Trùng', sites: [{ plotId: lots[0]!.id }] })));
    expect(e.status).toBe(422);
    expect(e.en).toContain(plan.name);
  });

  it('two plans naming the same lô saved at the same moment: one is saved, the other refused, the lô in one plan', async () => {
    const lot = lots[3]!.id;
    const body = (name: string) => planBody({ name, year: 2024, clientRequestId: key(), sites: [{ plotId: lot }] });
    const [a, b] = await Promise.all([c['pl-city']!.post('/api/plans', body('Đồng thời A')), c['pl-commune']!.post('/api/plans', body('Đồng thời B'))]);
    for (const res of [a, b]) if (res.status === 201) created.push(((await res.clone().json()) as PlanRecord).id);
    expect([a.status, b.status].filter((s) => s === 201)).toHaveLength(1);
    const refused = a.status === 201 ? b : a;
    expect([409, 422]).toContain(refused.status); // 422 when it saw the other plan, 409 when both checked first
    const [n] = await t.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM planting_plan_site s JOIN planting_plan p ON p.id = s.plan_id WHERE s.plot_id = ${lot} AND p.year = 2024`;
    expect(n!.n).toBe(1);
  });

  it('an edit with the version read bumps it; a stale one gets 409 with the current plan; the same values change nothing', async () => {
    const edit = planBody({ name: 'Trồng rừng TK 568 (điều chỉnh)', sites: [{ plotId: lots[0]!.id }, { plotId: lots[2]!.id }, { plotId: lots[3]!.id }], version: 1 });
    const res = await c['pl-city']!.put(`/api/plans/${plan.id}`, edit);
    expect(res.status).toBe(200);
    const v2 = (await res.json()) as PlanRecord;
    expect(v2).toMatchObject({ version: 2, siteCount: 3, name: 'Trồng rừng TK 568 (điều chỉnh)' });
    expect(v2.totalHa).toBeCloseTo(lots[0]!.dtich + lots[2]!.dtich + lots[3]!.dtich, 2);
    const stale = await errorOf(await c['pl-commune']!.put(`/api/plans/${plan.id}`, { ...edit, name: 'X' }));
    expect([stale.status, stale.code]).toEqual([409, 'version_conflict']);
    expect((stale.body as { current: PlanRecord }).current).toMatchObject({ id: plan.id, version: 2 });
    const same = (await (await c['pl-city']!.put(`/api/plans/${plan.id}`, { ...edit, version: 2 })).json()) as PlanRecord;
    expect(same.version).toBe(2);
    const audits = await t.sql<{ action: string }[]>`SELECT action FROM audit_log WHERE entity = 'planting_plan' AND entity_id = ${String(plan.id)} ORDER BY id`;
    expect(audits.map((a) => a.action)).toEqual(['create', 'update']);
    expect((await errorOf(await c['pl-sathay']!.put(`/api/plans/${plan.id}`, { ...edit, unitCode: saThayCommune, sites: [], version: 2 }))).code).toBe('out_of_scope');
    expect((await c['pl-city']!.put(`/api/plans/${plan.id}`, { ...edit, version: undefined })).status).toBe(400);
    plan = v2;
  });

  it('CSV: header, one line per lô, the total', async () => {
    const res = await new Client(t.app).get(`/api/plans/${plan.id}.csv?lang=en`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = (await res.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(1 + 3 + 1);
    expect(lines[0]).toContain('Planting area (ha)');
    for (const l of lots.filter((_, i) => i !== 1)) expect(lines.some((x) => x.includes(l.label) && x.includes(`,${l.dtich},`))).toBe(true);
    expect(lines[4]).toContain('Total (3 lô)');
    const planted = lines[0]!.split(',').indexOf('Planting area (ha)');
    expect(Number(lines[4]!.split(',')[planted])).toBeCloseTo(plan.totalHa, 2);
  });

  it('XLSX: numbers as numbers, the total row, the plan details above', async () => {
    const res = await new Client(t.app).get(`/api/plans/${plan.id}.xlsx`);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const ws = wb.worksheets[0]!;
    const values: unknown[][] = [];
    ws.eachRow((r) => values.push((r.values as unknown[]).slice(1)));
    // appendix layout (export/xlsx.ts): Biểu number, title, the plan under it; STT first; details under the table
    expect(String(values[0]![0])).toMatch(/^Biểu/);
    expect(String(values[2]![0])).toContain(plan.name);
    const header = values.findIndex((r) => r.includes('Diện tích trồng (ha)'));
    expect(header).toBeGreaterThan(0);
    expect(values[header]![0]).toBe('STT');
    // columns found by their headers, so a column added to the layout does not shift the checks
    const planted = values[header]!.indexOf('Diện tích trồng (ha)');
    const plotId = values[header]!.indexOf('Mã lô');
    const body = values.slice(header + 1, header + 5);
    expect(body.map((r) => r[0])).toEqual([1, 2, 3, undefined]);
    expect(body.slice(0, 3).map((r) => r[plotId]).sort()).toEqual(plan.sites.map((s) => s.plotId).sort());
    expect(typeof body[3]![planted]).toBe('number');
    expect(body[3]![planted] as number).toBeCloseTo(plan.totalHa, 2);
    expect(values.slice(header + 5).map((r) => String(r[0])).join('|')).toContain('Keo lai');
  });

  it('GeoJSON: one feature per lô with its outline (turf area ≈ the lô area) and the plan details', async () => {
    const res = await new Client(t.app).get(`/api/plans/${plan.id}.geojson`);
    expect(res.headers.get('content-type')).toContain('application/geo+json');
    const fc = (await res.json()) as FeatureCollection<MultiPolygon, { plotId: number; areaHa: number; lotAreaHa: number }> & { plan: { id: number; version: number } };
    expect(fc.plan).toMatchObject({ id: plan.id, version: 2 });
    expect(fc.features).toHaveLength(3);
    for (const f of fc.features) {
      const ha = turfArea(f) / 10_000;
      expect(Math.abs(ha - f.properties.lotAreaHa) / f.properties.lotAreaHa).toBeLessThan(0.01);
    }
  });

  it('delete: stale version 409, then deleted (404 afterwards)', async () => {
    expect((await errorOf(await c['pl-city']!.request('DELETE', `/api/plans/${plan.id}?version=1`))).status).toBe(409);
    expect((await errorOf(await c['pl-sathay']!.request('DELETE', `/api/plans/${plan.id}?version=2`))).code).toBe('out_of_scope');
    const res = await c['pl-city']!.request('DELETE', `/api/plans/${plan.id}?version=2`);
    expect(res.status).toBe(200);
    expect((await new Client(t.app).get(`/api/plans/${plan.id}`)).status).toBe(404);
    const [n] = await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM planting_plan_site WHERE plan_id = ${plan.id}`;
    expect(n!.n).toBe(0);
    const audits = await t.sql<{ action: string }[]>`SELECT action FROM audit_log WHERE entity = 'planting_plan' AND entity_id = ${String(plan.id)} ORDER BY id`;
    expect(audits.map((a) => a.action)).toEqual(['create', 'update', 'delete']);
  });
});
