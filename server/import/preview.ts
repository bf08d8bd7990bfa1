/**
 * Preview tiles of a staged import batch: the import screen draws the rows a commit would write on
 * its map before anything is written. A small dedicated endpoint, not a layer of the registry: the
 * registry's layers are public, versioned, cached and listed in TileJSON, the OGC API and the
 * benchmark, while a batch's staged rows are private to importers, change with every batch and
 * disappear at commit or cancel. It reuses the registry's renderer (ST_AsMVT on a real PostGIS,
 * the server's encoder on PGlite) with its own SQL (server/sql/import/staged-tile.sql).
 */
import type { Sql } from 'postgres';
import { sqlFile } from '../sql/load.ts';
import { renderTile } from '../tiles/render.ts';
import type { TileLayerDef } from '../tiles/layers.ts';

/** The source-layer name in the tile (the web's preview style reads it). */
export const STAGED_LAYER = 'staged';

/** One uncompressed MVT tile of batch `id`'s staged rows. */
export async function stagedTile(sql: Sql, nativeMvt: boolean, id: number, z: number, x: number, y: number): Promise<Uint8Array> {
  const def = { id: STAGED_LAYER, sql: sqlFile('import/staged-tile'), extraParams: () => [id] } as unknown as TileLayerDef;
  return renderTile(sql, nativeMvt, def, z, x, y, {});
}
