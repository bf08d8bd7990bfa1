import type { InspectionOut, PlotDetail } from '../../../server/domain/api.ts';

type Planting = PlotDetail['plantings'][number];

export interface PlotSummary {
  /** The most recent planting of the lô, or null when it was never planted. */
  planting: Planting | null;
  /** The latest inspection of that planting (by date, then stage), or null. */
  inspection: InspectionOut | null;
}

/**
 * What the info panel shows first for a lô: its latest planting and that planting's latest
 * inspection (the one that decides the class drawn on the map).
 * @example plotSummary(detail).inspection?.survivalPct // 87.5
 */
export function plotSummary(plot: Pick<PlotDetail, 'plantings'>): PlotSummary {
  const planting = [...plot.plantings].sort((a, b) => a.year - b.year || a.id - b.id).at(-1) ?? null;
  const inspection = planting
    ? ([...planting.inspections].sort((a, b) => a.inspectedOn.localeCompare(b.inspectedOn) || a.stage - b.stage || a.id - b.id).at(-1) ?? null)
    : null;
  return { planting, inspection };
}
