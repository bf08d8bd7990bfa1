import { describe, expect, it } from 'vitest';
import { foldCompact, foldName, shortUnitName } from '../../server/domain/text.ts';

describe('foldName: one key for the spellings officials, reports and imported files use', () => {
  it.each([
    ['Đắk Rơ Wa', 'Đăk Rơ Wa', 'dak ro wa', 'Đak Rơ Wa'],
    ['Ngọk Hồi', 'Ngọc Hồi', 'ngok hoi'],
    ["Ia H'Drai", 'Ia HDrai', 'ia hdrai', 'Ia H’Drai'],
    ['Đắk Pék', 'Đăk Pét', 'dak pet'], // reports 003 and 004 write Pét
  ])('%s', (...spellings) => {
    const keys = new Set(spellings.map(foldName));
    expect(keys.size).toBe(1);
  });

  it('keeps different places apart', () => {
    expect(foldName('Đắk Pék')).not.toBe(foldName('Đắk Pxi'));
    expect(foldName('Hòa Bình')).not.toBe(foldName('Hòa Bình 2'));
  });

  it('matches names whose spaces were dropped (GADM) and strips the kind prefix', () => {
    expect(foldCompact('ĐắkChoong')).toBe(foldCompact('Đắk Choong'));
    expect(shortUnitName('Xã Đắk Cấm')).toBe('Đắk Cấm');
    expect(shortUnitName('Thị trấn Plei Kần')).toBe('Plei Kần');
  });
});
