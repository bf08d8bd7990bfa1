/**
 * Natural-looking boundaries for a partition: every edge shared by two pieces is replaced by the
 * same gently meandering polyline on both sides (as boundaries drawn along streams and ridges),
 * while edges on the parent's boundary stay as they are. The pieces therefore still tile the
 * parent exactly, with identical vertices on both sides of every shared boundary.
 *
 * The meander is a sum of three sine terms vanishing at both ends (amplitude a few percent of the
 * edge length), drawn from a generator seeded by the edge itself, so it does not depend on the
 * order of the pieces. A piece whose ring would stop being simple gets its edges straightened
 * again (on both sides), until every ring is simple.
 */
import { type MultiPolygon, type Point, type Ring, metresPerDegree } from './planar.ts';
import { Rng, hashSeed } from './prng.ts';

/**
 * A point's key: its coordinates in whole micro-degrees packed in one exact integer (lon < 2^27,
 * lat < 2^24 micro-degrees for any point of Vietnam). Points are rounded to 6 decimals upstream.
 */
const key = (p: Point) => Math.round(p[0] * 1e6) * 16_777_216 + Math.round(p[1] * 1e6);
/** Undirected edge key, from the smaller point key to the larger. */
const edgeKey = (a: Point, b: Point) => {
  const ka = key(a);
  const kb = key(b);
  return ka < kb ? `${ka}:${kb}` : `${kb}:${ka}`;
};
const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

export interface MeanderOptions {
  /** Peak displacement as a share of the edge length (default 0.045). */
  amplitude?: number;
  /** Spacing of the inserted vertices in metres (default 45). */
  spacingM?: number;
  /** Mixed into every edge's seed: different layers meander differently. */
  salt?: string;
}

/** The interior points of an edge's meander, from the lexicographically smaller end to the larger. */
function meanderPoints(a: Point, b: Point, opts: Required<MeanderOptions>): Point[] {
  const [p, q] = key(a) < key(b) ? [a, b] : [b, a];
  const m = metresPerDegree((p[1] + q[1]) / 2);
  const dx = (q[0] - p[0]) * m.lon;
  const dy = (q[1] - p[1]) * m.lat;
  const len = Math.hypot(dx, dy);
  const n = Math.min(12, Math.floor(len / opts.spacingM));
  if (n < 2) return [];
  const rng = new Rng(hashSeed(`${opts.salt}/${edgeKey(a, b)}`));
  const c1 = rng.range(-1, 1);
  const c2 = rng.range(-0.6, 0.6);
  const c3 = rng.range(-0.35, 0.35);
  // Unit normal in metres, back to degrees per axis.
  const nx = -dy / len;
  const ny = dx / len;
  const out: Point[] = [];
  for (let i = 1; i <= n; i++) {
    const t = i / (n + 1);
    const d = len * opts.amplitude * (c1 * Math.sin(Math.PI * t) + c2 * Math.sin(2 * Math.PI * t) + c3 * Math.sin(3 * Math.PI * t));
    out.push([r6(p[0] + t * (q[0] - p[0]) + (nx * d) / m.lon), r6(p[1] + t * (q[1] - p[1]) + (ny * d) / m.lat)]);
  }
  return out;
}

/** True when the closed ring has no self-intersections (touching segments count as crossing). */
export function isSimpleRing(ring: Ring): boolean {
  const n = ring.length - 1;
  if (n < 3) return false;
  // Repeated consecutive points (zero-length segments); other repeats show up as touching segments.
  for (let i = 0; i < n; i++) if (ring[i][0] === ring[i + 1][0] && ring[i][1] === ring[i + 1][1]) return false;
  for (let i = 0; i < n; i++) {
    const a = ring[i];
    const b = ring[i + 1];
    const ax0 = Math.min(a[0], b[0]);
    const ax1 = Math.max(a[0], b[0]);
    const ay0 = Math.min(a[1], b[1]);
    const ay1 = Math.max(a[1], b[1]);
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // the closing segment is adjacent to the first
      const c = ring[j];
      const d = ring[j + 1];
      if (Math.max(c[0], d[0]) < ax0 || Math.min(c[0], d[0]) > ax1 || Math.max(c[1], d[1]) < ay0 || Math.min(c[1], d[1]) > ay1) continue;
      if (segmentsMeet(a, b, c, d)) return false;
    }
  }
  return true;
}

function orient(a: Point, b: Point, c: Point): number {
  const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}
function onSegment(a: Point, b: Point, p: Point): boolean {
  return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
}
function segmentsMeet(a: Point, b: Point, c: Point, d: Point): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  return (o1 === 0 && onSegment(a, b, c)) || (o2 === 0 && onSegment(a, b, d)) || (o3 === 0 && onSegment(c, d, a)) || (o4 === 0 && onSegment(c, d, b));
}

/**
 * Meanders the shared edges of a partition. Pieces must not overlap; only single-polygon pieces
 * without holes take part (an edge touching any other piece stays straight on both sides).
 * Returns new geometries in the same order.
 */
export function meanderShared(pieces: MultiPolygon[], options: MeanderOptions = {}): MultiPolygon[] {
  const opts: Required<MeanderOptions> = { amplitude: 0.045, spacingM: 45, salt: '', ...options };
  const eligible = pieces.map((p) => p.length === 1 && p[0].length === 1);
  // Which pieces use each edge.
  const users = new Map<string, number[]>();
  pieces.forEach((p, i) => {
    for (const poly of p) {
      for (const ring of poly) {
        for (let k = 0; k < ring.length - 1; k++) {
          const e = edgeKey(ring[k], ring[k + 1]);
          if (!users.has(e)) users.set(e, []);
          users.get(e)!.push(i);
        }
      }
    }
  });
  const straight = new Set<string>();
  const curve = new Map<string, Point[]>();
  for (const [e, who] of users) {
    if (who.length !== 2 || who[0] === who[1] || !eligible[who[0]] || !eligible[who[1]]) straight.add(e);
  }
  const build = (i: number): Ring => {
    const ring = pieces[i][0][0];
    const out: Ring = [];
    for (let k = 0; k < ring.length - 1; k++) {
      const a = ring[k];
      const b = ring[k + 1];
      out.push(a);
      const e = edgeKey(a, b);
      if (straight.has(e)) continue;
      let pts = curve.get(e);
      if (!pts) {
        pts = meanderPoints(a, b, opts);
        curve.set(e, pts);
      }
      out.push(...(key(a) < key(b) ? pts : pts.slice().reverse()));
    }
    out.push(out[0]);
    return out;
  };
  const rings = new Map<number, Ring>();
  let check = pieces.map((_, i) => i).filter((i) => eligible[i]);
  for (let round = 0; check.length > 0; round++) {
    const bad: number[] = [];
    for (const i of check) {
      const r = build(i);
      rings.set(i, r);
      if (!isSimpleRing(r)) bad.push(i);
    }
    if (round > 50) throw new Error('meanderShared: could not straighten invalid rings');
    // Straighten every meandering edge of the bad pieces; rebuild them and their neighbours.
    const again = new Set<number>();
    for (const i of bad) {
      const ring = pieces[i][0][0];
      for (let k = 0; k < ring.length - 1; k++) {
        const e = edgeKey(ring[k], ring[k + 1]);
        if (straight.has(e)) continue;
        straight.add(e);
        for (const j of users.get(e)!) again.add(j);
      }
    }
    check = [...again].sort((a, b) => a - b);
  }
  return pieces.map((p, i) => (eligible[i] ? [[rings.get(i)!]] : p));
}
