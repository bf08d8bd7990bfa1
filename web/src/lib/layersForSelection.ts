import type { LayerId } from '../layers/types.ts';
import { ERA_LAYERS, eraOf } from '../layers/units2025/era.ts';
import type { Selection } from './selection.ts';

const FOREST: readonly LayerId[] = ['plots', 'khoanh', 'tieukhu'];

/**
 * The layers to show with a place picked in search, so that it is drawn and highlighted: the
 * forest layers for a lô, khoảnh, tiểu khu or coordinate; the map of units the place belongs to
 * for a commune or district (before 1 July 2025) or a new unit (from it).
 * @example layersForSelection({ kind: 'unit2025', id: '23284' }, ['communes', 'villages']) // ['villages', 'units2025']
 */
export function layersForSelection(sel: Selection, layers: readonly LayerId[]): LayerId[] {
  if (sel.kind === 'plot' || sel.kind === 'khoanh' || sel.kind === 'tieukhu' || sel.kind === 'coordinate') {
    return [...new Set([...layers, ...FOREST])];
  }
  const era = sel.kind === 'unit2025' ? 'after' : sel.kind === 'commune' || sel.kind === 'district' ? 'before' : null;
  if (era == null || eraOf(layers) === era) return [...layers];
  const other = ERA_LAYERS[era === 'after' ? 'before' : 'after'];
  return [...new Set([...layers.filter((l) => !other.includes(l)), ...ERA_LAYERS[era]])];
}
