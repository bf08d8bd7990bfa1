/**
 * GeoPackage (SQLite) read with sql.js (SQLite compiled to WebAssembly: no native build, no GDAL):
 * the first feature table (or the only one), its SRS from gpkg_spatial_ref_sys, geometry blobs
 * decoded from WKB. sql.js opens the file in memory, so GeoPackages are capped at MAX_GPKG_BYTES.
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import initSqlJs, { type Database } from 'sql.js';
import { crsFromOption, crsFromWkt, WGS84_CRS, type SourceCrs } from '../crs.ts';
import { ImportError } from '../errors.ts';
import type { OpenedFile, RawFeature } from '../types.ts';
import { gpkgBlobToGeometry } from './wkb.ts';

export const MAX_GPKG_BYTES = 300 * 1024 ** 2;
const require = createRequire(import.meta.url);
let sqlJs: ReturnType<typeof initSqlJs> | undefined;

const invalid = () => new ImportError('gpkg_invalid', 'Tệp GeoPackage bị hỏng hoặc không phải GeoPackage', 'The GeoPackage is damaged or not a GeoPackage');
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function srsOf(db: Database, srsId: number): SourceCrs | null {
  if (srsId === 4326) return WGS84_CRS;
  const r = db.exec('SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?', [srsId])[0]?.values[0];
  if (!r) return null;
  const [org, code, def] = r as [string, number, string];
  if (String(org).toUpperCase() === 'EPSG') {
    try {
      return { ...crsFromOption(`EPSG:${code}`), source: 'gpkg' };
    } catch {
      // an EPSG code without a name here: read its definition
    }
  }
  if (def && def !== 'undefined') return crsFromWkt(def, 'gpkg');
  return null;
}

export async function openGpkg(file: string): Promise<Omit<OpenedFile, 'close'> & { close(): Promise<void> }> {
  if (statSync(file).size > MAX_GPKG_BYTES) {
    throw new ImportError('file_too_large', 'Tệp GeoPackage quá lớn (tối đa 300 MB): hãy tách lớp hoặc dùng Shapefile', 'GeoPackage too large (300 MB at most): split it or use a Shapefile', {}, 413);
  }
  sqlJs ??= initSqlJs({ locateFile: (f: string) => require.resolve(`sql.js/dist/${f}`) });
  const SQL = await sqlJs;
  let db: Database;
  let table: string;
  let column: string;
  let srsId: number;
  try {
    db = new SQL.Database(readFileSync(file));
    const tables = db.exec("SELECT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name WHERE c.data_type = 'features' ORDER BY c.table_name")[0]?.values ?? [];
    if (tables.length === 0) throw new ImportError('gpkg_empty', 'GeoPackage không có lớp đối tượng nào', 'The GeoPackage holds no feature table');
    if (tables.length > 1) {
      throw new ImportError('gpkg_many', `GeoPackage có ${tables.length} lớp (${tables.map((t) => t[0]).join(', ')}): mỗi lần nhập một lớp`, `The GeoPackage holds ${tables.length} layers (${tables.map((t) => t[0]).join(', ')}): import one at a time`);
    }
    [table, column, srsId] = tables[0] as [string, string, number];
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw invalid();
  }
  const cols = (db.exec(`PRAGMA table_info(${quote(table)})`)[0]?.values ?? []).map((r) => String(r[1])).filter((c) => c !== column);
  const crs = srsOf(db, srsId);
  return {
    format: 'gpkg',
    fields: cols,
    crs,
    encoding: null,
    async *features(): AsyncIterable<RawFeature> {
      const st = db.prepare(`SELECT ${[...cols, column].map(quote).join(', ')} FROM ${quote(table)}`);
      try {
        while (st.step()) {
          const row = st.get();
          const props: Record<string, unknown> = {};
          cols.forEach((c, i) => (props[c] = row[i]));
          const blob = row[cols.length];
          let geometry = null;
          try {
            geometry = blob instanceof Uint8Array ? gpkgBlobToGeometry(blob) : null;
          } catch {
            geometry = null;
          }
          yield { props, geometry };
        }
      } finally {
        st.free();
      }
    },
    async close() {
      db.close();
    },
  };
}
