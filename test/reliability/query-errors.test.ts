/**
 * A query that fails must fail alone. On the embedded database (PGlite behind a loopback socket)
 * an error inside an extended-protocol query — a plain SQL error, or a GEOS exception on a
 * self-crossing polygon, which PGlite's WebAssembly build could not even report — left the
 * connection out of step with its client: later queries got the answer of another query, an
 * empty answer, or none (server/db/pglite-protocol.ts). Here failing queries run interleaved with
 * normal ones, concurrently, through the app's own pool and through the HTTP API, and every normal
 * request must get exactly the answer it got before. Both databases.
 */
import type { Hono } from 'hono';
import type { Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TARGET, testApi } from '../helpers/api.ts';

let app: Hono;
let sql: Sql;

/** A tiểu khu number no data uses: its boundary is the self-crossing one written by this test. */
const BAD_TK = 990_001;
let commune: string;
let bbox: [number, number, number, number];

beforeAll(async () => {
  ({ app } = await testApi());
  ({ sql } = (await testApi()).db);
  // a commune with lô, and its extent: the bow tie crosses real lô, communes and villages
  const [c] = await sql<{ code: string; w: number; s: number; e: number; n: number }[]>`
    SELECT p.commune_code AS code, ST_XMin(ST_Extent(p.geom)) AS w, ST_YMin(ST_Extent(p.geom)) AS s,
           ST_XMax(ST_Extent(p.geom)) AS e, ST_YMax(ST_Extent(p.geom)) AS n
    FROM forest_plot p GROUP BY p.commune_code ORDER BY count(*) DESC LIMIT 1`;
  commune = c!.code;
  bbox = [c!.w, c!.s, c!.e, c!.n];
  const [w, s, e, n] = bbox;
  // A tiểu khu boundary that crosses itself (as an imported shapefile may): a bow tie over the commune's lô.
  await sql`DELETE FROM forest_tieu_khu WHERE tk = ${BAD_TK}`;
  await sql`
    INSERT INTO forest_tieu_khu (tk, commune_code, area_ha, geom)
    VALUES (${BAD_TK}, ${commune}, 1,
            ST_Multi(ST_GeomFromText(${`POLYGON((${w} ${s},${e} ${n},${e} ${s},${w} ${n},${w} ${s}))`}, 4326)))`;
});

afterAll(async () => {
  await sql`DELETE FROM forest_tieu_khu WHERE tk = ${BAD_TK}`;
});

interface Answer {
  status: number;
  body: string;
}

async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
  const res = await app.request(`http://localhost${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.text() };
}

/** Deterministic shuffle (a fixed seed: a failure is reproducible). */
function shuffle<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let x = seed;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe(`a failing query fails alone (${TARGET})`, () => {
  it('through the pool: plain SQL errors and geometry exceptions interleaved with normal queries, concurrently', async () => {
    const bow = 'POLYGON((0 0,10 10,10 0,0 10,0 0))';
    const square = 'POLYGON((1 1,9 1,9 9,1 9,1 1))';
    type Job = { kind: 'ok'; i: number } | { kind: 'bad'; run: () => Promise<unknown> };
    const bad: (() => Promise<unknown>)[] = [
      () => sql`SELECT 1 / ${0}::int AS x`, // division by zero, raised at Execute
      () => sql`SELECT ${'x'}::int AS x`, // invalid input syntax, raised at Bind
      () => sql`SELECT no_such_column FROM admin_unit`, // raised at Parse
      // GEOS TopologyException on a self-crossing polygon (the geometries come from parameters: raised at Execute)
      () => sql`SELECT ST_AsText(ST_Intersection(ST_GeomFromText(${bow}), ST_GeomFromText(${square}))) AS x`,
      () => sql`SELECT ST_Area(ST_Union(ST_GeomFromText(${bow}), ST_GeomFromText(${square}))) AS x`,
    ];
    const jobs: Job[] = [];
    for (let i = 0; i < 60; i++) jobs.push({ kind: 'ok', i });
    for (let r = 0; r < 6; r++) for (const run of bad) jobs.push({ kind: 'bad', run });
    const outcomes = await Promise.all(
      shuffle(jobs, 7).map(async (j) => {
        if (j.kind === 'bad') {
          // PostgreSQL refuses each of them; what matters is that it answers, and answers alone
          await j.run().then(
            () => undefined,
            () => undefined,
          );
          return null;
        }
        const rows = await sql<{ i: number; s: string }[]>`SELECT ${j.i}::int AS i, ${`answer ${j.i}`}::text AS s`;
        return { i: j.i, rows: rows.map((r) => ({ ...r })) };
      }),
    );
    for (const o of outcomes) if (o) expect(o.rows).toEqual([{ i: o.i, s: `answer ${o.i}` }]);
    // and the connection is still in step afterwards
    expect((await sql<{ x: number }[]>`SELECT 41 + 1 AS x`).map((r) => r.x)).toEqual([42]);
  });

  it('a statement that fails inside a transaction rolls the whole transaction back', async () => {
    const bow = 'POLYGON((0 0,10 10,10 0,0 10,0 0))';
    const square = 'POLYGON((1 1,9 1,9 9,1 9,1 1))';
    const tk = BAD_TK + 1;
    const attempt = sql.begin(async (tx) => {
      await tx`INSERT INTO forest_tieu_khu (tk, commune_code, area_ha, geom)
               SELECT ${tk}, commune_code, 1, geom FROM forest_tieu_khu WHERE tk = ${BAD_TK}`;
      // the GEOS exception the embedded database used to lose: the insert before it committed anyway
      await tx`SELECT ST_AsText(ST_Intersection(ST_GeomFromText(${bow}), ST_GeomFromText(${square}))) AS x`;
    });
    await expect(attempt).rejects.toThrow();
    expect(await sql`SELECT tk FROM forest_tieu_khu WHERE tk = ${tk}`).toHaveLength(0);
    expect((await sql<{ x: number }[]>`SELECT 6 * 7 AS x`).map((r) => r.x)).toEqual([42]);
  });

  it('an INSERT … SELECT cut short by a GEOS exception at its second row fails whole: no row of it is written', async () => {
    // an open ring: PostGIS's GeoJSON reader takes it, GEOS throws in ST_IsValid (caught on PostgreSQL;
    // lost in PGlite's WebAssembly, which ended the INSERT after one row with the command tag "???")
    const ring = (open: boolean) => JSON.stringify({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], ...(open ? [] : [[0, 0]])]] });
    const rows = JSON.stringify([{ n: 1, geom: ring(false) }, { n: 2, geom: ring(true) }, { n: 3, geom: ring(false) }]);
    await sql`CREATE TABLE IF NOT EXISTS query_errors_cut (n int, g geometry)`;
    await sql`DELETE FROM query_errors_cut`;
    const insert = sql.begin((tx) =>
      tx.unsafe(
        `INSERT INTO query_errors_cut SELECT r.n, CASE WHEN ST_IsValid(g.geom) THEN g.geom ELSE ST_MakeValid(g.geom) END
         FROM json_to_recordset($1::text::json) AS r(n int, geom text), LATERAL (SELECT ST_SetSRID(ST_GeomFromGeoJSON(r.geom), 4326) AS geom) g`,
        [rows],
      ),
    );
    const outcome = await insert.then((r) => ({ count: r.count }), (e: Error) => ({ error: e.message }));
    const written = (await sql<{ n: number }[]>`SELECT n FROM query_errors_cut ORDER BY n`).map((r) => r.n);
    // all three rows (PostgreSQL catches GEOS's error), or an error and none — never part of them in silence
    if ('count' in outcome) expect([outcome.count, written]).toEqual([3, [1, 2, 3]]);
    else expect(written).toEqual([]);
    await sql`DROP TABLE query_errors_cut`;
    expect((await sql<{ x: number }[]>`SELECT 6 * 7 AS x`).map((r) => r.x)).toEqual([42]);
  });

  it('through the API: area analyses over a self-crossing tiểu khu and refused polygons, between normal requests', async () => {
    const [w, s, e, n] = bbox;
    const mx = (w + e) / 2;
    const my = (s + n) / 2;
    const normal: { method: 'GET' | 'POST'; path: string; body?: unknown }[] = [
      { method: 'POST', path: '/api/stats/area', body: { commune } },
      { method: 'POST', path: '/api/stats/area', body: { type: 'Polygon', coordinates: [[[w, s], [mx, s], [mx, my], [w, my], [w, s]]] } },
      { method: 'GET', path: '/api/meta' },
      { method: 'GET', path: `/api/search?q=${encodeURIComponent('Đăk')}` },
      { method: 'GET', path: `/api/locate?lon=${mx}&lat=${my}` },
      { method: 'POST', path: '/api/sites/search', body: { year: 2023, communes: [commune], limit: 20 } },
      { method: 'POST', path: '/api/sites/search', body: { year: 2023, tieuKhu: [BAD_TK], point: { lon: mx, lat: my, km: 5 } } },
    ];
    const before: Answer[] = [];
    for (const r of normal) before.push(await call(r.method, r.path, r.body));
    for (const a of before) expect(a.status, a.body).toBeLessThan(500);

    const hostile: { method: 'POST'; path: string; body: unknown }[] = [
      { method: 'POST', path: '/api/stats/area', body: { tieuKhu: BAD_TK } },
      // a drawn bow tie is refused (422) before any overlay runs
      { method: 'POST', path: '/api/stats/area', body: { type: 'Polygon', coordinates: [[[w, s], [e, n], [e, s], [w, n], [w, s]]] } },
      // an area straddling the self-crossing tiểu khu: drawn (valid) polygons meet it in the overlays too
      { method: 'POST', path: '/api/stats/area', body: { type: 'Polygon', coordinates: [[[w, my], [e, my], [e, n], [w, n], [w, my]]] } },
    ];
    type Job = { kind: 'normal'; i: number } | { kind: 'hostile'; i: number };
    const jobs: Job[] = [];
    for (let r = 0; r < 4; r++) {
      normal.forEach((_, i) => jobs.push({ kind: 'normal', i }));
      hostile.forEach((_, i) => jobs.push({ kind: 'hostile', i }));
    }
    const results = await Promise.all(
      shuffle(jobs, 11).map(async (j) => {
        const r = j.kind === 'normal' ? normal[j.i]! : hostile[j.i]!;
        return { j, answer: await call(r.method, r.path, r.body) };
      }),
    );
    for (const { j, answer } of results) {
      if (j.kind === 'normal') {
        expect(answer, `${normal[j.i]!.path} ${JSON.stringify(normal[j.i]!.body ?? '')}`).toEqual(before[j.i]);
      } else {
        // hostile input gets an answer of its own: a result or a clear refusal, never a 500
        expect(answer.status, answer.body).toBeLessThan(500);
      }
    }
    // the self-crossing tiểu khu is analysed (repaired, not refused): its lô are counted
    const tk = await call('POST', '/api/stats/area', { tieuKhu: BAD_TK });
    expect(tk.status, tk.body).toBe(200);
    const result = JSON.parse(tk.body) as { areaHa: number; plots: { count: number } };
    expect(result.areaHa).toBeGreaterThan(0);
    expect(result.plots.count).toBeGreaterThan(0);
    // and afterwards every normal request still gets its own answer
    for (let i = 0; i < normal.length; i++) expect(await call(normal[i]!.method, normal[i]!.path, normal[i]!.body)).toEqual(before[i]);
  });
});
