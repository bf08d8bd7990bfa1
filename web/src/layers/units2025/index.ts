import { lazy } from 'react';
import type { ExpressionSpecification, FilterSpecification } from 'maplibre-gl';
import { UNIT_2025_CLASSES } from '../../../../server/domain/classes.ts';
import { paletteColors, type PaletteColors } from '../palette.ts';
import type { Selection } from '../../lib/selection.ts';
import { FONT_BOLD, halo, highlightLine, INK, LABEL_TILE_MAXZOOM, NOTHING, tileUrl, vectorSource, visibility } from '../shared.ts';
import type { LayerStyle, LegendOptions, LegendSection, StyleContext, WebLayer } from '../types.ts';

/** The selection id of a 2025 unit: the feature panel of layer units2025. */
export const unit2025Selection = (code: string): Selection => ({ kind: 'unit2025', id: code });

export function units2025HighlightFilter(sel: Selection | null): FilterSpecification {
  return sel?.kind === 'unit2025' ? ['==', ['get', 'code'], sel.id] : NOTHING;
}

/** Fill by the share of the unit's old xã that had reached NTM in the year (the registry's classes, in the palette's colours). */
export function units2025ColorExpression(p: PaletteColors = paletteColors('standard')): ExpressionSpecification {
  const match: unknown[] = ['match', ['get', 'ntm_class']];
  for (const c of UNIT_2025_CLASSES) match.push(c.id, p.units2025[c.id]);
  match.push(p.noData);
  return match as ExpressionSpecification;
}

function units2025Style(ctx: StyleContext): LayerStyle {
  const on = visibility(ctx.on('units2025'));
  const v = ctx.versions?.units2025;
  return {
    sources: {
      units2025: vectorSource(tileUrl(ctx.origin, 'units2025', { year: ctx.year, v }), 0),
      'units2025-labels': vectorSource(tileUrl(ctx.origin, 'units2025', { v }), 0, LABEL_TILE_MAXZOOM.units2025),
    },
    base: [
      {
        id: 'units2025-fill', type: 'fill', source: 'units2025', 'source-layer': 'units2025',
        layout: { visibility: on },
        paint: { 'fill-color': units2025ColorExpression(ctx.palette), 'fill-opacity': ctx.baseOpacity, 'fill-antialias': false },
      },
      {
        id: 'units2025-line', type: 'line', source: 'units2025', 'source-layer': 'units2025',
        layout: { visibility: on, 'line-join': 'round' },
        paint: { 'line-color': INK, 'line-width': ['interpolate', ['linear'], ['zoom'], 6, 0.8, 12, 2.2], 'line-opacity': 0.8 },
      },
    ],
    highlight: highlightLine('highlight-units2025', 'units2025', units2025HighlightFilter(ctx.selection)),
    labels: [
      {
        id: 'units2025-label', type: 'symbol', source: 'units2025-labels', 'source-layer': 'units2025',
        layout: {
          visibility: on,
          'text-field': ['get', 'name'],
          'text-font': FONT_BOLD,
          'text-size': ['interpolate', ['linear'], ['zoom'], 7, 10, 11, 14],
          'text-max-width': 7,
        },
        paint: { 'text-color': INK, ...halo },
      },
    ],
  };
}

export function units2025Legend(o: LegendOptions): LegendSection {
  const p = paletteColors(o.palette);
  return {
    layer: 'units2025',
    title: 'units2025.legend.title',
    titleParams: { year: o.commune?.year ?? '' },
    items: UNIT_2025_CLASSES.map((c) => ({ label: `units2025.legend.${c.id}` as const, color: p.units2025[c.id], shape: 'fill' as const })),
    note: 'units2025.legend.note',
  };
}

/**
 * The communes and wards of 1 July 2025 (Resolution 1677/NQ-UBTVQH15), each the union of its old
 * units, coloured by how many of its old xã had reached NTM in the year. Shown instead of the old
 * communes and districts when the map is switched to the units "from 1/7/2025".
 */
export const units2025: WebLayer = {
  id: 'units2025',
  label: 'layers.units2025',
  minzoom: 0,
  defaultVisible: false,
  tileLayer: 'units2025',
  z: { base: 12, label: 45 },
  style: units2025Style,
  legend: units2025Legend,
  pickLayers: ['units2025-fill'],
  select: (p) => (p.code != null ? unit2025Selection(String(p.code)) : null),
  // a search kind of its own, like the districts: selections read 'unit2025:23284'
  detail: { kind: 'unit2025', Panel: lazy(() => import('./Info.tsx')) },
};
