/**
 * The demo dataset is a pure function of its seed: two builds give byte-identical output.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_SEED, datasetHash, generateDemo } from '../../data/geo/generate.ts';

describe('demo generator determinism', () => {
  it('builds the same dataset twice from the same seed', () => {
    const a = generateDemo(DEMO_SEED);
    const b = generateDemo(DEMO_SEED);
    expect(a.forest.plots.length).toBe(b.forest.plots.length);
    expect(datasetHash(a)).toBe(datasetHash(b));
    // The hash covers the data: changing one lô changes it.
    b.forest.plots[0].dtich += 0.01;
    expect(datasetHash(a)).not.toBe(datasetHash(b));
  }, 120_000);
});
