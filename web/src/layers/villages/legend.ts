import { VILLAGE_BANDS, VILLAGE_NO_DATA_COLOR } from '../../../../server/domain/classes.ts';
import { rgbToHex } from '../../lib/color.ts';
import { range } from '../communes/legend.ts';
import type { LegendItem, LegendSection } from '../types.ts';
import { VILLAGE_TARGET_RING } from './symbol.ts';

/** Village bands (of 10 criteria), pilot tiers by size, target villages by their ring. */
export function villagesLegend(): LegendSection {
  return {
    layer: 'villages',
    title: 'legend.villageBands',
    items: [
      ...VILLAGE_BANDS.map((b): LegendItem => ({ label: 'legend.criteria', params: { label: range(b.id) }, color: rgbToHex(b.color), shape: 'circle' })),
      { label: 'legend.noData', color: rgbToHex(VILLAGE_NO_DATA_COLOR), shape: 'circle' },
      { label: 'ntm.legend.village.city', color: '#ffffff', shape: 'circle', strong: true, size: 16 },
      { label: 'ntm.legend.village.commune', color: '#ffffff', shape: 'circle', strong: true, size: 14 },
      { label: 'ntm.legend.village.other', color: '#ffffff', shape: 'circle', size: 12 },
      { label: 'ntm.legend.village.target', color: '#ffffff', shape: 'circle', ring: VILLAGE_TARGET_RING, size: 14 },
    ],
    note: 'legend.villagePilot',
  };
}
