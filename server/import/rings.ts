/**
 * Polygon rings as a file may carry them, made readable before they are staged. Field tools and
 * hand-edited GeoJSON leave rings open (first position ≠ last) or too short; PostGIS's GeoJSON
 * reader takes an open ring, but GEOS then throws on it, and in the embedded database's
 * WebAssembly build that exception is lost: the staging INSERT stopped at that row and the rows
 * after it in its chunk were never staged, without an error (test/api/import-staging.test.ts).
 * So an open ring is closed here (the import lists it: ring_closed), and a polygon with a ring that
 * cannot be one (fewer than 3 distinct positions) is not sent to the database at all (an error).
 * Pure.
 */
import type { Geometry, Position } from 'geojson';

export type RingFix = { geometry: Geometry; closed: boolean } | { geometry: null; closed: false };

const same = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];

/** A ring closed if it was open; null when it has fewer than 4 positions once closed. */
function closeRing(r: Position[]): { ring: Position[]; closed: boolean } | null {
  if (r.length === 0) return null;
  const open = !same(r[0]!, r.at(-1)!);
  const ring = open ? [...r, r[0]!] : r;
  return ring.length >= 4 ? { ring, closed: open } : null;
}

/** A polygon's rings closed; null when one of them cannot be a ring. An empty polygon stays empty (the checks list it). */
function closePolygon(rings: Position[][]): { rings: Position[][]; closed: boolean } | null {
  let closed = false;
  const out: Position[][] = [];
  for (const r of rings) {
    const c = closeRing(r);
    if (!c) return null;
    closed ||= c.closed;
    out.push(c.ring);
  }
  return { rings: out, closed };
}

/**
 * The geometry with its polygon rings closed (`closed`: one was open), or null when a ring has
 * fewer than 3 distinct positions. Other geometry types pass unchanged.
 * @example fixRings({type: 'Polygon', coordinates: [[[0,0],[1,0],[1,1]]]}) // closed: [[0,0],[1,0],[1,1],[0,0]], closed: true
 */
export function fixRings(g: Geometry): RingFix {
  if (g.type === 'Polygon') {
    const p = closePolygon(g.coordinates);
    return p ? { geometry: p.closed ? { type: 'Polygon', coordinates: p.rings } : g, closed: p.closed } : { geometry: null, closed: false };
  }
  if (g.type === 'MultiPolygon') {
    const parts = g.coordinates.map(closePolygon);
    if (parts.some((p) => p === null)) return { geometry: null, closed: false };
    const closed = parts.some((p) => p!.closed);
    return { geometry: closed ? { type: 'MultiPolygon', coordinates: parts.map((p) => p!.rings) } : g, closed };
  }
  return { geometry: g, closed: false };
}
