import { describe, expect, it } from 'vitest';
import { CAPITAL_CLASSES, OCOP_CLASSES } from '../../../../server/domain/layers.ts';
import { capitalColorExpression, capitalLegend, capitalYear } from '../capital/index.ts';
import { ocopColorExpression, ocopLegend } from './index.ts';

describe('OCOP layer style and legend', () => {
  it('colours each star class as the registry and the legend do', () => {
    const expr = ocopColorExpression() as unknown[];
    const legend = ocopLegend({ layers: ['ocop'], criterion: null });
    for (const c of OCOP_CLASSES) {
      expect(expr[expr.indexOf(c.id) + 1]).toBe(c.color);
      expect(legend.items.find((i) => i.label === `ocop.cls.${c.id}`)?.color).toBe(c.color);
    }
    expect(legend.items).toHaveLength(5);
  });
});

describe('capital layer style and legend', () => {
  it('colours each band as the registry and the legend do', () => {
    const expr = capitalColorExpression() as unknown[];
    const legend = capitalLegend({ layers: ['capital'], criterion: null, commune: { mode: 'count', year: 2022, compare: null } });
    for (const c of CAPITAL_CLASSES) {
      expect(expr[expr.indexOf(c.id) + 1]).toBe(c.color);
      expect(legend.items.find((i) => i.label === `capital.cls.${c.id}`)?.color).toBe(c.color);
    }
    expect(legend.titleParams).toEqual({ year: 2022 });
  });

  it('brings the map year into the years with figures', () => {
    expect([2015, 2022, 2023, 2025, null].map(capitalYear)).toEqual([2022, 2022, 2023, 2023, 2023]);
  });
});
