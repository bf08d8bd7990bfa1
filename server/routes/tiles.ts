import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { TileParams, TileQuery, type TileJson, type TileVersions } from '../domain/api.ts';
import { isTileLayer, TILE_ATTRIBUTION, TILE_LAYERS, type TileFilters } from '../domain/layers.ts';
import { TILE_LAYER_DEFS, type TileLayerDef } from '../tiles/layers.ts';
import { renderTile } from '../tiles/render.ts';
import { featureDetail } from '../tiles/features.ts';
import { publicOrigin } from '../tiles/origin.ts';
import { HttpError } from '../http/errors.ts';
import { TileFile, TileXY, TileZ, validate } from '../http/validate.ts';
import { PROVINCE_BOUNDS } from '../domain/geo.ts';
import { z } from 'zod';

const MVT_TYPE = 'application/vnd.mapbox-vector-tile';
/** A URL naming the current data version never changes content: the browser may keep it for good. */
const CACHE_VERSIONED = 'public, max-age=31536000, immutable';
/** Without a version (or with an outdated one) the browser must ask again (a 304 from the ETag is cheap). */
const CACHE_REVALIDATE = 'public, no-cache';

export const tiles = new Hono();

// Read-only tiles, TileJSON and versions for pages of other origins, when CORS_ALLOWED_ORIGINS allows it.
const allowCrossOrigin = cors({
  origin: (origin, c) => {
    const allowed = c.var.deps.config.CORS_ALLOWED_ORIGINS;
    if (allowed.includes('*')) return '*';
    return allowed.includes(origin) ? origin : null;
  },
  allowMethods: ['GET', 'HEAD', 'OPTIONS'],
  exposeHeaders: ['ETag'],
  maxAge: 600,
});
// (Cross-Origin-Resource-Policy: same-origin, set for the whole API, binds only no-cors loads;
// maplibre and fetch() read tiles in CORS mode, which these headers govern.)
tiles.use('*', (c, next) => (c.var.deps.config.CORS_ALLOWED_ORIGINS.length ? allowCrossOrigin(c, next) : next()));

/** The filters of a validated query that this layer honours (the rest are ignored). */
function layerFilters(def: TileLayerDef, q: z.infer<typeof TileQuery>): TileFilters {
  const filters: TileFilters = {};
  for (const k of def.filters) if (q[k] !== undefined) filters[k] = q[k];
  return filters;
}

/** '?year=2023&v=4': the layer's filters and its current data version. */
function versionedQuery(def: TileLayerDef, filters: TileFilters, version: number): string {
  const q = new URLSearchParams();
  for (const k of def.filters) if (filters[k] !== undefined) q.set(k, String(filters[k]));
  q.set('v', String(version));
  return `?${q}`;
}

/** Each layer's current data version: the web app puts it in its tile URLs (and asks again after a write). */
tiles.get('/versions', (c) => {
  const body: TileVersions = c.var.deps.versions.all();
  return c.json(body, 200, { 'Cache-Control': 'no-store' });
});

tiles.get('/:file{[a-z][a-z0-9]+\\.json}', validate('query', TileQuery), (c) => {
  const id = c.req.param('file').replace(/\.json$/, '');
  if (!isTileLayer(id)) {
    throw new HttpError(404, 'unknown_layer', `Không có lớp bản đồ "${id}"`, `No tile layer "${id}"`);
  }
  const def = TILE_LAYER_DEFS[id];
  const filters = layerFilters(def, c.req.valid('query'));
  const qs = versionedQuery(def, filters, c.var.deps.versions.get(id));
  const body: TileJson = {
    tilejson: '3.0.0',
    name: def.id,
    description: def.description,
    attribution: TILE_ATTRIBUTION,
    tiles: [`${publicOrigin(c)}/api/tiles/${def.id}/{z}/{x}/{y}.mvt${qs}`],
    minzoom: def.minzoom,
    maxzoom: def.maxzoom,
    bounds: PROVINCE_BOUNDS,
    vector_layers: [{ id: def.id, fields: def.fields, minzoom: def.minzoom, maxzoom: def.maxzoom }],
  };
  // the tile URLs inside change with every write: never reuse an old TileJSON
  return c.json(body, 200, { 'Cache-Control': 'no-cache' });
});

const FeaturePath = z.object({
  layer: z.enum(TILE_LAYERS),
  id: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, 'mã đối tượng không hợp lệ / invalid feature id'),
});

/** One feature of a layer with a detail SQL file, for its info panel (web/src/layers/FeatureInfo.tsx). */
tiles.get('/:layer/features/:id', validate('param', FeaturePath), async (c) => {
  const { layer, id } = c.req.valid('param');
  return c.json(await featureDetail(c.var.sql, layer, id));
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
  const filters = layerFilters(def, q);
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
    'Cache-Control': q.v === version ? CACHE_VERSIONED : CACHE_REVALIDATE,
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
