import { describe, expect, it } from 'vitest';
import { SURVIVAL_COLORS } from '../../../../server/domain/classes.ts';
import { translate } from '../../i18n/translate.ts';
import { buildLegend } from '../../lib/legend.ts';

describe('the lô legend', () => {
  it('labels survival classes with the configured thresholds', () => {
    const [plots] = buildLegend({ layers: ['plots'], criterion: null, thresholds: { acceptedAbovePct: 80, rejectedBelowPct: 40 } });
    expect(plots.items[0].color).toBe(SURVIVAL_COLORS.accepted);
    expect(plots.items.slice(0, 3).map((i) => translate('en', i.label, i.params))).toEqual([
      'Accepted (above 80 %)',
      'Replant (40–80 %)',
      'Rejected (below 40 %)',
    ]);
  });});
