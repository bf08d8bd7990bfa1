/**
 * Where VN-2000 plane coordinates of Kon Tum lie — a range check without any projection
 * library, so that code shared with the web app (coords.ts) can recognise a typed VN-2000 pair
 * without pulling proj4 into the browser. The conversions themselves are in server/geo/vn2000.ts.
 */

/** Kon Tum (lat 13.9–15.45°N, lon 107.3–108.6°E) in this zone, with a margin: recognises typed VN-2000 coordinates. */
export const KONTUM_VN2000_RANGE = {
  northing: { min: 1_520_000, max: 1_720_000 },
  easting: { min: 350_000, max: 650_000 },
} as const;

/**
 * Whether a northing/easting pair lies in Kon Tum's part of the zone (with a margin).
 *
 * @example isKontumVn2000(1587654, 512345) // true
 */
export function isKontumVn2000(x: number, y: number): boolean {
  const r = KONTUM_VN2000_RANGE;
  return x >= r.northing.min && x <= r.northing.max && y >= r.easting.min && y <= r.easting.max;
}
