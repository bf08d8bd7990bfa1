/**
 * Where the GIS files of a list are downloaded (docs/exports.md): the OGC items path with `f=`
 * for the collections (any filter of the path), the worklist's own paths beside its CSV/XLSX.
 */
import { query } from '../api/http.ts';

export const GIS_FORMATS = ['gpkg', 'shp', 'kml', 'gpx', 'csv'] as const;
export type GisFormat = (typeof GIS_FORMATS)[number];
export type GisCollection = 'districts' | 'communes' | 'villages' | 'tieukhu' | 'khoanh' | 'plots' | 'plans';

/** A collection's items as a file, e.g. ogcFileUrl('plots', { tk: 568 }, 'shp', 'vi'). */
export function ogcFileUrl(collection: GisCollection, filters: Record<string, string | number | null | undefined>, format: GisFormat, lang: string): string {
  return `/api/ogc/collections/${collection}/items${query({ ...filters, f: format, lang })}`;
}

/** The file extension of the worklist's path for a format. */
export const WORKLIST_EXT = { gpkg: 'gpkg', shp: 'shp.zip', kml: 'kml', gpx: 'gpx' } as const satisfies Record<Exclude<GisFormat, 'csv'>, string>;
