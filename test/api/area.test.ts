/**
 * POST /api/stats/area: the analysis of a drawn polygon checked against areas computed
 * independently with turf on the same geometries (within 0.5 %: turf works on a sphere, PostGIS's
 * geography on the WGS 84 ellipsoid), a commune and a tiểu khu, planting areas against report 000,
 * villages inside, and the bilingual refusals of bad input (400 schema, 422 invalid geometry). Read-only. Both databases.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import type { Sql } from 'postgres';
import { area as turfArea } from '@turf/area';
import { bboxPolygon } from '@turf/bbox-polygon';
import { feature, featureCollection } from '@turf/helpers';
import { intersect } from '@turf/intersect';
import type { MultiPolygon, Polygon } from 'geojson';
import figures from '../fixtures/kontum-figures.json' with { type: 'json' };
import type { AreaAnalysis } from '../../server/domain/planner.ts';
import { testApi } from '../helpers/api.ts';

let app: Hono;
let sql: Sql;

async function analyse(body: unknown): Promise<{ status: number; json: unknown }> {
  const res = await app.request('http://localhost/api/stats/area', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}
async function ok(body: unknown): Promise<AreaAnalysis> {
  const r = await analyse(body);
  if (r.status !== 200) throw new Error(`area → ${r.status}: ${JSON.stringify(r.json)}`);
  return r.json as AreaAnalysis;
}
const relDiff = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-9);
/** turf's area of the intersection of two polygons, in ha. */
function turfIntersectHa(a: Polygon | MultiPolygon, b: Polygon | MultiPolygon): number {
  const i = intersect(featureCollection([feature(a), feature(b)]));
  return i ? turfArea(i) / 10_000 : 0;
}

beforeAll(async () => {
  const t = await testApi();
  app = t.app;
  sql = t.db.sql;
});

describe('a drawn polygon, checked with turf on the same geometries', () => {
  // a pentagon over the south-east of Kon Tum city (several communes, forest, villages)
  const drawn: Polygon = {
    type: 'Polygon',
    coordinates: [[[107.96, 14.25], [108.06, 14.26], [108.08, 14.33], [108.0, 14.37], [107.95, 14.31], [107.96, 14.25]]],
  };
  let a: AreaAnalysis;
  beforeAll(async () => {
    a = await ok(drawn);
  });

  it('its area', () => {
    expect(relDiff(a.areaHa, turfArea(drawn) / 10_000)).toBeLessThan(0.005);
    expect(a.source.kind).toBe('drawn');
  });

  it('communes touched: area and share of each', async () => {
    expect(a.communes.length).toBeGreaterThan(1);
    const geoms = await sql<{ code: string; g: string }[]>`
      SELECT code, ST_AsGeoJSON(geom) AS g FROM admin_unit WHERE code IN ${sql(a.communes.map((c) => c.code))}`;
    let sum = 0;
    let turfSum = 0;
    for (const c of a.communes) {
      const g = JSON.parse(geoms.find((x) => x.code === c.code)!.g) as MultiPolygon;
      const ha = turfIntersectHa(g, drawn);
      if (ha > 1) expect(relDiff(c.areaHa, ha)).toBeLessThan(0.005);
      expect(relDiff(c.shareOfCommune, ha / (turfArea(g) / 10_000))).toBeLessThan(0.005 + 0.0001 / Math.max(c.shareOfCommune, 1e-4));
      sum += c.shareOfArea;
      turfSum += ha;
    }
    // the shares add up to the part of the area inside the province (communes tile it)
    expect(Math.abs(sum - turfSum / (turfArea(drawn) / 10_000))).toBeLessThan(0.005);
  });

  it('lô by land type and by function: clipped areas', async () => {
    const lots = await sql<{ ldlr: string; forest_function: string; g: string }[]>`
      SELECT ldlr, forest_function, ST_AsGeoJSON(geom) AS g FROM forest_plot
      WHERE geom && ST_MakeEnvelope(107.95, 14.25, 108.08, 14.37, 4326)`;
    const byLdlr = new Map<string, number>();
    const byFn = new Map<string, number>();
    let n = 0;
    for (const l of lots) {
      const ha = turfIntersectHa(JSON.parse(l.g) as MultiPolygon, drawn);
      if (ha <= 0) continue;
      n++;
      byLdlr.set(l.ldlr, (byLdlr.get(l.ldlr) ?? 0) + ha);
      byFn.set(l.forest_function, (byFn.get(l.forest_function) ?? 0) + ha);
    }
    expect(a.plots.count).toBeGreaterThan(10);
    expect(Math.abs(a.plots.count - n)).toBeLessThanOrEqual(2); // slivers along the edge may round to nothing
    for (const r of a.plots.byLandType) if (r.areaHa > 1) expect(relDiff(r.areaHa, byLdlr.get(r.key)!)).toBeLessThan(0.005);
    for (const r of a.plots.byFunction) if (r.areaHa > 1) expect(relDiff(r.areaHa, byFn.get(r.key)!)).toBeLessThan(0.005);
    const total = [...byLdlr.values()].reduce((s, v) => s + v, 0);
    expect(relDiff(a.plots.areaHa, total)).toBeLessThan(0.005);
  });

  it('villages inside, with their criteria', async () => {
    const inside = await sql<{ code: string }[]>`
      SELECT code FROM village WHERE ST_Intersects(geom, ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(drawn)}), 4326)) ORDER BY code`;
    expect(a.villages.map((v) => v.code).sort()).toEqual(inside.map((v) => v.code));
    const em = a.villages.find((v) => v.ethnicMinority && v.criteriaMet != null);
    if (em) expect(em.of).toBe(10);
  });

  it('a Feature and a MultiPolygon give the same answer', async () => {
    const f = await ok({ type: 'Feature', properties: {}, geometry: drawn });
    const m = await ok({ type: 'MultiPolygon', coordinates: [drawn.coordinates] });
    expect(f.areaHa).toBe(a.areaHa);
    expect(m.plots).toEqual(a.plots);
  });
});

describe('named areas', () => {
  it('a commune: its whole area, its NTM status, and the 2021 rejected planting of report 000 (Đăk Rơ Wa)', async () => {
    const [c] = await sql<{ code: string; g: string }[]>`SELECT code, ST_AsGeoJSON(geom) AS g FROM admin_unit WHERE name IN ('Đắk Rơ Wa', 'Đăk Rơ Wa')`;
    const a = await ok({ commune: c!.code });
    expect(relDiff(a.areaHa, turfArea(JSON.parse(c!.g) as MultiPolygon) / 10_000)).toBeLessThan(0.005);
    expect(a.communes[0]).toMatchObject({ code: c!.code, shareOfCommune: 1 });
    expect(a.communes[0]!.ntm).not.toBeNull();
    const rejected = figures.forest_planting_kon_tum_city.acceptance_2021_planting_year2.rejected_by_commune_ha['Đăk Rơ Wa'];
    expect(a.planting.rejectedHa).toBeCloseTo(rejected, 1);
    const [v] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM village WHERE commune_code = ${c!.code}`;
    expect(a.villages.length).toBe(v!.n);
  });

  it('tiểu khu 568 lies in Chư Hreng', async () => {
    const a = await ok({ tieuKhu: 568 });
    expect(a.communes.map((c) => c.name)).toEqual(['Chư Hreng']);
    expect(a.source.label).toBe('TK 568');
  });

  it('unknown commune, tiểu khu or plan → 404', async () => {
    expect((await analyse({ commune: '99999' })).status).toBe(404);
    expect((await analyse({ tieuKhu: 99999 })).status).toBe(404);
    expect((await analyse({ planId: 999999999 })).status).toBe(404);
  });
});

describe('bad areas → 400/422 in Vietnamese and English, nothing computed', () => {
  const square = (w: number, s: number, e: number, n: number) => bboxPolygon([w, s, e, n]).geometry;
  const many = () => {
    const ring: [number, number][] = [];
    for (let i = 0; i < 6000; i++) ring.push([108 + 0.05 * Math.cos((2 * Math.PI * i) / 6000), 14.5 + 0.05 * Math.sin((2 * Math.PI * i) / 6000)]);
    ring.push(ring[0]!);
    return { type: 'Polygon', coordinates: [ring] };
  };
  it.each([
    ['outside the province', () => square(106.5, 14, 106.7, 14.2), 'invalid_input'],
    ['an open ring', () => ({ type: 'Polygon', coordinates: [[[108, 14.5], [108.1, 14.5], [108.1, 14.6], [108, 14.6]]] }), 'invalid_input'],
    ['too many vertices', many, 'invalid_input'],
    ['a self-intersecting bow tie', () => ({ type: 'Polygon', coordinates: [[[108, 14.5], [108.1, 14.6], [108.1, 14.5], [108, 14.6], [108, 14.5]]] }), 'invalid_geometry'],
    ['a point', () => ({ type: 'Point', coordinates: [108, 14.5] }), 'invalid_input'],
    ['coordinates that are not numbers', () => ({ type: 'Polygon', coordinates: [[['a', 'b'], [1, 2], [3, 4], ['a', 'b']]] }), 'invalid_input'],
  ])('%s', async (_, body, code) => {
    const r = await analyse(body());
    // schema faults are 400 invalid_input on every route (test/api/validation.test.ts); 422 is for rules on the records
    expect(r.status).toBe(code === 'invalid_input' ? 400 : 422);
    const e = r.json as { error: { code: string; message: { vi: string; en: string } } };
    expect(e.error.code).toBe(code);
    expect(e.error.message.vi).toBeTruthy();
    expect(e.error.message.en).toBeTruthy();
  });
});
