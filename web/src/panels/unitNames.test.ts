import { describe, expect, it } from 'vitest';
import { byVietnameseName, unitLabels } from './unitNames.ts';

describe('unit names in lists', () => {
  it('sorts the Vietnamese way: Đ after D, not after Y', () => {
    const names = ['Ya Xiêr', 'Đắk Hà', 'Diên Bình', 'Chư Hreng', 'Đăk Blà', 'Ia Chim', 'Sa Loong', 'Ngọk Bay'];
    expect(byVietnameseName(names.map((name) => ({ name }))).map((x) => x.name)).toEqual(['Chư Hreng', 'Diên Bình', 'Đăk Blà', 'Đắk Hà', 'Ia Chim', 'Ngọk Bay', 'Sa Loong', 'Ya Xiêr']);
  });

  it('puts the district beside communes of the same name', () => {
    const all = [
      { code: '612', name: 'Đắk Tô', parentCode: null },
      { code: '613', name: 'Ngọc Hồi', parentCode: null },
    ];
    const communes = [
      { code: 'a', name: 'Pờ Y', parentCode: '613' },
      { code: 'b', name: 'Tân Cảnh', parentCode: '612' },
      { code: 'c', name: 'Tân Cảnh', parentCode: '613' },
    ];
    const labels = unitLabels(communes, all);
    expect(labels.get('a')).toBe('Pờ Y');
    expect(labels.get('b')).toBe('Tân Cảnh (Đắk Tô)');
    expect(labels.get('c')).toBe('Tân Cảnh (Ngọc Hồi)');
  });
});
