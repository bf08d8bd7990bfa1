import { describe, expect, it } from 'vitest';
import { type MemoryReading, memoryVerdict } from '../../bench/load.ts';

/** Readings after each run, from rows of [RSS, heap used, heap total, WebAssembly] in MB. */
const readings = (rows: [number, number, number, number][]): MemoryReading[] =>
  rows.map(([rss, heapUsed, heapTotal, wasm]) => ({ rss, heapUsed, heapTotal, wasm }));

/** The load bench's flat/growing verdict (bench/load.ts), on readings taken after a full collection. */
describe('memory verdict of the load bench', () => {
  it('calls flat a server whose RSS moves only with V8 resizing its heap (embedded readings of 2026-11-28)', () => {
    const v = memoryVerdict(
      readings([
        [1071, 118, 236, 195],
        [991, 88, 162, 195],
        [1022, 93, 187, 195],
        [1086, 95, 250, 195],
      ]),
    );
    expect(v.flat).toBe(true);
    expect(v.lastRssGrowthMb).toBe(1086 - 250 - (1022 - 187));
    expect(v.lastHeapGrowthMb).toBe(95 - 93);
    expect(v.text).toMatch(/^flat: .* RSS \+64 MB, WebAssembly \+0 MB/);
  });

  it('calls growing a server that keeps more in its heap or outside it after the last run', () => {
    // heap used climbing after a collection: a JavaScript leak
    expect(memoryVerdict(readings([[1000, 90, 150, 0], [1012, 100, 152, 0]])).flat).toBe(false);
    // memory outside V8's heap climbing (buffers, WebAssembly): a native leak
    const v = memoryVerdict(readings([[1000, 90, 150, 195], [1030, 91, 150, 215]]));
    expect(v.flat).toBe(false);
    expect(v.text).toMatch(/^GROWING: last run RSS outside V8's heap \+30 MB .* WebAssembly \+20 MB/);
  });

  it('gives no verdict on one run', () => {
    expect(memoryVerdict(readings([[1000, 90, 150, 0]]))).toMatchObject({ flat: false, text: 'no verdict (one run)' });
  });
});
