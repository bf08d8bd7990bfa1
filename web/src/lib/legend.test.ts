import { describe, expect, it } from 'vitest';
import { COMMUNE_BANDS } from '../../../server/domain/classes.ts';
import { translate } from '../i18n/translate.ts';
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

});
