/**
 * The web app's layers, in the order of the layer panel and the legend. Each entry lives in
 * web/src/layers/<id>/ (style, legend, selection together); adding a layer adds a line here
 * (docs/layers.md).
 */
import { communes } from './communes/index.ts';
import { districts } from './districts/index.ts';
import { khoanh } from './khoanh/index.ts';
import { plots } from './plots/index.ts';
import { tieukhu } from './tieukhu/index.ts';
import { units2025 } from './units2025/index.ts';
import { tkplanting } from './tkplanting/index.ts';
import { villages } from './villages/index.ts';
import { capital } from './capital/index.ts';
import { ocop } from './ocop/index.ts';
import { LAYER_IDS, type LayerId, type WebLayer } from './types.ts';
import type { Selection } from '../lib/selection.ts';

export const WEB_LAYERS: readonly WebLayer[] = [communes, units2025, districts, villages, ocop, capital, tkplanting, tieukhu, khoanh, plots];

export const DEFAULT_LAYERS: readonly LayerId[] = WEB_LAYERS.filter((l) => l.defaultVisible).map((l) => l.id);

export function webLayer(id: LayerId): WebLayer {
  return WEB_LAYERS.find((l) => l.id === id)!;
}

/** The web layer drawn from a tile layer (source-layer name), if any. */
export function webLayerOfTiles(tileLayer: string): WebLayer | undefined {
  return WEB_LAYERS.find((l) => l.tileLayer === tileLayer);
}

export function isLayerId(x: string): x is LayerId {
  return (LAYER_IDS as readonly string[]).includes(x);
}

/** maplibre layers a click may select, topmost first. */
export const PICKABLE_LAYERS: readonly string[] = [...WEB_LAYERS]
  .filter((l) => l.pickLayers?.length)
  .sort((a, b) => (b.z?.base ?? 0) - (a.z?.base ?? 0))
  .flatMap((l) => l.pickLayers!);

/**
 * The selection for a clicked map feature of a tile layer (topmost first), or null.
 * @example selectionFromFeature('communes', { code: '23245' }) // {kind: 'commune', id: '23245'}
 */
export function selectionFromFeature(layer: string, props: Record<string, unknown>): Selection | null {
  return webLayerOfTiles(layer)?.select?.(props) ?? null;
}

export { LAYER_IDS, type LayerId, type WebLayer };
