import { DEFAULT_THRESHOLDS, SURVIVAL_CLASSES } from '../../../../server/domain/classes.ts';
import { paletteColors } from '../palette.ts';
import type { LegendItem, LegendOptions, LegendSection } from '../types.ts';

/** Survival classes labelled with the configured thresholds, in the colours of the lô style. */
export function plotsLegend(o: LegendOptions): LegendSection {
  const t = o.thresholds ?? DEFAULT_THRESHOLDS;
  const params = { a: t.acceptedAbovePct, b: t.rejectedBelowPct };
  const p = paletteColors(o.palette);
  return {
    layer: 'plots',
    title: 'legend.survival',
    items: [
      ...SURVIVAL_CLASSES.map((c): LegendItem => ({ label: `legend.${c}`, params, color: p.survival[c], shape: 'fill' })),
      { label: 'legend.noPlanting', color: p.plotNoPlanting, shape: 'fill' },
    ],
  };
}
