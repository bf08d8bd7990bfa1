import { ZOOMS } from '../../../server/domain/classes.ts';
import type { TileLayer } from '../../../server/domain/api.ts';
import type { MessageKey } from '../i18n/translate.ts';

/** Layers the user can toggle: the five tile layers (maplibre) and the villages (deck.gl). */
export const LAYER_IDS = ['communes', 'districts', 'tieukhu', 'khoanh', 'plots', 'villages'] as const;
export type LayerId = (typeof LAYER_IDS)[number];

export interface LayerInfo {
  id: LayerId;
  label: MessageKey;
  /** Zoom from which the layer has data (0 = always). */
  minzoom: number;
  defaultVisible: boolean;
  /** The tile layer behind it, or null for the villages drawn by deck.gl. */
  tileLayer: TileLayer | null;
}

export const LAYERS: readonly LayerInfo[] = [
  { id: 'communes', label: 'layers.communes', minzoom: 0, defaultVisible: true, tileLayer: 'communes' },
  { id: 'districts', label: 'layers.districts', minzoom: 0, defaultVisible: true, tileLayer: 'districts' },
  { id: 'villages', label: 'layers.villages', minzoom: 0, defaultVisible: true, tileLayer: null },
  { id: 'tieukhu', label: 'layers.tieukhu', minzoom: ZOOMS.tieukhuMin, defaultVisible: true, tileLayer: 'tieukhu' },
  { id: 'khoanh', label: 'layers.khoanh', minzoom: ZOOMS.khoanhMin, defaultVisible: true, tileLayer: 'khoanh' },
  { id: 'plots', label: 'layers.plots', minzoom: ZOOMS.plotsMin, defaultVisible: true, tileLayer: 'plots' },
];

export const DEFAULT_LAYERS: readonly LayerId[] = LAYERS.filter((l) => l.defaultVisible).map((l) => l.id);

export function isLayerId(x: string): x is LayerId {
  return (LAYER_IDS as readonly string[]).includes(x);
}

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
