/** Pieces of the map style that several layers share: tile URLs, sources, highlight outlines, fonts. */
import type { FilterSpecification, LayerSpecification, SourceSpecification } from 'maplibre-gl';
import { ZOOMS } from '../../../server/domain/classes.ts';
import type { TileLayer } from '../../../server/domain/layers.ts';

export const BACKGROUND_COLOR = '#f2f1ec';
export const HIGHLIGHT_COLOR = '#0b5fff';
export const INK = '#2b2b2b';
export const FOREST_LINE = '#1f5130';
/** Local font rendering (no glyph server): the stack is a CSS font-family list. */
export const FONT = ['Noto Sans', 'Liberation Sans', 'Arial', 'sans-serif'];
export const FONT_BOLD = ['Noto Sans Bold', 'Liberation Sans Bold', 'Arial Bold', 'sans-serif'];
export const halo = { 'text-halo-color': 'rgba(255,255,255,0.92)', 'text-halo-width': 1.4, 'text-halo-blur': 0.2 } as const;
/** The halo of a palette: the standard one, or a wider solid halo in the palette's colour (projectors). */
export function paletteHalo(p: { id: string; halo: string }) {
  return p.id === 'standard' ? halo : ({ 'text-halo-color': p.halo, 'text-halo-width': 2, 'text-halo-blur': 0 } as const);
}

/** A filter no feature passes (the highlight of nothing). */
export const NOTHING: FilterSpecification = ['==', ['literal', 1], 0];

/** Tile zoom the labels are taken from (see the label sources). */
export const LABEL_TILE_MAXZOOM = { districts: 7, communes: 8, units2025: 8, tieukhu: 9, khoanh: 11, plots: 13 } as const;

/**
 * Absolute tile URL template of a layer with its filters.
 * @example tileUrl('http://x', 'communes', {year: 2024}) // 'http://x/api/tiles/communes/{z}/{x}/{y}.mvt?year=2024'
 */
export function tileUrl(origin: string, layer: TileLayer, params: Record<string, number | string | null | undefined> = {}): string {
  const qs = Object.entries(params)
    .filter(([, v]) => v != null)
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  return `${origin}/api/tiles/${layer}/{z}/{x}/{y}.mvt${qs ? `?${qs}` : ''}`;
}

export function vectorSource(url: string, minzoom: number, maxzoom: number = ZOOMS.maxTile): SourceSpecification {
  return { type: 'vector', tiles: [url], minzoom, maxzoom, attribution: '' };
}

export function visibility(on: boolean): 'visible' | 'none' {
  return on ? 'visible' : 'none';
}

/** The selected feature's outline: a white casing under a blue line. */
export function highlightLine(id: string, source: TileLayer, filter: FilterSpecification, minzoom = 0): LayerSpecification[] {
  return [
    {
      id: `${id}-casing`, type: 'line', source, 'source-layer': source, minzoom, filter,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': '#ffffff', 'line-width': ['interpolate', ['linear'], ['zoom'], 6, 4, 14, 7], 'line-opacity': 0.9 },
    },
    {
      id, type: 'line', source, 'source-layer': source, minzoom, filter,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': HIGHLIGHT_COLOR, 'line-width': ['interpolate', ['linear'], ['zoom'], 6, 2, 14, 3.5] },
    },
  ];
}
