/**
 * POST /api/inspections: roles and scopes, survival and class computed from the sample
 * plots, idempotent retries, conflicts, line-precise refusals, history kept, the latest inspection
 * styling the lô in the tiles, audit and data version — on the embedded database and PostgreSQL.
 *
 * Writes go to plantings outside Kon Tum city (district 608) that the demo data left uninspected,
 * so the report figures other test files read are untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InspectionResponse, InspectionConflict } from '../../server/domain/forest.ts';
import type { PlotDetail } from '../../server/domain/api.ts';
import { authTestApp, Client, createUser, errorOf, signedIn, TARGET, type AuthTestApp } from '../helpers/auth.ts';
import { decodeTile, tileOf } from '../helpers/mvt.ts';

let t: AuthTestApp;
const c: Record<string, Client> = {};
interface Target {
  plantingId: number;
  plotId: number;
  year: number;
  commune: string;
  district: string;
  lon: number;
  lat: number;
}
/** Uninspected, not withdrawn plantings outside Kon Tum city, each in another lô. */
let free: Target[] = [];
let withdrawn: { plantingId: number; district: string } | null = null;
let outsideDistrict = '';
let seq = 0;
const requestId = () => `test-${TARGET}-${Date.now().toString(36)}-${++seq}`;

beforeAll(async () => {
  t = await authTestApp();
  free = (
    await t.sql<{ id: string; plot_id: string; year: number; commune_code: string; district: string; lon: number; lat: number }[]>`
      SELECT g.id, g.plot_id, g.year, p.commune_code, c.parent_code AS district,
             ST_X(ST_PointOnSurface(p.geom)) AS lon, ST_Y(ST_PointOnSurface(p.geom)) AS lat
      FROM planting g JOIN forest_plot p ON p.id = g.plot_id JOIN admin_unit c ON c.code = p.commune_code
      WHERE c.parent_code <> '608' AND g.withdrawn_on IS NULL
        AND NOT EXISTS (SELECT 1 FROM inspection i WHERE i.planting_id = g.id)
        AND g.year = (SELECT max(year) FROM planting WHERE year < 2026)
        AND NOT EXISTS (SELECT 1 FROM planting h WHERE h.plot_id = g.plot_id AND h.year > g.year)
      ORDER BY c.parent_code, g.id
      LIMIT 12`
  ).map((r) => ({ plantingId: Number(r.id), plotId: Number(r.plot_id), year: r.year, commune: r.commune_code, district: r.district, lon: r.lon, lat: r.lat }));
  const district = free[0]!.district;
  free = free.filter((f) => f.district === district);
  if (free.length < 6) throw new Error(`demo data lack uninspected plantings outside Kon Tum city (found ${free.length})`);
  const [w] = await t.sql<{ id: string; district: string }[]>`
    SELECT g.id, c.parent_code AS district FROM planting g JOIN forest_plot p ON p.id = g.plot_id JOIN admin_unit c ON c.code = p.commune_code
    WHERE g.withdrawn_on IS NOT NULL ORDER BY g.id LIMIT 1`;
  withdrawn = w ? { plantingId: Number(w.id), district: w.district } : null;
  const [o] = await t.sql<{ code: string }[]>`SELECT code FROM admin_unit WHERE level = 'district' AND code NOT IN (${district}, '608') ORDER BY code LIMIT 1`;
  outsideDistrict = o!.code;
  const users: [string, Parameters<typeof createUser>[1]['roles'], string[]][] = [
    ['in-viewer', ['viewer'], []],
    ['in-editor', ['editor'], [district]],
    ['in-district', ['inspector'], [district]],
    ['in-commune', ['inspector'], [free[0]!.commune]],
    ['in-elsewhere', ['inspector'], [outsideDistrict]],
    ['in-province', ['inspector'], ['62']],
  ];
  for (const [username, roles, scopes] of users) {
    await createUser(t.sql, { username, roles, scopes });
    c[username] = await signedIn(t.app, username);
  }
});

afterAll(async () => {
  await t.sql`UPDATE app_setting SET value = '{"acceptedAbovePct": 85, "rejectedBelowPct": 50}' WHERE key = 'survival_thresholds'`;
});

const body = (g: Target, over: Record<string, unknown> = {}) => ({
  plantingId: g.plantingId,
  inspectedOn: `${g.year + 1}-11-20`,
  stage: 1,
  team: 'Tổ kiểm tra Hạt Kiểm lâm',
  lastInspectionId: null,
  clientRequestId: requestId(),
  plots: [
    { areaM2: 100, planted: 16, surviving: 14 },
    { areaM2: 100, planted: 17, surviving: 15 },
  ],
  ...over,
});
const inspectionCount = async (plantingId?: number) =>
  Number((await t.sql<{ n: string }[]>`SELECT count(*)::text AS n FROM inspection ${plantingId ? t.sql`WHERE planting_id = ${plantingId}` : t.sql``}`)[0]!.n);
const auditRows = async (id: number) =>
  t.sql<{ action: string; username: string; after: InspectionResponse }[]>`
    SELECT action, username, after FROM audit_log WHERE entity = 'inspection' AND entity_id = ${String(id)}`;
const plotsVersion = async () => Number((await t.sql<{ v: string }[]>`SELECT version::text AS v FROM data_version WHERE layer = 'plots'`)[0]!.v);

async function tileFeature(g: Target): Promise<Record<string, unknown> | null> {
  const [z, x, y] = tileOf(g.lon, g.lat, 14);
  const res = await t.app.request(`http://localhost/api/tiles/plots/${z}/${x}/${y}.mvt?plantingYear=${g.year}`);
  expect(res.status).toBe(200);
  const layer = decodeTile(new Uint8Array(await res.arrayBuffer())).plots;
  for (let i = 0; i < (layer?.length ?? 0); i++) {
    const f = layer!.feature(i);
    if (Number(f.properties.id) === g.plotId) return f.properties;
  }
  return null;
}

describe(`inspections: who may record (${TARGET})`, () => {
  it('refuses anonymous (401), viewers and editors (403) and inspectors outside their scope (403), writing nothing', async () => {
    const g = free[0]!;
    const before = await inspectionCount();
    const anon = await errorOf(await new Client(t.app).post('/api/inspections', body(g)));
    expect([anon.status, anon.code]).toEqual([401, 'not_signed_in']);
    for (const u of ['in-viewer', 'in-editor']) {
      const e = await errorOf(await c[u]!.post('/api/inspections', body(g)));
      expect([e.status, e.code]).toEqual([403, 'forbidden']);
    }
    const out = await errorOf(await c['in-elsewhere']!.post('/api/inspections', body(g)));
    expect([out.status, out.code]).toEqual([403, 'out_of_scope']);
    expect(out.vi).toMatch(/ngoài phạm vi/);
    expect(await inspectionCount()).toBe(before);
  });

  it('refuses a request without the CSRF token (403) and an unknown planting (404)', async () => {
    const e = await errorOf(await c['in-district']!.post('/api/inspections', body(free[0]!), { noCsrf: true }));
    expect([e.status, e.code]).toEqual([403, 'csrf']);
    const nf = await errorOf(await c['in-district']!.post('/api/inspections', body(free[0]!, { plantingId: 999_999_999 })));
    expect([nf.status, nf.code]).toEqual([404, 'not_found']);
  });
});

describe(`inspections: recording (${TARGET})`, () => {
  it('computes survival = 100 × Σ surviving / Σ planted and the class, keeps it, audits it and restyles the lô', async () => {
    const g = free[0]!;
    const v0 = await plotsVersion();
    expect((await tileFeature(g))?.cls).toBe('not_inspected');
    const res = await c['in-commune']!.post('/api/inspections', body(g, { gps: [g.lon, g.lat] }));
    expect(res.status).toBe(201);
    const r = (await res.json()) as InspectionResponse;
    // (14 + 15) / (16 + 17) = 29 / 33 = 87.878… → 87.88 % > 85 %: accepted
    expect(r.inspection.survivalPct).toBe(87.88);
    expect(r.inspection.result).toBe('accepted');
    expect(r.cls).toBe('accepted');
    expect(r.replayed).toBe(false);
    expect(r.inspection.assessment).toMatchObject({ plots: 2, planted: 33, surviving: 29, areaM2: 200, survivingPerHa: 1450, designPerHa: 1650 });
    expect(r.inspection.samplePlots).toEqual([
      { no: 1, areaM2: 100, planted: 16, surviving: 14 },
      { no: 2, areaM2: 100, planted: 17, surviving: 15 },
    ]);
    expect(r.inspection.gpsDistanceM).toBe(0);
    expect(r.inspection.recordedBy).toBe('in-commune');
    expect(r.inspection.thresholds).toEqual({ acceptedAbovePct: 85, rejectedBelowPct: 50 });

    const [row] = await t.sql<{ survival_pct: string; result: string; created_by: number }[]>`
      SELECT survival_pct::text, result, created_by FROM inspection WHERE id = ${r.inspection.id}`;
    expect(row).toMatchObject({ survival_pct: '87.88', result: 'accepted' });
    const audit = await auditRows(r.inspection.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'create', username: 'in-commune' });
    expect(audit[0]!.after.inspection.survivalPct).toBe(87.88);
    expect(await plotsVersion()).toBe(v0 + 1);

    const tile = await tileFeature(g);
    expect(tile?.cls).toBe('accepted');
    expect(tile?.survival_pct).toBeCloseTo(87.88, 2);
    const detail = (await (await c['in-viewer']!.get(`/api/plots/${g.plotId}`)).json()) as PlotDetail;
    const planting = detail.plantings.find((p) => p.id === g.plantingId)!;
    expect(planting.cls).toBe('accepted');
    expect(planting.inspections.map((i) => i.id)).toEqual([r.inspection.id]);
  });

  it('returns the first result (200) for a retried submission and writes nothing more', async () => {
    const g = free[1]!;
    const b = body(g, { plots: [{ areaM2: 100, planted: 20, surviving: 12 }] });
    const first = await c['in-district']!.post('/api/inspections', b);
    expect(first.status).toBe(201);
    const r1 = (await first.json()) as InspectionResponse;
    const version = await plotsVersion();
    const again = await c['in-district']!.post('/api/inspections', b);
    expect(again.status).toBe(200);
    const r2 = (await again.json()) as InspectionResponse;
    expect(r2.replayed).toBe(true);
    expect(r2.inspection.id).toBe(r1.inspection.id);
    expect(r2.inspection.survivalPct).toBe(60);
    expect(r2.cls).toBe('replant');
    expect(await inspectionCount(g.plantingId)).toBe(1);
    expect(await auditRows(r1.inspection.id)).toHaveLength(1);
    expect(await plotsVersion()).toBe(version);
    // the same key for another planting is a client bug: refused
    const reuse = await errorOf(await c['in-district']!.post('/api/inspections', { ...b, plantingId: free[2]!.plantingId }));
    expect([reuse.status, reuse.code]).toEqual([422, 'idempotency_key_reused']);
  });

  it('records two simultaneous copies of one submission once', async () => {
    const g = free[2]!;
    const b = body(g);
    const [a, bRes] = await Promise.all([c['in-district']!.post('/api/inspections', b), c['in-province']!.post('/api/inspections', b)]);
    expect([a.status, bRes.status].sort()).toEqual([200, 201]);
    const ids = [(await a.json()) as InspectionResponse, (await bRes.json()) as InspectionResponse].map((r) => r.inspection.id);
    expect(ids[0]).toBe(ids[1]);
    expect(await inspectionCount(g.plantingId)).toBe(1);
  });

  it('answers 409 with the current inspection when another was recorded since, and keeps history', async () => {
    const g = free[3]!;
    const first = (await (await c['in-district']!.post('/api/inspections', body(g, { plots: [{ areaM2: 100, planted: 16, surviving: 6 }] }))).json()) as InspectionResponse;
    expect(first.inspection.result).toBe('rejected'); // 37.5 % < 50 %
    // a second inspector who loaded the lô before the first inspection was recorded
    const stale = await errorOf(await c['in-province']!.post('/api/inspections', body(g, { stage: 2, inspectedOn: `${g.year + 2}-06-01` })));
    expect([stale.status, stale.code]).toEqual([409, 'version_conflict']);
    const current = stale.body.current as InspectionConflict;
    expect(current.lastInspectionId).toBe(first.inspection.id);
    expect(current.latest?.survivalPct).toBe(37.5);
    // after reloading: recorded, the older one kept
    const res = await c['in-province']!.post('/api/inspections', body(g, { stage: 2, inspectedOn: `${g.year + 2}-06-01`, lastInspectionId: first.inspection.id }));
    expect(res.status).toBe(201);
    const second = (await res.json()) as InspectionResponse;
    expect(second.cls).toBe('accepted');
    const detail = (await (await c['in-viewer']!.get(`/api/plots/${g.plotId}`)).json()) as PlotDetail;
    const p = detail.plantings.find((x) => x.id === g.plantingId)!;
    expect(p.inspections.map((i) => [i.stage, i.result])).toEqual([
      [1, 'rejected'],
      [2, 'accepted'],
    ]);
    expect(p.cls).toBe('accepted');
    expect((await tileFeature(g))?.cls).toBe('accepted');
  });

  it('derives planted from the design density when the plot gives that instead of a count', async () => {
    const g = free[4]!;
    const res = await c['in-district']!.post('/api/inspections', body(g, { plots: [{ areaM2: 500, designPerHa: 1660, surviving: 70 }] }));
    expect(res.status).toBe(201);
    const r = (await res.json()) as InspectionResponse;
    // 1660 × 500 / 10 000 = 83 trees; 70 / 83 = 84.34 %: replant (not above 85)
    expect(r.inspection.samplePlots[0]).toEqual({ no: 1, areaM2: 500, planted: 83, surviving: 70 });
    expect(r.inspection.survivalPct).toBe(84.34);
    expect(r.inspection.result).toBe('replant');
  });

  it('decides the class with the thresholds in the settings', async () => {
    const g = free[5]!;
    await t.sql`UPDATE app_setting SET value = '{"acceptedAbovePct": 90, "rejectedBelowPct": 40}' WHERE key = 'survival_thresholds'`;
    try {
      const r = (await (await c['in-district']!.post('/api/inspections', body(g))).json()) as InspectionResponse;
      expect(r.inspection.survivalPct).toBe(87.88);
      expect(r.inspection.result).toBe('replant'); // 87.88 is not above 90
      expect(r.inspection.thresholds).toEqual({ acceptedAbovePct: 90, rejectedBelowPct: 40 });
    } finally {
      await t.sql`UPDATE app_setting SET value = '{"acceptedAbovePct": 85, "rejectedBelowPct": 50}' WHERE key = 'survival_thresholds'`;
    }
  });
});

describe(`inspections: refusals (${TARGET})`, () => {
  const refuse = async (over: Record<string, unknown>) => {
    const before = await inspectionCount();
    const e = await errorOf(await c['in-district']!.post('/api/inspections', body(free[0]!, { lastInspectionId: null, ...over })));
    expect(await inspectionCount()).toBe(before);
    return e as Awaited<ReturnType<typeof errorOf>> & { body: { error: { issues?: { path: string; message: string }[] } } };
  };

  it('refuses surviving > planted with the number of the sample plot', async () => {
    const e = await refuse({ plots: [{ areaM2: 100, planted: 16, surviving: 14 }, { areaM2: 100, planted: 16, surviving: 18 }] });
    expect([e.status, e.code]).toEqual([400, 'invalid_input']); // schema faults are 400 invalid_input on every route (test/api/validation.test.ts); 422 is for rules on the records
    const issue = e.body.error.issues!.find((i) => i.path === 'plots.1.surviving');
    expect(issue?.message).toContain('ô tiêu chuẩn 2');
    expect(issue?.message).toContain('Surviving (18) exceeds planted (16) in sample plot 2');
  });

  it('refuses zero planted, a plot without planted or density, no plots at all and a missing list', async () => {
    const zero = await refuse({ plots: [{ areaM2: 100, planted: 0, surviving: 0 }] });
    expect(zero.status).toBe(400);
    expect(zero.body.error.issues!.some((i) => i.path === 'plots.0.planted' && /greater than 0/.test(i.message))).toBe(true);
    const none = await refuse({ plots: [{ areaM2: 100, surviving: 3 }] });
    expect(none.body.error.issues!.some((i) => i.path === 'plots.0.planted' && /missing/.test(i.message))).toBe(true);
    const empty = await refuse({ plots: [] });
    expect(empty.body.error.issues!.some((i) => i.path === 'plots' && /At least one sample plot/.test(i.message))).toBe(true);
    const missing = await refuse({ plots: undefined });
    expect(missing.body.error.issues!.some((i) => i.path === 'plots')).toBe(true);
  });

  it('refuses a future date, a date before the planting year, a missing lastInspectionId and unknown fields', async () => {
    const future = await refuse({ inspectedOn: '2999-01-01' });
    expect(future.body.error.issues!.some((i) => i.path === 'inspectedOn' && /future/.test(i.message))).toBe(true);
    const early = await refuse({ inspectedOn: `${free[0]!.year - 1}-12-31` });
    expect([early.status, early.code]).toEqual([422, 'unprocessable']);
    expect(early.en).toMatch(/before the planting year/);
    const noLast = await refuse({ lastInspectionId: undefined });
    expect(noLast.body.error.issues!.some((i) => i.path === 'lastInspectionId')).toBe(true);
    const extra = await refuse({ survivalPct: 100 });
    expect(extra.status).toBe(400);
  });

  it('refuses inspecting a withdrawn planting', async () => {
    if (!withdrawn) return;
    const e = await errorOf(
      await c['in-province']!.post('/api/inspections', { ...body(free[0]!), plantingId: withdrawn.plantingId, inspectedOn: '2023-01-10' }),
    );
    expect([e.status, e.code]).toEqual([422, 'unprocessable']);
    expect(e.en).toMatch(/withdrawn/);
  });
});

describe(`inspections: reading (${TARGET})`, () => {
  it('serves one inspection with its computation, and 404 for an unknown one', async () => {
    const [row] = await t.sql<{ id: string }[]>`SELECT max(id)::text AS id FROM inspection WHERE planting_id = ${free[0]!.plantingId}`;
    const res = await c['in-viewer']!.get(`/api/inspections/${row!.id}`);
    expect(res.status).toBe(200);
    const r = (await res.json()) as InspectionResponse['inspection'];
    expect(r.assessment.survivalPct).toBe(r.survivalPct);
    expect(r.plotLabel).toMatch(/^TK \d+ · K \d+ · L \w+$/);
    expect((await c['in-viewer']!.get('/api/inspections/999999999')).status).toBe(404);
  });

  it('stores photos and serves them back', async () => {
    const g = free[6] ?? free[5]!;
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    const last = (await t.sql<{ id: string | null }[]>`SELECT max(id)::text AS id FROM inspection WHERE planting_id = ${g.plantingId}`)[0]!.id;
    const res = await c['in-district']!.post(
      '/api/inspections',
      body(g, { lastInspectionId: last ? Number(last) : null, photos: [{ contentType: 'image/png', dataBase64: png.toString('base64'), caption: 'Ô số 1' }] }),
    );
    expect(res.status).toBe(201);
    const r = (await res.json()) as InspectionResponse;
    expect(r.inspection.photos).toEqual([{ no: 1, url: `/api/inspections/${r.inspection.id}/photos/1`, caption: 'Ô số 1' }]);
    const photo = await c['in-viewer']!.get(r.inspection.photos[0]!.url);
    expect(photo.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await photo.arrayBuffer()).equals(png)).toBe(true);
    // the lô panel's history lists it with the inspection
    const detail = (await (await c['in-viewer']!.get(`/api/plots/${r.inspection.plotId}`)).json()) as PlotDetail;
    const listed = detail.plantings.flatMap((p) => p.inspections).find((i) => i.id === r.inspection.id)!;
    expect(listed.photos).toEqual(r.inspection.photos);
    const others = detail.plantings.flatMap((p) => p.inspections).filter((i) => i.id !== r.inspection.id);
    expect(others.every((i) => Array.isArray(i.photos))).toBe(true);
  });
});
