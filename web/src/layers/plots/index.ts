import { ZOOMS } from '../../../../server/domain/classes.ts';
import type { WebLayer } from '../types.ts';
import { plotsLegend } from './legend.ts';
import { plotsStyle } from './style.ts';

/** Lô by the survival class of their planting; a click opens the lô. */
export const plots: WebLayer = {
  id: 'plots',
  label: 'layers.plots',
  minzoom: ZOOMS.plotsMin,
  defaultVisible: true,
  tileLayer: 'plots',
  z: { base: 20, label: 10 },
  style: plotsStyle,
  legend: plotsLegend,
  pickLayers: ['plots-fill'],
  select: (p) => (p.id != null ? { kind: 'plot', id: String(p.id) } : null),
};
