/** The lô's part of the map style: fills by survival class under the lô filters, outlines, labels, highlight. */
import type { ExpressionSpecification, FilterSpecification } from 'maplibre-gl';
import { SURVIVAL_CLASSES, ZOOMS } from '../../../../server/domain/classes.ts';
import { paletteColors, type PaletteColors } from '../palette.ts';
import type { PlotStyleFilter } from '../../forest/plotFilter.ts';
import type { Selection } from '../../lib/selection.ts';
import { FONT, halo, highlightLine, LABEL_TILE_MAXZOOM, NOTHING, tileUrl, vectorSource, visibility } from '../shared.ts';
import type { LayerStyle, StyleContext, TileVersionMap } from '../types.ts';

/** Fill colour of a lô by survival class (cls 'none': no planting under the filter). */
export function plotColorExpression(p: PaletteColors = paletteColors('standard')): ExpressionSpecification {
  const match: unknown[] = ['match', ['get', 'cls']];
  for (const c of SURVIVAL_CLASSES) match.push(c, p.survival[c]);
  match.push(p.plotNoPlanting);
  return match as ExpressionSpecification;
}

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

/**
 * Tile parameters of the lô source: the planting year and the lô data version (a fresh URL after
 * a write); without a known version, the page's revision counter does that job.
 */
export function plotTileParams(f: PlotStyleFilter | null | undefined, versions: TileVersionMap | null) {
  const v = versions?.plots;
  return { plantingYear: f?.plantingYear ?? null, ...(v != null ? { v } : { rev: f?.revision ? f.revision : null }) };
}

export function plotHighlightFilter(sel: Selection | null): FilterSpecification {
  return sel?.kind === 'plot' ? ['==', ['to-string', ['get', 'id']], sel.id] : NOTHING;
}

export function plotsStyle(ctx: StyleContext): LayerStyle {
  const on = visibility(ctx.on('plots'));
  const filter = plotFilterExpression(ctx.plotFilter);
  const filterProp = filter ? { filter } : {};
  const url = tileUrl(ctx.origin, 'plots', plotTileParams(ctx.plotFilter, ctx.versions));
  return {
    sources: {
      plots: vectorSource(url, ZOOMS.plotsMin),
      'plot-labels': vectorSource(url, ZOOMS.plotsMin, LABEL_TILE_MAXZOOM.plots),
    },
    base: [
      {
        id: 'plots-fill', type: 'fill', source: 'plots', 'source-layer': 'plots', minzoom: ZOOMS.plotsMin, ...filterProp,
        layout: { visibility: on },
        // a lô without planting is only a light veil over its commune; classified lô stand out
        paint: { 'fill-color': plotColorExpression(ctx.palette), 'fill-opacity': ['match', ['get', 'cls'], 'none', 0.45, 0.92] },
      },
      {
        id: 'plots-line', type: 'line', source: 'plots', 'source-layer': 'plots', minzoom: ZOOMS.plotsMin, ...filterProp,
        layout: { visibility: on },
        paint: { 'line-color': '#5f5a4a', 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 0.3, 16, 1.2] },
      },
    ],
    highlight: highlightLine('highlight-plot', 'plots', plotHighlightFilter(ctx.selection), ZOOMS.plotsMin),
    labels: [
      {
        id: 'plots-label', type: 'symbol', source: 'plot-labels', 'source-layer': 'plots', minzoom: ZOOMS.plotLabelsMin, ...filterProp,
        layout: { visibility: on, 'text-field': plotLabelExpression(), 'text-font': FONT, 'text-size': 11, 'text-max-width': 8 },
        paint: { 'text-color': '#3b3526', ...halo },
      },
    ],
  };
}
