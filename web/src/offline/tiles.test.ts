import { describe, expect, it } from 'vitest';
import { inRing, padBbox, ringMeetsBox, tileBox, tileOf, tileUrlsFor } from './tiles.ts';
import { tileKey } from './cacheNames.ts';

describe('offline tiles', () => {
  it('finds the tile of a point as the slippy-map formula does', () => {
    // Kon Tum city at zoom 10 and 16 (z16 lies inside z10 × 64: 819·64 … and 470·64 …)
    expect(tileOf(108.0, 14.35, 10)).toEqual({ x: 819, y: 470 });
    expect(tileOf(108.0, 14.35, 16)).toEqual({ x: 52428, y: 30127 });
  });

  it('covers a box at each zoom of a source, and a label source at its last zoom', () => {
    const box: [number, number, number, number] = [108.0, 14.34, 108.03, 14.37];
    const urls = tileUrlsFor(box, [
      { url: 'http://h/api/tiles/plots/{z}/{x}/{y}.mvt?v=3', minzoom: 12, maxzoom: 16 },
      { url: 'http://h/api/tiles/communes-labels/{z}/{x}/{y}.mvt', minzoom: 0, maxzoom: 8 },
    ]);
    const zoomsOf = (prefix: string) => new Set(urls.filter((u) => u.includes(prefix)).map((u) => Number(u.split('/')[6])));
    expect([...zoomsOf('/plots/')]).toEqual([12, 13, 14, 15, 16]);
    expect([...zoomsOf('/communes-labels/')]).toEqual([8]);
    // at z16 a 3 km box spans a few tiles each way, never a whole row of the world
    expect(urls.filter((u) => u.includes('/plots/16/')).length).toBeLessThan(60);
    expect(new Set(urls).size).toBe(urls.length);
  });

  it('pads a box on every side', () => {
    expect(padBbox([0, 0, 10, 20], 0.1)).toEqual([-1, -2, 11, 22]);
  });

  it('keys a tile without its data version, parameters in a fixed order', () => {
    expect(tileKey('https://h/api/tiles/plots/14/1/2.mvt?year=2023&v=7')).toBe('https://h/api/tiles/plots/14/1/2.mvt?year=2023');
    expect(tileKey('https://h/api/tiles/plots/14/1/2.mvt?v=7&b=1&a=2')).toBe(tileKey('https://h/api/tiles/plots/14/1/2.mvt?a=2&b=1&v=9'));
  });

  it('gives the box of a tile, which holds the points of that tile', () => {
    const { x, y } = tileOf(108.0, 14.35, 14);
    const [w, s, e, n] = tileBox(x, y, 14);
    expect(w).toBeLessThanOrEqual(108.0);
    expect(e).toBeGreaterThan(108.0);
    expect(s).toBeLessThanOrEqual(14.35);
    expect(n).toBeGreaterThan(14.35);
  });

  it('keeps only the tiles a drawn ring meets: a thin diagonal strip takes far fewer than its box', () => {
    const strip: [number, number][] = [[108.0, 14.3], [108.1, 14.4], [108.1, 14.402], [108.0, 14.302], [108.0, 14.3]];
    const src = [{ url: 'http://h/api/tiles/plots/{z}/{x}/{y}.mvt', minzoom: 10, maxzoom: 16 }];
    const box: [number, number, number, number] = [108.0, 14.3, 108.1, 14.402];
    const all = tileUrlsFor(box, src);
    const kept = tileUrlsFor(box, src, undefined, strip);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(all.length / 5);
    for (const u of kept) expect(all).toContain(u);
    // every kept tile at z16 meets the strip; a corner tile of the box does not
    const corner = tileOf(108.0, 14.4, 16);
    expect(kept).not.toContain(`http://h/api/tiles/plots/16/${corner.x}/${corner.y}.mvt`);
    const onIt = tileOf(108.05, 14.351, 16);
    expect(kept).toContain(`http://h/api/tiles/plots/16/${onIt.x}/${onIt.y}.mvt`);
  });

  it('tells a box inside a ring, one crossed by an edge, and one outside', () => {
    const sq: [number, number][] = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]];
    expect(inRing([5, 5], sq)).toBe(true);
    expect(inRing([15, 5], sq)).toBe(false);
    expect(ringMeetsBox(sq, [4, 4, 6, 6])).toBe(true); // inside
    expect(ringMeetsBox(sq, [9, 4, 11, 6])).toBe(true); // across an edge
    expect(ringMeetsBox(sq, [-5, -5, 15, 15])).toBe(true); // around the whole ring
    expect(ringMeetsBox(sq, [11, 11, 12, 12])).toBe(false);
  });
});
