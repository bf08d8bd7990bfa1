import { Hono } from 'hono';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { TileParams, TileQuery, TILE_LAYERS, type TileJson, type TileLayer } from '../domain/api.ts';
import { TILE_LAYER_DEFS, type TileFilters } from '../tiles/layers.ts';
import { renderTile } from '../tiles/render.ts';
import { HttpError } from '../http/errors.ts';
import { TileFile, TileXY, TileZ, validate } from '../http/validate.ts';
import { PROVINCE_BOUNDS } from '../domain/geo.ts';

const MVT_TYPE = 'application/vnd.mapbox-vector-tile';

export const tiles = new Hono();

tiles.get('/:file{[a-z]+\\.json}', (c) => {
  const id = c.req.param('file').replace(/\.json$/, '');
  if (!(TILE_LAYERS as readonly string[]).includes(id)) {
    throw new HttpError(404, 'unknown_layer', `Không có lớp bản đồ "${id}"`, `No tile layer "${id}"`);
  }
  const def = TILE_LAYER_DEFS[id as TileLayer];
  const origin = new URL(c.req.url).origin;
  const qs = new URL(c.req.url).search;
  const body: TileJson = {
    tilejson: '3.0.0',
    name: def.id,
    tiles: [`${origin}/api/tiles/${def.id}/{z}/{x}/{y}.mvt${qs}`],
    minzoom: def.minzoom,
    maxzoom: def.maxzoom,
    bounds: PROVINCE_BOUNDS,
    vector_layers: [{ id: def.id, fields: def.fields, minzoom: def.minzoom, maxzoom: def.maxzoom }],
  };
  return c.json(body);
});

// z, x and y as plain digits: "1e3", "0x10" and " 1" are not tile addresses
const TilePath = TileParams.omit({ y: true }).extend({ z: TileZ, x: TileXY, file: TileFile });

tiles.get('/:layer/:z/:x/:file', validate('param', TilePath), validate('query', TileQuery), async (c) => {
  const { layer, z: zoom, x } = c.req.valid('param');
  const y = c.req.valid('param').file;
  const max = 2 ** zoom;
  if (x >= max || y >= max) {
    throw new HttpError(400, 'tile_out_of_range', 'Ô bản đồ nằm ngoài phạm vi', 'Tile address out of range');
  }
  const def = TILE_LAYER_DEFS[layer];
  const q = c.req.valid('query');
  const filters: TileFilters = {};
  for (const k of def.filterKeys) if (q[k] !== undefined) filters[k] = q[k];
  const { deps } = c.var;
  const version = deps.versions.get(layer);
  const key = `${layer}/${zoom}/${x}/${y}?${JSON.stringify(filters)}@${version}`;
  let entry = deps.tileCache.get(key);
  if (!entry) {
    const raw = zoom < def.minzoom ? new Uint8Array(0) : await renderTile(c.var.sql, deps.db.nativeMvt, def, zoom, x, y, filters);
    const body = gzipSync(raw, { level: 6 });
    const etag = `"${createHash('sha1').update(key).digest('base64url').slice(0, 20)}"`;
    deps.tileCache.set(key, body, etag);
    entry = { body, etag };
  }
  const headers: Record<string, string> = {
    'Content-Type': MVT_TYPE,
    'Cache-Control': 'public, max-age=300, stale-while-revalidate=3600',
    ETag: entry.etag,
    Vary: 'Accept-Encoding',
  };
  if (c.req.header('If-None-Match') === entry.etag) return c.body(null, 304, headers);
  if (/\bgzip\b/.test(c.req.header('Accept-Encoding') ?? '')) {
    return c.body(entry.body as Uint8Array<ArrayBuffer>, 200, { ...headers, 'Content-Encoding': 'gzip' });
  }
  const { gunzipSync } = await import('node:zlib');
  return c.body(new Uint8Array(gunzipSync(entry.body)), 200, headers);
});
