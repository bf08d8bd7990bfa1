/**
 * The fixed set of tile addresses the benchmark requests: for each zoom band, the tiles holding
 * points spread over the province's forest — the interior points of the tiểu khu (the same at
 * every scale: the scale data re-cut lô, never tiểu khu), every k-th one, at each zoom of the
 * band. Deterministic, so runs at different scales and on different days request the same tiles.
 */
import type { Sql } from 'postgres';

export interface ZoomBand {
  id: string;
  zooms: number[];
}

export const ZOOM_BANDS: ZoomBand[] = [
  { id: 'z6–8', zooms: [6, 7, 8] },
  { id: 'z9–11', zooms: [9, 10, 11] },
  { id: 'z12–14', zooms: [12, 13, 14] },
  { id: 'z15–16', zooms: [15, 16] },
];

export type TileAddress = [z: number, x: number, y: number];

/** The tile of a lon/lat point at a zoom (Web Mercator, XYZ). */
export function tileOf(lon: number, lat: number, z: number): TileAddress {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return [z, Math.min(n - 1, Math.max(0, x)), Math.min(n - 1, Math.max(0, y))];
}

/** Interior points of every `step`-th tiểu khu, by number. */
export async function forestPoints(sql: Sql, step = 3): Promise<[number, number][]> {
  const rows = await sql<{ lon: number; lat: number }[]>`
    SELECT ST_X(p) AS lon, ST_Y(p) AS lat
    FROM (SELECT tk, ST_PointOnSurface(geom) AS p FROM forest_tieu_khu) t
    WHERE t.tk % ${step} = 0 ORDER BY t.tk`;
  return rows.map((r) => [r.lon, r.lat]);
}

/** Distinct addresses per band, at most `perBand`: points taken evenly over the list, each at every zoom of the band. */
export function bandAddresses(points: [number, number][], band: ZoomBand, perBand: number): TileAddress[] {
  const wanted = Math.min(points.length, Math.ceil(perBand / band.zooms.length));
  const seen = new Set<string>();
  const out: TileAddress[] = [];
  for (let k = 0; k < wanted; k++) {
    const [lon, lat] = points[Math.floor((k * points.length) / wanted)];
    for (const z of band.zooms) {
      const a = tileOf(lon, lat, z);
      const key = a.join('/');
      if (!seen.has(key) && out.length < perBand) {
        seen.add(key);
        out.push(a);
      }
    }
  }
  return out;
}
