/**
 * VN-2000 / TM-3 107-30 (Kon Tum): the TypeScript conversion (proj4js) and the SQL side (SRID 910730
 * from migration 003) against independent references. Sources and numbers: docs/vn2000.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import proj4 from 'proj4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCoordinate } from '../../server/domain/coords.ts';
import { openDatabase, type Database } from '../../server/db/connect.ts';
import {
  fromVn2000,
  isKontumVn2000,
  toVn2000,
  VN2000_GEOGRAPHIC_PROJ4,
  VN2000_KONTUM_PROJ4,
  VN2000_KONTUM_SRID,
  VN2000_TO_WGS84_COORDINATE_FRAME,
  VN2000_TOWGS84,
} from '../../server/geo/vn2000.ts';

/**
 * Reference values: PROJ 9.1.1 `cs2cs EPSG:4326 EPSG:9216` (VN-2000 / TM-3 107-30 with EPSG:6960
 * "VN-2000 to WGS 84 (2)", Helmert in the coordinate-frame convention), an implementation
 * independent of proj4js. [lon, lat] → easting, northing.
 */
const EPSG_9216_REFERENCE = [
  { lon: 108.0021, lat: 14.3512, easting: 553960.4904, northing: 1587215.7222 }, // Kon Tum city
  { lon: 107.5, lat: 15.0, easting: 499804.8789, northing: 1658936.4782 }, // on the central meridian
  { lon: 107.7, lat: 14.8, easting: 521332.6966, northing: 1636818.7776 },
  { lon: 107.6, lat: 13.95, easting: 510609.5329, northing: 1542774.624 }, // south edge
  { lon: 107.8, lat: 15.4, easting: 532006.1159, northing: 1703214.637 }, // north edge
];

/**
 * Published control points: Circular 20/2019/TT-BGTVT (Ministry of Transport), annex on the seaport
 * waters of Khánh Hòa, gives each boundary point in WGS-84 and in VN-2000 (geographic, to 0.1″).
 * They check the datum shift (direction and size, ≈ 225 m) — not the zone, and not below the
 * publication precision: both columns are rounded to 0.1″, so a correct transformation agrees
 * within 0.1″ per axis (≈ 3 m).
 */
const TT20_2019_KHANH_HOA: [string, string, string][] = [
  ['VP1', `12°33’36,0”N 109°26’00,0”E`, `12°33’39,7”N 109°25’53,6”E`],
  ['VP2', `12°28’00,0”N 109°26’00,0”E`, `12°28’03,7”N 109°25’53,6”E`],
  ['VP3', `12°24’00,0”N 109°20’30,0”E`, `12°24’03,7”N 109°20’23,6”E`],
  ['NT1', `12°14’14,0”N 109°16’00,0”E`, `12°14’17,7”N 109°15’53,6”E`],
  ['NT2', `12°16’00,0”N 109°13’42,0”E`, `12°16’03,7”N 109°13’35,6”E`],
  ['NT3', `12°16’00,0”N 109°13’04,0”E`, `12°16’03,7”N 109°12’57,6”E`],
  ['NT4', `12°12’58,0”N 109°12’32,0”E`, `12°13’01,7”N 109°12’25,6”E`],
  ['BT1', `12°12’27,9”N 109°11’18,8”E`, `12°12’31,6”N 109°11’12,4”E`],
  ['BT2', `12°12’18,4”N 109°11’18,4”E`, `12°12’22,1”N 109°11’12,0”E`],
  ['NT5', `12°09’17,0”N 109°13’21,0”E`, `12°09’20,7”N 109°13’14,6”E`],
  ['NT6', `12°09’17,0”N 109°16’48,0”E`, `12°09’20,7”N 109°16’41,6”E`],
  ['NT7', `12°11’03,0”N 109°16’48,0”E`, `12°11’06,7”N 109°16’41,6”E`],
  ['C1', `11°58’08,8”N 109°12’24,9”E`, `11°58’12,5”N 109°12’18,4”E`],
  ['C2', `11°56’51,3”N 109°11’46,5”E`, `11°56’55,0”N 109°11’40,0”E`],
  ['C3', `11°55’32,9”N 109°11’30,6”E`, `11°55’36,6”N 109°11’24,1”E`],
  ['C4', `11°54’40,8”N 109°11’09,5”E`, `11°54’44,5”N 109°11’03,0”E`],
  ['C5', `11°53’56,3”N 109°10’27,8”E`, `11°54’00,0”N 109°10’21,3”E`],
];

/** A grid over Kon Tum province (lon 107.3–108.5, lat 13.9–15.4). */
const KONTUM_GRID: [number, number][] = [];
for (let lon = 107.3; lon <= 108.55; lon += 0.25) for (let lat = 13.9; lat <= 15.45; lat += 0.25) KONTUM_GRID.push([lon, lat]);

function lonLat(text: string): [number, number] {
  const c = parseCoordinate(text);
  if (c?.kind !== 'wgs84') throw new Error(`not a position: ${text}`);
  return [c.lon, c.lat];
}

describe('parameters', () => {
  it('proj4 +towgs84 is the EPSG coordinate-frame set with the rotations negated (position vector)', () => {
    const cf = VN2000_TO_WGS84_COORDINATE_FRAME;
    expect(VN2000_TOWGS84).toEqual([cf.dx, cf.dy, cf.dz, -cf.rx, -cf.ry, -cf.rz, cf.ppm]);
    expect(VN2000_TOWGS84).toEqual([-191.90441429, -39.30318279, -111.45032835, 0.00928836, -0.01975479, 0.00427372, 0.252906278]);
    for (const def of [VN2000_KONTUM_PROJ4, VN2000_GEOGRAPHIC_PROJ4]) expect(def).toContain(`+towgs84=${VN2000_TOWGS84.join(',')}`);
    expect(VN2000_KONTUM_PROJ4).toMatch(/\+proj=tmerc \+lat_0=0 \+lon_0=107\.5 \+k=0\.9999 \+x_0=500000 \+y_0=0 \+ellps=WGS84 /);
  });
});

describe('toVn2000 / fromVn2000 (proj4js)', () => {
  it.each(EPSG_9216_REFERENCE)('matches PROJ EPSG:9216 at $lon, $lat within 1 cm', ({ lon, lat, easting, northing }) => {
    const p = toVn2000(lon, lat);
    expect(Math.abs(p.x - northing)).toBeLessThan(0.01);
    expect(Math.abs(p.y - easting)).toBeLessThan(0.01);
    const [lon2, lat2] = fromVn2000(northing, easting);
    expect(Math.abs(lon2 - lon) * 111_000).toBeLessThan(0.01);
    expect(Math.abs(lat2 - lat) * 111_000).toBeLessThan(0.01);
  });

  it('the reference discriminates the sign convention: coordinate-frame signs in +towgs84 move points ≈ 0.6 m', () => {
    const cf = VN2000_TO_WGS84_COORDINATE_FRAME;
    const wrong = VN2000_KONTUM_PROJ4.replace(/\+towgs84=[^ ]+/, `+towgs84=${[cf.dx, cf.dy, cf.dz, cf.rx, cf.ry, cf.rz, cf.ppm].join(',')}`);
    const { lon, lat, easting, northing } = EPSG_9216_REFERENCE[0];
    const [e, n] = proj4('EPSG:4326', wrong, [lon, lat]);
    const err = Math.hypot(e - easting, n - northing);
    expect(err).toBeGreaterThan(0.5);
    expect(err).toBeLessThan(0.7);
  });

  it('round-trips over Kon Tum to better than a millimetre', () => {
    for (const [lon, lat] of KONTUM_GRID) {
      const p = toVn2000(lon, lat);
      expect(isKontumVn2000(p.x, p.y)).toBe(true);
      const [lon2, lat2] = fromVn2000(p.x, p.y);
      expect(Math.abs(lon2 - lon) * 111_000).toBeLessThan(0.001);
      expect(Math.abs(lat2 - lat) * 111_000).toBeLessThan(0.001);
    }
  });

  it('x is the northing and y the easting (Vietnamese convention)', () => {
    const p = toVn2000(107.5, 14.5);
    expect(p.x).toBeGreaterThan(1_500_000);
    expect(p.y).toBeGreaterThan(499_000);
    expect(p.y).toBeLessThan(501_000); // central meridian: easting ≈ 500 000 + datum shift
  });

  it('refuses non-finite input', () => {
    expect(() => toVn2000(Number.NaN, 14)).toThrow(RangeError);
    expect(() => fromVn2000(1_600_000, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('published control points (Circular 20/2019/TT-BGTVT, Khánh Hòa)', () => {
  it.each(TT20_2019_KHANH_HOA)('%s: WGS-84 → VN-2000 agrees within the published 0.1″', (_name, wgs, vn) => {
    const [lon, lat] = lonLat(wgs);
    const [vnLon, vnLat] = lonLat(vn);
    const [lon2, lat2] = proj4('EPSG:4326', VN2000_GEOGRAPHIC_PROJ4, [lon, lat]);
    expect(Math.abs(lat2 - vnLat) * 3600).toBeLessThanOrEqual(0.1 + 1e-9);
    expect(Math.abs(lon2 - vnLon) * 3600).toBeLessThanOrEqual(0.1 + 1e-9);
  });

  it('without the datum shift the same points miss by more than 200 m', () => {
    const [, wgs, vn] = TT20_2019_KHANH_HOA[0];
    const [lon, lat] = lonLat(wgs);
    const [vnLon, vnLat] = lonLat(vn);
    const metres = Math.hypot((lat - vnLat) * 110_600, (lon - vnLon) * 110_600 * Math.cos((lat * Math.PI) / 180));
    expect(metres).toBeGreaterThan(200);
  });
});

/** Checks SRID 910730 in a database against proj4js and PROJ's own EPSG:9216. */
async function checkSql(sql: postgres.Sql) {
  const [row] = await sql<{ srid: number; auth_name: string; auth_srid: number }[]>`
    SELECT srid, auth_name, auth_srid FROM spatial_ref_sys WHERE srid = ${VN2000_KONTUM_SRID}`;
  expect(row).toEqual({ srid: 910730, auth_name: 'EPSG', auth_srid: 9216 });

  let worstProj4 = 0;
  let worstEpsg = 0;
  let worstInverse = 0;
  for (const [lon, lat] of KONTUM_GRID) {
    const [r] = await sql<{ e: number; n: number; e_epsg: number; n_epsg: number; lon2: number; lat2: number }[]>`
      WITH p AS (SELECT ST_SetSRID(ST_Point(${lon}::float8, ${lat}::float8), 4326) AS g),
           t AS (SELECT ST_Transform(g, ${VN2000_KONTUM_SRID}::int) AS v, ST_Transform(g, 'EPSG:9216') AS ve FROM p)
      SELECT ST_X(v) AS e, ST_Y(v) AS n, ST_X(ve) AS e_epsg, ST_Y(ve) AS n_epsg,
             ST_X(ST_Transform(v, 4326)) AS lon2, ST_Y(ST_Transform(v, 4326)) AS lat2
      FROM t`;
    const p = toVn2000(lon, lat);
    worstProj4 = Math.max(worstProj4, Math.hypot(r.e - p.y, r.n - p.x));
    worstEpsg = Math.max(worstEpsg, Math.hypot(r.e - r.e_epsg, r.n - r.n_epsg));
    worstInverse = Math.max(worstInverse, Math.hypot((r.lon2 - lon) * 111_000, (r.lat2 - lat) * 111_000));
  }
  expect(worstProj4).toBeLessThan(0.01);
  expect(worstEpsg).toBeLessThan(0.01);
  expect(worstInverse).toBeLessThan(0.001);

  // Same datum as the TM-3 zones PostGIS ships: through 910730 to EPSG:5899 (107°45′) = straight to 5899.
  const [z] = await sql<{ d: number }[]>`
    WITH p AS (SELECT ST_SetSRID(ST_Point(108.0021, 14.3512), 4326) AS g)
    SELECT ST_Distance(ST_Transform(ST_Transform(g, ${VN2000_KONTUM_SRID}::int), 5899), ST_Transform(g, 5899)) AS d FROM p`;
  expect(z.d).toBeLessThan(0.001);

  // The reference point as the SQL sees it.
  const ref = EPSG_9216_REFERENCE[0];
  const [k] = await sql<{ e: number; n: number }[]>`
    SELECT ST_X(v) AS e, ST_Y(v) AS n FROM (SELECT ST_Transform(ST_SetSRID(ST_Point(${ref.lon}::float8, ${ref.lat}::float8), 4326), ${VN2000_KONTUM_SRID}::int) AS v) t`;
  expect(Math.abs(k.e - ref.easting)).toBeLessThan(0.01);
  expect(Math.abs(k.n - ref.northing)).toBeLessThan(0.01);
}

/**
 * The database checks: migrations and PostGIS's first ST_Transform take seconds, and many more on a
 * machine whose cores are busy (the check once timed out at vitest's 5 s default there).
 */
const DATABASE_TIMEOUT = { timeout: 120_000 };

describe('SRID 910730 on the embedded database (PGlite + PostGIS)', DATABASE_TIMEOUT, () => {
  let dir: string;
  let db: Database;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kontum-vn2000-'));
    db = await openDatabase({ DATA_DIR: dir, DB_POOL_MAX: 1 });
  });
  afterAll(async () => {
    await db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('agrees with proj4js and with EPSG:9216 within 1 cm over Kon Tum', async () => {
    await checkSql(db.sql);
  });
});

describe('SRID 910730 on PostgreSQL (TEST_DATABASE_URL)', DATABASE_TIMEOUT, () => {
  const url = process.env.TEST_DATABASE_URL;
  let admin: postgres.Sql | undefined;
  let dbName: string | undefined;
  let db: Database | undefined;
  let skipReason: string | undefined = url ? undefined : 'TEST_DATABASE_URL is not set';

  beforeAll(async () => {
    if (!url) return;
    // A database of its own: other suites reset and seed the shared test database concurrently.
    admin = postgres(url, { max: 1, onnotice: () => {} });
    dbName = `kontum_vn2000_${process.pid}_${Date.now()}`;
    await admin.unsafe(`CREATE DATABASE ${dbName}`);
    const own = new URL(url);
    own.pathname = `/${dbName}`;
    const probe = postgres(own.toString(), { max: 1, onnotice: () => {} });
    try {
      await probe`CREATE EXTENSION IF NOT EXISTS postgis`;
    } catch (err) {
      skipReason = `PostGIS is not installed on ${new URL(url).host}: ${(err as Error).message}`;
    } finally {
      await probe.end();
    }
    if (!skipReason) db = await openDatabase({ DATABASE_URL: own.toString(), DB_POOL_MAX: 1 });
  });
  afterAll(async () => {
    await db?.close();
    if (admin && dbName) {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName}`);
      await admin.end();
    }
  });

  it('agrees with proj4js and with EPSG:9216 within 1 cm over Kon Tum', async (ctx) => {
    if (skipReason || !db) {
      console.warn(`[vn2000] PostgreSQL check skipped: ${skipReason}`);
      ctx.skip();
      return;
    }
    await checkSql(db.sql);
  });
});
