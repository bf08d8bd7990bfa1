import { describe, expect, it } from 'vitest';
import { dashEn, dashText, dashVi } from './messages.ts';

describe('dashboard messages', () => {
  it('every key in both languages, with the same placeholders', () => {
    expect(Object.keys(dashEn).sort()).toEqual(Object.keys(dashVi).sort());
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const k of Object.keys(dashVi) as (keyof typeof dashVi)[]) expect(holes(dashEn[k]), k).toEqual(holes(dashVi[k]));
  });
  it('fills placeholders', () => {
    expect(dashText('vi', 'dash.avgPoint', { year: 2020, n: '14,8' })).toBe('Năm 2020: bình quân đạt 14,8 tiêu chí/xã');
  });
});
