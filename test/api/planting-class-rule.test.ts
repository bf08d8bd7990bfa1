/**
 * One rule for "the class of a planting's latest inspection" (migration 013): the lô tile, the lô
 * detail and the replanting worklist must tell the same story for the same lô — also when the
 * latest inspection is decided by a tie on the date (the later-recorded one wins) and when an
 * inspection is entered late for an earlier date (it does not become the latest).
 *
 * Inspections are added straight in the database and removed afterwards, so the figures other
 * files check stay; each state is read through a fresh app (its own tile cache). Both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authTestApp, Client, TARGET, type AuthTestApp } from '../helpers/auth.ts';
import { decodeTile, tileOf } from '../helpers/mvt.ts';
import type { PlotDetail } from '../../server/domain/api.ts';
import type { WorklistResponse } from '../../server/domain/forest.ts';

let t: AuthTestApp;
let lot: { plotId: number; plantingId: number; year: number; lon: number; lat: number; lastOn: string };
const added: number[] = [];

/** The class of the lô as the tile, the detail and the worklist show it. */
async function threeViews(): Promise<{ tile: unknown; detail: string | undefined; worklist: string | null }> {
  const app = (await authTestApp()).app;
  const anon = new Client(app);
  const [z, x, y] = tileOf(lot.lon, lot.lat, 14);
  const res = await anon.get(`/api/tiles/plots/${z}/${x}/${y}.mvt?plantingYear=${lot.year}`);
  expect(res.status).toBe(200);
  const layer = decodeTile(new Uint8Array(await res.arrayBuffer())).plots!;
  const feature = Array.from({ length: layer.length }, (_, i) => layer.feature(i)).find((f) => Number(f.properties.id) === lot.plotId);
  const detail = (await (await anon.get(`/api/plots/${lot.plotId}`)).json()) as PlotDetail;
  const w = (await (await anon.get(`/api/forest/worklist?plantingYear=${lot.year}&includeRejected=true&limit=5000`)).json()) as WorklistResponse;
  const row = w.rows.find((r) => r.plantingId === lot.plantingId);
  return { tile: feature?.properties.cls, detail: detail.plantings.find((g) => g.id === lot.plantingId)?.cls, worklist: row?.result ?? null };
}

async function addInspection(on: string, result: 'accepted' | 'replant' | 'rejected'): Promise<void> {
  const [r] = await t.sql<{ id: string }[]>`
    INSERT INTO inspection (planting_id, plot_id, inspected_on, stage, survival_pct, result, note)
    VALUES (${lot.plantingId}, ${lot.plotId}, ${on}::date, 1, ${result === 'accepted' ? 90 : result === 'replant' ? 70 : 30}, ${result}, 'planting-class-rule test')
    RETURNING id`;
  added.push(Number(r!.id));
}

beforeAll(async () => {
  t = await authTestApp();
  // a replanting lô whose latest planting is the one on the worklist, with its point and last inspection date
  const [r] = await t.sql<{ plot_id: string; planting_id: string; year: number; lon: number; lat: number; last_on: string }[]>`
    SELECT p.id AS plot_id, g.id AS planting_id, g.year, ST_X(ST_PointOnSurface(p.geom)) AS lon, ST_Y(ST_PointOnSurface(p.geom)) AS lat,
           li.inspected_on::text AS last_on
    FROM planting g
    JOIN forest_plot p ON p.id = g.plot_id
    JOIN LATERAL (SELECT i.result, i.inspected_on FROM inspection i WHERE i.planting_id = g.id ORDER BY i.inspected_on DESC, i.id DESC LIMIT 1) li ON true
    WHERE g.withdrawn_on IS NULL AND li.result = 'replant'
      AND NOT EXISTS (SELECT 1 FROM planting h WHERE h.plot_id = g.plot_id AND h.year >= g.year AND h.id <> g.id)
    ORDER BY p.dtich DESC, g.id
    LIMIT 1`;
  if (!r) throw new Error('demo data lacks a lô to replant');
  lot = { plotId: Number(r.plot_id), plantingId: Number(r.planting_id), year: r.year, lon: r.lon, lat: r.lat, lastOn: r.last_on };
});

afterAll(async () => {
  if (added.length) await t.sql`DELETE FROM inspection WHERE id IN ${t.sql(added)}`;
});

describe(`a lô's class: tile, detail and worklist agree (${TARGET})`, () => {
  it('as seeded: replant everywhere', async () => {
    expect(await threeViews()).toEqual({ tile: 'replant', detail: 'replant', worklist: 'replant' });
  });

  it('a second inspection on the same day, recorded later, decides: accepted everywhere, off the worklist', async () => {
    await addInspection(lot.lastOn, 'accepted');
    expect(await threeViews()).toEqual({ tile: 'accepted', detail: 'accepted', worklist: null });
  });

  it('an inspection entered late for an earlier date does not become the latest', async () => {
    const earlier = new Date(Date.parse(lot.lastOn) - 30 * 86_400_000).toISOString().slice(0, 10);
    await addInspection(earlier, 'rejected');
    expect(await threeViews()).toEqual({ tile: 'accepted', detail: 'accepted', worklist: null });
  });

  it('a later inspection that rejects: rejected everywhere, on the worklist with rejected ones', async () => {
    const later = new Date(Date.parse(lot.lastOn) + 30 * 86_400_000).toISOString().slice(0, 10);
    await addInspection(later, 'rejected');
    expect(await threeViews()).toEqual({ tile: 'rejected', detail: 'rejected', worklist: 'rejected' });
  });
});
