/**
 * The OGC collections as files for the offices' own tools (`?f=csv|kml|gpx` on the items path):
 * CSV with VN-2000 X/Y (Kon Tum's TM-3 107°30′ zone, X = northing as Vietnamese documents write it)
 * beside lon/lat of a point on each feature; KML for Google Earth and phone map apps; GPX waypoints
 * (and polygon outlines as tracks) for handheld GPS units. Field names are the inventory's.
 */
import type { Geometry, Position } from 'geojson';
import { toVn2000 } from '../geo/vn2000.ts';
import { csvCell } from '../auth/audit.ts';

export const EXPORT_FORMATS = {
  csv: { type: 'text/csv; charset=utf-8', ext: 'csv' },
  kml: { type: 'application/vnd.google-earth.kml+xml', ext: 'kml' },
  gpx: { type: 'application/gpx+xml', ext: 'gpx' },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

interface Feat {
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

export function featuresCsv(features: Feat[], fields: string[]): string {
  const head = ['id', ...fields, 'lon', 'lat', 'x_vn2000', 'y_vn2000'];
  const lines = [head.join(',')];
  for (const f of features) {
    const [lon, lat] = f.anchor ?? [NaN, NaN];
    const vn = Number.isFinite(lon) ? toVn2000(lon, lat) : null;
    lines.push([f.id, ...fields.map((k) => f.properties[k]), lon, lat, vn ? vn.x.toFixed(2) : '', vn ? vn.y.toFixed(2) : ''].map(csvCell).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
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

export function featuresKml(features: Feat[], fields: string[], title: string): string {
  const marks = features.map((f) => {
    const data = fields.filter((k) => f.properties[k] != null).map((k) => `<Data name="${xml(k)}"><value>${xml(f.properties[k])}</value></Data>`).join('');
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
