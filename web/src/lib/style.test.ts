import { describe, expect, it } from 'vitest';
import { featureFilter, validateStyleMin, type FilterSpecification } from '@maplibre/maplibre-gl-style-spec';
import { DEFAULT_LAYERS } from './layers.ts';
import {
  buildStyle,
  highlightFilters,
  tileUrl,
  type StyleOptions,
} from './style.ts';

const OPTS: StyleOptions = { origin: 'http://atlas.test', year: 2024, criterion: null, layers: DEFAULT_LAYERS, selection: null };

function matches(filter: FilterSpecification, properties: Record<string, unknown>): boolean {
  return featureFilter(filter).filter({ zoom: 14 }, { type: 2, properties } as never);
}

describe('buildStyle', () => {
  it('is a valid maplibre style', () => {
    expect(validateStyleMin(buildStyle(OPTS))).toEqual([]);
    expect(validateStyleMin(buildStyle({ ...OPTS, criterion: 3, layers: [], selection: { kind: 'plot', id: '7' } }))).toEqual([]);
  });

  it('requests commune tiles for the year and criterion', () => {
    const s = buildStyle({ ...OPTS, criterion: 17 });
    expect(s.sources.communes).toMatchObject({ tiles: ['http://atlas.test/api/tiles/communes/{z}/{x}/{y}.mvt?year=2024&criterion=17'] });
    expect(tileUrl('http://a', 'plots')).toBe('http://a/api/tiles/plots/{z}/{x}/{y}.mvt');
  });

  it('has a plain background and no external URL without a basemap', () => {
    const s = buildStyle(OPTS);
    expect(s.layers[0].type).toBe('background');
    expect(s.glyphs).toBeUndefined();
    expect(s.sprite).toBeUndefined();
    const urls = JSON.stringify(s.sources).match(/https?:\/\/[^/"]+/g) ?? [];
    expect(new Set(urls)).toEqual(new Set(['http://atlas.test']));
  });

  it('draws forest layers from their zooms', () => {
    const s = buildStyle(OPTS);
    const minzoom = (id: string) => s.layers.find((l) => l.id === id)?.minzoom;
    expect(minzoom('tieukhu-line')).toBe(8);
    expect(minzoom('khoanh-line')).toBe(11);
    expect(minzoom('plots-fill')).toBe(12);
    expect(minzoom('plots-label')).toBe(14);
  });

  it('hides toggled-off layers without removing them (small diffs)', () => {
    const all = buildStyle(OPTS);
    const none = buildStyle({ ...OPTS, layers: [] });
    expect(none.layers.map((l) => l.id)).toEqual(all.layers.map((l) => l.id));
    const vis = (id: string) => (none.layers.find((l) => l.id === id)?.layout as { visibility?: string } | undefined)?.visibility;
    expect(vis('communes-fill')).toBe('none');
    expect(vis('tieukhu-label')).toBe('none');
  });

  it('puts a basemap under the data', () => {
    const s = buildStyle({
      ...OPTS,
      basemap: { version: 8, sources: { osm: { type: 'raster', tiles: ['https://tile.example/{z}/{x}/{y}.png'] } }, layers: [{ id: 'osm', type: 'raster', source: 'osm' }] },
    });
    expect(s.layers[0].id).toBe('osm');
    expect(s.sources.osm).toBeDefined();
  });
});

describe('highlightFilters', () => {
  it('matches nothing without a selection', () => {
    const f = highlightFilters(null);
    expect(matches(f.commune, { code: '23245' })).toBe(false);
  });
  it('matches the selected unit only', () => {
    expect(matches(highlightFilters({ kind: 'commune', id: '23245' }).commune, { code: '23245' })).toBe(true);
    expect(matches(highlightFilters({ kind: 'commune', id: '23245' }).commune, { code: '23248' })).toBe(false);
    const tk = highlightFilters({ kind: 'tieukhu', id: 'tk:568' }).tieukhu;
    expect(matches(tk, { tk: 568 })).toBe(true);
    expect(matches(tk, { tk: 569 })).toBe(false);
    const k = highlightFilters({ kind: 'khoanh', id: 'k:568/3' }).khoanh;
    expect(matches(k, { tk: 568, khoanh: 3 })).toBe(true);
    expect(matches(k, { tk: 568, khoanh: 4 })).toBe(false);
    expect(matches(highlightFilters({ kind: 'plot', id: '42' }).plot, { id: 42 })).toBe(true);
  });
});

describe('label sources', () => {
  it('takes every polygon label from one coarse tile, so a polygon cut by tile edges is labelled once', () => {
    const s = buildStyle({ origin: 'http://atlas.test', year: 2024, criterion: null, layers: [...DEFAULT_LAYERS], selection: null });
    const labels = s.layers.filter((l) => l.type === 'symbol');
    expect(labels.length).toBeGreaterThanOrEqual(5);
    for (const l of labels) {
      const src = s.sources[(l as { source: string }).source] as { maxzoom: number; tiles: string[] };
      expect(src.maxzoom, l.id).toBeLessThanOrEqual(13);
      expect(src.tiles[0]).not.toContain('year='); // names only: one label tile set for every year
    }
  });
});
