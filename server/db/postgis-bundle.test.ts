import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import postgres from 'postgres';
import tar from 'tar-stream';
import { afterAll, describe, expect, it } from 'vitest';
import { toVn2000, VN2000_KONTUM_PROJ4 } from '../geo/vn2000.ts';
import { startEmbedded } from './embedded.ts';
import { corePostgisBundle, keepInCoreBundle } from './postgis-bundle.ts';

const scratch = mkdtempSync(path.join(tmpdir(), 'atlas-postgis-bundle-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function entries(file: string): Promise<string[]> {
  const names: string[] = [];
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    names.push(header.name);
    stream.on('end', next);
    stream.resume();
  });
  await pipeline(createReadStream(file), createGunzip(), extract);
  return names;
}

describe('the PostGIS bundle the embedded database loads', () => {
  it('keeps postgis, its scripts and PROJ, and drops raster, topology, tiger and the contrib scripts', () => {
    const kept = (name: string) => keepInCoreBundle(name, 'file');
    expect(kept('lib/postgresql/postgis-3.so')).toBe(true);
    expect(kept('share/postgresql/extension/postgis.control')).toBe(true);
    expect(kept('share/postgresql/extension/postgis--3.6.2.sql')).toBe(true);
    expect(kept('share/postgresql/extension/postgis--3.6.1--ANY.sql')).toBe(true);
    expect(kept('share/postgresql/extension/postgis--ANY--3.6.2.sql')).toBe(true);
    expect(kept('share/proj/proj.db')).toBe(true);
    expect(kept('lib/postgresql/postgis_raster-3.so')).toBe(false);
    expect(kept('lib/postgresql/postgis_topology-3.so')).toBe(false);
    expect(kept('share/postgresql/extension/postgis_raster--3.6.2.sql')).toBe(false);
    expect(kept('share/postgresql/extension/postgis_tiger_geocoder.control')).toBe(false);
    expect(kept('share/postgresql/extension/postgis--unpackaged--3.6.2.sql')).toBe(false);
    expect(kept('share/postgresql/contrib/postgis-3.6/spatial_ref_sys.sql')).toBe(false);
  });

  it('is made from the installed package with one library in it', async () => {
    const source = fileURLToPath(new URL('../../node_modules/@electric-sql/pglite-postgis/dist/postgis.tar.gz', import.meta.url));
    // a first choice it cannot write (here a file where the folder would be) falls through to the next folder
    const notAFolder = path.join(scratch, 'not-a-folder');
    writeFileSync(notAFolder, '');
    const bundle = await corePostgisBundle(source, [path.join(notAFolder, 'cache'), path.join(scratch, 'cache')]);
    expect(path.dirname(bundle)).toBe(path.join(scratch, 'cache'));
    const names = await entries(bundle);
    expect(names.filter((n) => n.endsWith('.so'))).toEqual(['lib/postgresql/postgis-3.so']);
    expect(names).toContain('share/proj/proj.db');
    expect(names).toContain('share/postgresql/extension/postgis.control');
    expect(names.filter((n) => /extension\/postgis--[0-9.]+\.sql$/.test(n))).toHaveLength(1);
    expect(await corePostgisBundle(source, [path.join(scratch, 'cache')])).toBe(bundle); // made once
  });

  it('opens a new embedded database where PostGIS transforms to VN-2000 and raster and topology are not installed', async () => {
    const db = await startEmbedded(path.join(scratch, 'db'));
    const sql = postgres(db.url, { max: 1, onnotice: () => {} });
    try {
      const available = await sql<{ name: string }[]>`SELECT name FROM pg_available_extensions WHERE name LIKE 'postgis%' ORDER BY name`;
      expect(available.map((r) => r.name)).toEqual(['postgis']);
      // PROJ inside the embedded PostGIS agrees with proj4js on the Kon Tum VN-2000 zone (PROJ's data came with the bundle)
      const [p] = await sql<{ x: number; y: number }[]>`
        SELECT ST_X(g) AS x, ST_Y(g) AS y FROM ST_Transform(ST_SetSRID(ST_Point(108.0021, 14.3512), 4326), ${VN2000_KONTUM_PROJ4}::text) AS g`;
      const expected = toVn2000(108.0021, 14.3512);
      expect(Math.abs(p!.x - expected.y)).toBeLessThan(0.01);
      expect(Math.abs(p!.y - expected.x)).toBeLessThan(0.01);
    } finally {
      await sql.end();
      await db.stop();
    }
  });
});
