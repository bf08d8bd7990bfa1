import type { WebLayer } from '../types.ts';
import { villagesLegend } from './legend.ts';
import { VILLAGES_MIN_ZOOM } from './symbol.ts';
import { villagesStyle } from './style.ts';

/**
 * Thôn, làng by the village criteria met: circles of a GeoJSON source filled from /api/villages
 * (the map page loads them; style.ts), under every label; a click opens the village.
 */
export const villages: WebLayer = {
  id: 'villages',
  label: 'layers.villages',
  minzoom: VILLAGES_MIN_ZOOM,
  defaultVisible: true,
  tileLayer: null,
  // under every label (plots-label, the lowest, is 10), above every fill and highlight
  z: { base: 0, label: 0 },
  style: villagesStyle,
  legend: villagesLegend,
  select: (p) => (p.code != null ? { kind: 'village', id: String(p.code) } : null),
};
