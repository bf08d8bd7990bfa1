import type { Sql } from 'postgres';
import { encodeLayer, TILE_EXTENT, type TileSpaceRow } from './encode.ts';
import type { TileFilters, TileLayerDef } from './layers.ts';

/**
 * The layer's SQL wrapped so that PostGIS encodes the tile itself (a real PostGIS with protobuf).
 * ST_AsMVT skips rows whose geometry is NULL (outside the tile after clipping), so no filter is
 * needed — a `WHERE t.geom IS NOT NULL` would be pushed into the layer query and compute every
 * tile geometry twice.
 */
export function nativeTileSql(def: TileLayerDef): string {
  return `SELECT ST_AsMVT(t, '${def.id}', ${TILE_EXTENT}, 'geom', 'fid') AS mvt
FROM (${def.sql}) t`;
}

/**
 * The layer's SQL wrapped to return tile-space GeoJSON for encoding in the server (PGlite).
 * OFFSET 0 keeps the NULL-geometry filter outside the layer query (one tile geometry per row).
 */
export function encodedTileSql(def: TileLayerDef): string {
  return `SELECT t.fid, to_jsonb(t) - 'geom' - 'fid' AS props, ST_AsGeoJSON(t.geom)::json AS geometry
FROM (SELECT * FROM (${def.sql}) s OFFSET 0) t WHERE t.geom IS NOT NULL`;
}

export function tileParams(def: TileLayerDef, z: number, x: number, y: number, f: TileFilters) {
  return [z, x, y, ...def.extraParams(f)];
}

/** Renders one uncompressed MVT tile of a layer. Parameters are always bound, never interpolated. */
export async function renderTile(
  sql: Sql,
  nativeMvt: boolean,
  def: TileLayerDef,
  z: number,
  x: number,
  y: number,
  filters: TileFilters,
): Promise<Uint8Array> {
  const params = tileParams(def, z, x, y, filters);
  if (nativeMvt) {
    const rows = await sql.unsafe<{ mvt: Uint8Array | null }[]>(nativeTileSql(def), params);
    return rows[0]?.mvt ? new Uint8Array(rows[0].mvt) : new Uint8Array(0);
  }
  const rows = await sql.unsafe<TileSpaceRow[]>(encodedTileSql(def), params);
  return encodeLayer(def.id, rows);
}
