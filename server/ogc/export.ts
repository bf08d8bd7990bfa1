/**
 * The text formats of the GIS exports (`?f=csv|kml|gpx` on the OGC items path, and the worklist's
 * files): CSV with VN-2000 X/Y (Kon Tum's TM-3 107°30′ zone, X = northing as Vietnamese documents
 * write it) beside lon/lat of a point on each feature, in the language's CSV convention
 * (server/domain/csv.ts); KML for Google Earth and phone map apps; GPX waypoints (and polygon
 * outlines as tracks) for handheld GPS units. Field names are the inventory's (server/export/fields.ts).
 * GeoPackage and Shapefile: server/export/gpkg.ts, shapefile.ts.
 */
import type { Geometry, Position } from 'geojson';
import { toVn2000 } from '../geo/vn2000.ts';
import { toCsv, type CsvValue, type Lang } from '../domain/csv.ts';
import { fieldValue, type FileField } from '../export/fields.ts';

export const EXPORT_FORMATS = {
  csv: { type: 'text/csv; charset=utf-8', ext: 'csv' },
  kml: { type: 'application/vnd.google-earth.kml+xml', ext: 'kml' },
  gpx: { type: 'application/gpx+xml', ext: 'gpx' },
  gpkg: { type: 'application/geopackage+sqlite3', ext: 'gpkg' },
  shp: { type: 'application/zip', ext: 'shp.zip' },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;
export const FILE_FORMATS = Object.keys(EXPORT_FORMATS) as ExportFormat[];

export interface Feat {
  id: string | number;
  geometry: Geometry | null;
  properties: Record<string, unknown>;
  anchor?: [number, number];
}

const xml = (s: unknown) => String(s ?? '').replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** A human label of a feature: "TK 568 · K 1 · L 3", a village's name, a code. */
function label(f: Feat): string {
  const p = f.properties;
  if (p.lo != null) return `TK ${p.tk} · K ${p.khoanh} · L ${p.lo}`;
  if (p.khoanh != null) return `TK ${p.tk} · K ${p.khoanh}`;
  if (p.tk != null) return `TK ${p.tk}`;
  return String(p.name ?? p.plan_name ?? f.id);
}

/** The file fields' values of a feature. */
const valuesOf = (f: Feat, fields: FileField[]) => fields.map((fl) => [fl.name, fieldValue(fl, f.properties)] as const);

/** CSV: id, the fields, lon/lat (WGS 84, 7 decimals) and X/Y VN-2000 (2 decimals), in the language's convention. */
export function featuresCsv(features: Feat[], fields: FileField[], lang: Lang): string {
  const head = ['id', ...fields.map((fl) => fl.name), 'lon', 'lat', 'x_vn2000', 'y_vn2000'];
  const digits = [undefined, ...fields.map((fl) => (fl.type === 'num' ? (fl.decimals ?? 2) : undefined)), 7, 7, 2, 2];
  const rows: CsvValue[][] = [head];
  for (const f of features) {
    const [lon, lat] = f.anchor ?? [NaN, NaN];
    const vn = Number.isFinite(lon) ? toVn2000(lon, lat) : null;
    rows.push([f.id, ...valuesOf(f, fields).map(([, v]) => v), f.anchor ? lon : null, f.anchor ? lat : null, vn ? vn.x : null, vn ? vn.y : null]);
  }
  return toCsv(rows, lang, digits);
}

const ring = (r: Position[]) => r.map((p) => `${p[0]},${p[1]}`).join(' ');
function kmlGeometry(g: Geometry): string {
  switch (g.type) {
    case 'Point':
      return `<Point><coordinates>${g.coordinates[0]},${g.coordinates[1]}</coordinates></Point>`;
    case 'Polygon':
      return `<Polygon>${g.coordinates.map((r, i) => `<${i === 0 ? 'outerBoundaryIs' : 'innerBoundaryIs'}><LinearRing><coordinates>${ring(r)}</coordinates></LinearRing></${i === 0 ? 'outerBoundaryIs' : 'innerBoundaryIs'}>`).join('')}</Polygon>`;
    case 'MultiPolygon':
      return `<MultiGeometry>${g.coordinates.map((p) => kmlGeometry({ type: 'Polygon', coordinates: p })).join('')}</MultiGeometry>`;
    default:
      return '';
  }
}

export function featuresKml(features: Feat[], fields: FileField[], title: string): string {
  const marks = features.map((f) => {
    const data = valuesOf(f, fields)
      .filter(([, v]) => v != null)
      .map(([k, v]) => `<Data name="${xml(k)}"><value>${xml(v)}</value></Data>`)
      .join('');
    return `<Placemark><name>${xml(label(f))}</name><ExtendedData>${data}</ExtendedData>${f.geometry ? kmlGeometry(f.geometry) : ''}</Placemark>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>${xml(title)}</name>\n${marks.join('\n')}\n</Document></kml>\n`;
}

export function featuresGpx(features: Feat[], title: string): string {
  const wpts: string[] = [];
  const trks: string[] = [];
  for (const f of features) {
    if (!f.anchor) continue;
    wpts.push(`<wpt lat="${f.anchor[1]}" lon="${f.anchor[0]}"><name>${xml(label(f))}</name></wpt>`);
    const g = f.geometry;
    const polys = g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' ? g.coordinates : [];
    if (polys.length) {
      trks.push(`<trk><name>${xml(label(f))}</name>${polys.map((p) => `<trkseg>${p[0]!.map((q) => `<trkpt lat="${q[1]}" lon="${q[0]}"/>`).join('')}</trkseg>`).join('')}</trk>`);
    }
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="Kon Tum Atlas" xmlns="http://www.topografix.com/GPX/1/1"><metadata><name>${xml(title)}</name></metadata>\n${wpts.join('\n')}\n${trks.join('\n')}\n</gpx>\n`;
}
