/**
 * partition() of tessellate.ts for parents that are single simple polygons but not convex (the
 * meandering khoảnh): each convex Voronoi cell clips the parent with Sutherland–Hodgman, which is
 * exact whenever the piece is one simple polygon; a piece that comes out as anything else (a
 * parent split in two by the cell leaves a degenerate bridge) is clipped again with the general
 * clipper. An order of magnitude faster than clipping every cell with polygon-clipping.
 */
import { Delaunay } from 'd3-delaunay';
import polygonClipping from 'polygon-clipping';
import { isSimpleRing } from './meander.ts';
import { type MultiPolygon, type Point, type Ring, ccw, clipConvex, multiBBox, multiCentroid, ringSignedArea } from './planar.ts';
import type { Rng } from './prng.ts';
import { partition, samplePoints } from './tessellate.ts';

function cellsOf(sites: Point[], parent: MultiPolygon): MultiPolygon[] {
  const b = multiBBox(parent);
  const pad = Math.max(b[2] - b[0], b[3] - b[1]) * 0.01 + 1e-6;
  const voronoi = Delaunay.from(sites).voronoi([b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad]);
  const ring = parent[0][0];
  return sites.map((_, i) => {
    const poly = voronoi.cellPolygon(i) as Point[] | null;
    if (!poly || poly.length < 4) return [];
    const cell = ccw(poly.map((p) => [p[0], p[1]] as Point));
    const fast = clipConvex(ring, cell);
    if (fast === null) return [];
    if (isSimpleRing(fast)) return [[fast]];
    const general = polygonClipping.intersection([cell] as never, [ring] as never) as unknown as MultiPolygon;
    return general.map((p) => p.map((r) => r as Ring));
  });
}

/** Splits a simple polygon into n irregular pieces (Voronoi of random sites, Lloyd iterations). */
export function partitionPolygon(parent: MultiPolygon, n: number, rng: Rng, lloyd = 0): MultiPolygon[] {
  if (parent.length !== 1 || parent[0].length !== 1) return partition(parent, n, rng, lloyd);
  if (n <= 1) return [parent];
  let sites = samplePoints(parent, n, rng);
  let cells = cellsOf(sites, parent);
  for (let it = 0; it < lloyd; it++) {
    sites = cells.map((c, i) => (c.length ? multiCentroid(c) : sites[i]));
    cells = cellsOf(sites, parent);
  }
  return cells.filter((c) => c.length > 0 && c.some((p) => Math.abs(ringSignedArea(p[0])) > 0));
}
