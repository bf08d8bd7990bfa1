/** The toggleable layers (web/src/layers/registry.ts) under their historical import path. */
import { webLayer, WEB_LAYERS } from '../layers/registry.ts';
import type { WebLayer } from '../layers/types.ts';

export { DEFAULT_LAYERS, isLayerId, LAYER_IDS, type LayerId } from '../layers/registry.ts';

export type LayerInfo = Pick<WebLayer, 'id' | 'label' | 'minzoom' | 'defaultVisible' | 'tileLayer'>;
export const LAYERS: readonly LayerInfo[] = WEB_LAYERS;
export { webLayer };

/**
 * The village assessment year to show with a commune year: the same year when villages were
 * assessed then, otherwise the latest village year before it (or the earliest one).
 * @example villageYearFor(2024, [2022, 2023]) // 2023
 */
export function villageYearFor(year: number | null, villageYears: readonly number[]): number | null {
  if (villageYears.length === 0) return null;
  const sorted = [...villageYears].sort((a, b) => a - b);
  if (year == null) return sorted[sorted.length - 1];
  const before = sorted.filter((y) => y <= year);
  return before.length ? before[before.length - 1] : sorted[0];
}
