/**
 * The server's binding of the layer registry (server/domain/layers.ts): each layer's SQL file
 * (server/sql/tiles/<id>.sql) and its bind parameters. Everything else about a layer — zooms,
 * fields, filters, classes — is the registry's.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../config.ts';
import { sqlFile } from '../sql/load.ts';
import { LAYER_REGISTRY, TILE_LAYERS, type LayerDescription, type TileFilters, type TileLayer } from '../domain/layers.ts';

export type { TileFilters } from '../domain/layers.ts';

export interface TileLayerDef extends LayerDescription {
  id: TileLayer;
  /** The layer's SQL (server/sql/tiles/<id>.sql): $1 z, $2 x, $3 y, then extraParams. */
  sql: string;
  /** Bind parameters after z/x/y: the registry's filters in order, null when absent. */
  extraParams(f: TileFilters): (number | null)[];
  /**
   * One feature for its info panel (server/sql/details/<id>.sql, $1 the feature id as text), or
   * null when the layer has no such file (GET /api/tiles/<id>/features/:id then answers 404).
   */
  detailSql: string | null;
}

const hasDetail = (id: string) => existsSync(path.join(ROOT, 'server', 'sql', 'details', `${id}.sql`));

function bind(id: TileLayer): TileLayerDef {
  const d: LayerDescription = LAYER_REGISTRY[id];
  return {
    ...d,
    id,
    sql: sqlFile(`tiles/${id}`),
    extraParams: (f) => d.filters.map((k) => f[k] ?? null),
    detailSql: hasDetail(id) ? sqlFile(`details/${id}`) : null,
  };
}

export const TILE_LAYER_DEFS = Object.fromEntries(TILE_LAYERS.map((id) => [id, bind(id)])) as Record<TileLayer, TileLayerDef>;
