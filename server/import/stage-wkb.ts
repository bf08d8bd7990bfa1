/**
 * A feature's geometry as staged: ISO well-known binary (little-endian, 2D), base64, with every
 * position passed through the reprojection as it is written. PostGIS reads WKB several times faster
 * than GeoJSON, and Node writes it without building a reprojected copy and its JSON text first
 * (both were most of the staging's CPU at 100,000 lô).
 *
 * PostGIS's WKB reader refuses rings that are open or shorter than 4 positions and lines of one
 * position, where its GeoJSON reader takes them and the checks then list them (repaired, or an
 * error): such a geometry is sent as GeoJSON (`null` here), so what the checks see is unchanged.
 */
import type { Geometry, Position } from 'geojson';

const TYPE: Record<Geometry['type'], number> = { Point: 1, LineString: 2, Polygon: 3, MultiPoint: 4, MultiLineString: 5, MultiPolygon: 6, GeometryCollection: 7 };

/** Whether PostGIS's WKB reader takes the geometry as its GeoJSON reader does. */
function wkbSafe(g: Geometry): boolean {
  const line = (l: Position[]) => l.length !== 1;
  const ring = (r: Position[]) => (r.length >= 4 && r[0]![0] === r.at(-1)![0] && r[0]![1] === r.at(-1)![1]);
  switch (g.type) {
    case 'Point':
      return g.coordinates.length >= 2;
    case 'MultiPoint':
      return g.coordinates.every((p) => p.length >= 2);
    case 'LineString':
      return line(g.coordinates);
    case 'MultiLineString':
      return g.coordinates.every(line);
    case 'Polygon':
      return g.coordinates.every(ring);
    case 'MultiPolygon':
      return g.coordinates.every((p) => p.every(ring));
    case 'GeometryCollection':
      return g.geometries.every(wkbSafe);
  }
}

function size(g: Geometry): number {
  const ring = (r: Position[]) => 4 + 16 * r.length;
  switch (g.type) {
    case 'Point':
      return 21;
    case 'MultiPoint':
      return 9 + 21 * g.coordinates.length;
    case 'LineString':
      return 5 + ring(g.coordinates);
    case 'MultiLineString':
      return 9 + g.coordinates.reduce((s, l) => s + 5 + ring(l), 0);
    case 'Polygon':
      return 9 + g.coordinates.reduce((s, r) => s + ring(r), 0);
    case 'MultiPolygon':
      return 9 + g.coordinates.reduce((s, p) => s + 9 + p.reduce((t, r) => t + ring(r), 0), 0);
    case 'GeometryCollection':
      return 9 + g.geometries.reduce((s, x) => s + size(x), 0);
  }
}

/**
 * `g` with `f` applied to each position, as base64 WKB; null when it must go as GeoJSON (see above).
 * Throws when `f` does (or gives a coordinate that is not finite).
 */
export function stagedWkb(g: Geometry, f: (p: Position) => Position): string | null {
  if (!wkbSafe(g)) return null;
  const buf = Buffer.allocUnsafe(size(g));
  let o = 0;
  const header = (type: number) => {
    buf.writeUInt8(1, o);
    buf.writeUInt32LE(type, o + 1);
    o += 5;
  };
  const count = (n: number) => {
    buf.writeUInt32LE(n, o);
    o += 4;
  };
  const pos = (p: Position) => {
    const [x, y] = f(p);
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new Error('coordinate not finite');
    buf.writeDoubleLE(x!, o);
    buf.writeDoubleLE(y!, o + 8);
    o += 16;
  };
  const ring = (r: Position[]) => {
    count(r.length);
    for (const p of r) pos(p);
  };
  const write = (x: Geometry) => {
    header(TYPE[x.type]);
    switch (x.type) {
      case 'Point':
        pos(x.coordinates);
        break;
      case 'MultiPoint':
        count(x.coordinates.length);
        for (const p of x.coordinates) write({ type: 'Point', coordinates: p });
        break;
      case 'LineString':
        ring(x.coordinates);
        break;
      case 'MultiLineString':
        count(x.coordinates.length);
        for (const l of x.coordinates) write({ type: 'LineString', coordinates: l });
        break;
      case 'Polygon':
        count(x.coordinates.length);
        for (const r of x.coordinates) ring(r);
        break;
      case 'MultiPolygon':
        count(x.coordinates.length);
        for (const p of x.coordinates) write({ type: 'Polygon', coordinates: p });
        break;
      case 'GeometryCollection':
        count(x.geometries.length);
        for (const y of x.geometries) write(y);
        break;
    }
  };
  write(g);
  return buf.toString('base64');
}
