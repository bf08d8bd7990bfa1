import { describe, expect, it } from 'vitest';
import { memoryVerdict } from '../../bench/load.ts';

/** The load bench's flat/growing verdict (bench/load.ts), on readings taken after a full collection. */
describe('memory verdict of the load bench', () => {
  it('calls flat a server whose memory goes up and down between equal runs without a new high (readings of 2026-11-28)', () => {
    const v = memoryVerdict([1042, 1094, 1071, 991, 1022, 1086], [100, 111, 118, 88, 93, 95], [195, 195, 195, 195, 195, 195], 6);
    expect(v.flat).toBe(true);
    expect(v.lastRssGrowthMb).toBe(1086 - 1094);
    expect(v.lastHeapGrowthMb).toBe(95 - 118);
  });

  it('calls growing a server that sets a new high after the last run, by RSS or by heap', () => {
    // heap used after a collection climbing run after run: a leak (readings taken without a collection: what the bench read before)
    expect(memoryVerdict([1151, 1237, 1452, 1514, 1561, 1714], [177, 379, 592, 427, 629, 831], [195, 195, 195, 195, 195, 195], 6).flat).toBe(false);
    expect(memoryVerdict([1000, 1010, 1030], [90, 91, 92], [0, 0, 0], 3).text).toMatch(/^GROWING: after the last run RSS \+20 MB/);
    expect(memoryVerdict([1000, 1001, 1002], [90, 91, 100], [0, 0, 0], 3).flat).toBe(false);
  });

  it('gives no verdict on one run', () => {
    expect(memoryVerdict([1000], [90], [0], 1)).toMatchObject({ flat: false, text: 'no verdict (one run)' });
  });
});
