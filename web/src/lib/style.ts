/**
 * The map's declarative style, composed from the layers of web/src/layers (each layer's sources,
 * fills and outlines, highlight and labels) in their stacking order. Pure: the map wrapper
 * (web/src/map) applies the result with setStyle(style, {diff: true}).
 */
import type { FilterSpecification, LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';
import { WEB_LAYERS } from '../layers/registry.ts';
import type { CommuneStyle, LayerId, LayerStyle, StyleContext, TileVersionMap } from '../layers/types.ts';
import { communeHighlightFilter, communeStyleOf } from '../layers/communes/style.ts';
import { districtHighlightFilter } from '../layers/districts/index.ts';
import { tieukhuHighlightFilter } from '../layers/tieukhu/index.ts';
import { khoanhHighlightFilter } from '../layers/khoanh/index.ts';
import { plotHighlightFilter } from '../layers/plots/style.ts';
import type { Selection } from './selection.ts';
import type { PlotStyleFilter } from '../forest/plotFilter.ts';
import { paletteColors, type Palette } from '../layers/palette.ts';

// the pieces other modules and tests import from here
export { BACKGROUND_COLOR, HIGHLIGHT_COLOR, LABEL_TILE_MAXZOOM, tileUrl } from '../layers/shared.ts';
export { PICKABLE_LAYERS } from '../layers/registry.ts';
export {
  communeBandColorExpression,
  communeChangeColorExpression,
  communeColorExpression,
  communeCriterionColorExpression,
  communeLevelColorExpression,
  communeStyleOf,
  communeTargetColorExpression,
  CRITERION_MET_COLOR,
  CRITERION_NOT_MET_COLOR,
} from '../layers/communes/style.ts';
export { plotColorExpression, plotFilterExpression, plotLabelExpression } from '../layers/plots/style.ts';
export { TIEUKHU_LABELS_MIN } from '../layers/tieukhu/index.ts';
export type { CommuneStyle, TileVersionMap } from '../layers/types.ts';

export interface StyleOptions {
  /** Origin of the API, e.g. 'http://localhost:8080' (maplibre needs absolute tile URLs). */
  origin: string;
  year: number | null;
  criterion: number | null;
  layers: readonly LayerId[];
  selection: Selection | null;
  /** A basemap style to draw under the data, or null for the plain offline background. */
  basemap?: StyleSpecification | null;
  /** Lô filters and the lô data revision (forest & inspections); absent: all lô, latest planting. */
  plotFilter?: PlotStyleFilter | null;
  /** How communes are coloured (default: one criterion when `criterion` is set, else criteria met). */
  commune?: CommuneStyle;
  /**
   * Each tile layer's data version (GET /api/tiles/versions): tile URLs carry it, so a write gives
   * new URLs and the browser may keep the old ones for good. Absent: unversioned URLs.
   */
  versions?: TileVersionMap | null;
  /** The class colours (standard, contrast, colorblind: layers/palette.ts). */
  palette?: Palette;
  /** The village points of the year (GET /api/villages); absent or null: none drawn. */
  villages?: StyleContext['villages'];
}

/** Filters of the highlight layers for a selection (a never-true filter when not selected). */
export function highlightFilters(sel: Selection | null): Record<'commune' | 'district' | 'tieukhu' | 'khoanh' | 'plot', FilterSpecification> {
  return {
    commune: communeHighlightFilter(sel),
    district: districtHighlightFilter(sel),
    tieukhu: tieukhuHighlightFilter(sel),
    khoanh: khoanhHighlightFilter(sel),
    plot: plotHighlightFilter(sel),
  };
}

/**
 * The style of the atlas: background (or basemap), then every layer's fills and outlines, the
 * highlights of the selection, and the labels, each group in the layers' stacking order. Layer ids
 * are stable so that diffs are small: toggling a layer changes its visibility, a new selection
 * changes filters, a new year or data version changes tile URLs.
 */
export function buildStyle(o: StyleOptions): StyleSpecification {
  const ctx: StyleContext = {
    origin: o.origin,
    year: o.year,
    criterion: o.criterion,
    on: (id) => o.layers.includes(id),
    selection: o.selection,
    plotFilter: o.plotFilter ?? null,
    commune: communeStyleOf(o),
    baseOpacity: o.basemap ? 0.72 : 1,
    versions: o.versions ?? null,
    palette: paletteColors(o.palette),
    villages: o.villages ?? null,
  };
  const styled = WEB_LAYERS.filter((l) => l.style).map((l) => ({ l, s: l.style!(ctx) }));
  const by = (key: 'base' | 'label') => [...styled].sort((a, b) => (a.l.z?.[key] ?? 0) - (b.l.z?.[key] ?? 0));
  const sources: Record<string, SourceSpecification> = { ...(o.basemap?.sources ?? {}) };
  for (const { s } of styled) Object.assign(sources, s.sources);
  const group = (list: { s: LayerStyle }[], key: 'base' | 'highlight' | 'labels') => list.flatMap(({ s }) => s[key]);

  const base: LayerSpecification[] = o.basemap
    ? o.basemap.layers
    : [{ id: 'background', type: 'background', paint: { 'background-color': ctx.palette.background } }];

  return {
    version: 8,
    name: 'Kon Tum Atlas',
    sources,
    layers: [...base, ...group(by('base'), 'base'), ...group(styled, 'highlight'), ...group(by('label'), 'labels')],
    ...(o.basemap?.sprite ? { sprite: o.basemap.sprite } : {}),
    ...(o.basemap?.glyphs ? { glyphs: o.basemap.glyphs } : {}),
  };
}
