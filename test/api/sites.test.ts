/**
 * POST /api/sites/search and /api/sites/buffer: every constraint of the site finder is
 * proven with a known lô (read from the seeded data, never hard-coded) that the constraint keeps
 * and one setting that drops it; distances are checked against an independent geodesic query;
 * the score against the shared formula; the target against the 2023 targets of report 000.
 * Read-only: nothing is written. Runs on the embedded database and PostgreSQL.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import type { PendingQuery, Row, Sql } from 'postgres';
import figures from '../fixtures/kontum-figures.json' with { type: 'json' };
import { siteScore, type BufferResponse, type SiteSearchInput, type SiteSearchResponse } from '../../server/domain/planner.ts';
import { testApi } from '../helpers/api.ts';

let app: Hono;
let sql: Sql;

interface Lot {
  id: number;
  tk: number;
  commune: string;
  district: string;
  dtich: number;
  ldlr: string;
  fn: string;
  owner: string;
}
/** A never-planted lô of unforested production land in Kon Tum city. */
let bare: Lot;
/** A lô whose latest planting (2021) was rejected and never replanted. */
let rejected: Lot;
/** A lô planted in 2021 whose planting was accepted. */
let accepted: Lot;

async function search(body: SiteSearchInput): Promise<SiteSearchResponse> {
  const res = await app.request('http://localhost/api/sites/search', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`search ${JSON.stringify(body)} → ${res.status}: ${text}`);
  return JSON.parse(text) as SiteSearchResponse;
}
const ids = (r: SiteSearchResponse) => r.rows.map((x) => x.plotId);

async function lot(where: PendingQuery<Row[]>): Promise<Lot> {
  const [r] = await sql<{ id: string; tk: number; commune_code: string; district: string; dtich: number; ldlr: string; forest_function: string; owner_kind: string }[]>`
    SELECT p.id, p.tk, p.commune_code, c.parent_code AS district, p.dtich::float8 AS dtich, p.ldlr, p.forest_function, p.owner_kind
    FROM forest_plot p JOIN admin_unit c ON c.code = p.commune_code
    WHERE p.owner_kind IS NOT NULL AND ${where}
    ORDER BY p.id LIMIT 1`;
  if (!r) throw new Error('demo data lack the lô this test needs');
  return { id: Number(r.id), tk: r.tk, commune: r.commune_code, district: r.district, dtich: r.dtich, ldlr: r.ldlr, fn: r.forest_function, owner: r.owner_kind };
}

const latestResult = (sql: Sql, result: string) => sql`
  (SELECT i.result FROM planting g JOIN inspection i ON i.planting_id = g.id WHERE g.plot_id = p.id
   ORDER BY g.year DESC, i.inspected_on DESC, i.id DESC LIMIT 1) = ${result}
  AND (SELECT max(year) FROM planting g WHERE g.plot_id = p.id) = 2021
  AND NOT EXISTS (SELECT 1 FROM planting g WHERE g.plot_id = p.id AND g.withdrawn_on IS NOT NULL)`;

beforeAll(async () => {
  const t = await testApi();
  app = t.app;
  sql = t.db.sql;
  bare = await lot(sql`c.parent_code = '608' AND p.ldlr IN ('DT1', 'DT2') AND p.forest_function = 'production' AND NOT EXISTS (SELECT 1 FROM planting g WHERE g.plot_id = p.id)`);
  rejected = await lot(sql`c.parent_code = '608' AND ${latestResult(sql, 'rejected')}`);
  accepted = await lot(sql`c.parent_code = '608' AND ${latestResult(sql, 'accepted')}`);
});

describe('each constraint keeps a known lô and drops it when set otherwise', () => {
  it('district', async () => {
    expect(ids(await search({ district: bare.district, tieuKhu: [bare.tk] }))).toContain(bare.id);
    expect(ids(await search({ district: bare.district === '616' ? '608' : '616', tieuKhu: [bare.tk] }))).not.toContain(bare.id);
  });

  it('communes', async () => {
    const [other] = await sql<{ code: string }[]>`SELECT code FROM admin_unit WHERE parent_code = ${bare.district} AND code <> ${bare.commune} ORDER BY code LIMIT 1`;
    expect(ids(await search({ communes: [bare.commune], tieuKhu: [bare.tk] }))).toContain(bare.id);
    expect(ids(await search({ communes: [other!.code], tieuKhu: [bare.tk] }))).not.toContain(bare.id);
  });

  it('tiểu khu', async () => {
    expect(ids(await search({ communes: [bare.commune], tieuKhu: [bare.tk, 9999] }))).toContain(bare.id);
    expect(ids(await search({ communes: [bare.commune], tieuKhu: [bare.tk + 1] }))).not.toContain(bare.id);
  });

  it('land type (ldlr), forest function and owner kind', async () => {
    const base = { communes: [bare.commune], tieuKhu: [bare.tk] };
    expect(ids(await search({ ...base, ldlr: [bare.ldlr as 'DT1'] }))).toContain(bare.id);
    expect(ids(await search({ ...base, ldlr: ['RTG', 'NN'] }))).not.toContain(bare.id);
    expect(ids(await search({ ...base, functions: ['production'] }))).toContain(bare.id);
    expect(ids(await search({ ...base, functions: ['protection', 'special_use'] }))).not.toContain(bare.id);
    expect(ids(await search({ ...base, ownerKinds: [bare.owner as 'state'] }))).toContain(bare.id);
    const others = (['state', 'commune', 'household', 'community', 'company'] as const).filter((k) => k !== bare.owner);
    expect(ids(await search({ ...base, ownerKinds: others }))).not.toContain(bare.id);
    const r = await search({ ...base, ldlr: ['DT1', 'DT2'], functions: ['production'] });
    expect(r.rows.length).toBeGreaterThan(0);
    for (const x of r.rows) {
      expect(['DT1', 'DT2']).toContain(x.ldlr);
      expect(x.forestFunction).toBe('production');
    }
  });

  it('lô area range', async () => {
    const base = { communes: [bare.commune], tieuKhu: [bare.tk] };
    expect(ids(await search({ ...base, areaMin: bare.dtich, areaMax: bare.dtich }))).toContain(bare.id);
    expect(ids(await search({ ...base, areaMin: bare.dtich + 0.01 }))).not.toContain(bare.id);
    expect(ids(await search({ ...base, areaMax: bare.dtich - 0.01 }))).not.toContain(bare.id);
  });

  it('not planted in the last N years (counted back from the plan year)', async () => {
    const base = { communes: [accepted.commune], tieuKhu: [accepted.tk], year: 2023 };
    expect(ids(await search({ ...base, notPlantedYears: 2 }))).toContain(accepted.id); // 2021 ≤ 2023 − 2
    expect(ids(await search({ ...base, notPlantedYears: 3 }))).not.toContain(accepted.id); // 2021 > 2020
    expect(ids(await search({ ...base, notPlantedYears: 3, year: 2030 }))).toContain(accepted.id);
    const row = (await search({ ...base })).rows.find((x) => x.plotId === accepted.id)!;
    expect(row.lastPlanted).toBe(2021);
    expect(row.rejectedNotReplanted).toBe(false);
  });

  it('rejected plantations never replanted: include, exclude, only', async () => {
    const base = { communes: [rejected.commune], tieuKhu: [rejected.tk], year: 2023 };
    // a rejected planting does not count as planted: the land is still bare
    const inc = await search({ ...base, notPlantedYears: 5, rejected: 'include' });
    expect(ids(inc)).toContain(rejected.id);
    expect(inc.rows.find((x) => x.plotId === rejected.id)!.rejectedNotReplanted).toBe(true);
    expect(ids(await search({ ...base, rejected: 'exclude' }))).not.toContain(rejected.id);
    const only = await search({ ...base, rejected: 'only' });
    expect(ids(only)).toContain(rejected.id);
    expect(only.rows.every((x) => x.rejectedNotReplanted)).toBe(true);
    const onlyCity = await search({ district: '608', rejected: 'only', limit: 2000, geometry: false });
    const [n] = await sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM forest_plot p JOIN admin_unit c ON c.code = p.commune_code
      WHERE c.parent_code = '608' AND (
        SELECT g.withdrawn_on IS NULL AND (SELECT i.result FROM inspection i WHERE i.planting_id = g.id ORDER BY i.inspected_on DESC, i.id DESC LIMIT 1) = 'rejected'
        FROM planting g WHERE g.plot_id = p.id ORDER BY g.year DESC LIMIT 1)`;
    expect(onlyCity.count).toBe(n!.n);
    // Đăk Rơ Wa's 2021 plantings were all rejected (report 000): its rejected lô hold at least that area
    const drw = figures.forest_planting_kon_tum_city.acceptance_2021_planting_year2.rejected_by_commune_ha['Đăk Rơ Wa'];
    const [code] = await sql<{ code: string }[]>`SELECT code FROM admin_unit WHERE name = 'Đắk Rơ Wa' OR name = 'Đăk Rơ Wa'`;
    const r = await search({ communes: [code!.code], rejected: 'only', geometry: false });
    expect(r.totalAreaHa).toBeGreaterThanOrEqual(drw - 0.005);
  });

  it('distance to the nearest village: geodesic, checked against an independent query', async () => {
    const [truth] = await sql<{ code: string; d: number }[]>`
      SELECT v.code, ST_Distance(v.geom::geography, p.geom::geography) AS d
      FROM forest_plot p, village v WHERE p.id = ${bare.id} ORDER BY 2, 1 LIMIT 1`;
    const base = { communes: [bare.commune], tieuKhu: [bare.tk] };
    const row = (await search(base)).rows.find((x) => x.plotId === bare.id)!;
    expect(row.nearestVillage!.code).toBe(truth!.code);
    expect(Math.abs(row.nearestVillage!.distanceM - truth!.d)).toBeLessThanOrEqual(1);
    const km = truth!.d / 1000;
    expect(ids(await search({ ...base, villageKm: km + 0.05 }))).toContain(bare.id);
    if (km > 0.1) expect(ids(await search({ ...base, villageKm: km - 0.05 }))).not.toContain(bare.id);
    else throw new Error(`pick a lô farther from villages (${truth!.d} m)`);
  });

  it('distance to a chosen point', async () => {
    const [v] = await sql<{ lon: number; lat: number; d: number }[]>`
      SELECT ST_X(v.geom) AS lon, ST_Y(v.geom) AS lat, ST_Distance(v.geom::geography, p.geom::geography) AS d
      FROM forest_plot p, village v WHERE p.id = ${bare.id} AND v.commune_code = ${bare.commune} ORDER BY 3 DESC LIMIT 1`;
    const km = v!.d / 1000;
    const inc = await search({ point: { lon: v!.lon, lat: v!.lat, km: km + 0.05 } });
    const row = inc.rows.find((x) => x.plotId === bare.id)!;
    expect(row).toBeDefined();
    expect(Math.abs(row.pointDistanceM! - v!.d)).toBeLessThanOrEqual(1);
    for (const x of inc.rows) expect(x.pointDistanceM!).toBeLessThanOrEqual((km + 0.05) * 1000 + 1);
    expect(ids(await search({ point: { lon: v!.lon, lat: v!.lat, km: km - 0.05 } }))).not.toContain(bare.id);
  });
});

describe('score, totals and target', () => {
  it('the score is the weighted mean of its components (the shared formula), best first', async () => {
    const weights = { area: 2, access: 1, point: 0, bare: 0.5 };
    const r = await search({ district: '608', ldlr: ['DT1', 'DT2', 'DTR'], functions: ['production'], weights, geometry: false });
    expect(r.rows.length).toBeGreaterThan(5);
    for (const x of r.rows) {
      expect(Math.abs(x.score - siteScore(x.components, weights))).toBeLessThanOrEqual(0.11);
      for (const v of [x.components.area, x.components.access, x.components.bare]) expect(v).toBeGreaterThanOrEqual(0), expect(v).toBeLessThanOrEqual(1);
    }
    for (let i = 1; i < r.rows.length; i++) expect(r.rows[i - 1]!.score).toBeGreaterThanOrEqual(r.rows[i]!.score);
    // only the area counts: largest lô first
    const byArea = await search({ district: '608', ldlr: ['DT1', 'DT2'], weights: { area: 1, access: 0, point: 0, bare: 0 }, geometry: false });
    for (let i = 1; i < byArea.rows.length; i++) expect(byArea.rows[i - 1]!.areaHa).toBeGreaterThanOrEqual(byArea.rows[i]!.areaHa);
  });

  it('count and total area cover every match; rows stop at the limit', async () => {
    const all = await search({ district: '608', ldlr: ['DT1', 'DT2'], limit: 2000, geometry: false });
    const [truth] = await sql<{ n: number; ha: number }[]>`
      SELECT count(*)::int AS n, sum(p.dtich)::float8 AS ha FROM forest_plot p JOIN admin_unit c ON c.code = p.commune_code
      WHERE c.parent_code = '608' AND p.ldlr IN ('DT1', 'DT2')`;
    expect(all.count).toBe(truth!.n);
    expect(all.totalAreaHa).toBeCloseTo(truth!.ha, 1);
    const few = await search({ district: '608', ldlr: ['DT1', 'DT2'], limit: 3 });
    expect(few.rows).toHaveLength(3);
    expect(few.count).toBe(truth!.n);
    expect(few.truncated).toBe(true);
    expect(few.rows[0]!.geometry?.type).toBe('MultiPolygon');
  });

  it('the target of the chosen commune or district for the year (report 000: 63 ha for the city, 15 for Chư Hreng)', async () => {
    const f = figures.forest_planting_kon_tum_city;
    const city = await search({ district: '608', year: 2023, ldlr: ['DT1'], limit: 1 });
    expect(city.target).toMatchObject({ unitCode: '608', year: 2023, targetHa: f.target_2023_ha });
    const [ch] = await sql<{ code: string }[]>`SELECT code FROM admin_unit WHERE name = 'Chư Hreng'`;
    const one = await search({ communes: [ch!.code], year: 2023, limit: 1 });
    expect(one.target).toMatchObject({ unitCode: ch!.code, targetHa: f.planting_plans_2023.sites_named['Chư Hreng'].new_area_ha });
    expect((await search({ tieuKhu: [568], limit: 1 })).target).toBeNull();
  });
});

describe('refusals', () => {
  it.each([
    [{ areaMin: 5, areaMax: 1 }, 'areaMin'],
    [{ ldlr: ['XYZ'] }, 'ldlr.0'],
    [{ point: { lon: 106, lat: 14.5, km: 2 } }, 'point.lon'],
    [{ villageKm: -1 }, 'villageKm'],
    [{ communes: ['abc'] }, 'communes.0'],
    [{ limit: 100000 }, 'limit'],
    [{ district: '608', extra: 1 }, ''],
  ])('%j → 400 with the field, in Vietnamese and English', async (body, path) => {
    const res = await app.request('http://localhost/api/sites/search', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(400); // schema faults are 400 invalid_input on every route (test/api/validation.test.ts); 422 is for rules on the records
    const e = (await res.json()) as { error: { code: string; message: { vi: string; en: string }; issues: { path: string }[] } };
    expect(e.error.code).toBe('invalid_input');
    expect(e.error.message.vi).toBeTruthy();
    expect(e.error.message.en).toBeTruthy();
    expect(e.error.issues.map((i) => i.path)).toContain(path);
  });
});

describe('buffers around villages', () => {
  it('returns exactly the lô within X km of the chosen villages (independent geodesic check)', async () => {
    const vs = await sql<{ code: string }[]>`
      SELECT v.code FROM village v JOIN admin_unit c ON c.code = v.commune_code WHERE c.parent_code = '608' AND v.ethnic_minority ORDER BY v.code LIMIT 2`;
    const codes = vs.map((v) => v.code);
    const km = 2.5;
    const res = await app.request(`http://localhost/api/sites/buffer?villages=${codes.join(',')}&km=${km}`);
    expect(res.status).toBe(200);
    const b = (await res.json()) as BufferResponse;
    const truth = await sql<{ id: string; d: number }[]>`
      SELECT p.id, min(ST_Distance(v.geom::geography, p.geom::geography)) AS d
      FROM forest_plot p, village v WHERE v.code IN ${sql(codes)} AND ST_Distance(v.geom::geography, p.geom::geography) <= ${km * 1000}
      GROUP BY p.id`;
    expect(b.count).toBe(truth.length);
    expect(new Set(b.rows.map((r) => r.plotId))).toEqual(new Set(truth.map((t) => Number(t.id))));
    const dist = new Map(truth.map((t) => [Number(t.id), t.d]));
    for (const r of b.rows) expect(Math.abs(r.distanceM - dist.get(r.plotId)!)).toBeLessThanOrEqual(1);
    expect(b.buffers).toHaveLength(2);
    expect(b.villages.map((v) => v.code).sort()).toEqual([...codes].sort());
    // the same through POST
    const post = await app.request('http://localhost/api/sites/buffer', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ villages: codes, km }) });
    expect(((await post.json()) as BufferResponse).count).toBe(b.count);
  });

  it('refuses bad village codes and radii (400), unknown villages (404)', async () => {
    expect((await app.request('http://localhost/api/sites/buffer?villages=x&km=2')).status).toBe(400);
    expect((await app.request('http://localhost/api/sites/buffer?villages=23329-01&km=50')).status).toBe(400);
    expect((await app.request('http://localhost/api/sites/buffer?villages=99999-99&km=1')).status).toBe(404);
  });
});
