import { describe, expect, it } from 'vitest';
import { VILLAGE_BANDS } from '../../../../server/domain/classes.ts';
import { hexToRgb } from '../../lib/color.ts';
import { buildLegend } from '../../lib/legend.ts';

describe('the villages legend', () => {
  it('uses the village band colours', () => {
    const [villages] = buildLegend({ layers: ['villages'], criterion: null });
    expect(villages.items.slice(0, VILLAGE_BANDS.length).map((i) => hexToRgb(i.color))).toEqual(VILLAGE_BANDS.map((b) => [...b.color]));
  });});
