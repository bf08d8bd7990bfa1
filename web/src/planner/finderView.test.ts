import { describe, expect, it } from 'vitest';
import { geometryBounds, plannerScope, resultsBounds } from './finderView.ts';

const units = [
  { code: '608', name: 'Kon Tum', level: 'district' as const, parentCode: null },
  { code: '616', name: 'Sa Thầy', level: 'district' as const, parentCode: null },
  { code: '610', name: 'Đắk Glei', level: 'district' as const, parentCode: null },
  { code: 'a', name: 'Chư Hreng', level: 'commune' as const, parentCode: '608' },
  { code: 'b', name: 'Sa Bình', level: 'commune' as const, parentCode: '616' },
  { code: 'c', name: 'Đắk Man', level: 'commune' as const, parentCode: '610' },
];

describe("plannerScope: the unit list shows the planner's scope", () => {
  it('keeps the districts of the scope and their communes', () => {
    const s = plannerScope({ roles: ['planner'], scopes: [{ code: '608' }, { code: '616' }] }, units);
    expect(s.districts.map((d) => d.code)).toEqual(['608', '616']);
    expect(s.communes.map((c) => c.code)).toEqual(['a', 'b']);
    expect(s.limited).toBe(true);
  });
  it('a commune scope brings its district', () => {
    const s = plannerScope({ roles: ['planner'], scopes: [{ code: 'c' }] }, units);
    expect(s.districts.map((d) => d.code)).toEqual(['610']);
    expect(s.communes.map((c) => c.code)).toEqual(['c']);
  });
  it('a reader or a province-wide planner sees every unit', () => {
    expect(plannerScope(null, units).districts.length).toBe(3);
    expect(plannerScope({ roles: ['planner'], scopes: [{ code: '62' }] }, units).limited).toBe(false);
  });
});

describe('bounds the map follows', () => {
  it('of results and of a plan', () => {
    expect(resultsBounds([{ bbox: [1, 2, 3, 4] }, { bbox: [0, 3, 2, 5] }])).toEqual([0, 2, 3, 5]);
    expect(resultsBounds([])).toBeNull();
    expect(geometryBounds([{ coordinates: [[[[1, 1], [2, 3], [0, 2], [1, 1]]]] }])).toEqual([0, 1, 2, 3]);
  });
});
