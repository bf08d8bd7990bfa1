import { describe, expect, it } from 'vitest';
import { fixRings } from './rings.ts';

const sq = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]];

describe('polygon rings made readable before staging', () => {
  it('keeps a closed ring as it is, and closes an open one', () => {
    expect(fixRings({ type: 'Polygon', coordinates: [sq] })).toEqual({ geometry: { type: 'Polygon', coordinates: [sq] }, closed: false });
    expect(fixRings({ type: 'Polygon', coordinates: [sq.slice(0, -1)] })).toEqual({ geometry: { type: 'Polygon', coordinates: [sq] }, closed: true });
    expect(fixRings({ type: 'MultiPolygon', coordinates: [[sq], [sq.slice(0, -1)]] })).toEqual({ geometry: { type: 'MultiPolygon', coordinates: [[sq], [sq]] }, closed: true });
  });
  it('refuses a ring of fewer than 3 distinct positions (closed or not), in a polygon or any part of a multipolygon', () => {
    expect(fixRings({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] }).geometry).toBeNull();
    expect(fixRings({ type: 'Polygon', coordinates: [[[0, 0], [1, 0]]] }).geometry).toBeNull();
    expect(fixRings({ type: 'Polygon', coordinates: [[]] }).geometry).toBeNull();
    expect(fixRings({ type: 'MultiPolygon', coordinates: [[sq], [[[0, 0], [1, 1]]]] }).geometry).toBeNull();
  });
  it('leaves an empty polygon and other types to the checks', () => {
    expect(fixRings({ type: 'Polygon', coordinates: [] })).toEqual({ geometry: { type: 'Polygon', coordinates: [] }, closed: false });
    expect(fixRings({ type: 'Point', coordinates: [1, 2] })).toEqual({ geometry: { type: 'Point', coordinates: [1, 2] }, closed: false });
  });
});
