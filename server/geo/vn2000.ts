/**
 * VN-2000 plane coordinates of Kon Tum province: the 3° transverse-Mercator zone with central
 * meridian 107°30′ E (VN-2000 / TM-3 107-30, EPSG:9216), which PostGIS does not ship in
 * spatial_ref_sys. Migration 003_vn2000.sql registers the same definition as SRID 910730.
 *
 * Vietnamese convention: X is the northing, Y the easting (the reverse of GIS order).
 * Parameters, sign convention and their verification: docs/vn2000.md.
 *
 * Pure (proj4js only): shared by the server and the web client.
 */
import proj4 from 'proj4';

/** Custom SRID of the Kon Tum zone in spatial_ref_sys (migration 003). */
export const VN2000_KONTUM_SRID = 910730;
/** The EPSG code of the same CRS (VN-2000 / TM-3 107-30), for CRS URIs and other tools. */
export const VN2000_KONTUM_EPSG = 9216;
/** Short label shown next to coordinates. */
export const VN2000_KONTUM_ZONE = 'VN-2000 / TM-3 107°30′';

/**
 * VN-2000 → WGS 84 7-parameter transformation (Decision 05/2007/QĐ-BTNMT; EPSG:6960
 * "VN-2000 to WGS 84 (2)"), as EPSG publishes it in the coordinate-frame convention:
 * translations in metres, rotations in arc-seconds, scale in ppm.
 */
export const VN2000_TO_WGS84_COORDINATE_FRAME = {
  dx: -191.90441429,
  dy: -39.30318279,
  dz: -111.45032835,
  rx: -0.00928836,
  ry: 0.01975479,
  rz: -0.00427372,
  ppm: 0.252906278,
} as const;

/**
 * The same transformation as proj4 `+towgs84`, which uses the position-vector convention:
 * translations and scale unchanged, rotation signs flipped. Writing the EPSG (coordinate-frame)
 * rotations here unchanged is a common mistake that moves points by about 0.6 m in Kon Tum.
 */
export const VN2000_TOWGS84: readonly number[] = [
  VN2000_TO_WGS84_COORDINATE_FRAME.dx,
  VN2000_TO_WGS84_COORDINATE_FRAME.dy,
  VN2000_TO_WGS84_COORDINATE_FRAME.dz,
  -VN2000_TO_WGS84_COORDINATE_FRAME.rx,
  -VN2000_TO_WGS84_COORDINATE_FRAME.ry,
  -VN2000_TO_WGS84_COORDINATE_FRAME.rz,
  VN2000_TO_WGS84_COORDINATE_FRAME.ppm,
];

/** proj4 definition of VN-2000 / TM-3 107-30 (identical to PROJ's EPSG:9216 output). */
export const VN2000_KONTUM_PROJ4 =
  '+proj=tmerc +lat_0=0 +lon_0=107.5 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 ' +
  '+towgs84=-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278 ' +
  '+units=m +no_defs';

/** VN-2000 geographic coordinates (EPSG:4756): the datum alone, for latitude/longitude published in VN-2000. */
export const VN2000_GEOGRAPHIC_PROJ4 =
  '+proj=longlat +ellps=WGS84 ' +
  '+towgs84=-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278 +no_defs';

// the range check has no proj4 in it: it lives in the domain, where the web app can use it
export { isKontumVn2000, KONTUM_VN2000_RANGE } from '../domain/vn2000-zone.ts';

/** A VN-2000 plane coordinate: x = northing, y = easting, metres. */
export interface Vn2000Point {
  x: number;
  y: number;
}

const WGS84 = 'EPSG:4326';
const converter = proj4(WGS84, VN2000_KONTUM_PROJ4);

/**
 * WGS 84 longitude/latitude → VN-2000 Kon Tum zone (x = northing, y = easting), metres.
 *
 * @example toVn2000(108.0021, 14.3512) // ≈ { x: 1587215.722, y: 553960.490 }
 */
export function toVn2000(lon: number, lat: number): Vn2000Point {
  assertFinite(lon, lat);
  const [easting, northing] = converter.forward([lon, lat]);
  return { x: northing, y: easting };
}

/**
 * VN-2000 Kon Tum zone (x = northing, y = easting) → WGS 84 [lon, lat] in degrees.
 *
 * @example fromVn2000(1587215.722, 553960.490) // ≈ [108.0021, 14.3512]
 */
export function fromVn2000(x: number, y: number): [number, number] {
  assertFinite(x, y);
  const [lon, lat] = converter.inverse([y, x]);
  return [lon, lat];
}

function assertFinite(a: number, b: number): void {
  if (!Number.isFinite(a) || !Number.isFinite(b)) {
    throw new RangeError(`Tọa độ không hợp lệ / Invalid coordinate: ${a}, ${b}`);
  }
}
