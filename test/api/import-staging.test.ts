/**
 * How staging carries a feature's geometry and what a commit saves (issue 14, the import's CPU):
 * geometry goes to PostGIS as WKB, and as GeoJSON only where PostGIS's WKB reader refuses what its
 * GeoJSON reader takes (an open ring, a ring of 3 positions) — the checks see the same geometry
 * either way; the insert/update action is set as the rows go in; the backup of a replaced lô holds
 * the same attributes as `to_jsonb(row) - 'geom'`. Both engines; every batch committed is rolled back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stagedWkb } from '../../server/import/stage-wkb.ts';
import { ImportClient } from '../helpers/import.ts';
import { authTestApp, Client, createUser, signedIn, TARGET, type AuthTestApp } from '../helpers/auth.ts';

let t: AuthTestApp;
let admin: Client;
let imp: ImportClient;
const report: ImportClient['report'] = (bytes, q) => imp.report(bytes, q);
const enc = (s: string) => new TextEncoder().encode(s);


beforeAll(async () => {
  t = await authTestApp();
  await createUser(t.sql, { username: `ims-admin-${TARGET}`, roles: ['admin'], scopes: [] });
  admin = await signedIn(t.app, `ims-admin-${TARGET}`);
  imp = new ImportClient(t, admin);
}, 120_000);

afterAll(async () => {
  await imp.rollbackAll();
}, 120_000);

describe('staged geometry', () => {
  it('WKB for what PostGIS reads as WKB; null (GeoJSON) for open rings, short rings and one-position lines', () => {
    const sq = [[107.9, 14.4], [107.91, 14.4], [107.91, 14.41], [107.9, 14.41], [107.9, 14.4]];
    const id = (p: number[]) => p;
    expect(stagedWkb({ type: 'Polygon', coordinates: [sq] }, id)).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(stagedWkb({ type: 'MultiPolygon', coordinates: [[sq]] }, id)).not.toBeNull();
    expect(stagedWkb({ type: 'Point', coordinates: [107.9, 14.4, 600] }, id)).not.toBeNull();
    expect(stagedWkb({ type: 'Polygon', coordinates: [sq.slice(0, 4)] }, id)).toBeNull(); // open
    expect(stagedWkb({ type: 'Polygon', coordinates: [[sq[0]!, sq[1]!, sq[0]!]] }, id)).toBeNull(); // 3 positions
    expect(stagedWkb({ type: 'LineString', coordinates: [sq[0]!] }, id)).toBeNull();
    expect(() => stagedWkb({ type: 'Point', coordinates: [107.9, 14.4] }, () => [Number.NaN, 0])).toThrow();
  });

  it('stages each geometry as PostGIS reads its GeoJSON (reprojected, 2D, a bow tie listed as repaired) and sets update/insert/skip', async () => {
    const [p] = await t.sql<{ tk: number; khoanh: number; lo: string; commune_code: string; gj: string }[]>`
      SELECT tk, khoanh, lo, commune_code, ST_AsGeoJSON(geom, 9) AS gj FROM forest_plot ORDER BY id LIMIT 1`;
    const geom = JSON.parse(p!.gj) as { type: string; coordinates: number[][][][] };
    const ring = geom.coordinates[0]![0]!;
    // a bow tie of the lô's first four vertices (repaired). Open and short rings: the next case
    const bowTie = [ring[0]!, ring[2]!, ring[1]!, ring[3]!, ring[0]!];
    const props = (lo: string) => ({ tk: p!.tk, khoanh: p!.khoanh, lo, maxa: p!.commune_code, ldlr: 'DT2' });
    const features = [
      { type: 'Feature', properties: props(p!.lo), geometry: geom }, // 1: the stored lô (update)
      { type: 'Feature', properties: props('stg-new'), geometry: { type: 'Polygon', coordinates: [ring.map(([x, y]) => [x, y, 612.5])] } }, // 2: new, 3D
      { type: 'Feature', properties: props('stg-bow'), geometry: { type: 'Polygon', coordinates: [bowTie] } }, // 3: repaired
      { type: 'Feature', properties: { ...props('stg-bad'), maxa: '99999' }, geometry: geom }, // 4: an error (skip)
    ];
    const r = await report(enc(JSON.stringify({ type: 'FeatureCollection', features })), { target: 'plots', name: 'staging.geojson' });
    const staged: { row_no: number; action: string; same: boolean; dims: number }[] = [];
    for (const [i, f] of features.entries()) {
      const g = JSON.stringify(f.geometry);
      const [row] = await t.sql<{ row_no: number; action: string; same: boolean; dims: number }[]>`
        SELECT s.row_no, s.action, ST_AsEWKB(s.geom) = ST_AsEWKB(ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(${g}::text), 4326))) AS same, ST_NDims(s.geom) AS dims
        FROM import_staged s WHERE s.batch_id = ${r.id} AND s.row_no = ${i + 1}`;
      staged.push(row!); // undefined when the row was not staged (fails below)
    }
    expect(staged.map((s) => [s?.row_no, s?.same, s?.dims, s?.action])).toEqual([
      [1, true, 2, 'update'],
      [2, true, 2, 'insert'],
      [3, true, 2, 'insert'],
      [4, true, 2, 'skip'],
    ]);
    const codes = r.issues.map((i) => `${i.row}:${i.severity}:${i.code}`);
    expect(codes).toEqual(expect.arrayContaining(['3:warning:geometry_repaired', '4:error:unknown_commune']));
    expect(r.counts).toMatchObject({ read: 4, inserts: 2, updates: 1 });
  }, 120_000);

  it('accounts for every row of a file with an open ring, a short ring and an empty polygon: none goes missing, the rows after them are staged intact', async () => {
    const [p] = await t.sql<{ tk: number; khoanh: number; commune_code: string; gj: string }[]>`
      SELECT tk, khoanh, commune_code, ST_AsGeoJSON(geom, 9) AS gj FROM forest_plot ORDER BY id LIMIT 1`;
    const geom = JSON.parse(p!.gj) as { type: string; coordinates: number[][][][] };
    const ring = geom.coordinates[0]![0]!;
    const props = (lo: string) => ({ tk: p!.tk, khoanh: p!.khoanh, lo, maxa: p!.commune_code, ldlr: 'DT2' });
    const features = [
      { type: 'Feature', properties: props('ring-1'), geometry: { type: 'Polygon', coordinates: [ring] } },
      { type: 'Feature', properties: props('ring-open'), geometry: { type: 'Polygon', coordinates: [ring.slice(0, -1)] } }, // first ≠ last
      { type: 'Feature', properties: props('ring-3'), geometry: { type: 'Polygon', coordinates: [ring] } },
      { type: 'Feature', properties: props('ring-short'), geometry: { type: 'Polygon', coordinates: [[ring[0]!, ring[1]!, ring[0]!]] } }, // 3 positions
      { type: 'Feature', properties: props('ring-5'), geometry: { type: 'Polygon', coordinates: [ring] } },
      { type: 'Feature', properties: props('ring-empty'), geometry: { type: 'Polygon', coordinates: [] } },
      { type: 'Feature', properties: props('ring-7'), geometry: { type: 'Polygon', coordinates: [ring] } },
    ];
    const r = await report(enc(JSON.stringify({ type: 'FeatureCollection', features })), { target: 'plots', name: 'open-rings.geojson' });
    const staged = await t.sql<{ row_no: number; lo: string; fixed: boolean }[]>`
      SELECT row_no, attrs->>'lo' AS lo, geom_fixed IS NOT NULL AS fixed FROM import_staged WHERE batch_id = ${r.id} ORDER BY row_no`;
    // every row is staged with its own attributes; the good ones with the geometry a commit writes
    expect(staged.map((s) => [s.row_no, s.lo])).toEqual(features.map((f, i) => [i + 1, f.properties.lo]));
    for (const row of [1, 3, 5, 7]) expect(staged[row - 1]!.fixed, `row ${row}`).toBe(true);
    expect(r.counts.read).toBe(features.length);
    // the bad ones are listed: each row without a usable polygon has an error of its own
    const errorRows = new Set(r.issues.filter((i) => i.severity === 'error').map((i) => i.row));
    for (const row of [2, 4, 6]) expect(errorRows.has(row) || staged[row - 1]!.fixed, `row ${row} neither usable nor listed`).toBe(true);
    for (const row of [1, 3, 5, 7]) expect(errorRows.has(row), `row ${row}`).toBe(false);
  }, 120_000);

  it('saves a replaced lô\'s attributes as to_jsonb(row) - \'geom\' and its geometry binary', async () => {
    const [p] = await t.sql<{ id: string; tk: number; khoanh: number; lo: string; commune_code: string; ldlr: string; gj: string; ewkb: string; before: unknown }[]>`
      SELECT id, tk, khoanh, lo, commune_code, ldlr, ST_AsGeoJSON(geom, 9) AS gj, encode(ST_AsEWKB(geom), 'hex') AS ewkb, to_jsonb(x) - 'geom' AS before
      FROM forest_plot x WHERE ldlr IS NOT NULL ORDER BY id DESC LIMIT 1`;
    const features = [{ type: 'Feature', properties: { tk: p!.tk, khoanh: p!.khoanh, lo: p!.lo, maxa: p!.commune_code, ldlr: p!.ldlr }, geometry: JSON.parse(p!.gj) }];
    const r = await report(enc(JSON.stringify({ type: 'FeatureCollection', features })), { target: 'plots', name: 'backup.geojson' });
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const res = await admin.post(`/api/import/${r.id}/commit`);
    expect(res.status).toBe(200);
    imp.committed.push(r.id);
    const [b] = await t.sql<{ before: unknown; ewkb: string }[]>`
      SELECT b.before, encode(ST_AsEWKB(b.geom), 'hex') AS ewkb FROM import_backup b WHERE b.batch_id = ${r.id} AND b.key = ${p!.id}`;
    expect(b!.before).toEqual(p!.before);
    expect(b!.ewkb).toBe(p!.ewkb);
  }, 120_000);
});
