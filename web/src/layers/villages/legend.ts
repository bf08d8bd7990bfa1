import { VILLAGE_BANDS } from '../../../../server/domain/classes.ts';
import { range } from '../communes/legend.ts';
import { paletteColors } from '../palette.ts';
import type { LegendItem, LegendOptions, LegendSection } from '../types.ts';

/** Village bands (of 10 criteria), pilot tiers by size, target villages by their ring. */
export function villagesLegend(o?: LegendOptions): LegendSection {
  const p = paletteColors(o?.palette);
  return {
    layer: 'villages',
    title: 'legend.villageBands',
    items: [
      ...VILLAGE_BANDS.map((b): LegendItem => ({ label: 'legend.criteria', params: { label: range(b.id) }, color: p.villageBands[b.id], shape: 'circle' })),
      { label: 'legend.noData', color: p.villageNoData, shape: 'circle' },
      { label: 'ntm.legend.village.city', color: '#ffffff', shape: 'circle', strong: true, size: 16 },
      { label: 'ntm.legend.village.commune', color: '#ffffff', shape: 'circle', strong: true, size: 14 },
      { label: 'ntm.legend.village.other', color: '#ffffff', shape: 'circle', size: 12 },
      { label: 'ntm.legend.village.target', color: '#ffffff', shape: 'circle', ring: p.villageTargetRing, size: 14 },
    ],
    note: 'legend.villagePilot',
  };
}
