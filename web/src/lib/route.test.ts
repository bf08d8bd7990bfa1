import { describe, expect, it } from 'vitest';
import { routeOf } from './route.ts';

describe('routeOf', () => {
  it('reads a screen route', () => {
    expect(routeOf('#/admin')).toBe('/admin');
    expect(routeOf('#/admin/users/')).toBe('/admin/users');
  });
  it('treats the map state, an empty hash and the root as the map', () => {
    expect(routeOf('')).toBeNull();
    expect(routeOf('#')).toBeNull();
    expect(routeOf('#/')).toBeNull();
    expect(routeOf('#map=9/14.6/107.9&year=2023')).toBeNull();
    expect(routeOf('#/admin?x=<script>')).toBeNull();
  });
});

describe('routes with a state', () => {
  it("'#/ntm?year=2020' is the tables screen", () => {
    expect(routeOf('#/ntm?year=2020&district=608')).toBe('/ntm');
  });
});
