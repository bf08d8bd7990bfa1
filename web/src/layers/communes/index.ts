import type { WebLayer } from '../types.ts';
import { communesLegend } from './legend.ts';
import { communesStyle } from './style.ts';

/** Xã, phường, thị trấn coloured by their NTM status; a click opens the commune. */
export const communes: WebLayer = {
  id: 'communes',
  label: 'layers.communes',
  minzoom: 0,
  defaultVisible: true,
  tileLayer: 'communes',
  z: { base: 10, label: 40 },
  style: communesStyle,
  legend: communesLegend,
  pickLayers: ['communes-fill'],
  select: (p) => (p.code != null ? { kind: 'commune', id: String(p.code) } : null),
};
