import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { Digits, parseInput, TileFile, TileZ } from '../../server/http/validate.ts';
import { HttpError, INVALID_INPUT } from '../../server/http/errors.ts';
import { AreaQuery, SiteSearch } from '../../server/domain/planner.ts';
import { LocatablePoint } from '../../server/domain/forest.ts';

describe('the one validator', () => {
  it('answers every schema fault with 400 invalid_input, one message and the fields', () => {
    try {
      parseInput(SiteSearch, { limit: 'x' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(HttpError);
      const h = e as HttpError;
      expect([h.status, h.code, h.vi, h.en]).toEqual([400, 'invalid_input', INVALID_INPUT.vi, INVALID_INPUT.en]);
      expect((h.extra.issues as { path: string }[]).map((i) => i.path)).toEqual(['limit']);
      expect(h.extra.issues).not.toBeInstanceOf(ZodError);
    }
  });
});

describe('numbers in paths are plain digits', () => {
  it.each(['0', '7', '22'])('accepts %s as a zoom', (s) => expect(TileZ.safeParse(s).success).toBe(true));
  it.each(['1e3', '0x10', ' 1', '1 ', '+1', '-1', '1.0', '01', '', '23', 'NaN', 'Infinity'])('refuses %j as a zoom', (s) =>
    expect(TileZ.safeParse(s).success).toBe(false),
  );
  it('reads the y of "{y}.mvt"', () => {
    expect(TileFile.parse('117.mvt')).toBe(117);
    for (const bad of ['1e3.mvt', '0x10.mvt', ' 1.mvt', '117.pbf', '.mvt']) expect(TileFile.safeParse(bad).success, bad).toBe(false);
  });
  it('bounds to the given maximum', () => {
    expect(Digits(100).safeParse('100').success).toBe(true);
    expect(Digits(100).safeParse('101').success).toBe(false);
  });
});

describe('input the database or PROJ could not take is refused by the schema', () => {
  it('tiểu khu numbers stop at int4', () => {
    expect(AreaQuery.safeParse({ tieuKhu: 2147483647 }).success).toBe(true);
    expect(AreaQuery.safeParse({ tieuKhu: 2147483648 }).success).toBe(false);
    expect(SiteSearch.safeParse({ tieuKhu: [2147483648] }).success).toBe(false);
  });
  it('degenerate polygons are refused, not thrown on', () => {
    for (const g of [{ type: 'Polygon', coordinates: [[]] }, { type: 'Polygon', coordinates: [] }, { type: 'MultiPolygon', coordinates: [[[]]] }, { type: 'Polygon', coordinates: [[[108, 14]]] }]) {
      expect(() => AreaQuery.safeParse(g)).not.toThrow();
      expect(AreaQuery.safeParse(g).success, JSON.stringify(g)).toBe(false);
    }
  });
  it('"where am I" takes Vietnam and its surroundings only', () => {
    expect(LocatablePoint.safeParse({ lon: '108', lat: '14.35' }).success).toBe(true);
    expect(LocatablePoint.safeParse({ lon: '17', lat: '0' }).success).toBe(false);
    expect(LocatablePoint.safeParse({ lon: '-162', lat: '0' }).success).toBe(false);
  });
});
