import { describe, expect, it } from 'vitest';
import { padBbox, tileOf, tileUrlsFor } from './tiles.ts';
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
});
