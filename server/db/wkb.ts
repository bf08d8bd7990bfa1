/**
 * Well-known binary (little-endian, ISO) of a GeoJSON-style MultiPolygon, as a hex string:
 * the seed sends geometry this way because PostGIS decodes WKB far faster than GeoJSON.
 */
type Coords = number[][][][];

export function multiPolygonWkbHex(mp: Coords): string {
  let size = 9;
  for (const poly of mp) {
    size += 9;
    for (const ring of poly) size += 4 + 16 * ring.length;
  }
  const buf = Buffer.alloc(size);
  let o = 0;
  const header = (type: number, count: number) => {
    buf.writeUInt8(1, o);
    buf.writeUInt32LE(type, o + 1);
    buf.writeUInt32LE(count, o + 5);
    o += 9;
  };
  header(6, mp.length);
  for (const poly of mp) {
    header(3, poly.length);
    for (const ring of poly) {
      buf.writeUInt32LE(ring.length, o);
      o += 4;
      for (const [x, y] of ring) {
        buf.writeDoubleLE(x, o);
        buf.writeDoubleLE(y, o + 8);
        o += 16;
      }
    }
  }
  return buf.toString('hex');
}
