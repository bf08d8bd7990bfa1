import type { FeatureCollection } from 'geojson';
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import type { VillageFeatureProps } from '../../../../server/domain/api.ts';
import { rgbToHex } from '../../lib/color.ts';
import { HIGHLIGHT_COLOR } from '../shared.ts';
import { paletteColors, type Palette, type PaletteColors } from '../palette.ts';
import type { LayerStyle, StyleContext } from '../types.ts';
import { VILLAGES_MIN_ZOOM, villageSymbol } from './symbol.ts';

/** Properties a village point carries in the style's GeoJSON source: its symbol, worked out once per data set. */
interface SymbolProps {
  fill: string;
  line: string;
  radius: number;
  lineWidth: number;
}

type Villages = NonNullable<StyleContext['villages']>;
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };
const drawn = new WeakMap<Villages, Map<Palette, FeatureCollection>>();

/**
 * The villages as the style's GeoJSON (a plain maplibre circle layer: no WebGL library beside
 * maplibre in the map's first load). Each point carries its symbol (symbol.ts: band colour, tier
 * size, pilot and target outlines); the same collection object gives the same GeoJSON, so a style
 * diff finds no change in it.
 */
export function villageGeoJson(villages: Villages | null, palette: PaletteColors = paletteColors('standard')): FeatureCollection {
  if (!villages) return EMPTY;
  let byPalette = drawn.get(villages);
  if (!byPalette) drawn.set(villages, (byPalette = new Map()));
  let fc = byPalette.get(palette.id);
  if (!fc) {
    fc = {
      type: 'FeatureCollection',
      features: villages.features.map((f) => {
        const s = villageSymbol(f.properties, false, palette);
        const props: VillageFeatureProps & SymbolProps = { ...f.properties, fill: rgbToHex(s.fill), line: rgbToHex(s.line), radius: s.radius, lineWidth: s.lineWidth };
        return { type: 'Feature', geometry: f.geometry, properties: props };
      }),
    };
    byPalette.set(palette.id, fc);
  }
  return fc;
}

/**
 * Radius at a zoom: villageRadiusScale (smaller over the province, full size from zoom 10) as an
 * interpolation, minus half the outline — maplibre draws the outline outside the radius, deck.gl's
 * ScatterplotLayer (which drew the villages before) centred it on the edge.
 */
function radius(selected: ExpressionSpecification): ExpressionSpecification {
  const r: ExpressionSpecification = ['case', selected, ['+', ['get', 'radius'], 3], ['get', 'radius']];
  const w: ExpressionSpecification = ['case', selected, 3, ['get', 'lineWidth']];
  const at = (scale: number): ExpressionSpecification => ['max', 1, ['-', ['*', scale, r], ['/', w, 2]]];
  return ['interpolate', ['linear'], ['zoom'], 8, at(0.6), 10, at(1)];
}

/** Thôn, làng as circles from VILLAGES_MIN_ZOOM, under every label; the selected village on top with the highlight outline. */
export function villagesStyle(ctx: StyleContext): LayerStyle {
  const code = ctx.selection?.kind === 'village' ? ctx.selection.id : '';
  const selected: ExpressionSpecification = ['==', ['get', 'code'], code];
  const layer: LayerSpecification = {
    id: 'villages',
    type: 'circle',
    source: 'villages',
    minzoom: VILLAGES_MIN_ZOOM,
    layout: { visibility: ctx.on('villages') ? 'visible' : 'none', 'circle-sort-key': ['case', selected, 1, 0] },
    paint: {
      'circle-color': ['to-color', ['get', 'fill']],
      'circle-radius': radius(selected),
      'circle-stroke-color': ['case', selected, HIGHLIGHT_COLOR, ['to-color', ['get', 'line']]],
      'circle-stroke-width': ['case', selected, 3, ['get', 'lineWidth']],
    },
  };
  return {
    sources: { villages: { type: 'geojson', data: villageGeoJson(ctx.villages, ctx.palette), attribution: '' } },
    base: [],
    highlight: [],
    labels: [layer],
  };
}
