import { describe, expect, it } from 'vitest';
import { communesLegend } from './legend.ts';

/** A style mode without data for the year says so in its legend heading instead of leaving an empty map unexplained. */
describe('communes legend, targets mode', () => {
  const base = { layers: ['communes'] as const, criterion: null };

  it('names the target year when communes have targets that year', () => {
    const s = communesLegend({ ...base, commune: { mode: 'targets', year: 2023, compare: null, targetYears: [2023, 2025] } });
    expect(s.title).toBe('ntm.legend.targets');
  });

  it('says that no commune has a target in a year without targets, naming the years that have them', () => {
    const s = communesLegend({ ...base, commune: { mode: 'targets', year: 2020, compare: null, targetYears: [2023, 2025] } });
    expect(s.title).toBe('ntm.legend.noTargets');
    expect(s.titleParams).toEqual({ year: 2020, years: '2023, 2025' });
  });
});
