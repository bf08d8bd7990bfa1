import { describe, expect, it } from 'vitest';
import { formatDate, formatNumber, pick, translate } from './translate.ts';
import { vi } from './vi.ts';
import { en } from './en.ts';

describe('translate', () => {
  it('fills placeholders', () => {
    expect(translate('en', 'layers.fromZoom', { z: 12 })).toBe('shown from zoom 12');
    expect(translate('vi', 'layers.fromZoom', { z: 12 })).toBe('hiện từ mức 12');
  });
  it('keeps unknown placeholders visible', () => {
    expect(translate('en', 'legend.accepted', {})).toBe('Accepted (above {a} %)');
  });
  it('has the same keys and placeholders in both languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(vi) as (keyof typeof vi)[]) {
      expect(en[key], key).toBeTruthy();
      expect(names(en[key]), key).toEqual(names(vi[key]));
    }
  });
  it('keeps the glossary terms in Vietnamese in English', () => {
    expect(en['kind.tieukhu']).toBe('Tiểu khu');
    expect(en['kind.khoanh']).toBe('Khoảnh');
    expect(en['kind.plot']).toBe('Lô');
    expect(en['layers.communes']).toContain('NTM');
  });
});

describe('formatting', () => {
  it('formats numbers per language', () => {
    expect(formatNumber('vi', 1234.5, 1)).toBe('1.234,5');
    expect(formatNumber('en', 1234.5, 1)).toBe('1,234.5');
  });
  it('formats ISO dates day first', () => {
    expect(formatDate('2024-06-30')).toBe('30/06/2024');
  });
  it('picks the bilingual text', () => {
    expect(pick('en', { vi: 'Đạt', en: 'Met' })).toBe('Met');
    expect(pick('en', { vi: 'Đạt', en: '' })).toBe('Đạt');
  });
});
