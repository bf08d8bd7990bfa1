import { describe, expect, it } from 'vitest';
import { formatHash, parseHash } from '../lib/urlState.ts';
import { formatSplit, openSplit, parseSplit } from './splitState.ts';

describe('the compare view in the URL', () => {
  it('reads and writes the mode, the other year and its style', () => {
    expect(parseSplit('side:2020')).toEqual({ mode: 'side', year: 2020 });
    expect(parseSplit('swipe:2023:level')).toEqual({ mode: 'swipe', year: 2023, style: 'level' });
    for (const s of ['side:2020', 'swipe:2023:level', 'side:2024:targets']) expect(formatSplit(parseSplit(s)!)).toBe(s);
  });
  it('ignores what it cannot show', () => {
    for (const s of ['', 'side', 'side:20', 'split:2020', 'side:1999', 'swipe:2020:change', 'side:2020:nonsense', 'side:2020:level:x']) expect(parseSplit(s), s).toBeNull();
  });
  it('travels with the rest of the link', () => {
    const s = parseHash('#map=10/14.35/108&year=2023&split=swipe:2020');
    expect(s.split).toEqual({ mode: 'swipe', year: 2020 });
    expect(s.year).toBe(2023);
    expect(formatHash(s)).toContain('split=swipe:2020');
    expect(parseHash(formatHash(s))).toEqual(s);
    expect(parseHash('#year=2023').split).toBeUndefined();
  });
  it('opens with the earliest year beside the year shown (the latest beside the earliest)', () => {
    expect(openSplit(2023, [2020, 2022, 2023])).toEqual({ mode: 'side', year: 2020 });
    expect(openSplit(2020, [2020, 2022, 2023])).toEqual({ mode: 'side', year: 2023 });
    expect(openSplit(2023, [])).toBeUndefined();
  });
});
