/**
 * Coordinate systems of imported files (issue 14, ../shared/DESIGN.md "VN-2000 datum shift sign"):
 * a .prj's own TOWGS84 is applied as written; VN-2000 named without parameters gets EPSG:9216's;
 * named systems for --crs; candidates from coordinate ranges for a file without a CRS. Pure (no
 * database); kept beside the import API tests.
 */
import { describe, expect, it } from 'vitest';
import { crsFromOption, crsFromWkt, proposeCrs, toWgs84 } from '../../server/import/crs.ts';
import { fromVn2000, toVn2000 } from '../../server/geo/vn2000.ts';
import { ImportError } from '../../server/import/errors.ts';

const ESRI_VN2000 =
  'PROJCS["VN-2000_TM-3_107-30",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],' +
  'PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",107.5],PARAMETER["Scale_Factor",0.9999],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
/** The TOWGS84 most often circulated in Vietnamese .prj files: EPSG's rotations with the coordinate-frame signs. */
const CIRCULATED = ESRI_VN2000.replace(
  'SPHEROID["WGS_1984",6378137.0,298.257223563]',
  'SPHEROID["WGS_1984",6378137.0,298.257223563],TOWGS84[-191.90441429,-39.30318279,-111.45032835,-0.00928836,0.01975479,-0.00427372,0.252906278]',
);

const metres = (a: [number, number], b: [number, number]) => {
  const p = toVn2000(a[0], a[1]);
  const q = toVn2000(b[0], b[1]);
  return Math.hypot(p.x - q.x, p.y - q.y);
};

describe('CRS of an imported file', () => {
  const x = 1587215.722;
  const y = 553960.49;

  it('VN-2000 named without parameters: EPSG:9216 parameters, agreeing with the app (PROJ) within 1 mm', () => {
    const crs = crsFromWkt(ESRI_VN2000);
    expect(crs.datumShift).toBe('epsg-9216');
    expect(metres(toWgs84(crs)([y, x]), fromVn2000(x, y))).toBeLessThan(0.001);
  });

  it('a .prj with its own TOWGS84 is applied as written (the circulated signs land ~0.6 m away)', () => {
    const crs = crsFromWkt(CIRCULATED);
    expect(crs.datumShift).toBe('file');
    const d = metres(toWgs84(crs)([y, x]), fromVn2000(x, y));
    expect(d).toBeGreaterThan(0.4);
    expect(d).toBeLessThan(0.8);
  });

  it('names and EPSG codes for --crs, with and without the datum shift', () => {
    expect(crsFromOption('EPSG:9216').id).toBe('vn2000-kontum');
    expect(crsFromOption('epsg:3405').id).toBe('vn2000-utm48');
    expect(crsFromOption('32648').id).toBe('utm48');
    const noShift = toWgs84(crsFromOption('vn2000-kontum-noshift'))([y, x]);
    const d = metres(noShift, fromVn2000(x, y));
    expect(d).toBeGreaterThan(50); // the datum shift is ~100-300 m: choosing wrong is visible
    expect(() => crsFromOption('EPSG:3857')).toThrow(ImportError);
    expect(() => crsFromWkt('PROJCS["junk"')).toThrow(ImportError);
  });

  it('proposes candidates from coordinate ranges, never picking one', () => {
    const ids = (b: [number, number, number, number]) => proposeCrs(b).map((c) => c.id);
    expect(ids([107.9, 14.3, 108.1, 14.5])).toEqual(expect.arrayContaining(['wgs84', 'vn2000-geographic']));
    expect(ids([550000, 1580000, 560000, 1590000])).toEqual(expect.arrayContaining(['vn2000-kontum', 'vn2000-kontum-noshift']));
    expect(ids([550000, 1580000, 560000, 1590000])).not.toContain('wgs84');
    expect(ids([820000, 1580000, 830000, 1590000])).toEqual(expect.arrayContaining(['vn2000-utm48', 'utm48']));
    expect(ids([1, 2, 3, 4])).toEqual([]);
  });
});
