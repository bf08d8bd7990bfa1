import { DEFAULT_THRESHOLDS, PLOT_NO_PLANTING_COLOR, SURVIVAL_CLASSES, SURVIVAL_COLORS } from '../../../../server/domain/classes.ts';
import type { LegendItem, LegendOptions, LegendSection } from '../types.ts';

/** Survival classes labelled with the configured thresholds, in the colours of the lô style. */
export function plotsLegend(o: LegendOptions): LegendSection {
  const t = o.thresholds ?? DEFAULT_THRESHOLDS;
  const params = { a: t.acceptedAbovePct, b: t.rejectedBelowPct };
  return {
    layer: 'plots',
    title: 'legend.survival',
    items: [
      ...SURVIVAL_CLASSES.map((c): LegendItem => ({ label: `legend.${c}`, params, color: SURVIVAL_COLORS[c], shape: 'fill' })),
      { label: 'legend.noPlanting', color: PLOT_NO_PLANTING_COLOR, shape: 'fill' },
    ],
  };
}
