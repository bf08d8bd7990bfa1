/**
 * The map's declarative style, built from the URL state and the class breaks of classes.ts.
 * Pure: the map wrapper (web/src/map) applies the result with setStyle(style, {diff: true}).
 */
import type {
  ExpressionSpecification,
  FilterSpecification,
  LayerSpecification,
  SourceSpecification,
  StyleSpecification,
} from 'maplibre-gl';
import {
  COMMUNE_BANDS,
  NO_DATA_COLOR,
  NOT_IN_PROGRAMME_COLOR,
  PLOT_NO_PLANTING_COLOR,
  SURVIVAL_CLASSES,
  SURVIVAL_COLORS,
  ZOOMS,
  NTM_LEVEL_COLORS,
  CHANGE_CLASSES,
  TARGET_COLORS,
  type CommuneStyleMode,
} from '../../../server/domain/classes.ts';
import type { TileLayer } from '../../../server/domain/api.ts';
import type { LayerId } from './layers.ts';
import { khoanhNumbers, tieukhuNumber, type Selection } from './selection.ts';
import type { PlotStyleFilter } from '../forest/plotFilter.ts';

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
}

/** The commune colouring chosen in the layer panel. */
export interface CommuneStyle {
  mode: CommuneStyleMode;
  /** the year to compare with ('change' mode) */
  compare: number | null;
  /** bumped after an edit so maplibre fetches the tiles again (the server's cache key changed) */
  revision?: number;
}

/** The effective commune style of the options (older callers pass only `criterion`). */
export function communeStyleOf(o: Pick<StyleOptions, 'criterion' | 'commune'>): CommuneStyle {
  const mode = o.commune?.mode ?? (o.criterion != null ? 'criterion' : 'count');
  return { mode: mode === 'criterion' && o.criterion == null ? 'count' : mode, compare: o.commune?.compare ?? null, revision: o.commune?.revision ?? 0 };
}

export const BACKGROUND_COLOR = '#f2f1ec';
export const HIGHLIGHT_COLOR = '#0b5fff';
const INK = '#2b2b2b';
const FOREST_LINE = '#1f5130';
/** Local font rendering (no glyph server): the stack is a CSS font-family list. */
const FONT = ['Noto Sans', 'Liberation Sans', 'Arial', 'sans-serif'];
const FONT_BOLD = ['Noto Sans Bold', 'Liberation Sans Bold', 'Arial Bold', 'sans-serif'];

/** Colours of the criterion view (one criterion met or not), taken from the report bands. */
export const CRITERION_MET_COLOR = COMMUNE_BANDS.find((b) => b.id === '15-18')!.color;
export const CRITERION_NOT_MET_COLOR = COMMUNE_BANDS.find((b) => b.id === '5-9')!.color;

/** Tiểu khu numbers are labelled from this zoom (below it, hundreds of labels would crowd the province view). */
export const TIEUKHU_LABELS_MIN = 10;

/** Ids of the interactive maplibre layers (clicks, hover), topmost first. */
export const PICKABLE_LAYERS = ['plots-fill', 'communes-fill'] as const;

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

function vectorSource(url: string, minzoom: number, maxzoom: number = ZOOMS.maxTile): SourceSpecification {
  return { type: 'vector', tiles: [url], minzoom, maxzoom, attribution: '' };
}

/** Tile zoom the district and commune labels are taken from (see the label sources). */
export const LABEL_TILE_MAXZOOM = { districts: 7, communes: 8, tieukhu: 9, khoanh: 11, plots: 13 } as const;

/**
 * Fill colour of a commune by criteria met (the report's bands); wards and townships (not in
 * the programme) neutral grey; communes without an assessment in the year light grey.
 */
export function communeBandColorExpression(): ExpressionSpecification {
  const ascending = [...COMMUNE_BANDS].sort((a, b) => a.min - b.min);
  const step: unknown[] = ['step', ['get', 'criteria_met'], ascending[0].color];
  for (const b of ascending.slice(1)) step.push(b.min, b.color);
  return [
    'case',
    ['==', ['get', 'in_ntm'], false], NOT_IN_PROGRAMME_COLOR,
    ['!', ['has', 'criteria_met']], NO_DATA_COLOR,
    step as ExpressionSpecification,
  ];
}

/** Fill colour of a commune by one criterion (tiles requested with ?criterion=). */
export function communeCriterionColorExpression(): ExpressionSpecification {
  return [
    'case',
    ['==', ['get', 'in_ntm'], false], NOT_IN_PROGRAMME_COLOR,
    ['!', ['has', 'criterion_met']], NO_DATA_COLOR,
    ['==', ['get', 'criterion_met'], true], CRITERION_MET_COLOR,
    CRITERION_NOT_MET_COLOR,
  ];
}

/**
 * Fill colour by NTM level: kiểu mẫu, nâng cao, recognised NTM, meeting every criterion but not
 * yet recognised, not yet; wards and townships neutral.
 */
export function communeLevelColorExpression(): ExpressionSpecification {
  return [
    'case',
    ['==', ['get', 'in_ntm'], false], NOT_IN_PROGRAMME_COLOR,
    ['!', ['has', 'criteria_met']], NO_DATA_COLOR,
    ['all', ['==', ['get', 'recognised'], true], ['==', ['get', 'level'], 'model']], NTM_LEVEL_COLORS.model,
    ['all', ['==', ['get', 'recognised'], true], ['==', ['get', 'level'], 'advanced']], NTM_LEVEL_COLORS.advanced,
    ['==', ['get', 'recognised'], true], NTM_LEVEL_COLORS.ntm,
    ['==', ['get', 'meets_all'], true], NTM_LEVEL_COLORS.meets_not_recognised,
    NTM_LEVEL_COLORS.none,
  ];
}

/** Fill colour by criteria gained or lost since the compared year (tiles requested with ?compare=). */
export function communeChangeColorExpression(): ExpressionSpecification {
  const step: unknown[] = ['step', ['get', 'change'], CHANGE_CLASSES[0].color];
  for (const c of CHANGE_CLASSES.slice(1)) step.push(c.min, c.color);
  return [
    'case',
    ['==', ['get', 'in_ntm'], false], NOT_IN_PROGRAMME_COLOR,
    ['!', ['has', 'change']], NO_DATA_COLOR,
    step as ExpressionSpecification,
  ];
}

/** Fill colour of the year's targets: communes planned to reach NTM / nâng cao / kiểu mẫu that year. */
export function communeTargetColorExpression(): ExpressionSpecification {
  return [
    'case',
    ['==', ['get', 'in_ntm'], false], NOT_IN_PROGRAMME_COLOR,
    ['!', ['has', 'target_level']], TARGET_COLORS.none,
    ['match', ['get', 'target_level'], 'ntm', TARGET_COLORS.ntm, 'advanced', TARGET_COLORS.advanced, 'model', TARGET_COLORS.model, TARGET_COLORS.none],
  ];
}

/** The fill colour expression of a commune style mode. */
export function communeColorExpression(mode: CommuneStyleMode): ExpressionSpecification {
  switch (mode) {
    case 'level':
      return communeLevelColorExpression();
    case 'criterion':
      return communeCriterionColorExpression();
    case 'change':
      return communeChangeColorExpression();
    case 'targets':
      return communeTargetColorExpression();
    default:
      return communeBandColorExpression();
  }
}

/** Fill colour of a lô by survival class (cls 'none': no planting under the filter). */
export function plotColorExpression(): ExpressionSpecification {
  const match: unknown[] = ['match', ['get', 'cls']];
  for (const c of SURVIVAL_CLASSES) match.push(c, SURVIVAL_COLORS[c]);
  match.push(PLOT_NO_PLANTING_COLOR);
  return match as ExpressionSpecification;
}

const NOTHING: FilterSpecification = ['==', ['literal', 1], 0];

/**
 * Which lô are drawn under the filters (commune, funding, classes; the planting year is a tile
 * parameter). Null: no filter.
 */
export function plotFilterExpression(f: PlotStyleFilter | null | undefined): FilterSpecification | null {
  if (!f) return null;
  const parts: unknown[] = [];
  if (f.communes) parts.push(['in', ['get', 'commune_code'], ['literal', f.communes]]);
  if (f.funding) parts.push(['==', ['get', 'funding'], f.funding]);
  if (f.classes.length) parts.push(['in', ['get', 'cls'], ['literal', f.classes]]);
  return parts.length ? (['all', ...parts] as FilterSpecification) : null;
}

/** A lô's label: "TK 568 · K 3 · L 12", and its survival on a second line once inspected ("87.9 %"). */
export function plotLabelExpression(): ExpressionSpecification {
  return [
    'case',
    ['>=', ['get', 'survival_pct'], 0],
    ['concat', ['get', 'label'], '\n', ['number-format', ['get', 'survival_pct'], { 'max-fraction-digits': 1 }], ' %'],
    ['get', 'label'],
  ];
}

/** Tile parameters of the lô source: the planting year, and the data revision (a fresh URL after a write). */
const plotTileParams = (f: PlotStyleFilter | null | undefined) => ({ plantingYear: f?.plantingYear ?? null, rev: f?.revision ? f.revision : null });

/** Filters of the highlight layers for a selection (a never-true filter when not selected). */
export function highlightFilters(sel: Selection | null): Record<'commune' | 'district' | 'tieukhu' | 'khoanh' | 'plot', FilterSpecification> {
  const f = { commune: NOTHING, district: NOTHING, tieukhu: NOTHING, khoanh: NOTHING, plot: NOTHING };
  if (!sel) return f;
  switch (sel.kind) {
    case 'commune':
      f.commune = ['==', ['get', 'code'], sel.id];
      break;
    case 'district':
      f.district = ['==', ['get', 'code'], sel.id];
      break;
    case 'tieukhu': {
      const tk = tieukhuNumber(sel.id);
      if (tk != null) f.tieukhu = ['==', ['to-number', ['get', 'tk']], tk];
      break;
    }
    case 'khoanh': {
      const k = khoanhNumbers(sel.id);
      if (k) f.khoanh = ['all', ['==', ['to-number', ['get', 'tk']], k.tk], ['==', ['to-number', ['get', 'khoanh']], k.khoanh]];
      break;
    }
    case 'plot':
      f.plot = ['==', ['to-string', ['get', 'id']], sel.id];
      break;
    default:
      break;
  }
  return f;
}

function visibility(on: boolean): 'visible' | 'none' {
  return on ? 'visible' : 'none';
}

function highlightLine(id: string, source: TileLayer, filter: FilterSpecification, minzoom = 0): LayerSpecification[] {
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

const halo = { 'text-halo-color': 'rgba(255,255,255,0.92)', 'text-halo-width': 1.4, 'text-halo-blur': 0.2 } as const;

/**
 * The style of the atlas: background (or basemap), communes, forest layers, district outlines,
 * labels and highlight of the selection. Layer ids are stable so that diffs are small:
 * toggling a layer changes its visibility, a new selection changes filters, a new year changes
 * the tile URLs of the communes source.
 */
export function buildStyle(o: StyleOptions): StyleSpecification {
  const on = (id: LayerId) => o.layers.includes(id);
  const hl = highlightFilters(o.selection);
  const plotFilter = plotFilterExpression(o.plotFilter);
  const plotFilterProp = plotFilter ? { filter: plotFilter } : {};
  const cs = communeStyleOf(o);
  const hasBasemap = Boolean(o.basemap);
  const baseOpacity = hasBasemap ? 0.72 : 1;
  // where the lô are drawn the communes step back to context, so the survival classes read first
  const communeFillOpacity: number | ExpressionSpecification = on('plots')
    ? ['interpolate', ['linear'], ['zoom'], ZOOMS.plotsMin - 0.5, baseOpacity, ZOOMS.plotsMin + 1, baseOpacity * 0.4]
    : baseOpacity;

  const sources: Record<string, SourceSpecification> = {
    ...(o.basemap?.sources ?? {}),
    communes: vectorSource(
      tileUrl(o.origin, 'communes', {
        year: o.year,
        criterion: cs.mode === 'criterion' ? o.criterion : null,
        compare: cs.mode === 'change' ? cs.compare : null,
        v: cs.revision ? cs.revision : null,
      }),
      0,
    ),
    districts: vectorSource(tileUrl(o.origin, 'districts'), 0),
    tieukhu: vectorSource(tileUrl(o.origin, 'tieukhu'), ZOOMS.tieukhuMin),
    khoanh: vectorSource(tileUrl(o.origin, 'khoanh'), ZOOMS.khoanhMin),
    plots: vectorSource(tileUrl(o.origin, 'plots', plotTileParams(o.plotFilter)), ZOOMS.plotsMin),
    // Label anchors from low-zoom tiles, overzoomed: a polygon cut by tile edges would get one
    // label per tile piece; from one coarse tile it gets one label (anchor precision ~40 m).
    'district-labels': vectorSource(tileUrl(o.origin, 'districts'), 0, LABEL_TILE_MAXZOOM.districts),
    'commune-labels': vectorSource(tileUrl(o.origin, 'communes'), 0, LABEL_TILE_MAXZOOM.communes),
    'tieukhu-labels': vectorSource(tileUrl(o.origin, 'tieukhu'), ZOOMS.tieukhuMin, LABEL_TILE_MAXZOOM.tieukhu),
    'khoanh-labels': vectorSource(tileUrl(o.origin, 'khoanh'), ZOOMS.khoanhMin, LABEL_TILE_MAXZOOM.khoanh),
    'plot-labels': vectorSource(tileUrl(o.origin, 'plots', plotTileParams(o.plotFilter)), ZOOMS.plotsMin, LABEL_TILE_MAXZOOM.plots),
  };

  const base: LayerSpecification[] = o.basemap
    ? o.basemap.layers
    : [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND_COLOR } }];

  const layers: LayerSpecification[] = [
    ...base,
    {
      id: 'communes-fill', type: 'fill', source: 'communes', 'source-layer': 'communes',
      layout: { visibility: visibility(on('communes')) },
      paint: {
        'fill-color': communeColorExpression(cs.mode),
        'fill-opacity': communeFillOpacity,
        'fill-antialias': false,
      },
    },
    {
      id: 'communes-line', type: 'line', source: 'communes', 'source-layer': 'communes',
      layout: { visibility: visibility(on('communes')), 'line-join': 'round' },
      paint: { 'line-color': '#ffffff', 'line-width': ['interpolate', ['linear'], ['zoom'], 7, 0.4, 12, 1.5], 'line-opacity': 0.85 },
    },
    {
      id: 'plots-fill', type: 'fill', source: 'plots', 'source-layer': 'plots', minzoom: ZOOMS.plotsMin, ...plotFilterProp,
      layout: { visibility: visibility(on('plots')) },
      // a lô without planting is only a light veil over its commune; classified lô stand out
      paint: { 'fill-color': plotColorExpression(), 'fill-opacity': ['match', ['get', 'cls'], 'none', 0.45, 0.92] },
    },
    {
      id: 'plots-line', type: 'line', source: 'plots', 'source-layer': 'plots', minzoom: ZOOMS.plotsMin, ...plotFilterProp,
      layout: { visibility: visibility(on('plots')) },
      paint: { 'line-color': '#5f5a4a', 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 0.3, 16, 1.2] },
    },
    {
      id: 'khoanh-line', type: 'line', source: 'khoanh', 'source-layer': 'khoanh', minzoom: ZOOMS.khoanhMin,
      layout: { visibility: visibility(on('khoanh')), 'line-join': 'round' },
      paint: { 'line-color': FOREST_LINE, 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 0.6, 16, 1.6], 'line-dasharray': [3, 2], 'line-opacity': 0.8 },
    },
    {
      id: 'tieukhu-line', type: 'line', source: 'tieukhu', 'source-layer': 'tieukhu', minzoom: ZOOMS.tieukhuMin,
      layout: { visibility: visibility(on('tieukhu')), 'line-join': 'round' },
      paint: {
        'line-color': FOREST_LINE,
        'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.5, 11, 1.2, 14, 2.2],
        // faint while the province is in view, firm once the forest is the subject
        'line-opacity': ['interpolate', ['linear'], ['zoom'], 8, 0.3, 10.5, 0.85],
      },
    },
    {
      id: 'districts-line', type: 'line', source: 'districts', 'source-layer': 'districts',
      layout: { visibility: visibility(on('districts')), 'line-join': 'round' },
      paint: { 'line-color': INK, 'line-width': ['interpolate', ['linear'], ['zoom'], 6, 1, 12, 2.6], 'line-opacity': 0.85 },
    },
    ...highlightLine('highlight-commune', 'communes', hl.commune),
    ...highlightLine('highlight-district', 'districts', hl.district),
    ...highlightLine('highlight-tieukhu', 'tieukhu', hl.tieukhu, ZOOMS.tieukhuMin),
    ...highlightLine('highlight-khoanh', 'khoanh', hl.khoanh, ZOOMS.khoanhMin),
    ...highlightLine('highlight-plot', 'plots', hl.plot, ZOOMS.plotsMin),
    {
      id: 'plots-label', type: 'symbol', source: 'plot-labels', 'source-layer': 'plots', minzoom: ZOOMS.plotLabelsMin, ...plotFilterProp,
      layout: { visibility: visibility(on('plots')), 'text-field': plotLabelExpression(), 'text-font': FONT, 'text-size': 11, 'text-max-width': 8 },
      paint: { 'text-color': '#3b3526', ...halo },
    },
    {
      id: 'khoanh-label', type: 'symbol', source: 'khoanh-labels', 'source-layer': 'khoanh', minzoom: ZOOMS.khoanhMin + 1,
      layout: { visibility: visibility(on('khoanh')), 'text-field': ['get', 'label'], 'text-font': FONT, 'text-size': 11 },
      paint: { 'text-color': FOREST_LINE, ...halo },
    },
    {
      id: 'tieukhu-label', type: 'symbol', source: 'tieukhu-labels', 'source-layer': 'tieukhu', minzoom: TIEUKHU_LABELS_MIN,
      layout: {
        visibility: visibility(on('tieukhu')),
        'text-field': ['concat', 'TK ', ['to-string', ['get', 'tk']]],
        'text-font': FONT_BOLD,
        'text-size': ['interpolate', ['linear'], ['zoom'], 8, 10, 13, 14],
        'text-padding': 4,
      },
      paint: { 'text-color': FOREST_LINE, ...halo },
    },
    {
      id: 'communes-label', type: 'symbol', source: 'commune-labels', 'source-layer': 'communes', minzoom: 9.5,
      layout: { visibility: visibility(on('communes')), 'text-field': ['get', 'name'], 'text-font': FONT, 'text-size': ['interpolate', ['linear'], ['zoom'], 9.5, 11, 13, 14], 'text-max-width': 7 },
      paint: { 'text-color': '#333333', ...halo },
    },
    {
      id: 'districts-label', type: 'symbol', source: 'district-labels', 'source-layer': 'districts', maxzoom: 10.5,
      layout: {
        visibility: visibility(on('districts')),
        'text-field': ['get', 'name'],
        'text-font': FONT_BOLD,
        'text-size': ['interpolate', ['linear'], ['zoom'], 7, 11, 10, 15],
        'text-transform': 'uppercase',
        'text-letter-spacing': 0.06,
        'text-max-width': 8,
      },
      paint: { 'text-color': INK, ...halo },
    },
  ];

  return {
    version: 8,
    name: 'Kon Tum Atlas',
    sources,
    layers,
    ...(o.basemap?.sprite ? { sprite: o.basemap.sprite } : {}),
    ...(o.basemap?.glyphs ? { glyphs: o.basemap.glyphs } : {}),
  };
}
