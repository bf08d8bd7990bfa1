/**
 * Which tiles a prepared area needs: for every vector source the map draws, the tiles covering
 * the area's box (with a margin, for a look past its edge) at the zooms from a tiểu khu's whole
 * to a lô's edges (OFFLINE_ZOOMS), clipped to the zooms the source has tiles for; a source whose
 * tiles stop below (the labels of the communes, say) gives its last zoom, which the map stretches.
 */
import { OFFLINE_ZOOMS } from '../../../server/domain/offline.ts';
import type { TileSourceTemplate } from '../map/MapView.tsx';

export type Bbox = [number, number, number, number];

/** Web Mercator tile column and row of a point at a zoom. */
export function tileOf(lon: number, lat: number, z: number): { x: number; y: number } {
  const n = 2 ** z;
  const clampedLat = Math.max(-85.0511, Math.min(85.0511, lat));
  const r = (clampedLat * Math.PI) / 180;
  const x = Math.floor(((lon + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return { x: Math.min(n - 1, Math.max(0, x)), y: Math.min(n - 1, Math.max(0, y)) };
}

/** The box grown by a share of its size on every side. */
export function padBbox([w, s, e, n]: Bbox, share: number): Bbox {
  const dx = (e - w) * share;
  const dy = (n - s) * share;
  return [w - dx, s - dy, e + dx, n + dy];
}

/** Every tile URL of the sources over the box, each once. */
export function tileUrlsFor(bbox: Bbox, sources: readonly TileSourceTemplate[], zooms: { min: number; max: number } = OFFLINE_ZOOMS): string[] {
  const urls = new Set<string>();
  for (const src of sources) {
    const top = Math.min(zooms.max, src.maxzoom);
    const bottom = Math.max(zooms.min, src.minzoom);
    const from = top < bottom ? top : bottom;
    if (top < src.minzoom) continue;
    for (let z = from; z <= top; z++) {
      const a = tileOf(bbox[0], bbox[3], z);
      const b = tileOf(bbox[2], bbox[1], z);
      for (let x = a.x; x <= b.x; x++) {
        for (let y = a.y; y <= b.y; y++) urls.add(src.url.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y)));
      }
    }
  }
  return [...urls];
}
