/**
 * A GeoPackage (OGC 12-128, version 1.3: what GDAL 3.6 reads without a warning) of one feature table, written with sql.js (SQLite in
 * WebAssembly, already the import's GeoPackage reader: no native build, no GDAL): the required
 * gpkg_spatial_ref_sys (with the layer's CRS as its EPSG code and full WKT, TOWGS84 included),
 * gpkg_contents with the extent, gpkg_geometry_columns, and the table with GeoPackage geometry
 * blobs (header + envelope + little-endian WKB).
 */
import { createRequire } from 'node:module';
import initSqlJs from 'sql.js';
import type { MultiPolygon, Point, Polygon } from 'geojson';
import { multiPolygonWkbHex } from '../db/wkb.ts';
import type { FileField } from './fields.ts';
import type { FileFeature } from './shapefile.ts';

const require = createRequire(import.meta.url);
let sqlJs: ReturnType<typeof initSqlJs> | undefined;

export interface GpkgSrs {
  srsId: number;
  name: string;
  organization: string;
  code: number;
  wkt: string;
}

/** GeoPackage column types (MEDIUMINT: a 32-bit integer, which GDAL reads as Integer rather than Integer64). */
const SQL_TYPE: Record<FileField['type'], string> = { int: 'MEDIUMINT', num: 'REAL', text: 'TEXT', bool: 'BOOLEAN', date: 'DATE' };
const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

function pointWkb(p: Point): Buffer {
  const b = Buffer.alloc(21);
  b.writeUInt8(1, 0);
  b.writeUInt32LE(1, 1);
  b.writeDoubleLE(p.coordinates[0]!, 5);
  b.writeDoubleLE(p.coordinates[1]!, 13);
  return b;
}

/** GeoPackage binary: 'GP', version 0, flags (little endian, envelope [minx, maxx, miny, maxy]), srs id, envelope, WKB. */
export function gpkgBlob(g: Polygon | MultiPolygon | Point, srsId: number): Uint8Array {
  const wkb = g.type === 'Point' ? pointWkb(g) : Buffer.from(multiPolygonWkbHex(g.type === 'Polygon' ? [g.coordinates] : g.coordinates), 'hex');
  const pts = g.type === 'Point' ? [g.coordinates] : (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat(2);
  const env = [Infinity, -Infinity, Infinity, -Infinity];
  for (const p of pts) {
    env[0] = Math.min(env[0]!, p[0]!);
    env[1] = Math.max(env[1]!, p[0]!);
    env[2] = Math.min(env[2]!, p[1]!);
    env[3] = Math.max(env[3]!, p[1]!);
  }
  const h = Buffer.alloc(8 + 32);
  h.write('GP', 0, 'ascii');
  h.writeUInt8(0, 2);
  h.writeUInt8(0b0000_0011, 3); // envelope type 1 (xy), little endian
  h.writeInt32LE(srsId, 4);
  env.forEach((v, i) => h.writeDoubleLE(v, 8 + 8 * i));
  return Buffer.concat([h, wkb]);
}

/** The GeoPackage file of one layer. */
export async function gpkgFile(table: string, title: string, kind: 'point' | 'polygon', fields: FileField[], features: FileFeature[], srs: GpkgSrs): Promise<Uint8Array> {
  sqlJs ??= initSqlJs({ locateFile: (f: string) => require.resolve(`sql.js/dist/${f}`) });
  const SQL = await sqlJs;
  const db = new SQL.Database();
  try {
    db.run('PRAGMA application_id = 1196444487'); // 'GPKG'
    db.run('PRAGMA user_version = 10300');
    db.run(`CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
      organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)`);
    const srsRow = 'INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)';
    db.run(srsRow, ['Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system']);
    db.run(srsRow, ['Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system']);
    db.run(srsRow, [
      'WGS 84 geodetic',
      4326,
      'EPSG',
      4326,
      'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]',
      'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid',
    ]);
    if (srs.srsId !== 4326) db.run(srsRow, [srs.name, srs.srsId, srs.organization, srs.code, srs.wkt, srs.name]);
    db.run(`CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
      description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
      min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
      CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))`);
    db.run(`CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
      srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
      CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
      CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
      CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))`);
    const geomType = kind === 'point' ? 'POINT' : 'MULTIPOLYGON';
    db.run(`CREATE TABLE ${q(table)} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom ${geomType}, ${fields.map((f) => `${q(f.name)} ${SQL_TYPE[f.type]}`).join(', ')})`);

    let box = [Infinity, Infinity, -Infinity, -Infinity];
    db.run('BEGIN');
    const st = db.prepare(`INSERT INTO ${q(table)} (geom, ${fields.map((f) => q(f.name)).join(', ')}) VALUES (?${', ?'.repeat(fields.length)})`);
    try {
      for (const f of features) {
        let blob: Uint8Array | null = null;
        if (f.geometry) {
          const g = f.geometry.type === 'Polygon' ? { type: 'MultiPolygon' as const, coordinates: [f.geometry.coordinates] } : f.geometry;
          blob = gpkgBlob(g, srs.srsId);
          const env = new DataView(blob.buffer, blob.byteOffset + 8, 32);
          const [x0, x1, y0, y1] = [0, 1, 2, 3].map((i) => env.getFloat64(8 * i, true)) as [number, number, number, number];
          box = [Math.min(box[0]!, x0), Math.min(box[1]!, y0), Math.max(box[2]!, x1), Math.max(box[3]!, y1)];
        }
        st.run([blob, ...fields.map((fl) => {
          const v = f.values[fl.name];
          return typeof v === 'boolean' ? (v ? 1 : 0) : (v ?? null);
        })]);
      }
    } finally {
      st.free();
    }
    db.run('COMMIT');
    const ext = Number.isFinite(box[0]) ? box : [null, null, null, null];
    db.run('INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
      table,
      'features',
      table,
      title,
      ...(ext as (number | null)[]),
      srs.srsId,
    ]);
    db.run('INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, 0, 0)', [table, 'geom', geomType, srs.srsId]);
    return db.export();
  } finally {
    db.close();
  }
}
