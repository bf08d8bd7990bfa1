/**
 * The server's binding of the layer registry (server/domain/layers.ts): each layer's SQL file
 * (server/sql/tiles/<id>.sql) and its bind parameters. Everything else about a layer — zooms,
 * fields, filters, classes — is the registry's.
 */
import { sqlFile } from '../sql/load.ts';
import { LAYER_REGISTRY, TILE_LAYERS, type LayerDescription, type TileFilters, type TileLayer } from '../domain/layers.ts';

export type { TileFilters } from '../domain/layers.ts';

export interface TileLayerDef extends LayerDescription {
  id: TileLayer;
  /** The layer's SQL (server/sql/tiles/<id>.sql): $1 z, $2 x, $3 y, then extraParams. */
  sql: string;
  /** Bind parameters after z/x/y: the registry's filters in order, null when absent. */
  extraParams(f: TileFilters): (number | null)[];
}

function bind(id: TileLayer): TileLayerDef {
  const d: LayerDescription = LAYER_REGISTRY[id];
  return { ...d, id, sql: sqlFile(`tiles/${id}`), extraParams: (f) => d.filters.map((k) => f[k] ?? null) };
}

export const TILE_LAYER_DEFS = Object.fromEntries(TILE_LAYERS.map((id) => [id, bind(id)])) as Record<TileLayer, TileLayerDef>;
