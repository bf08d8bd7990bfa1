/**
 * Voronoi tessellation of a parent area: the one shape-making tool of the generator.
 * Communes tessellate the province outline, tiểu khu their commune, khoảnh their tiểu khu and
 * lô their khoảnh, so every level nests exactly inside the one above.
 */
import { Delaunay } from 'd3-delaunay';
import polygonClipping from 'polygon-clipping';
import type { Rng } from './prng.ts';
import {
  type BBox,
  type MultiPolygon,
  type Point,
  type Polygon,
  type Ring,
  ccw,
  clipConvex,
  isConvexRing,
  multiBBox,
  multiCentroid,
  pointInMulti,
  pointInRing,
  ringSignedArea,
} from './planar.ts';

/** A parent area prepared for repeated clipping. */
interface PreparedParent {
  parts: MultiPolygon;
  /** Per part: true when it is a single convex ring (fast, exact Sutherland–Hodgman clip). */
  convex: boolean[];
  bbox: BBox;
}

function prepare(parent: MultiPolygon): PreparedParent {
  return {
    parts: parent,
    convex: parent.map((p) => p.length === 1 && isConvexRing(p[0])),
    bbox: multiBBox(parent),
  };
}

/**
 * The part of the parent inside a convex Voronoi cell. Convex parents and cells lying wholly
 * inside the parent take the fast path; only cells crossing a concave boundary go through the
 * general (slower) polygon clipper.
 */
function clipCell(cell: Ring, parent: PreparedParent): MultiPolygon {
  const out: MultiPolygon = [];
  for (let k = 0; k < parent.parts.length; k++) {
    const part = parent.parts[k];
    if (parent.convex[k]) {
      const r = clipConvex(part[0], cell);
      if (r) out.push([r]);
      continue;
    }
    if (cellInsidePart(cell, part)) {
      out.push([cell]);
      continue;
    }
    try {
      const res = polygonClipping.intersection([cell] as never, part as never) as unknown as MultiPolygon;
      for (const p of res) out.push(p.map((r) => r as Ring));
    } catch {
      // Degenerate input (near-collinear slivers): the convex clip is a safe approximation.
      const r = clipConvex(part[0], cell);
      if (r) out.push([r]);
    }
  }
  return out;
}

/** A convex cell lies inside a polygon when all its corners do and no polygon vertex is inside it. */
function cellInsidePart(cell: Ring, part: Polygon): boolean {
  for (let i = 0; i < cell.length - 1; i++) if (!pointInRing(cell[i], part[0])) return false;
  for (const ring of part) {
    for (let i = 0; i < ring.length - 1; i++) if (pointInRing(ring[i], cell)) return false;
  }
  return part.length === 1;
}

/** Voronoi cells (convex, counter-clockwise, closed) of sites within a box. */
function voronoiCells(sites: Point[], bbox: BBox): (Ring | null)[] {
  const pad = Math.max(bbox[2] - bbox[0], bbox[3] - bbox[1]) * 0.01 + 1e-6;
  const flat = new Float64Array(sites.length * 2);
  sites.forEach((p, i) => {
    flat[2 * i] = p[0];
    flat[2 * i + 1] = p[1];
  });
  const voronoi = new Delaunay(flat).voronoi([bbox[0] - pad, bbox[1] - pad, bbox[2] + pad, bbox[3] + pad]);
  return sites.map((_, i) => {
    const poly = voronoi.cellPolygon(i) as Point[] | null;
    if (!poly || poly.length < 4) return null;
    return ccw(poly.map((p) => [p[0], p[1]] as Point));
  });
}

/** Tessellates the parent with the given sites; cell i belongs to site i (may be empty). */
export function tessellateSites(parent: MultiPolygon, sites: Point[]): MultiPolygon[] {
  if (sites.length === 1) return [parent];
  const prepared = prepare(parent);
  return voronoiCells(sites, prepared.bbox).map((cell) => (cell ? clipCell(cell, prepared) : []));
}

/** n points spread inside the parent (rejection sampling in its bounding box). */
export function samplePoints(parent: MultiPolygon, n: number, rng: Rng): Point[] {
  const b = multiBBox(parent);
  const pts: Point[] = [];
  let guard = 0;
  while (pts.length < n) {
    const p: Point = [rng.range(b[0], b[2]), rng.range(b[1], b[3])];
    if (pointInMulti(p, parent)) pts.push(p);
    else if (++guard > n * 200) throw new Error('samplePoints: parent has (almost) no area');
  }
  return pts;
}

/**
 * Splits the parent into n pieces of irregular shape. Lloyd iterations move each site to the
 * centroid of its cell, evening out the sizes (two or three give map-like regularity).
 */
export function partition(parent: MultiPolygon, n: number, rng: Rng, lloyd = 0): MultiPolygon[] {
  if (n <= 1) return [parent];
  let sites = samplePoints(parent, n, rng);
  let cells = tessellateSites(parent, sites);
  for (let it = 0; it < lloyd; it++) {
    sites = cells.map((c, i) => (c.length ? multiCentroid(c) : sites[i]));
    cells = tessellateSites(parent, sites);
  }
  return cells.filter((c) => c.length > 0 && c.some((p) => Math.abs(ringSignedArea(p[0])) > 0));
}
