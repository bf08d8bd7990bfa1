import type { Era } from '../../../../server/domain/era.ts';
import type { LayerId } from '../types.ts';

export type { Era };

/** The layers of each map of units: before the reorganisation of 1 July 2025, and from it. */
export const ERA_LAYERS: Readonly<Record<Era, readonly LayerId[]>> = {
  before: ['communes', 'districts'],
  after: ['units2025'],
};

/**
 * Which map of units the app shows: 'after' when the 2025 units are on and the old communes off.
 * The one definition for the map, the tables (web/src/ntm), the dashboard and the exports (the
 * API's `era`, server/domain/era.ts): it lives in the URL's layers, so a link and a saved view
 * (which store the layers) reproduce it without a parameter of its own.
 */
export function eraOf(layers: readonly LayerId[]): Era {
  return layers.includes('units2025') && !layers.includes('communes') ? 'after' : 'before';
}

/** The layers with the other era's map of units swapped for `era`'s (the rest left as they were). */
export function layersForEra(layers: readonly LayerId[], era: Era): LayerId[] {
  if (eraOf(layers) === era) return [...layers];
  const off = era === 'after' ? ERA_LAYERS.before : ERA_LAYERS.after;
  return [...layers.filter((id) => !off.includes(id)), ...ERA_LAYERS[era].filter((id) => !layers.includes(id))];
}
