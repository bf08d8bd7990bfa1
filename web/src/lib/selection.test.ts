import { describe, expect, it } from 'vitest';
import { coordinateOf, featureOf, formatSelection, khoanhNumbers, parseSelection, tieukhuNumber } from './selection.ts';
import { selectionFromFeature } from '../layers/registry.ts';

describe('selection', () => {
  it('round-trips through its URL form', () => {
    expect(parseSelection(formatSelection({ kind: 'plot', id: '42' }))).toEqual({ kind: 'plot', id: '42' });
    expect(parseSelection('tieukhu:tk:568')).toEqual({ kind: 'tieukhu', id: 'tk:568' });
  });
  it('rejects malformed values', () => {
    expect(parseSelection('')).toBeNull();
    expect(parseSelection('bogus:1')).toBeNull();
    expect(parseSelection('commune:')).toBeNull();
    expect(parseSelection(':1')).toBeNull();
  });
  it('reads tiểu khu, khoảnh and coordinate ids', () => {
    expect(tieukhuNumber('tk:568')).toBe(568);
    expect(khoanhNumbers('k:568/3')).toEqual({ tk: 568, khoanh: 3 });
    expect(coordinateOf('107.9,14.6')).toEqual([107.9, 14.6]);
    expect(coordinateOf('x,1')).toBeNull();
  });
  it('maps clicked features to selections', () => {
    expect(selectionFromFeature('communes', { code: '23245' })).toEqual({ kind: 'commune', id: '23245' });
    expect(selectionFromFeature('plots', { id: 7 })).toEqual({ kind: 'plot', id: '7' });
    expect(selectionFromFeature('tieukhu', { tk: 568 })).toEqual({ kind: 'tieukhu', id: 'tk:568' });
    expect(selectionFromFeature('khoanh', { tk: 568, khoanh: 3 })).toEqual({ kind: 'khoanh', id: 'k:568/3' });
    expect(selectionFromFeature('background', {})).toBeNull();
  });
});

describe('featureOf', () => {
  it('reads layer ids with digits (units2025)', () => {
    expect(featureOf('units2025/23293')).toEqual({ layer: 'units2025', id: '23293' });
    expect(featureOf('ocop/12')).toEqual({ layer: 'ocop', id: '12' });
    expect(featureOf('2025/1')).toBeNull();
  });
});

describe('selection of a 2025 unit', () => {
  it('reads and writes unit2025:<code> (a shared link to a new commune or ward)', () => {
    expect(parseSelection('unit2025:23284')).toEqual({ kind: 'unit2025', id: '23284' });
    expect(formatSelection({ kind: 'unit2025', id: '23284' })).toBe('unit2025:23284');
    expect(selectionFromFeature('units2025', { code: '23284' })).toEqual({ kind: 'unit2025', id: '23284' });
  });
});
