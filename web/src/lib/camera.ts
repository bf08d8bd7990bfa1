import type { SearchHitKind } from '../../../server/domain/api.ts';

export type Camera =
  | { kind: 'bounds'; bounds: [number, number, number, number]; maxZoom: number }
  | { kind: 'center'; center: [number, number]; zoom: number };

/** Zoom that shows a place of each kind with its surroundings (and its layer drawn). */
export const ZOOM_FOR_KIND: Record<SearchHitKind, number> = {
  district: 9.5,
  commune: 11,
  unit2025: 10.5,
  village: 13.5,
  tieukhu: 12,
  khoanh: 13.5,
  plot: 15,
  coordinate: 14,
};

/**
 * Where to move the map for a search hit: its bbox when it has a real extent, otherwise its
 * centre at the zoom for its kind. maxZoom keeps small lô from filling the screen.
 * @example cameraFor({kind: 'village', center: [108, 14.4], bbox: null}) // centre at zoom 13.5
 */
export function cameraFor(hit: { kind: SearchHitKind; center: [number, number]; bbox: [number, number, number, number] | null }): Camera {
  const b = hit.bbox;
  if (b && b[2] - b[0] > 1e-6 && b[3] - b[1] > 1e-6) {
    return { kind: 'bounds', bounds: b, maxZoom: Math.max(ZOOM_FOR_KIND[hit.kind], 15) + 1 };
  }
  return { kind: 'center', center: hit.center, zoom: ZOOM_FOR_KIND[hit.kind] };
}
