/**
 * Which tiles a prepared area needs: for every vector source the map draws, the tiles covering
 * the area's box (with a margin, for a look past its edge) at the zooms from a tiểu khu's whole
 * to a lô's edges (OFFLINE_ZOOMS), clipped to the zooms the source has tiles for; a source whose
 * tiles stop below (the labels of the communes, say) gives its last zoom, which the map stretches.
 * A drawn area takes the tiles meeting its outline only (a long thin drawing along a road is not
 * its whole box).
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

/** The box a tile covers: [west, south, east, north]. */
export function tileBox(x: number, y: number, z: number): Bbox {
  const n = 2 ** z;
  const lat = (row: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * row) / n))) * 180) / Math.PI;
  return [(x / n) * 360 - 180, lat(y + 1), ((x + 1) / n) * 360 - 180, lat(y)];
}

/** Whether a point lies inside a ring (even–odd rule). */
export function inRing([px, py]: [number, number], ring: readonly [number, number][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether the segment a–b crosses or lies in the box (Liang–Barsky clipping). */
function segmentMeetsBox(a: [number, number], b: [number, number], [w, s, e, n]: Bbox): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  for (const [p, q] of [[-dx, a[0] - w], [dx, e - a[0]], [-dy, a[1] - s], [dy, n - a[1]]] as const) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const r = q / p;
    if (p < 0) t0 = Math.max(t0, r);
    else t1 = Math.min(t1, r);
    if (t0 > t1) return false;
  }
  return true;
}

/** Whether a closed ring (first point repeated last) and a box meet: an edge through the box, or the box inside the ring. */
export function ringMeetsBox(ring: readonly [number, number][], box: Bbox): boolean {
  for (let i = 1; i < ring.length; i++) if (segmentMeetsBox(ring[i - 1]!, ring[i]!, box)) return true;
  return inRing([(box[0] + box[2]) / 2, (box[1] + box[3]) / 2], ring);
}

/**
 * Every tile URL of the sources over the box, each once; with a ring (a drawn area), only the
 * tiles that meet it.
 */
export function tileUrlsFor(bbox: Bbox, sources: readonly TileSourceTemplate[], zooms: { min: number; max: number } = OFFLINE_ZOOMS, ring?: readonly [number, number][]): string[] {
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
        for (let y = a.y; y <= b.y; y++) if (!ring || ringMeetsBox(ring, tileBox(x, y, z))) urls.add(src.url.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y)));
      }
    }
  }
  return [...urls];
}
