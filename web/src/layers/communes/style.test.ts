import { describe, expect, it } from 'vitest';
import { createExpression, type ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec';
import { COMMUNE_BANDS, NO_DATA_COLOR, NOT_IN_PROGRAMME_COLOR } from '../../../../server/domain/classes.ts';
import { communeBandColorExpression, communeCriterionColorExpression, CRITERION_MET_COLOR, CRITERION_NOT_MET_COLOR } from './style.ts';

/** Evaluates a colour expression for feature properties and returns '#rrggbb'. */
function colorOf(expr: ExpressionSpecification, properties: Record<string, unknown>): string {
  const spec = { type: 'color', 'property-type': 'data-driven', expression: { interpolated: false, parameters: ['zoom', 'feature'] } };
  const parsed = createExpression(expr, spec as never);
  if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
  const c = parsed.value.evaluate({ zoom: 8 }, { type: 'Polygon', properties } as never) as { r: number; g: number; b: number };
  const hex = (v: number) => Math.round(v * 255).toString(16).padStart(2, '0');
  return `#${hex(c.r)}${hex(c.g)}${hex(c.b)}`;
}

describe('commune colours come from classes.ts', () => {
  it('colours each band with its class colour at both edges', () => {
    for (const band of COMMUNE_BANDS) {
      expect(colorOf(communeBandColorExpression(), { in_ntm: true, criteria_met: band.min })).toBe(band.color);
      expect(colorOf(communeBandColorExpression(), { in_ntm: true, criteria_met: band.max })).toBe(band.color);
    }
  });
  it('greys out wards and townships, and communes without data', () => {
    expect(colorOf(communeBandColorExpression(), { in_ntm: false })).toBe(NOT_IN_PROGRAMME_COLOR);
    expect(colorOf(communeBandColorExpression(), { in_ntm: false, criteria_met: 19 })).toBe(NOT_IN_PROGRAMME_COLOR);
    expect(colorOf(communeBandColorExpression(), { in_ntm: true })).toBe(NO_DATA_COLOR);
  });
  it('colours one criterion met / not met', () => {
    expect(colorOf(communeCriterionColorExpression(), { in_ntm: true, criterion_met: true })).toBe(CRITERION_MET_COLOR);
    expect(colorOf(communeCriterionColorExpression(), { in_ntm: true, criterion_met: false })).toBe(CRITERION_NOT_MET_COLOR);
    expect(colorOf(communeCriterionColorExpression(), { in_ntm: true })).toBe(NO_DATA_COLOR);
  });
});
