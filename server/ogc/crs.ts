/**
 * Coordinate reference systems of the OGC API – Features endpoint (Part 2, "Coordinate Reference
 * Systems by Reference"): what `crs` and `bbox-crs` accept, and how each maps to a PostGIS SRID.
 * Geometry is stored in EPSG:4326 (lon/lat); every other output is a transform of the selected rows,
 * never of the indexed column inside a WHERE clause.
 */
import { VN2000_KONTUM_EPSG, VN2000_KONTUM_SRID } from '../geo/vn2000.ts';

export interface OgcCrs {
  uri: string;
  /** SRID in spatial_ref_sys. */
  srid: number;
  /** Axis order of the CRS is latitude first (EPSG:4326): coordinates are swapped on output and bbox input. */
  latFirst: boolean;
  /** Decimal digits of output coordinates (~1 cm). */
  digits: number;
  title: string;
}

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const epsg = (code: number) => `http://www.opengis.net/def/crs/EPSG/0/${code}`;

export const OGC_CRS: readonly OgcCrs[] = [
  { uri: CRS84, srid: 4326, latFirst: false, digits: 7, title: 'WGS 84 (lon, lat)' },
  { uri: epsg(4326), srid: 4326, latFirst: true, digits: 7, title: 'WGS 84 (lat, lon)' },
  { uri: epsg(VN2000_KONTUM_EPSG), srid: VN2000_KONTUM_SRID, latFirst: false, digits: 3, title: 'VN-2000 / TM-3 107-30 (Kon Tum)' },
  { uri: epsg(3405), srid: 3405, latFirst: false, digits: 3, title: 'VN-2000 / UTM zone 48N' },
  { uri: epsg(32648), srid: 32648, latFirst: false, digits: 3, title: 'WGS 84 / UTM zone 48N' },
];

/** A CRS by its URI (also accepting the short `EPSG:nnnn` and `[EPSG:nnnn]` forms), or undefined. */
export function crsByUri(value: string): OgcCrs | undefined {
  const v = value.trim().replace(/^\[(.*)\]$/, '$1');
  const short = /^EPSG:(\d+)$/i.exec(v);
  const uri = short ? epsg(Number(short[1])) : v.replace(/^https:/, 'http:');
  return OGC_CRS.find((c) => c.uri === uri);
}
