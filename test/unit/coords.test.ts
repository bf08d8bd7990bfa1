import { describe, expect, it } from 'vitest';
import { formatDms, parseCoordinate } from '../../server/domain/coords.ts';

// 14°21'04.3"N 108°00'07.6"E
const DMS_LAT = 14 + 21 / 60 + 4.3 / 3600;
const DMS_LON = 108 + 0 / 60 + 7.6 / 3600;

describe('parseCoordinate: WGS 84 decimal degrees', () => {
  it.each([
    ['14.3512, 108.0021'],
    ['14.3512,108.0021'],
    ['14.3512 108.0021'],
    ['14.3512; 108.0021'],
    ['108.0021 14.3512'], // Kon Tum ranges decide the order
    ['108.0021, 14.3512'],
    ['14,3512 108,0021'], // comma decimal marks
    ['14,3512, 108,0021'],
    ['14,3512,108,0021'],
    ['14.3512N 108.0021E'],
    ['14.3512 N, 108.0021 E'],
    ['N14.3512 E108.0021'],
    ['N 14.3512 E 108.0021'],
    ['108.0021E 14.3512N'],
    ['E108.0021 N14.3512'],
    ['lat=14.3512 lon=108.0021'],
    ['lon: 108.0021, lat: 14.3512'],
    ['Lat 14.3512 Lng 108.0021'],
    ['  14.3512 ,  108.0021  '],
    ['(14.3512, 108.0021)'],
    ['１４.３５１２, １０８.００２１'], // full-width digits from some phone keyboards
  ])('%s', (input) => {
    expect(parseCoordinate(input)).toEqual({ kind: 'wgs84', lat: 14.3512, lon: 108.0021, notation: 'decimal' });
  });

  it.each([
    { input: '-12.5, -45.25', lat: -12.5, lon: -45.25 }, // both within ±90: latitude first
    { input: '45.25 -120.5', lat: 45.25, lon: -120.5 },
    { input: '-120.5 45.25', lat: 45.25, lon: -120.5 }, // outside ±90 is the longitude
    { input: '12.5S 45.25W', lat: -12.5, lon: -45.25 },
    { input: '21.0285, 105.8542', lat: 21.0285, lon: 105.8542 }, // Hà Nội: outside Kon Tum, latitude first
    { input: '14.3512 108', lat: 14.3512, lon: 108 },
  ])('$input → $lat, $lon', ({ input, lat, lon }) => {
    const c = parseCoordinate(input);
    expect(c).toMatchObject({ kind: 'wgs84', lat, lon });
  });
});

describe('parseCoordinate: degrees, minutes, seconds', () => {
  it.each([
    [`14°21'04.3"N 108°00'07.6"E`],
    [`14°21'4.3"N, 108°0'7.6"E`],
    [`14° 21' 04.3" N 108° 00' 07.6" E`],
    [`14°21′04.3″N 108°00′07.6″E`], // prime characters
    [`14º21’04.3”N 108º00’07.6”E`], // ordinal º and curly quotes from word processors
    [`14°21'04.3''N 108°00'07.6''E`], // two single quotes as seconds
    [`N14°21'04.3" E108°00'07.6"`],
    [`N 14°21′04.3″ E 108°00′07.6″`],
    [`108°00'07.6"E 14°21'04.3"N`],
    ['14 21 4.3 N 108 0 7.6 E'],
    ['14 21 4,3 N 108 0 7,6 E'],
    ['N 14 21 4.3 E 108 0 7.6'],
    ['14 21 4.3 108 0 7.6'], // six plain numbers: split in halves
    [`14°21'04.3" 108°00'07.6"`],
  ])('%s', (input) => {
    const c = parseCoordinate(input);
    expect(c?.kind).toBe('wgs84');
    if (c?.kind !== 'wgs84') return;
    expect(c.notation).toBe('dms');
    expect(c.lat).toBeCloseTo(DMS_LAT, 10);
    expect(c.lon).toBeCloseTo(DMS_LON, 10);
  });

  it.each([
    [`14°21.072' 108°0.127'`],
    [`14°21.072'N 108°0.127'E`],
    [`14°21,072' 108°0,127'`],
    ['14 21.072 N 108 0.127 E'],
    [`14°21.072 108°0.127`],
  ])('degrees and decimal minutes: %s', (input) => {
    const c = parseCoordinate(input);
    expect(c).toMatchObject({ kind: 'wgs84', notation: 'dm' });
    if (c?.kind !== 'wgs84') return;
    expect(c.lat).toBeCloseTo(14 + 21.072 / 60, 10);
    expect(c.lon).toBeCloseTo(108 + 0.127 / 60, 10);
  });

  it('southern and western hemispheres are negative', () => {
    const c = parseCoordinate(`33°52'04"S 151°12'36"E`);
    expect(c).toMatchObject({ kind: 'wgs84', notation: 'dms' });
    if (c?.kind !== 'wgs84') return;
    expect(c.lat).toBeCloseTo(-(33 + 52 / 60 + 4 / 3600), 10);
    expect(c.lon).toBeCloseTo(151 + 12 / 60 + 36 / 3600, 10);
  });
});

describe('parseCoordinate: VN-2000 (X = northing, Y = easting)', () => {
  it.each([
    ['X=1587654 Y=512345'],
    ['x = 1587654, y = 512345'],
    ['X: 1587654; Y: 512345'],
    ['Y=512345 X=1587654'],
    ['X=512345 Y=1587654'], // GIS-style swap corrected by Kon Tum's ranges
    ['1587654, 512345'],
    ['1587654 512345'],
    ['1587654,512345'],
    ['512345 1587654'],
    ['VN2000 1587654 512345'],
    ['VN-2000: X=1587654 Y=512345'],
    ['vn 2000 1587654, 512345'],
    ['1587654 512345 (VN-2000)'],
  ])('%s', (input) => {
    expect(parseCoordinate(input)).toEqual({ kind: 'vn2000', x: 1587654, y: 512345, inKontum: true });
  });

  it('keeps decimals, with dot or comma', () => {
    expect(parseCoordinate('X=1587654.25 Y=512345.5')).toEqual({ kind: 'vn2000', x: 1587654.25, y: 512345.5, inKontum: true });
    expect(parseCoordinate('1587654,25 512345,5')).toEqual({ kind: 'vn2000', x: 1587654.25, y: 512345.5, inKontum: true });
  });

  it('a marked or labelled pair outside Kon Tum is still VN-2000, first value X', () => {
    expect(parseCoordinate('VN2000 2300000 450000')).toEqual({ kind: 'vn2000', x: 2300000, y: 450000, inKontum: false });
    expect(parseCoordinate('X=1200000 Y=600000')).toEqual({ kind: 'vn2000', x: 1200000, y: 600000, inKontum: false });
  });

  it('an unmarked pair of large numbers outside Kon Tum is not a coordinate', () => {
    expect(parseCoordinate('2300000 450000')).toBeNull();
  });
});

describe('parseCoordinate: not a coordinate', () => {
  it.each([
    [''],
    ['   '],
    ['Kon Tum'],
    ['Đăk Rơ Wa'],
    ['568'],
    ['TK 568'],
    ['568/3/12'],
    ['568-3-12'],
    ['568 3 12'],
    ['12 15'], // two bare integers are too ambiguous
    ['14 21 108 0'],
    ['14.3512'],
    ['14.3512, 108.0021, 5'],
    ['95.5, 108.2'], // latitude out of range either way
    ['14.35N 108.0N'], // two latitudes
    ['lat=14.35 lat=108.0'],
    [`14°61'00"N 108°00'00"E`], // 61 minutes
    [`14°21'60"N 108°00'00"E`], // 60 seconds
    [`14.5°21'N 108°E`], // decimals before the last part
    ['14.3512 108.0021 xyz'],
    ['VN2000 14.35 108.00'],
    ['X=14.35 Y=108.00'],
  ])('%s', (input) => {
    expect(parseCoordinate(input)).toBeNull();
  });
});

describe('formatDms', () => {
  it.each([
    { lon: 108.0021, lat: 14.3512, text: `14°21'04.3"N 108°00'07.6"E` },
    { lon: 107.5, lat: 15, text: `15°00'00.0"N 107°30'00.0"E` },
    { lon: -0.5, lat: -33.99999, text: `34°00'00.0"S 0°30'00.0"W` }, // 59.96″ carries: never 60.0″
    { lon: 107.99999999, lat: 14.99999999, text: `15°00'00.0"N 108°00'00.0"E` },
    { lon: 0, lat: 0, text: `0°00'00.0"N 0°00'00.0"E` },
  ])('$lon, $lat → $text', ({ lon, lat, text }) => {
    expect(formatDms(lon, lat)).toBe(text);
  });

  it('takes the number of decimals of the seconds', () => {
    expect(formatDms(108.0021, 14.3512, 0)).toBe(`14°21'04"N 108°00'08"E`);
    expect(formatDms(108.0021, 14.3512, 2)).toBe(`14°21'04.32"N 108°00'07.56"E`);
  });

  it('round-trips through parseCoordinate within the printed precision', () => {
    for (const [lon, lat] of [
      [108.0021, 14.3512],
      [107.3456, 15.4321],
      [-73.9857, 40.7484],
      [151.2093, -33.8688],
    ]) {
      const c = parseCoordinate(formatDms(lon, lat));
      expect(c?.kind).toBe('wgs84');
      if (c?.kind !== 'wgs84') continue;
      expect(Math.abs(c.lon - lon) * 3600).toBeLessThanOrEqual(0.05 + 1e-9);
      expect(Math.abs(c.lat - lat) * 3600).toBeLessThanOrEqual(0.05 + 1e-9);
    }
  });
});
