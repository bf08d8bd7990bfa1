import type { WebLayer } from '../types.ts';
import { villagesLegend } from './legend.ts';
import { VILLAGES_MIN_ZOOM } from './symbol.ts';

/**
 * Thôn, làng by the village criteria met: points drawn by deck.gl from /api/villages (the map
 * controller, web/src/map), not a maplibre style; a click opens the village.
 */
export const villages: WebLayer = {
  id: 'villages',
  label: 'layers.villages',
  minzoom: VILLAGES_MIN_ZOOM,
  defaultVisible: true,
  tileLayer: null,
  legend: villagesLegend,
  select: (p) => (p.code != null ? { kind: 'village', id: String(p.code) } : null),
};
