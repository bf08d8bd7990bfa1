import { describe, expect, it } from 'vitest';
import {
  CHANGE_CLASSES,
  COMMUNE_BANDS,
  NO_DATA_COLOR,
  NOT_IN_PROGRAMME_COLOR,
  NTM_LEVEL_COLORS,
  TARGET_COLORS,
  VILLAGE_BANDS,
  VILLAGE_NO_DATA_COLOR,
} from '../../../../server/domain/classes.ts';
import { colorDistance, hexToRgb } from '../../lib/color.ts';
import { CRITERION_MET_COLOR, CRITERION_NOT_MET_COLOR } from '../communes/style.ts';

/** Every colour a commune can be filled with, in any style mode of the communes layer. */
const COMMUNE_COLORS: string[] = [
  ...COMMUNE_BANDS.map((b) => b.color),
  ...Object.values(NTM_LEVEL_COLORS),
  ...CHANGE_CLASSES.map((c) => c.color),
  ...Object.values(TARGET_COLORS),
  CRITERION_MET_COLOR,
  CRITERION_NOT_MET_COLOR,
  NOT_IN_PROGRAMME_COLOR,
  NO_DATA_COLOR,
];

describe('the village palette beside the communes', () => {
  const villageColors = [...VILLAGE_BANDS.map((b) => b.color), VILLAGE_NO_DATA_COLOR];

  it('shares no colour with any commune class', () => {
    for (const v of villageColors) for (const c of COMMUNE_COLORS) expect(hexToRgb(c), `village ${v} vs commune ${c}`).not.toEqual([...v]);
  });

  it('keeps every village class clearly apart from every commune class (more than 40 of 255 on some channel)', () => {
    for (const v of villageColors) for (const c of COMMUNE_COLORS) expect(colorDistance(v, hexToRgb(c)), `village ${v} vs commune ${c}`).toBeGreaterThan(40);
  });

  it('is sequential: more criteria met, darker dot', () => {
    const lightness = VILLAGE_BANDS.map((b) => b.color[0] + b.color[1] + b.color[2]);
    expect([...lightness].sort((a, b) => a - b)).toEqual(lightness);
  });
});
