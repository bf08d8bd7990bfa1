import { gunzipSync } from 'node:zlib';
import { VectorTile, type VectorTileLayer } from '@mapbox/vector-tile';
import { PbfReader as Protobuf } from 'pbf';

/** Decodes a tile response body (gzipped or not) into its layers. */
export function decodeTile(body: Uint8Array): Record<string, VectorTileLayer> {
  const raw = body.length > 1 && body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body) : body;
  // @mapbox/vector-tile is typed against pbf 4's class; pbf 5's PbfReader reads the same way.
  const reader = new Protobuf(raw) as unknown as ConstructorParameters<typeof VectorTile>[0];
  return new VectorTile(reader).layers;
}

/** Slippy-map tile containing a lon/lat at zoom z. */
export function tileOf(lon: number, lat: number, z: number): [number, number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return [z, x, y];
}

/** Surveyor's-formula area of a ring in tile units (positive = exterior per the MVT spec). */
export function ringArea(ring: { x: number; y: number }[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j]!.x * ring[i]!.y) - (ring[i]!.x * ring[j]!.y);
  return a / 2;
}
