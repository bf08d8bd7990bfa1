import { describe, expect, it } from 'vitest';
import { describeSearch, parseSearch, splitKindWord } from '../../server/services/search-parse.ts';
import { toVn2000 } from '../../server/geo/vn2000.ts';

describe('parseSearch: tiểu khu', () => {
  it.each([['TK 568'], ['tk568'], ['Tk 568'], ['TK568'], ['Tiểu khu 568'], ['tiểu khu 568'], ['tieu khu 568'], ['TIỂU KHU 568'], ['Tiểukhu 568'], ['568'], [' 568 '], ['tk. 568'], ['TK: 568']])(
    '%s',
    (q) => {
      expect(parseSearch(q)).toEqual({ kind: 'tieukhu', tk: 568 });
    },
  );

  it('a labelled tiểu khu may have any number of digits', () => {
    expect(parseSearch('TK 63')).toEqual({ kind: 'tieukhu', tk: 63 });
    expect(parseSearch('tiểu khu 1024')).toEqual({ kind: 'tieukhu', tk: 1024 });
  });
});

describe('parseSearch: khoảnh', () => {
  it.each([
    ['568/3'],
    ['568 / 3'],
    ['568-3'],
    ['tk568 k3'],
    ['TK 568 K 3'],
    ['TK 568 · K 3'],
    ['tk 568 khoanh 3'],
    ['Tiểu khu 568, khoảnh 3'],
    ['Khoảnh 3 TK 568'],
    ['khoanh 3 tieu khu 568'],
    ['k3 tk568'],
    ['TK 568 Kh 3'],
  ])('%s', (q) => {
    expect(parseSearch(q)).toEqual({ kind: 'khoanh', tk: 568, khoanh: 3 });
  });
});

describe('parseSearch: lô', () => {
  it.each([
    ['568/3/12'],
    ['568 / 3 / 12'],
    ['568-3-12'],
    ['tk568 k3 l12'],
    ['TK 568 K 3 L 12'],
    ['TK 568 · K 3 · L 12'], // the app's own label
    ['tk 568 khoanh 3 lo 12'],
    ['Tiểu khu 568 khoảnh 3 lô 12'],
    ['Tiểu khu 568, khoảnh 3, lô 12'],
    ['Lô 12 Khoảnh 3 TK 568'],
    ['L12 TK568 K3'],
    ['k 3 l 12 tk 568'],
  ])('%s', (q) => {
    expect(parseSearch(q)).toEqual({ kind: 'plot', tk: 568, khoanh: 3, lo: '12' });
  });

  it.each([
    { q: '568/3/12a', lo: '12a' },
    { q: '568-3-12A', lo: '12a' },
    { q: 'TK 568 K 3 L 12a', lo: '12a' },
    { q: 'tk 568 khoanh 3 lô 12b', lo: '12b' },
    { q: 'TK 568 · K 3 · L a1', lo: 'a1' },
    { q: 'lô 7ab khoảnh 3 tk 568', lo: '7ab' },
  ])('alphanumeric lô: $q → $lo', ({ q, lo }) => {
    expect(parseSearch(q)).toEqual({ kind: 'plot', tk: 568, khoanh: 3, lo });
  });
});

describe('parseSearch: coordinates', () => {
  it.each([
    { q: '14.3512, 108.0021', source: 'wgs84' },
    { q: '108.0021 14.3512', source: 'wgs84' },
    { q: '14,3512 108,0021', source: 'wgs84' },
    { q: '14.3512N 108.0021E', source: 'wgs84' },
    { q: `14°21'04.3"N 108°00'07.6"E`, source: 'dms' },
    { q: '14 21 4.3 N 108 0 7.6 E', source: 'dms' },
    { q: `14°21.072' 108°0.127'`, source: 'dms' },
  ] as const)('$q → $source', ({ q, source }) => {
    const p = parseSearch(q);
    expect(p).toMatchObject({ kind: 'coordinate', source });
    if (p.kind !== 'coordinate') return;
    expect(p.lat).toBeCloseTo(14.3512, 4);
    expect(p.lon).toBeCloseTo(108.0021, 4);
    expect(p.x).toBeUndefined();
  });

  it.each([['X=1587654 Y=512345'], ['1587654, 512345'], ['VN2000 1587654 512345'], ['VN-2000 Y=512345 X=1587654']])(
    'VN-2000 %s is converted to WGS 84 and keeps X/Y',
    (q) => {
      const p = parseSearch(q);
      expect(p).toMatchObject({ kind: 'coordinate', source: 'vn2000', x: 1587654, y: 512345 });
      if (p.kind !== 'coordinate') return;
      // back to VN-2000 within a centimetre
      const back = toVn2000(p.lon, p.lat);
      expect(Math.abs(back.x - 1587654)).toBeLessThan(0.02);
      expect(Math.abs(back.y - 512345)).toBeLessThan(0.02);
      expect(p.lat).toBeGreaterThan(14.3);
      expect(p.lat).toBeLessThan(14.4);
      expect(p.lon).toBeGreaterThan(107.6);
      expect(p.lon).toBeLessThan(107.62);
    },
  );
});

describe('parseSearch: names', () => {
  it.each([
    { q: 'Đăk Rơ Wa', folded: 'dak ro wa' },
    { q: 'Kon Tum', folded: 'kon tum' },
    { q: 'Đắk Glei', folded: 'dak glei' },
    { q: 'Ngọk Hồi', folded: 'ngoc hoi' },
    { q: 'Ia HDrai', folded: 'ia hdrai' },
    { q: 'Kon Plông', folded: 'kon plong' },
    { q: 'Sa Thầy', folded: 'sa thay' },
    { q: 'Khoảnh', folded: 'khoanh' }, // a label without a number
    { q: 'Khoảnh 3', folded: 'khoanh 3' }, // khoảnh needs its tiểu khu
    { q: 'Lô 12', folded: 'lo 12' },
    { q: 'TK 568 L 12', folded: 'tk 568 l 12' }, // lô without khoảnh
    { q: 'TK 568 TK 569', folded: 'tk 568 tk 569' }, // a label twice
    { q: 'TK 568 K 3 L 12 ABC', folded: 'tk 568 k 3 l 12 abc' },
    { q: 'Thôn 5', folded: 'thon 5' },
    { q: 'xã Đăk Cấm', folded: 'xa dak cam' },
    { q: '56', folded: '56' }, // bare number of other length
    { q: '5681', folded: '5681' },
    { q: '568 3 12', folded: '568 3 12' },
    { q: '568/3/12/4', folded: '568 3 12 4' },
    { q: '568/3-12', folded: '568 3 12' }, // mixed separators
    { q: '12 15', folded: '12 15' },
    { q: '14.3512', folded: '14 3512' },
    { q: '000', folded: '000' }, // tiểu khu numbers start at 1
  ])('$q', ({ q, folded }) => {
    expect(parseSearch(q)).toEqual({ kind: 'name', text: q, folded });
  });

  it('collapses whitespace in the text', () => {
    expect(parseSearch('  Đăk   Rơ Wa ')).toEqual({ kind: 'name', text: 'Đăk Rơ Wa', folded: 'dak ro wa' });
  });

  it('composes decomposed Vietnamese input (NFD) before matching', () => {
    const nfd = 'Tiểu khu 568'.normalize('NFD');
    expect(parseSearch(nfd)).toEqual({ kind: 'tieukhu', tk: 568 });
    expect(parseSearch('Đăk Rơ Wa'.normalize('NFD'))).toMatchObject({ kind: 'name', folded: 'dak ro wa' });
  });
});

describe('describeSearch', () => {
  it.each([
    ['TK 568 K 3 L 12', 'TK 568 · K 3 · L 12'],
    ['568/3', 'TK 568 · K 3'],
    ['tieu khu 568', 'TK 568'],
    ['14.3512, 108.0021', '14.351200, 108.002100'],
    ['Đăk Rơ Wa', 'dak ro wa'],
  ])('%s → %s', (q, detail) => {
    expect(describeSearch(parseSearch(q))).toBe(detail);
  });

  it('labels VN-2000 queries with their source values', () => {
    expect(describeSearch(parseSearch('X=1587654 Y=512345'))).toMatch(/^VN-2000 X=1587654 Y=512345 → 14\.\d{6}, 107\.\d{6}$/);
  });
});

// field (issue 12): what inspectors type
describe('parseSearch: VN-2000 with Vietnamese thousands separators', () => {
  it.each([['1.579.062,9 555.085,3'], ['1.579.062,9, 555.085,3'], ['X=1.579.062,9 Y=555.085,3'], ['555.085,3 1.579.062,9']])('%s', (q) => {
    expect(parseSearch(q)).toMatchObject({ kind: 'coordinate', source: 'vn2000', x: 1579062.9, y: 555085.3 });
  });

  it('keeps decimal degrees with a dot as degrees', () => {
    expect(parseSearch('14.351, 108.002')).toMatchObject({ kind: 'coordinate', source: 'wgs84', lat: 14.351, lon: 108.002 });
  });
});

describe('splitKindWord', () => {
  it.each([
    ['Xã Đắk Nhoong', 'xa', 'dak nhoong'],
    ['phường Quyết Thắng', 'phuong', 'quyet thang'],
    ['thị trấn Plei Kần', 'thi_tran', 'plei kan'],
    ['thôn Kon Klor', 'village', 'kon klor'],
    ['Huyện Sa Thầy', 'huyen', 'sa thay'],
    ['TP Kon Tum', 'thanh_pho', 'kon tum'],
  ])('%s', (q, kind, name) => {
    const p = parseSearch(q);
    expect(p.kind).toBe('name');
    if (p.kind === 'name') expect(splitKindWord(p.folded)).toEqual({ kind, name });
  });

  it('leaves a name without a kind word alone', () => {
    expect(splitKindWord('dak nhoong')).toBeNull();
    expect(splitKindWord('xa')).toBeNull();
  });
});
