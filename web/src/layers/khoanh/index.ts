import type { FilterSpecification } from 'maplibre-gl';
import { ZOOMS } from '../../../../server/domain/classes.ts';
import { khoanhNumbers, type Selection } from '../../lib/selection.ts';
import { FONT, FOREST_LINE, halo, highlightLine, LABEL_TILE_MAXZOOM, NOTHING, tileUrl, vectorSource, visibility } from '../shared.ts';
import type { LayerStyle, StyleContext, WebLayer } from '../types.ts';

export function khoanhHighlightFilter(sel: Selection | null): FilterSpecification {
  const k = sel?.kind === 'khoanh' ? khoanhNumbers(sel.id) : null;
  return k ? ['all', ['==', ['to-number', ['get', 'tk']], k.tk], ['==', ['to-number', ['get', 'khoanh']], k.khoanh]] : NOTHING;
}

function khoanhStyle(ctx: StyleContext): LayerStyle {
  const on = visibility(ctx.on('khoanh'));
  const v = ctx.versions?.khoanh;
  return {
    sources: {
      khoanh: vectorSource(tileUrl(ctx.origin, 'khoanh', { v }), ZOOMS.khoanhMin),
      'khoanh-labels': vectorSource(tileUrl(ctx.origin, 'khoanh', { v }), ZOOMS.khoanhMin, LABEL_TILE_MAXZOOM.khoanh),
    },
    base: [
      {
        id: 'khoanh-line', type: 'line', source: 'khoanh', 'source-layer': 'khoanh', minzoom: ZOOMS.khoanhMin,
        layout: { visibility: on, 'line-join': 'round' },
        paint: { 'line-color': FOREST_LINE, 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 0.6, 16, 1.6], 'line-dasharray': [3, 2], 'line-opacity': 0.8 },
      },
    ],
    highlight: highlightLine('highlight-khoanh', 'khoanh', khoanhHighlightFilter(ctx.selection), ZOOMS.khoanhMin),
    labels: [
      {
        id: 'khoanh-label', type: 'symbol', source: 'khoanh-labels', 'source-layer': 'khoanh', minzoom: ZOOMS.khoanhMin + 1,
        layout: { visibility: on, 'text-field': ['get', 'label'], 'text-font': FONT, 'text-size': 11 },
        paint: { 'text-color': FOREST_LINE, ...halo },
      },
    ],
  };
}

/** Khoảnh (compartments): dashed outlines and labels. */
export const khoanh: WebLayer = {
  id: 'khoanh',
  label: 'layers.khoanh',
  minzoom: ZOOMS.khoanhMin,
  defaultVisible: true,
  tileLayer: 'khoanh',
  z: { base: 30, label: 20 },
  style: khoanhStyle,
  select: (p) => (p.tk != null && p.khoanh != null ? { kind: 'khoanh', id: `k:${p.tk}/${p.khoanh}` } : null),
};
