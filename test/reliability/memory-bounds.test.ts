/**
 * The server's caches are bounded by bytes, so a client walking through parameters (years, units,
 * tile addresses) cannot grow the process: the aggregation cache held up to 2,000 answers of any
 * size (bounded by count only), the tile cache by the bytes of its bodies.
 */
import { describe, expect, it } from 'vitest';
import { AggregationCache } from '../../server/ops/agg-cache.ts';
import { TileCache } from '../../server/tiles/cache.ts';

/** An answer whose JSON is about `kb` KB, like a province NTM table. */
const answer = (kb: number, k: number) => ({ k, rows: Array.from({ length: kb }, (_, i) => ({ i, name: 'x'.repeat(1000) })) });

describe('cache bounds', () => {
  it('the aggregation cache keeps at most its byte bound, dropping the least recently used', async () => {
    const cache = new AggregationCache(2000, 1024 * 1024);
    for (let k = 0; k < 100; k++) await cache.get(1, `stats:${k}`, () => Promise.resolve(answer(100, k)));
    // 100 answers of ~200 KB (UTF-16) each against a 1 MB bound: only the last few stay
    expect(cache.byteSize).toBeLessThanOrEqual(1024 * 1024);
    expect(cache.size).toBeGreaterThan(0);
    expect(cache.size).toBeLessThanOrEqual(5);
    // the newest is held (a hit, no computation), the oldest was dropped (computed again)
    let computed = 0;
    const again = (k: number) => cache.get(1, `stats:${k}`, () => (computed++, Promise.resolve(answer(100, k))));
    expect((await again(99)).k).toBe(99);
    expect(computed).toBe(0);
    await again(0);
    expect(computed).toBe(1);
  });

  it('an answer larger than the whole bound is answered but not kept; a new version empties the cache', async () => {
    const cache = new AggregationCache(2000, 64 * 1024);
    expect((await cache.get(1, 'big', () => Promise.resolve(answer(100, 1)))).k).toBe(1);
    expect(cache.size).toBe(0);
    await cache.get(1, 'small', () => Promise.resolve({ k: 2 }));
    expect(cache.size).toBe(1);
    expect(cache.byteSize).toBeGreaterThan(0);
    await cache.get(2, 'small', () => Promise.resolve({ k: 3 }));
    expect(cache.size).toBe(1);
    expect(cache.byteSize).toBeLessThan(100);
  });

  it('the aggregation cache keeps at most its entry bound', async () => {
    const cache = new AggregationCache(10);
    for (let k = 0; k < 50; k++) await cache.get(1, `k${k}`, () => Promise.resolve({ k }));
    expect(cache.size).toBe(10);
  });

  it('the tile cache keeps at most its byte bound', () => {
    const cache = new TileCache(1024 * 1024);
    for (let k = 0; k < 100; k++) cache.set(`t${k}`, new Uint8Array(100 * 1024), `"${k}"`);
    expect(cache.byteSize).toBeLessThanOrEqual(1024 * 1024);
    expect(cache.size).toBe(10);
    expect(cache.get('t99')).toBeDefined();
    expect(cache.get('t0')).toBeUndefined();
  });
});
