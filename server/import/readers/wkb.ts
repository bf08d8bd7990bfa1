/**
 * Well-known binary → GeoJSON geometry (2D; Z/M values dropped), both byte orders, ISO and
 * EWKB-style type codes: what GeoPackage geometry blobs carry after their header.
 */
import type { Geometry, Position } from 'geojson';

export function wkbToGeometry(buf: Uint8Array): Geometry {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let o = 0;
  const read = (): Geometry => {
    const le = view.getUint8(o) === 1;
    o += 1;
    let type = view.getUint32(o, le);
    o += 4;
    let dims = 2;
    if (type & 0x80000000) dims++; // EWKB Z
    if (type & 0x40000000) dims++; // EWKB M
    if (type & 0x20000000) o += 4; // EWKB SRID
    type &= 0x0fffffff;
    if (type >= 1000) {
      const k = Math.floor(type / 1000);
      dims = k === 3 ? 4 : 3;
      type %= 1000;
    }
    const u32 = () => {
      const v = view.getUint32(o, le);
      o += 4;
      return v;
    };
    const pt = (): Position => {
      const p = [view.getFloat64(o, le), view.getFloat64(o + 8, le)];
      o += 8 * dims;
      return p;
    };
    const pts = () => Array.from({ length: u32() }, pt);
    const rings = () => Array.from({ length: u32() }, pts);
    const parts = <T extends Geometry>(): T[] => Array.from({ length: u32() }, () => read() as T);
    switch (type) {
      case 1:
        return { type: 'Point', coordinates: pt() };
      case 2:
        return { type: 'LineString', coordinates: pts() };
      case 3:
        return { type: 'Polygon', coordinates: rings() };
      case 4:
        return { type: 'MultiPoint', coordinates: parts<{ type: 'Point'; coordinates: Position }>().map((g) => g.coordinates) };
      case 5:
        return { type: 'MultiLineString', coordinates: parts<{ type: 'LineString'; coordinates: Position[] }>().map((g) => g.coordinates) };
      case 6:
        return { type: 'MultiPolygon', coordinates: parts<{ type: 'Polygon'; coordinates: Position[][] }>().map((g) => g.coordinates) };
      case 7:
        return { type: 'GeometryCollection', geometries: parts() };
      default:
        throw new Error(`WKB geometry type ${type} not supported`);
    }
  };
  return read();
}

/** The WKB inside a GeoPackage geometry blob ("GP" header with an optional envelope); null for an empty geometry. */
export function gpkgBlobToGeometry(blob: Uint8Array): Geometry | null {
  if (blob[0] !== 0x47 || blob[1] !== 0x50) throw new Error('not a GeoPackage geometry');
  const flags = blob[3]!;
  if (flags & 0x10) return null; // empty geometry
  const envelope = [0, 32, 48, 48, 64][(flags >> 1) & 0x07] ?? 0;
  return wkbToGeometry(blob.subarray(8 + envelope));
}
