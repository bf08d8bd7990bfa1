/**
 * OCOP products (Mỗi xã một sản phẩm): one circle per product, coloured by its valid star rating
 * (3, 4, potential 5, 5 stars) or grey while registered and not rated yet — the registry's classes
 * (server/domain/layers.ts OCOP_CLASSES), so map and legend cannot disagree. A click opens the product.
 */
import { lazy } from 'react';
import type { ExpressionSpecification, FilterSpecification } from 'maplibre-gl';
import { LAYER_REGISTRY, OCOP_CLASSES } from '../../../../server/domain/layers.ts';
import { featureOf, type Selection } from '../../lib/selection.ts';
import { HIGHLIGHT_COLOR, NOTHING, tileUrl, vectorSource, visibility } from '../shared.ts';
import type { LayerStyle, LegendOptions, LegendSection, StyleContext, WebLayer } from '../types.ts';
import { paletteColors, type PaletteColors } from '../palette.ts';

const MINZOOM = LAYER_REGISTRY.ocop.minzoom;

export function ocopColorExpression(p: PaletteColors = paletteColors('standard')): ExpressionSpecification {
  const match: unknown[] = ['match', ['get', 'cls']];
  for (const c of OCOP_CLASSES) match.push(c.id, p.ocop[c.id]);
  match.push('#8a8a8a');
  return match as ExpressionSpecification;
}

function selectedFilter(sel: Selection | null): FilterSpecification {
  const f = sel?.kind === 'feature' ? featureOf(sel.id) : null;
  return f?.layer === 'ocop' ? ['==', ['to-string', ['get', 'id']], f.id] : NOTHING;
}

function ocopStyle(ctx: StyleContext): LayerStyle {
  const on = visibility(ctx.on('ocop'));
  const url = tileUrl(ctx.origin, 'ocop', { v: ctx.versions?.ocop });
  return {
    sources: { ocop: vectorSource(url, MINZOOM, LAYER_REGISTRY.ocop.maxzoom) },
    base: [
      {
        id: 'ocop-circle', type: 'circle', source: 'ocop', 'source-layer': 'ocop', minzoom: MINZOOM,
        layout: { visibility: on, 'circle-sort-key': ['match', ['get', 'cls'], '5', 4, '5p', 3, '4', 2, '3', 1, 0] },
        paint: {
          'circle-color': ocopColorExpression(ctx.palette),
          // more stars, a larger point
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, ['match', ['get', 'cls'], '5', 7, '5p', 6, '4', 5.5, 4.5],
            13, ['match', ['get', 'cls'], '5', 11, '5p', 10, '4', 9, 8]],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 1.5,
        },
      },
    ],
    highlight: [
      {
        id: 'highlight-ocop', type: 'circle', source: 'ocop', 'source-layer': 'ocop', minzoom: MINZOOM,
        filter: selectedFilter(ctx.selection),
        layout: { visibility: on },
        paint: { 'circle-color': 'rgba(0,0,0,0)', 'circle-radius': 13, 'circle-stroke-color': HIGHLIGHT_COLOR, 'circle-stroke-width': 3 },
      },
    ],
    labels: [],
  };
}

export function ocopLegend(o: LegendOptions): LegendSection {
  const p = paletteColors(o.palette);
  return {
    layer: 'ocop',
    title: 'ocop.legend.title',
    items: OCOP_CLASSES.map((c) => ({ label: `ocop.cls.${c.id}` as const, color: p.ocop[c.id], shape: 'circle' as const })),
    note: 'ocop.legend.note',
  };
}

export const ocop: WebLayer = {
  id: 'ocop',
  label: 'layers.ocop',
  minzoom: MINZOOM,
  defaultVisible: false,
  tileLayer: 'ocop',
  z: { base: 60, label: 60 },
  style: ocopStyle,
  legend: ocopLegend,
  pickLayers: ['ocop-circle'],
  select: (p) => (p.id != null ? { kind: 'feature', id: `ocop/${String(p.id)}` } : null),
  detail: { kind: 'feature', Panel: lazy(() => import('./Info.tsx')) },
};
