/**
 * Legend sections for the visible layers, in the layer panel's order; each layer builds its own
 * (web/src/layers/<id>/legend.ts) from the same class breaks and colours as its map style
 * (classes.ts), so the legend can never disagree with the map.
 */
import { WEB_LAYERS } from '../layers/registry.ts';
import type { LegendOptions, LegendSection } from '../layers/types.ts';

export type { LegendItem, LegendOptions, LegendSection } from '../layers/types.ts';

export function buildLegend(o: LegendOptions): LegendSection[] {
  return WEB_LAYERS.filter((l) => l.legend && o.layers.includes(l.id))
    .map((l) => l.legend!(o))
    .filter((s): s is LegendSection => s != null);
}
