/**
 * The province view of the forest (tile layer 'tkplanting', migration 042): the per-tiểu khu sums
 * a tile carries equal a hand computation from the lô, their plantings and inspections (read here
 * as plain rows, the latest inspection picked in TypeScript), for each lô's latest planting and
 * for a planting year; an inspection recorded through the API changes the sums in its own
 * transaction and moves the layer's data version, so the next tile shows it. Both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authTestApp, createUser, signedIn, TARGET, type AuthTestApp, type Client } from '../helpers/auth.ts';
import { decodeTile, tileOf } from '../helpers/mvt.ts';

let t: AuthTestApp;
const created: number[] = [];

interface Sums { planted: number; accepted: number; replant: number; rejected: number; notInspected: number }
const CLS_ORDER = ['accepted', 'replant', 'rejected', 'not_inspected', 'withdrawn'] as const;

/** The sums of one tiểu khu, by hand: latest planting per lô (year null) or the plantings of a year. */
async function byHand(tk: number, year: number | null): Promise<Sums & { cls: string; share: number }> {
  const plantings = await t.sql<{ id: string; plot_id: string; year: number; area_ha: string; withdrawn_on: string | null }[]>`
    SELECT g.id, g.plot_id, g.year, g.area_ha::text, g.withdrawn_on::text FROM planting g JOIN forest_plot f ON f.id = g.plot_id WHERE f.tk = ${tk}`;
  const inspections = await t.sql<{ id: string; planting_id: string; inspected_on: string; result: string }[]>`
    SELECT i.id, i.planting_id, i.inspected_on::text, i.result FROM inspection i JOIN forest_plot f ON f.id = i.plot_id WHERE f.tk = ${tk}`;
  const latestYear = new Map<string, number>();
  for (const g of plantings) latestYear.set(g.plot_id, Math.max(latestYear.get(g.plot_id) ?? 0, g.year));
  const area: Record<string, number> = {};
  for (const g of plantings) {
    if (year == null ? g.year !== latestYear.get(g.plot_id) : g.year !== year) continue;
    const mine = inspections
      .filter((i) => i.planting_id === g.id)
      .sort((a, b) => b.inspected_on.localeCompare(a.inspected_on) || Number(b.id) - Number(a.id));
    const cls = g.withdrawn_on ? 'withdrawn' : (mine[0]?.result ?? 'not_inspected');
    area[cls] = (area[cls] ?? 0) + Number(g.area_ha);
  }
  const planted = Object.values(area).reduce((a, b) => a + b, 0);
  let top: string = CLS_ORDER[0];
  for (const c of CLS_ORDER) if ((area[c] ?? 0) > (area[top] ?? 0)) top = c;
  return {
    planted, accepted: area.accepted ?? 0, replant: area.replant ?? 0, rejected: area.rejected ?? 0,
    notInspected: (area.not_inspected ?? 0) + (area.withdrawn ?? 0), cls: top, share: Math.round((1000 * (area[top] ?? 0)) / planted) / 10,
  };
}

/** The tiểu khu's feature in a z10 tile over its point, as the map gets it. */
async function tileFeature(tk: number, year: number | null): Promise<Record<string, unknown> | null> {
  const [r] = await t.sql<{ lon: number; lat: number }[]>`SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM forest_tieu_khu WHERE tk = ${tk}`;
  const [z, x, y] = tileOf(r!.lon, r!.lat, 10);
  const v = t.deps.versions.get('tkplanting');
  const res = await t.app.request(`http://localhost/api/tiles/tkplanting/${z}/${x}/${y}.mvt?v=${v}${year ? `&plantingYear=${year}` : ''}`);
  expect(res.status).toBe(200);
  const layer = decodeTile(new Uint8Array(await res.arrayBuffer())).tkplanting;
  for (let i = 0; i < (layer?.length ?? 0); i++) {
    const f = layer!.feature(i);
    if (Number(f.properties.tk) === tk) return f.properties;
  }
  return null;
}

function expectEqual(f: Record<string, unknown> | null, h: Awaited<ReturnType<typeof byHand>>): void {
  expect(f, 'tiểu khu missing from its tile').not.toBeNull();
  expect(Number(f!.planted_ha)).toBeCloseTo(h.planted, 2);
  expect(Number(f!.accepted_ha)).toBeCloseTo(h.accepted, 2);
  expect(Number(f!.replant_ha)).toBeCloseTo(h.replant, 2);
  expect(Number(f!.rejected_ha)).toBeCloseTo(h.rejected, 2);
  expect(Number(f!.not_inspected_ha)).toBeCloseTo(h.notInspected, 2);
  expect(f!.cls).toBe(h.cls);
  expect(Number(f!.share_pct)).toBeCloseTo(h.share, 1);
}

let sample: { tk: number; year: number }[] = [];

beforeAll(async () => {
  t = await authTestApp();
  // tiểu khu with the most plantings, the one with the most inspected area and one with a withdrawn planting
  sample = (
    await t.sql<{ tk: number; year: number }[]>`
      (SELECT f.tk, max(g.year) AS year FROM planting g JOIN forest_plot f ON f.id = g.plot_id GROUP BY f.tk ORDER BY count(*) DESC, f.tk LIMIT 2)
      UNION
      (SELECT f.tk, max(g.year) FROM planting g JOIN forest_plot f ON f.id = g.plot_id JOIN inspection i ON i.planting_id = g.id GROUP BY f.tk ORDER BY count(DISTINCT g.id) DESC, f.tk LIMIT 2)
      UNION
      (SELECT f.tk, min(g.year) FROM planting g JOIN forest_plot f ON f.id = g.plot_id WHERE g.withdrawn_on IS NOT NULL GROUP BY f.tk ORDER BY f.tk LIMIT 1)`
  ).map((r) => ({ tk: r.tk, year: r.year }));
  if (sample.length < 3) throw new Error('demo data lack planted tiểu khu');
});

afterAll(async () => {
  if (created.length) {
    await t.sql`DELETE FROM sample_plot WHERE inspection_id IN ${t.sql(created)}`;
    await t.sql`DELETE FROM inspection WHERE id IN ${t.sql(created)}`;
  }
});

describe(`planting by tiểu khu: precomputed sums (${TARGET})`, () => {
  it('each lô’s latest planting: the tile equals the hand computation from the lô', async () => {
    for (const s of sample) expectEqual(await tileFeature(s.tk, null), await byHand(s.tk, null));
  });

  it('one planting year: the tile equals the hand computation for that year', async () => {
    for (const s of sample) expectEqual(await tileFeature(s.tk, s.year), await byHand(s.tk, s.year));
  });

  it('a tiểu khu without planting is not in the layer', async () => {
    const [r] = await t.sql<{ tk: number }[]>`
      SELECT t.tk FROM forest_tieu_khu t WHERE NOT EXISTS (SELECT 1 FROM forest_plot f JOIN planting g ON g.plot_id = f.id WHERE f.tk = t.tk) ORDER BY t.tk LIMIT 1`;
    if (r) expect(await tileFeature(r.tk, null)).toBeNull();
  });

  it('an inspection recorded through the API changes its tiểu khu in the same transaction, under a new data version', async () => {
    const [g] = await t.sql<{ id: string; plot_id: string; year: number; tk: number; district: string }[]>`
      SELECT g.id, g.plot_id, g.year, f.tk, c.parent_code AS district
      FROM planting g JOIN forest_plot f ON f.id = g.plot_id JOIN admin_unit c ON c.code = f.commune_code
      WHERE g.withdrawn_on IS NULL AND g.year < 2026
        AND NOT EXISTS (SELECT 1 FROM inspection i WHERE i.planting_id = g.id)
        AND NOT EXISTS (SELECT 1 FROM planting h WHERE h.plot_id = g.plot_id AND h.year > g.year)
      ORDER BY g.area_ha DESC, g.id LIMIT 1`;
    if (!g) throw new Error('demo data lack an uninspected planting');
    const before = await tileFeature(g.tk, null);
    const v0 = t.deps.versions.get('tkplanting');
    await createUser(t.sql, { username: 'tkp-inspector', roles: ['inspector'], scopes: [g.district] });
    const c: Client = await signedIn(t.app, 'tkp-inspector');
    const res = await c.post('/api/inspections', {
      plantingId: Number(g.id), inspectedOn: `${g.year + 1}-11-20`, stage: 1, team: 'Tổ kiểm tra', lastInspectionId: null,
      clientRequestId: `tkp-${TARGET}-${Date.now().toString(36)}`, plots: [{ areaM2: 100, planted: 20, surviving: 4 }],
    });
    expect(res.status).toBe(201);
    created.push(Number(((await res.json()) as { inspection: { id: number } }).inspection.id));
    expect(t.deps.versions.get('tkplanting')).toBeGreaterThan(v0);
    const after = await tileFeature(g.tk, null);
    const [{ area }] = await t.sql<[{ area: string }]>`SELECT area_ha::text AS area FROM planting WHERE id = ${g.id}`;
    expect(Number(after!.rejected_ha)).toBeCloseTo(Number(before!.rejected_ha) + Number(area), 2);
    expect(Number(after!.not_inspected_ha)).toBeCloseTo(Number(before!.not_inspected_ha) - Number(area), 2);
    expectEqual(after, await byHand(g.tk, null));
    // nothing left to refresh after the commit
    expect((await t.sql`SELECT tk FROM tieukhu_planting_dirty`).length).toBe(0);
  });
});
