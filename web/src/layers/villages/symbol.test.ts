import { describe, expect, it } from 'vitest';
import type { VillageFeatureProps } from '../../../../server/domain/api.ts';
import { VILLAGE_BANDS, VILLAGE_NO_DATA_COLOR } from '../../../../server/domain/classes.ts';
import { villageRadiusScale, villageSymbol } from './symbol.ts';

const base: VillageFeatureProps = {
  code: '23245-01', name: 'Thôn 1', commune_code: '23245', commune_name: 'Ia Chim', ethnic_minority: true,
  pilot_tier: null, criteria_met: 10, recognised: false, target: false,
};

describe('villageSymbol', () => {
  it('fills by the village band colour', () => {
    expect(villageSymbol(base).fill.slice(0, 3)).toEqual([...VILLAGE_BANDS[0].color]);
    expect(villageSymbol({ ...base, criteria_met: 6 }).fill.slice(0, 3)).toEqual([...VILLAGE_BANDS.find((b) => b.id === '5-7')!.color]);
    expect(villageSymbol({ ...base, criteria_met: null }).fill.slice(0, 3)).toEqual([...VILLAGE_NO_DATA_COLOR]);
  });
  it('shows pilot villages larger with a bold dark outline', () => {
    const plain = villageSymbol(base);
    const pilot = villageSymbol({ ...base, pilot_tier: 'city' });
    expect(pilot.radius).toBeGreaterThan(plain.radius);
    expect(pilot.lineWidth).toBeGreaterThan(plain.lineWidth);
    expect(villageSymbol({ ...base, pilot_tier: 'city' }).radius).toBeGreaterThan(villageSymbol({ ...base, pilot_tier: 'other' }).radius);
  });
  it('marks the selected village', () => {
    const s = villageSymbol(base, true);
    expect(s.radius).toBeGreaterThan(villageSymbol(base).radius);
    expect(s.line).toEqual([11, 95, 255, 255]);
  });
});

describe('villageRadiusScale', () => {
  it('shrinks symbols over the province and keeps full size from zoom 10', () => {
    expect(villageRadiusScale(6)).toBe(0.6);
    expect(villageRadiusScale(8)).toBe(0.6);
    expect(villageRadiusScale(9)).toBe(0.8);
    expect(villageRadiusScale(10)).toBe(1);
    expect(villageRadiusScale(15)).toBe(1);
  });
});
