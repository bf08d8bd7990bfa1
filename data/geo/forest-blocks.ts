/**
 * The building blocks of the forest layer: a commune cut into khoảnh-sized cells (about 100 ha),
 * the choice of which cells are forest land, and the grouping of forest cells into tiểu khu.
 *
 * Cells come from one Voronoi tessellation of the commune (Lloyd-relaxed) whose shared edges then
 * meander (meander.ts), identically on both sides; a tiểu khu is the union of a contiguous group of
 * cells and its khoảnh are those cells, so khoảnh tile their tiểu khu by construction.
 */
import { Delaunay } from 'd3-delaunay';
import polygonClipping from 'polygon-clipping';
import { type MultiPolygon, type Point, multiAreaHa, multiCentroid, ringSignedArea, roundMulti } from './planar.ts';
import type { Rng } from './prng.ts';
import { meanderShared } from './meander.ts';
import { samplePoints, tessellateSites } from './tessellate.ts';

export interface Block {
  /** Cell geometry, rounded to 6 decimals, shared edges meandering: the khoảnh if the block becomes forest. */
  geom: MultiPolygon;
  areaHa: number;
  centroid: Point;
  /** Indices of the blocks sharing an edge with this one. */
  neighbours: number[];
}

/**
 * Cuts a commune into about areaHa / blockHa cells of similar size (two Lloyd iterations).
 * Returns the non-empty cells with their adjacency.
 */
export function cutBlocks(commune: MultiPolygon, blockHa: number, rng: Rng): Block[] {
  const n = Math.max(1, Math.round(multiAreaHa(commune) / blockHa));
  if (n === 1) {
    const geom = roundMulti(commune);
    return [{ geom, areaHa: multiAreaHa(geom), centroid: multiCentroid(geom), neighbours: [] }];
  }
  let sites = samplePoints(commune, n, rng);
  let cells = tessellateSites(commune, sites);
  for (let it = 0; it < 2; it++) {
    sites = cells.map((c, i) => (c.length ? multiCentroid(c) : sites[i]));
    cells = tessellateSites(commune, sites);
  }
  const straight = cells.map((c) => roundMulti(c).filter((p) => Math.abs(ringSignedArea(p[0])) > 1e-12));
  const keep = straight.map((c) => c.length > 0 && multiAreaHa(c) > 0.5);
  // Boundaries between blocks meander (streams, ridges); the commune's own boundary stays put.
  const rounded = meanderShared(straight.map((c, i) => (keep[i] ? c : [])), { salt: 'khoanh', amplitude: 0.05, spacingM: 110 });
  const index = new Map<number, number>();
  keep.forEach((k, i) => k && index.set(i, index.size));
  const delaunay = Delaunay.from(sites);
  const blocks: Block[] = [];
  rounded.forEach((geom, i) => {
    if (!keep[i]) return;
    const neighbours = [...delaunay.neighbors(i)].filter((j) => keep[j] && shareEdge(straight[i], straight[j])).map((j) => index.get(j)!);
    blocks.push({ geom, areaHa: multiAreaHa(geom), centroid: multiCentroid(geom), neighbours });
  });
  return blocks;
}

/**
 * True when two cells share an edge: at least two of their vertices coincide (within 2e-6°,
 * the rounding of points computed separately for each cell). Delaunay neighbours whose common
 * Voronoi edge was clipped away, or which touch at one corner only, are not adjacent.
 */
function shareEdge(a: MultiPolygon, b: MultiPolygon): boolean {
  const near = (x: number, y: number) => b.some((pb) => pb[0].some(([u, v]) => Math.abs(x - u) < 2e-6 && Math.abs(y - v) < 2e-6));
  let shared = 0;
  for (const pa of a) {
    const ring = pa[0];
    for (let i = 0; i < ring.length - 1; i++) if (near(ring[i][0], ring[i][1]) && ++shared >= 2) return true;
  }
  return false;
}

/** Distance in km between two lon/lat points (equirectangular; fine at this scale). */
export function distanceKm(a: Point, b: Point): number {
  const kx = 111.32 * Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180);
  const dx = (a[0] - b[0]) * kx;
  const dy = (a[1] - b[1]) * 110.57;
  return Math.sqrt(dx * dx + dy * dy);
}

/** Distance from each block to the nearest settlement point, in km. */
export function settlementDistance(blocks: Block[], settlements: Point[]): number[] {
  return blocks.map((b) => {
    let best = Infinity;
    for (const s of settlements) {
      // Cheap reject on latitude alone (1° ≈ 110.6 km) before the full distance.
      if (Math.abs(s[1] - b.centroid[1]) * 110.57 >= best) continue;
      const d = distanceKm(b.centroid, s);
      if (d < best) best = d;
    }
    return best;
  });
}

/**
 * A smooth random field over the map (km units): a sum of plane waves with wavelengths of 4 to
 * 12 km, so that neighbouring blocks get similar values and forest and farmland form patches.
 */
export function smoothField(rng: Rng, amplitudeKm: number): (p: Point) => number {
  const waves = Array.from({ length: 6 }, () => {
    const theta = rng.range(0, Math.PI);
    const lambdaKm = rng.range(4, 12);
    return { kx: (Math.cos(theta) * 2 * Math.PI) / lambdaKm, ky: (Math.sin(theta) * 2 * Math.PI) / lambdaKm, phase: rng.range(0, 2 * Math.PI) };
  });
  const scale = amplitudeKm / Math.sqrt(waves.length / 2);
  return ([lon, lat]) => {
    const x = lon * 107.7; // km per degree of longitude at 14.6° N
    const y = lat * 110.6;
    let v = 0;
    for (const w of waves) v += Math.sin(w.kx * x + w.ky * y + w.phase);
    return v * scale;
  };
}

/**
 * Marks as forest land the blocks farthest from settlements until `share` of the commune's area
 * is reached. A smooth noise field shifts the distances so the forest edge wanders, and a
 * majority pass (twice) removes single forest blocks in farmland and single farm blocks in forest.
 */
export function chooseForest(blocks: Block[], distKm: number[], share: number, field: (p: Point) => number, rng: Rng): boolean[] {
  const forest = blocks.map(() => false);
  if (share <= 0) return forest;
  const total = blocks.reduce((s, b) => s + b.areaHa, 0);
  const order = blocks
    .map((b, i) => ({ i, score: distKm[i] + field(b.centroid) + rng.normal() * 0.15 }))
    .sort((a, b) => b.score - a.score || a.i - b.i);
  let area = 0;
  for (const { i } of order) {
    if (area >= share * total) break;
    forest[i] = true;
    area += blocks[i].areaHa;
  }
  for (let pass = 0; pass < 2; pass++) {
    const before = forest.slice();
    blocks.forEach((b, i) => {
      if (b.neighbours.length < 3) return;
      const f = b.neighbours.filter((j) => before[j]).length / b.neighbours.length;
      if (f >= 0.75) forest[i] = true;
      else if (f <= 0.25) forest[i] = false;
    });
  }
  return forest;
}

/** Connected groups of the selected blocks, largest first. */
export function components(blocks: Block[], selected: boolean[]): number[][] {
  const seen = new Set<number>();
  const out: number[][] = [];
  for (let i = 0; i < blocks.length; i++) {
    if (!selected[i] || seen.has(i)) continue;
    const comp: number[] = [];
    const queue = [i];
    seen.add(i);
    while (queue.length) {
      const j = queue.shift()!;
      comp.push(j);
      for (const k of blocks[j].neighbours) {
        if (selected[k] && !seen.has(k)) {
          seen.add(k);
          queue.push(k);
        }
      }
    }
    out.push(comp.sort((a, b) => a - b));
  }
  return out.sort((a, b) => b.length - a.length || a[0] - b[0]);
}

/**
 * Splits one connected group of blocks into k contiguous groups of similar size: seeds spread by
 * farthest-point sampling, then breadth-first growth, always growing the smallest group that can.
 */
export function splitComponent(blocks: Block[], comp: number[], k: number): number[][] {
  if (k <= 1) return [comp.slice()];
  k = Math.min(k, comp.length);
  const inComp = new Set(comp);
  const seeds = [comp[0]];
  while (seeds.length < k) {
    let best = -1;
    let bestD = -1;
    for (const i of comp) {
      if (seeds.includes(i)) continue;
      let d = Infinity;
      for (const s of seeds) d = Math.min(d, distanceKm(blocks[i].centroid, blocks[s].centroid));
      if (d > bestD) {
        bestD = d;
        best = i;
      }
    }
    seeds.push(best);
  }
  const owner = new Map<number, number>(seeds.map((s, g) => [s, g]));
  const groups = seeds.map((s) => [s]);
  const frontier = seeds.map((s) => [s]);
  for (;;) {
    const order = groups.map((g, i) => ({ i, n: g.length })).sort((a, b) => a.n - b.n || a.i - b.i);
    let grew = false;
    for (const { i } of order) {
      // Grow group i by one block adjacent to it, nearest to its seed first.
      let pick = -1;
      let pickD = Infinity;
      for (const f of frontier[i]) {
        for (const j of blocks[f].neighbours) {
          if (!inComp.has(j) || owner.has(j)) continue;
          const d = distanceKm(blocks[j].centroid, blocks[seeds[i]].centroid);
          if (d < pickD) {
            pickD = d;
            pick = j;
          }
        }
      }
      if (pick >= 0) {
        owner.set(pick, i);
        groups[i].push(pick);
        frontier[i].push(pick);
        grew = true;
        break;
      }
    }
    if (!grew) break;
  }
  // Blocks unreachable through the grown groups (none in a connected component) join the nearest seed.
  for (const i of comp) {
    if (owner.has(i)) continue;
    let best = 0;
    for (let g = 1; g < seeds.length; g++) {
      if (distanceKm(blocks[i].centroid, blocks[seeds[g]].centroid) < distanceKm(blocks[i].centroid, blocks[seeds[best]].centroid)) best = g;
    }
    groups[best].push(i);
  }
  return groups.map((g) => g.sort((a, b) => a - b));
}

/** Union of blocks (they share edges exactly), rounded like its parts. */
export function unionBlocks(parts: MultiPolygon[]): MultiPolygon {
  if (parts.length === 1) return parts[0];
  const u = polygonClipping.union(...(parts as [never, ...never[]])) as unknown as MultiPolygon;
  return roundMulti(u);
}
