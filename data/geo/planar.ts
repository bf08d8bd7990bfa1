/**
 * Small planar geometry kernel for the generator, on lon/lat degrees.
 *
 * The province spans 1.5° of latitude around 14.6° N, so shapes are built directly in degrees
 * (the 3 % anisotropy is invisible in a demo) and areas are converted to hectares with the
 * ellipsoid's metres-per-degree at each ring's mean latitude (error well under 0.1 %).
 */

export type Point = [number, number];
export type Ring = Point[]; // closed: first point repeated last
export type Polygon = Ring[]; // exterior ring, then holes
export type MultiPolygon = Polygon[];
export type BBox = [number, number, number, number];

/** WGS84 metres per degree of latitude and longitude at latitude phi (degrees). */
export function metresPerDegree(phiDeg: number): { lat: number; lon: number } {
  const p = (phiDeg * Math.PI) / 180;
  return {
    lat: 111132.92 - 559.82 * Math.cos(2 * p) + 1.175 * Math.cos(4 * p),
    lon: 111412.84 * Math.cos(p) - 93.5 * Math.cos(3 * p),
  };
}

/** Signed shoelace area in degrees² (positive when counter-clockwise). */
export function ringSignedArea(ring: Ring): number {
  let s = 0;
  for (let i = 0, n = ring.length - 1; i < n; i++) {
    s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  }
  return s / 2;
}

function ringMeanLat(ring: Ring): number {
  let s = 0;
  for (let i = 0; i < ring.length - 1; i++) s += ring[i][1];
  return s / Math.max(1, ring.length - 1);
}

export function ringAreaHa(ring: Ring): number {
  const m = metresPerDegree(ringMeanLat(ring));
  return (Math.abs(ringSignedArea(ring)) * m.lat * m.lon) / 10000;
}

export function polygonAreaHa(poly: Polygon): number {
  let a = ringAreaHa(poly[0]);
  for (let i = 1; i < poly.length; i++) a -= ringAreaHa(poly[i]);
  return a;
}

export function multiAreaHa(mp: MultiPolygon): number {
  let a = 0;
  for (const p of mp) a += polygonAreaHa(p);
  return a;
}

/** Area-weighted centroid of a ring. */
export function ringCentroid(ring: Ring): Point {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, n = ring.length - 1; i < n; i++) {
    const [x0, y0] = ring[i];
    const [x1, y1] = ring[i + 1];
    const f = x0 * y1 - x1 * y0;
    a += f;
    cx += (x0 + x1) * f;
    cy += (y0 + y1) * f;
  }
  if (Math.abs(a) < 1e-18) return ring[0];
  return [cx / (3 * a), cy / (3 * a)];
}

/** Centroid of a multipolygon's exterior rings, weighted by area. */
export function multiCentroid(mp: MultiPolygon): Point {
  let wx = 0;
  let wy = 0;
  let w = 0;
  for (const p of mp) {
    const a = Math.abs(ringSignedArea(p[0]));
    const c = ringCentroid(p[0]);
    wx += c[0] * a;
    wy += c[1] * a;
    w += a;
  }
  return w > 0 ? [wx / w, wy / w] : mp[0][0][0];
}

export function ringBBox(ring: Ring): BBox {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [x, y] of ring) {
    if (x < x0) x0 = x;
    if (y < y0) y0 = y;
    if (x > x1) x1 = x;
    if (y > y1) y1 = y;
  }
  return [x0, y0, x1, y1];
}

export function multiBBox(mp: MultiPolygon): BBox {
  const b: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of mp) {
    const r = ringBBox(p[0]);
    b[0] = Math.min(b[0], r[0]);
    b[1] = Math.min(b[1], r[1]);
    b[2] = Math.max(b[2], r[2]);
    b[3] = Math.max(b[3], r[3]);
  }
  return b;
}

/** Even-odd ray casting. */
export function pointInRing(pt: Point, ring: Ring): boolean {
  const [x, y] = pt;
  let inside = false;
  for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function pointInPolygon(pt: Point, poly: Polygon): boolean {
  if (!pointInRing(pt, poly[0])) return false;
  for (let i = 1; i < poly.length; i++) if (pointInRing(pt, poly[i])) return false;
  return true;
}

export function pointInMulti(pt: Point, mp: MultiPolygon): boolean {
  return mp.some((p) => pointInPolygon(pt, p));
}

/** True when a simple ring turns the same way at every vertex. */
export function isConvexRing(ring: Ring): boolean {
  const n = ring.length - 1;
  if (n < 3) return false;
  let sign = 0;
  for (let i = 0; i < n; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % n];
    const c = ring[(i + 2) % n];
    const cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
    if (Math.abs(cross) < 1e-18) continue;
    const s = cross > 0 ? 1 : -1;
    if (sign === 0) sign = s;
    else if (s !== sign) return false;
  }
  return true;
}

/** Counter-clockwise copy of a ring (GeoJSON exterior orientation). */
export function ccw(ring: Ring): Ring {
  return ringSignedArea(ring) < 0 ? ring.slice().reverse() : ring;
}

/**
 * Sutherland–Hodgman: the part of `subject` inside the convex, counter-clockwise ring `clip`.
 * Exact when the subject is convex too; returns null when nothing (or only a sliver) remains.
 */
export function clipConvex(subject: Ring, clip: Ring): Ring | null {
  let output: Point[] = subject.slice(0, -1);
  const m = clip.length - 1;
  for (let e = 0; e < m && output.length > 0; e++) {
    const a = clip[e];
    const b = clip[e + 1];
    const input = output;
    output = [];
    const side = (p: Point) => (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
    for (let i = 0; i < input.length; i++) {
      const cur = input[i];
      const prev = input[(i + input.length - 1) % input.length];
      const sc = side(cur);
      const sp = side(prev);
      if (sc >= 0) {
        if (sp < 0) output.push(intersect(prev, cur, sp, sc));
        output.push(cur);
      } else if (sp >= 0) {
        output.push(intersect(prev, cur, sp, sc));
      }
    }
  }
  if (output.length < 3) return null;
  const ring: Ring = [...output, output[0]];
  return Math.abs(ringSignedArea(ring)) > 1e-14 ? ring : null;
}

function intersect(p: Point, q: Point, sp: number, sq: number): Point {
  const t = sp / (sp - sq);
  return [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
}

/** Rounds coordinates for output (6 decimals ≈ 0.1 m) and drops repeated points. */
export function roundRing(ring: Ring, decimals = 6): Ring {
  const f = 10 ** decimals;
  const out: Ring = [];
  for (const [x, y] of ring) {
    const p: Point = [Math.round(x * f) / f, Math.round(y * f) / f];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  if (out.length > 1 && (out[0][0] !== out[out.length - 1][0] || out[0][1] !== out[out.length - 1][1])) out.push(out[0]);
  return out;
}

export function roundMulti(mp: MultiPolygon, decimals = 6): MultiPolygon {
  return mp.map((p) => p.map((r) => roundRing(r, decimals))).filter((p) => p[0].length >= 4);
}
