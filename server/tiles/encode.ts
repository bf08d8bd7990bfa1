import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { GeoJSONVTFeature, GeoJSONVTTile } from '@maplibre/geojson-vt';

export const TILE_EXTENT = 4096;

/** A row of a tile layer query on a database without ST_AsMVT: properties + GeoJSON in tile space. */
export interface TileSpaceRow {
  fid: number | string | null;
  props: Record<string, unknown>;
  /** GeoJSON geometry whose coordinates are already integer tile units (atlas_tile_geom). */
  geometry: { type: string; coordinates: unknown };
}

type Ring = [number, number][];

function toVtFeature(row: TileSpaceRow): GeoJSONVTFeature | null {
  const g = row.geometry;
  const tags: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(row.props)) {
    if (v === null || v === undefined || k === 'fid' || k === 'geom') continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') tags[k] = v;
    else tags[k] = String(v);
  }
  const id = row.fid == null ? undefined : Number(row.fid);
  switch (g.type) {
    case 'Point':
      return { id, type: 1, tags, geometry: [g.coordinates as [number, number]] };
    case 'MultiPoint':
      return { id, type: 1, tags, geometry: g.coordinates as [number, number][] };
    case 'LineString':
      return { id, type: 2, tags, geometry: [g.coordinates as Ring] };
    case 'MultiLineString':
      return { id, type: 2, tags, geometry: g.coordinates as Ring[] };
    case 'Polygon':
      return { id, type: 3, tags, geometry: g.coordinates as Ring[] };
    case 'MultiPolygon':
      // MVT polygons are a flat list of rings; winding tells exterior from hole.
      return { id, type: 3, tags, geometry: (g.coordinates as Ring[][]).flat() };
    default:
      return null;
  }
}

/**
 * Encodes one layer of tile-space features as a Mapbox Vector Tile (spec 2.1), used where
 * PostGIS lacks ST_AsMVT (PGlite). Geometry orientation is prepared in SQL (atlas_tile_geom).
 */
export function encodeLayer(name: string, rows: TileSpaceRow[]): Uint8Array {
  const features = rows.map(toVtFeature).filter((f): f is GeoJSONVTFeature => f !== null);
  if (features.length === 0) return new Uint8Array(0);
  const tile = { features } as unknown as GeoJSONVTTile;
  return fromGeojsonVt({ [name]: tile }, { version: 2, extent: TILE_EXTENT });
}
