import type { Sql } from 'postgres';
import type { FeatureDetail, TileLayer } from '../domain/layers.ts';
import { HttpError } from '../http/errors.ts';
import { TILE_LAYER_DEFS } from './layers.ts';

/** One feature of a layer by its id, from the layer's detail SQL file; 404 when the layer has none or no such feature. */
export async function featureDetail(sql: Sql, layer: TileLayer, id: string): Promise<FeatureDetail> {
  const def = TILE_LAYER_DEFS[layer];
  const rows = def.detailSql ? await sql.unsafe<Record<string, string | number | boolean | null>[]>(def.detailSql, [id]) : [];
  if (!rows[0]) {
    throw new HttpError(404, 'feature_not_found', `Không tìm thấy đối tượng "${id}" của lớp ${layer}`, `No feature "${id}" in layer ${layer}`);
  }
  return { layer, id, properties: { ...rows[0] } };
}
