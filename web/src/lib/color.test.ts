import { describe, expect, it } from 'vitest';
import { colorDistance, hexToRgb, rgbToHex } from './color.ts';

describe('color', () => {
  it('converts between hex and rgb', () => {
    expect(hexToRgb('#1a9850')).toEqual([26, 152, 80]);
    expect(rgbToHex([26, 152, 80])).toBe('#1a9850');
    expect(() => hexToRgb('red')).toThrow();
  });
  it('measures the largest channel difference', () => {
    expect(colorDistance([10, 20, 30], [12, 15, 30])).toBe(5);
  });
});
