/**
 * The projector palettes are checked, not assumed: WCAG contrast between neighbouring classes as
 * the legend lists them (the same colours the map draws), fills against the background or their
 * outline, labels against their halo, and — for the colour-blind-safe palette — the same classes
 * still apart under simulated protanopia, deuteranopia and tritanopia. The standard palette fails
 * that last check (it is why the colour-blind palette exists), which shows the check can fail.
 */
import { describe, expect, it } from 'vitest';
import type { CommuneStyleMode } from '../../../server/domain/classes.ts';
import { buildLegend } from '../lib/legend.ts';
import { buildStyle } from '../lib/style.ts';
import { contrastRatio, deltaE, simulate, type Deficiency } from './contrast.ts';
import { paletteColors, PALETTES, type Palette } from './palette.ts';

const MODES: CommuneStyleMode[] = ['count', 'level', 'change', 'criterion'];
const DEFICIENCIES: Deficiency[] = ['protanopia', 'deuteranopia', 'tritanopia'];

/** The swatches of a legend, in order: what a reader compares side by side. */
function legendColors(palette: Palette, what: CommuneStyleMode | 'plots'): string[] {
  const sections =
    what === 'plots'
      ? buildLegend({ layers: ['plots'], criterion: null, palette })
      : buildLegend({ layers: ['communes'], criterion: what === 'criterion' ? { no: 1, name: 'Quy hoạch' } : null, palette, commune: { mode: what, year: 2023, compare: 2020 } });
  return sections[0]!.items.map((i) => i.color);
}

const pairs = (list: string[]) => list.slice(1).map((c, i) => [list[i]!, c] as const);
const weakest = (list: string[], score: (a: string, b: string) => number) => Math.min(...pairs(list).map(([a, b]) => score(a, b)));

describe('palettes for the projector', () => {
  it('the legend shows the palette the map is drawn with (one home for the class colours)', () => {
    for (const palette of PALETTES) {
      const style = buildStyle({ origin: 'http://x', year: 2023, criterion: null, layers: ['communes'], selection: null, palette });
      const fill = style.layers.find((l) => l.id === 'communes-fill')! as { paint: { 'fill-color': unknown[] } };
      const drawn = JSON.stringify(fill.paint['fill-color']);
      for (const c of legendColors(palette, 'count')) expect(drawn, `${palette} ${c}`).toContain(c);
    }
    expect(legendColors('contrast', 'count')).not.toEqual(legendColors('standard', 'count'));
    expect(legendColors('colorblind', 'plots')).not.toEqual(legendColors('standard', 'plots'));
  });

  it('high contrast: neighbouring classes ≥ 1.5:1, every fill ≥ 3:1 against the background or its outline, labels ≥ 7:1 on their halo', () => {
    const p = paletteColors('contrast');
    for (const what of [...MODES, 'plots'] as const) {
      const colors = legendColors('contrast', what);
      expect(weakest(colors, contrastRatio), what).toBeGreaterThanOrEqual(1.5);
      for (const c of colors) expect(Math.max(contrastRatio(c, p.background), contrastRatio(c, p.outline)), `${what} ${c}`).toBeGreaterThanOrEqual(3);
    }
    expect(contrastRatio(p.label, p.halo)).toBeGreaterThanOrEqual(7);
  });

  it('colour-blind safe: ordinal classes step in lightness (≥ 1.5:1) and every neighbour stays apart (ΔE ≥ 15) for protan, deutan and tritan readers', () => {
    for (const what of ['count', 'level', 'change'] as const) expect(weakest(legendColors('colorblind', what), contrastRatio), what).toBeGreaterThanOrEqual(1.5);
    for (const what of [...MODES, 'plots'] as const) {
      for (const d of DEFICIENCIES) {
        expect(weakest(legendColors('colorblind', what), (a, b) => deltaE(simulate(a, d), simulate(b, d))), `${what} ${d}`).toBeGreaterThanOrEqual(15);
      }
    }
    expect(contrastRatio(paletteColors('colorblind').label, paletteColors('colorblind').halo)).toBeGreaterThanOrEqual(4.5);
  });

  it('the check tells palettes apart: the standard level colours merge for a deuteranope (ΔE < 15)', () => {
    expect(weakest(legendColors('standard', 'level'), (a, b) => deltaE(simulate(a, 'deuteranopia'), simulate(b, 'deuteranopia')))).toBeLessThan(15);
  });

  it('the WCAG formula gives the known values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(simulate('#ffffff', 'deuteranopia')).toBe('#ffffff');
  });
});
