/**
 * The generator's geometry and count tools on small inputs: meandering shared edges keeps a
 * partition exact, the polygon partition tiles its parent, and sample plots hit an exact survival.
 */
import { describe, expect, it } from 'vitest';
import { assessSurvival } from '../../server/domain/survival.ts';
import { isSimpleRing, meanderShared } from '../../data/geo/meander.ts';
import { partitionPolygon } from '../../data/geo/partition-polygon.ts';
import { type MultiPolygon, type Ring, ccw, multiAreaHa, ringSignedArea, roundMulti } from '../../data/geo/planar.ts';
import { Rng } from '../../data/geo/prng.ts';
import { plotsForSurvival, plotsInRange } from '../../data/geo/sample-plots.ts';
import { solveWeightedSurvival } from '../../data/geo/planting-city.ts';
import { partition } from '../../data/geo/tessellate.ts';

// About 5 km × 4 km near Kon Tum city.
const square: MultiPolygon = [[ccw([[108.0, 14.3], [108.05, 14.3], [108.05, 14.34], [108.0, 14.34], [108.0, 14.3]])]];
const area = (pieces: MultiPolygon[]) => pieces.reduce((s, p) => s + multiAreaHa(p), 0);
const edges = (r: Ring) => r.slice(0, -1).map((p, i) => `${p}|${r[i + 1]}`);

describe('meanderShared', () => {
  const straight = partition(square, 12, new Rng(7), 2).map((p) => roundMulti(p));
  const wavy = meanderShared(straight, { salt: 'test' });

  it('keeps the pieces tiling the parent: same total area, simple rings', () => {
    expect(Math.abs(area(wavy) - multiAreaHa(square))).toBeLessThan(0.01);
    for (const p of wavy) for (const ring of p.flat()) expect(isSimpleRing(ring)).toBe(true);
  });

  it('gives both sides of a shared boundary the same vertices and leaves the outer boundary straight', () => {
    const directed = new Map<string, number>();
    wavy.forEach((p, i) => edges(p[0][0]).forEach((e) => directed.set(e, i)));
    let shared = 0;
    for (const [e, i] of directed) {
      const [a, b] = e.split('|');
      const back = directed.get(`${b}|${a}`);
      if (back !== undefined) {
        expect(back).not.toBe(i);
        shared++;
      }
    }
    expect(shared).toBeGreaterThan(50);
    const verticesBefore = straight.reduce((s, p) => s + p[0][0].length, 0);
    const verticesAfter = wavy.reduce((s, p) => s + p[0][0].length, 0);
    expect(verticesAfter).toBeGreaterThan(verticesBefore * 1.5);
    // Every vertex on the square's outline stays on it: no meander on the parent's boundary.
    const onOutline = ([x, y]: number[]) => [108.0, 108.05].includes(x) || [14.3, 14.34].includes(y);
    const outerBefore = straight.flatMap((p) => p[0][0].filter(onOutline)).length;
    const outerAfter = wavy.flatMap((p) => p[0][0].filter(onOutline)).length;
    expect(outerAfter).toBe(outerBefore);
  });

  it('is a function of the edges, not of the order of the pieces', () => {
    const reversed = meanderShared(straight.slice().reverse(), { salt: 'test' }).reverse();
    expect(reversed).toEqual(wavy);
  });
});

describe('partitionPolygon', () => {
  it('tiles a meandering (non-convex) parent exactly', () => {
    const parents = meanderShared(partition(square, 4, new Rng(3), 2).map((p) => roundMulti(p)), { salt: 'parent', amplitude: 0.08 });
    for (const parent of parents) {
      const pieces = partitionPolygon(parent, 6, new Rng(11), 1);
      expect(pieces.length).toBeGreaterThan(3);
      // Shoelace areas in degrees² add up exactly (hectares use each ring's own latitude scale).
      const deg2 = (mp: MultiPolygon) => mp.reduce((s, poly) => s + poly.reduce((t, r, i) => t + (i === 0 ? 1 : -1) * Math.abs(ringSignedArea(r)), 0), 0);
      const sum = pieces.reduce((s, p) => s + deg2(p), 0);
      expect(Math.abs(sum - deg2(parent)) / deg2(parent)).toBeLessThan(1e-9);
    }
  });
});

describe('sample plots', () => {
  it('reach an exact survival percentage with whole tree counts', () => {
    const rng = new Rng(5);
    for (const hundredths of [6283, 8512, 4987, 7045, 9512]) {
      const plots = plotsForSurvival(hundredths, 1600, rng);
      expect(assessSurvival(plots).survivalPct).toBe(hundredths / 100);
      for (const p of plots) {
        expect(Number.isInteger(p.planted) && Number.isInteger(p.surviving)).toBe(true);
        expect(p.surviving).toBeLessThanOrEqual(p.planted);
      }
    }
  });

  it('draws survivals inside a range, even near hard-to-reach values', () => {
    const rng = new Rng(9);
    for (let i = 0; i < 50; i++) {
      const pct = assessSurvival(plotsInRange(87.4, 87.6, 1600, rng)).survivalPct;
      expect(pct).toBeGreaterThanOrEqual(87.4);
      expect(pct).toBeLessThanOrEqual(87.6);
    }
  });

  it('solves survivals whose area-weighted mean rounds to the target', () => {
    const areas = [3.11, 2.9, 2.6, 2.0];
    const plots = solveWeightedSurvival(areas, 6283, new Rng(1));
    const s = plots.map((p) => assessSurvival(p).survivalPct);
    const mean = areas.reduce((acc, a, i) => acc + a * s[i], 0) / areas.reduce((x, y) => x + y, 0);
    expect(Math.round(mean * 100) / 100).toBe(62.83);
    for (const x of s) expect(x >= 50 && x <= 85).toBe(true);
  });
});
