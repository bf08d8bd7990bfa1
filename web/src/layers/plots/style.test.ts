import { describe, expect, it } from 'vitest';
import { createExpression, type ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec';
import { PLOT_NO_PLANTING_COLOR, SURVIVAL_COLORS } from '../../../../server/domain/classes.ts';
import { plotColorExpression } from './style.ts';

/** Evaluates a colour expression for feature properties and returns '#rrggbb'. */
function colorOf(expr: ExpressionSpecification, properties: Record<string, unknown>): string {
  const spec = { type: 'color', 'property-type': 'data-driven', expression: { interpolated: false, parameters: ['zoom', 'feature'] } };
  const parsed = createExpression(expr, spec as never);
  if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
  const c = parsed.value.evaluate({ zoom: 8 }, { type: 'Polygon', properties } as never) as { r: number; g: number; b: number };
  const hex = (v: number) => Math.round(v * 255).toString(16).padStart(2, '0');
  return `#${hex(c.r)}${hex(c.g)}${hex(c.b)}`;
}

describe('lô colours come from classes.ts', () => {
  it('colours each survival class', () => {
    for (const [cls, color] of Object.entries(SURVIVAL_COLORS)) expect(colorOf(plotColorExpression(), { cls })).toBe(color);
    expect(colorOf(plotColorExpression(), { cls: 'none' })).toBe(PLOT_NO_PLANTING_COLOR);
  });
});
