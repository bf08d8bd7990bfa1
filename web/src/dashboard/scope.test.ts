import { describe, expect, it } from 'vitest';
import { scopeOf } from './scope.ts';

const province = {
  units: [{ code: '608' }, { code: '610' }],
  communes: [{ code: '23335', districtCode: '608' }, { code: '23356', districtCode: '610' }],
} as unknown as Parameters<typeof scopeOf>[1];

describe('dashboard scope from the map selection', () => {
  it('a district, a commune with its district, a village for its commune', () => {
    expect(scopeOf({ kind: 'district', id: '610' }, province)).toEqual({ level: 'district', district: '610' });
    expect(scopeOf({ kind: 'commune', id: '23335' }, province)).toEqual({ level: 'commune', district: '608', commune: '23335' });
    expect(scopeOf({ kind: 'village', id: '23356-04' }, province)).toEqual({ level: 'commune', district: '610', commune: '23356' });
  });
  it('nothing, a lô, a ward outside the programme or an unknown district: the province', () => {
    expect(scopeOf(null, province)).toEqual({ level: 'province' });
    expect(scopeOf({ kind: 'plot', id: '12' }, province)).toEqual({ level: 'province' });
    expect(scopeOf({ kind: 'commune', id: '23299' }, province)).toEqual({ level: 'province' });
    expect(scopeOf({ kind: 'district', id: '999' }, province)).toEqual({ level: 'province' });
  });
  it('from 1 July 2025: a new unit, and the new unit an old commune or its village belongs to now; a district is no scope any more', () => {
    const units = [
      { code: '23284', oldCodes: ['23266', '23269', '23272', '23275', '23278'] },
      { code: '23530', oldCodes: ['23530'] },
    ];
    expect(scopeOf({ kind: 'unit2025', id: '23284' }, province, units)).toEqual({ level: 'unit2025', unit: '23284' });
    expect(scopeOf({ kind: 'commune', id: '23272' }, province, units)).toEqual({ level: 'unit2025', unit: '23284' });
    expect(scopeOf({ kind: 'village', id: '23530-03' }, province, units)).toEqual({ level: 'unit2025', unit: '23530' });
    expect(scopeOf({ kind: 'district', id: '610' }, province, units)).toEqual({ level: 'province' });
    expect(scopeOf({ kind: 'unit2025', id: '99999' }, province, units)).toEqual({ level: 'province' });
    expect(scopeOf(null, province, units)).toEqual({ level: 'province' });
  });
});
