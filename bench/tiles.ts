/**
 * Uncached vector tiles: for every tile layer and zoom band, the API's time and gzipped size
 * (in-process `app.request`, tile cache disabled: routing, SQL, encoding where needed, gzip) and
 * the time of the layer's raw SQL alone on the same connection (ST_AsMVT on a real PostGIS; the
 * tile-space rows on PGlite, which the server then encodes). API / SQL is the overhead to watch.
 */
import type { Hono } from 'hono';
import { createApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import type { Database } from '../server/db/connect.ts';
import { LAYER_REGISTRY, TILE_LAYERS, type TileFilters, type TileLayer } from '../server/domain/layers.ts';
import { TILE_LAYER_DEFS } from '../server/tiles/layers.ts';
import { TileCache } from '../server/tiles/cache.ts';
import { encodedTileSql, nativeTileSql, tileParams } from '../server/tiles/render.ts';
import { DataVersions } from '../server/tiles/versions.ts';
import { type TileAddress, type ZoomBand, ZOOM_BANDS, bandAddresses } from './addresses.ts';
import { type Summary, summarise, timed } from './stats.ts';

/** The API in-process with its tile cache off, so every tile benchmarked is rendered; `versions` shared with whoever writes meanwhile. */
export async function uncachedApp(db: Database, versions?: DataVersions): Promise<Hono> {
  const config = loadConfig({ ...process.env, DATABASE_URL: undefined });
  return createApp({ db, config, versions: versions ?? (await DataVersions.load(db.sql)), tileCache: new TileCache(0) });
}

/** Every layer of the registry, with the filters the web app asks it with (its `sample`). */
export const TILE_CASES: { layer: TileLayer; filters: TileFilters }[] = TILE_LAYERS.map((layer) => ({ layer, filters: { ...LAYER_REGISTRY[layer].sample } }));

export interface TileResult {
  layer: TileLayer;
  band: string;
  /** Addresses requested: those at or above the layer's minzoom (all of them when none is). */
  tiles: number;
  api: Summary;
  sql: Summary | null;
  /** Gzipped bytes of the API's tiles. */
  gzip: Summary;
  features: Summary;
  /** Σ API ms / Σ SQL ms over the same tiles (null without SQL): the overhead where the time is. */
  totalRatio: number | null;
}

function queryString(f: TileFilters): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Counts features of an uncompressed MVT layer cheaply (field 2 = features inside field 3 = layer). */
function countFeatures(raw: Uint8Array): number {
  let n = 0;
  const varint = (buf: Uint8Array, at: { i: number }) => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const b = buf[at.i++];
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
      shift += 7;
    }
  };
  const at = { i: 0 };
  while (at.i < raw.length) {
    const key = varint(raw, at);
    const len = varint(raw, at);
    if (key >> 3 === 3) {
      const end = at.i + len;
      const inner = { i: at.i };
      while (inner.i < end) {
        const k = varint(raw, inner);
        const wire = k & 7;
        if (wire === 2) {
          const l = varint(raw, inner);
          if (k >> 3 === 2) n++;
          inner.i += l;
        } else if (wire === 0) varint(raw, inner);
        else if (wire === 5) inner.i += 4;
        else inner.i += 8;
      }
    }
    at.i += len;
  }
  return n;
}

/** Runs the raw SQL of a layer for one address; returns the uncompressed tile (or the rows' JSON size on PGlite). */
async function rawSql(db: Database, layer: TileLayer, a: TileAddress, f: TileFilters): Promise<number> {
  const def = TILE_LAYER_DEFS[layer];
  const params = tileParams(def, a[0], a[1], a[2], f);
  if (db.nativeMvt) {
    const rows = await db.sql.unsafe<{ mvt: Uint8Array | null }[]>(nativeTileSql(def), params);
    return rows[0]?.mvt?.length ?? 0;
  }
  const rows = await db.sql.unsafe(encodedTileSql(def), params);
  return rows.length;
}

/**
 * Benchmarks every case over the bands' addresses. Each address is requested once through the
 * API and once as raw SQL (alternating which goes first), after one untimed warm-up of the
 * layer, so both see the same warm database buffers.
 */
export async function benchTiles(
  db: Database,
  app: Hono,
  points: [number, number][],
  perBand: number,
  log: (m: string) => void,
  cases: readonly { layer: TileLayer; filters: TileFilters }[] = TILE_CASES,
): Promise<TileResult[]> {
  const out: TileResult[] = [];
  for (const c of cases) {
    const def = TILE_LAYER_DEFS[c.layer];
    for (const band of ZOOM_BANDS as ZoomBand[]) {
      const addrs = bandAddresses(points, band, perBand);
      const api: number[] = [];
      const sqlMs: number[] = [];
      const gz: number[] = [];
      const feats: number[] = [];
      const inRange = (a: TileAddress) => a[0] >= def.minzoom && a[0] <= def.maxzoom;
      if (addrs.some(inRange)) await rawSql(db, c.layer, addrs.find(inRange)!, c.filters);
      // Below the layer's minzoom the API answers an empty tile without SQL: time only the tiles it renders.
      const timedAddrs = addrs.some(inRange) ? addrs.filter(inRange) : addrs;
      for (const [i, a] of timedAddrs.entries()) {
        const url = `http://bench/api/tiles/${c.layer}/${a[0]}/${a[1]}/${a[2]}.mvt${queryString(c.filters)}`;
        const viaApi = async () => {
          const { ms, value } = await timed(async () => {
            const res = await app.request(url, { headers: { 'Accept-Encoding': 'gzip' } });
            if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
            return new Uint8Array(await res.arrayBuffer());
          });
          api.push(ms);
          gz.push(value.length);
          const { gunzipSync } = await import('node:zlib');
          feats.push(value.length ? countFeatures(gunzipSync(value)) : 0);
        };
        const viaSql = async () => {
          if (!inRange(a)) return;
          sqlMs.push((await timed(() => rawSql(db, c.layer, a, c.filters))).ms);
        };
        if (i % 2 === 0) {
          await viaApi();
          await viaSql();
        } else {
          await viaSql();
          await viaApi();
        }
      }
      out.push({ layer: c.layer, band: band.id, tiles: timedAddrs.length, api: summarise(api), sql: sqlMs.length ? summarise(sqlMs) : null, gzip: summarise(gz), features: summarise(feats),
        totalRatio: sqlMs.length === api.length && sqlMs.length ? api.reduce((x, y) => x + y, 0) / sqlMs.reduce((x, y) => x + y, 0) : null });
      log(`    ${c.layer} ${band.id}: api p95 ${summarise(api).p95.toFixed(1)} ms, sql p95 ${sqlMs.length ? summarise(sqlMs).p95.toFixed(1) : '–'} ms, gzip max ${(summarise(gz).max / 1024).toFixed(1)} KB`);
    }
  }
  return out;
}

