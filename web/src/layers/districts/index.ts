import { lazy } from 'react';
import type { FilterSpecification } from 'maplibre-gl';
import type { Selection } from '../../lib/selection.ts';
import { FONT_BOLD, halo, highlightLine, INK, LABEL_TILE_MAXZOOM, NOTHING, tileUrl, vectorSource, visibility } from '../shared.ts';
import type { LayerStyle, StyleContext, WebLayer } from '../types.ts';

export function districtHighlightFilter(sel: Selection | null): FilterSpecification {
  return sel?.kind === 'district' ? ['==', ['get', 'code'], sel.id] : NOTHING;
}

function districtsStyle(ctx: StyleContext): LayerStyle {
  const on = visibility(ctx.on('districts'));
  const v = ctx.versions?.districts;
  return {
    sources: {
      districts: vectorSource(tileUrl(ctx.origin, 'districts', { v }), 0),
      'district-labels': vectorSource(tileUrl(ctx.origin, 'districts', { v }), 0, LABEL_TILE_MAXZOOM.districts),
    },
    base: [
      {
        id: 'districts-line', type: 'line', source: 'districts', 'source-layer': 'districts',
        layout: { visibility: on, 'line-join': 'round' },
        paint: { 'line-color': INK, 'line-width': ['interpolate', ['linear'], ['zoom'], 6, 1, 12, 2.6], 'line-opacity': 0.85 },
      },
    ],
    highlight: highlightLine('highlight-district', 'districts', districtHighlightFilter(ctx.selection)),
    labels: [
      {
        id: 'districts-label', type: 'symbol', source: 'district-labels', 'source-layer': 'districts', maxzoom: 10.5,
        layout: {
          visibility: on,
          'text-field': ['get', 'name'],
          'text-font': FONT_BOLD,
          'text-size': ['interpolate', ['linear'], ['zoom'], 7, 11, 10, 15],
          'text-transform': 'uppercase',
          'text-letter-spacing': 0.06,
          'text-max-width': 8,
        },
        paint: { 'text-color': INK, ...halo },
      },
    ],
  };
}

/** Huyện and the city: outlines and names (no legend; a search hit selects one, a click does not), and a panel. */
export const districts: WebLayer = {
  id: 'districts',
  label: 'layers.districts',
  minzoom: 0,
  defaultVisible: true,
  tileLayer: 'districts',
  z: { base: 50, label: 50 },
  style: districtsStyle,
  select: (p) => (p.code != null ? { kind: 'district', id: String(p.code) } : null),
  detail: { kind: 'district', Panel: lazy(() => import('./Info.tsx')) },
};
