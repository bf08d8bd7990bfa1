import type { LayerId } from '../types.ts';

/** The layers of each map of units: before the reorganisation of 1 July 2025, and from it. */
export const ERA_LAYERS: Readonly<Record<'before' | 'after', readonly LayerId[]>> = {
  before: ['communes', 'districts'],
  after: ['units2025'],
};

/** Which map of units the layers show: 'after' when the 2025 units are on and the old communes off. */
export function eraOf(layers: readonly LayerId[]): 'before' | 'after' {
  return layers.includes('units2025') && !layers.includes('communes') ? 'after' : 'before';
}
