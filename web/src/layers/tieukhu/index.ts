import type { FilterSpecification } from 'maplibre-gl';
import { ZOOMS } from '../../../../server/domain/classes.ts';
import { tieukhuNumber, type Selection } from '../../lib/selection.ts';
import { FONT_BOLD, FOREST_LINE, halo, highlightLine, LABEL_TILE_MAXZOOM, NOTHING, tileUrl, vectorSource, visibility } from '../shared.ts';
import type { LayerStyle, StyleContext, WebLayer } from '../types.ts';

/** Tiểu khu numbers are labelled from this zoom (below it, hundreds of labels would crowd the province view). */
export const TIEUKHU_LABELS_MIN = 10;

export function tieukhuHighlightFilter(sel: Selection | null): FilterSpecification {
  const tk = sel?.kind === 'tieukhu' ? tieukhuNumber(sel.id) : null;
  return tk != null ? ['==', ['to-number', ['get', 'tk']], tk] : NOTHING;
}

function tieukhuStyle(ctx: StyleContext): LayerStyle {
  const on = visibility(ctx.on('tieukhu'));
  const v = ctx.versions?.tieukhu;
  return {
    sources: {
      tieukhu: vectorSource(tileUrl(ctx.origin, 'tieukhu', { v }), ZOOMS.tieukhuMin),
      'tieukhu-labels': vectorSource(tileUrl(ctx.origin, 'tieukhu', { v }), ZOOMS.tieukhuMin, LABEL_TILE_MAXZOOM.tieukhu),
    },
    base: [
      {
        id: 'tieukhu-line', type: 'line', source: 'tieukhu', 'source-layer': 'tieukhu', minzoom: ZOOMS.tieukhuMin,
        layout: { visibility: on, 'line-join': 'round' },
        paint: {
          'line-color': FOREST_LINE,
          'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.5, 11, 1.2, 14, 2.2],
          // faint while the province is in view, firm once the forest is the subject
          'line-opacity': ['interpolate', ['linear'], ['zoom'], 8, 0.3, 10.5, 0.85],
        },
      },
    ],
    highlight: highlightLine('highlight-tieukhu', 'tieukhu', tieukhuHighlightFilter(ctx.selection), ZOOMS.tieukhuMin),
    labels: [
      {
        id: 'tieukhu-label', type: 'symbol', source: 'tieukhu-labels', 'source-layer': 'tieukhu', minzoom: TIEUKHU_LABELS_MIN,
        layout: {
          visibility: on,
          'text-field': ['concat', 'TK ', ['to-string', ['get', 'tk']]],
          'text-font': FONT_BOLD,
          'text-size': ['interpolate', ['linear'], ['zoom'], 8, 10, 13, 14],
          'text-padding': 4,
        },
        paint: { 'text-color': FOREST_LINE, ...halo },
      },
    ],
  };
}

/** Tiểu khu (forest sub-compartments): outlines and numbers. */
export const tieukhu: WebLayer = {
  id: 'tieukhu',
  label: 'layers.tieukhu',
  minzoom: ZOOMS.tieukhuMin,
  defaultVisible: true,
  tileLayer: 'tieukhu',
  z: { base: 40, label: 30 },
  style: tieukhuStyle,
  select: (p) => (p.tk != null ? { kind: 'tieukhu', id: `tk:${p.tk}` } : null),
};
