import { describe, expect, it } from 'vitest';
import { COMMUNE_BANDS, SURVIVAL_COLORS, VILLAGE_BANDS } from '../../../server/domain/classes.ts';
import { translate } from '../i18n/translate.ts';
import { hexToRgb } from './color.ts';
import { buildLegend } from './legend.ts';
import { DEFAULT_LAYERS } from './layers.ts';

describe('buildLegend', () => {
  it('shows one section per visible thematic layer', () => {
    expect(buildLegend({ layers: DEFAULT_LAYERS, criterion: null }).map((s) => s.layer)).toEqual(['communes', 'villages', 'plots']);
    expect(buildLegend({ layers: ['districts'], criterion: null })).toEqual([]);
  });

  it('uses the commune bands of classes.ts, highest first', () => {
    const [communes] = buildLegend({ layers: ['communes'], criterion: null });
    const bands = communes.items.slice(0, COMMUNE_BANDS.length);
    expect(bands.map((i) => i.color)).toEqual(COMMUNE_BANDS.map((b) => b.color));
    expect(bands.map((i) => translate('vi', i.label, i.params))).toEqual(['19 tiêu chí', '15–18 tiêu chí', '10–14 tiêu chí', '5–9 tiêu chí', '0–4 tiêu chí']);
  });

  it('switches to met / not met for one criterion', () => {
    const [communes] = buildLegend({ layers: ['communes'], criterion: { no: 17, name: 'Môi trường' } });
    expect(translate('vi', communes.title, communes.titleParams)).toBe('Tiêu chí 17: Môi trường');
    expect(communes.items.map((i) => i.label).slice(0, 2)).toEqual(['legend.criterionMet', 'legend.criterionNotMet']);
  });

  it('uses the village band colours', () => {
    const [villages] = buildLegend({ layers: ['villages'], criterion: null });
    expect(villages.items.slice(0, VILLAGE_BANDS.length).map((i) => hexToRgb(i.color))).toEqual(VILLAGE_BANDS.map((b) => [...b.color]));
  });

  it('labels survival classes with the configured thresholds', () => {
    const [plots] = buildLegend({ layers: ['plots'], criterion: null, thresholds: { acceptedAbovePct: 80, rejectedBelowPct: 40 } });
    expect(plots.items[0].color).toBe(SURVIVAL_COLORS.accepted);
    expect(plots.items.slice(0, 3).map((i) => translate('en', i.label, i.params))).toEqual([
      'Accepted (above 80 %)',
      'Replant (40–80 %)',
      'Rejected (below 40 %)',
    ]);
  });
});
