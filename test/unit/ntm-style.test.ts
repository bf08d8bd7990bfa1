/**
 * The commune style modes (level, one criterion, change between two years, targets)
 * and their legends: evaluated with maplibre's own expression engine, from the shared colours.
 */
import { describe, expect, it } from 'vitest';
import { createExpression, validateStyleMin, type ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec';
import {
  NO_DATA_COLOR,
  NOT_IN_PROGRAMME_COLOR,
  NTM_LEVEL_COLORS,
  CHANGE_CLASSES,
  TARGET_COLORS,
} from '../../server/domain/classes.ts';
import { buildLegend } from '../../web/src/lib/legend.ts';
import {
  buildStyle,
  communeChangeColorExpression,
  communeLevelColorExpression,
  communeStyleOf,
  communeTargetColorExpression,
  type StyleOptions,
} from '../../web/src/lib/style.ts';
import { formatHash, parseHash, DEFAULT_STATE } from '../../web/src/lib/urlState.ts';

function colorOf(expr: ExpressionSpecification, properties: Record<string, unknown>): string {
  const spec = { type: 'color', 'property-type': 'data-driven', expression: { interpolated: false, parameters: ['zoom', 'feature'] } };
  const parsed = createExpression(expr, spec as never);
  if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
  const c = parsed.value.evaluate({ zoom: 8 }, { type: 'Polygon', properties } as never) as { r: number; g: number; b: number };
  const hex = (v: number) => Math.round(v * 255).toString(16).padStart(2, '0');
  return `#${hex(c.r)}${hex(c.g)}${hex(c.b)}`;
}
const OPTS: StyleOptions = { origin: 'http://atlas.test', year: 2020, criterion: null, layers: ['communes'], selection: null };
const communesUrl = (o: StyleOptions) => (buildStyle(o).sources.communes as { tiles: string[] }).tiles[0];

describe('commune style: NTM level', () => {
  const e = communeLevelColorExpression();
  it('tells recognised levels apart from meeting all criteria without recognition', () => {
    expect(colorOf(e, { in_ntm: true, criteria_met: 19, recognised: true, level: 'model', meets_all: true })).toBe(NTM_LEVEL_COLORS.model);
    expect(colorOf(e, { in_ntm: true, criteria_met: 19, recognised: true, level: 'advanced', meets_all: true })).toBe(NTM_LEVEL_COLORS.advanced);
    expect(colorOf(e, { in_ntm: true, criteria_met: 19, recognised: true, level: 'ntm', meets_all: true })).toBe(NTM_LEVEL_COLORS.ntm);
    // recognised earlier, a criterion lost since: still recognised
    expect(colorOf(e, { in_ntm: true, criteria_met: 18, recognised: true, level: 'ntm', meets_all: false })).toBe(NTM_LEVEL_COLORS.ntm);
    expect(colorOf(e, { in_ntm: true, criteria_met: 19, recognised: false, level: 'none', meets_all: true })).toBe(NTM_LEVEL_COLORS.meets_not_recognised);
    expect(colorOf(e, { in_ntm: true, criteria_met: 12, recognised: false, level: 'none', meets_all: false })).toBe(NTM_LEVEL_COLORS.none);
  });
  it('keeps wards and townships neutral and communes without data light', () => {
    expect(colorOf(e, { in_ntm: false })).toBe(NOT_IN_PROGRAMME_COLOR);
    expect(colorOf(e, { in_ntm: true })).toBe(NO_DATA_COLOR);
  });
});

describe('commune style: change between two years', () => {
  const e = communeChangeColorExpression();
  it('colours criteria gained or lost by class', () => {
    const cls = (d: number) => CHANGE_CLASSES.find((c) => d >= c.min && d <= c.max)!.color;
    for (const d of [-3, -1, 0, 1, 2, 3, 5, 6, 12]) expect(colorOf(e, { in_ntm: true, criteria_met: 10, change: d }), String(d)).toBe(cls(d));
    expect(colorOf(e, { in_ntm: true, criteria_met: 10 })).toBe(NO_DATA_COLOR);
    expect(colorOf(e, { in_ntm: false, change: 4 })).toBe(NOT_IN_PROGRAMME_COLOR);
  });
  it('asks the tiles for the compared year only in that mode, and reloads them after an edit', () => {
    expect(communesUrl({ ...OPTS, commune: { mode: 'change', compare: 2015 } })).toBe('http://atlas.test/api/tiles/communes/{z}/{x}/{y}.mvt?year=2020&compare=2015');
    expect(communesUrl({ ...OPTS, criterion: 5, commune: { mode: 'level', compare: 2015 } })).toBe('http://atlas.test/api/tiles/communes/{z}/{x}/{y}.mvt?year=2020');
    expect(communesUrl({ ...OPTS, criterion: 5, commune: { mode: 'criterion', compare: null, revision: 3 } })).toBe('http://atlas.test/api/tiles/communes/{z}/{x}/{y}.mvt?year=2020&criterion=5&v=3');
  });
});

describe('commune style: targets of the year', () => {
  const e = communeTargetColorExpression();
  it('marks the communes planned for NTM, nâng cao and kiểu mẫu', () => {
    expect(colorOf(e, { in_ntm: true, target_level: 'ntm' })).toBe(TARGET_COLORS.ntm);
    expect(colorOf(e, { in_ntm: true, target_level: 'advanced' })).toBe(TARGET_COLORS.advanced);
    expect(colorOf(e, { in_ntm: true, target_level: 'model' })).toBe(TARGET_COLORS.model);
    expect(colorOf(e, { in_ntm: true, criteria_met: 19 })).toBe(TARGET_COLORS.none);
    expect(colorOf(e, { in_ntm: false })).toBe(NOT_IN_PROGRAMME_COLOR);
  });
});

describe('commune style modes in the style, the legend and the URL', () => {
  it('builds a valid style in every mode', () => {
    for (const mode of ['count', 'level', 'criterion', 'change', 'targets'] as const) {
      expect(validateStyleMin(buildStyle({ ...OPTS, criterion: 3, commune: { mode, compare: 2015 } })), mode).toEqual([]);
    }
  });
  it('falls back to the count without a criterion, and to one criterion for older callers', () => {
    expect(communeStyleOf({ criterion: null, commune: { mode: 'criterion', compare: null } }).mode).toBe('count');
    expect(communeStyleOf({ criterion: 4 }).mode).toBe('criterion');
    expect(communeStyleOf({ criterion: null }).mode).toBe('count');
  });
  it('gives each mode its legend, in the map colours', () => {
    const legend = (mode: 'level' | 'change' | 'targets', compare: number | null = 2015) =>
      buildLegend({ layers: ['communes'], criterion: null, commune: { mode, year: 2020, compare } })[0]!;
    const level = legend('level');
    expect([level.title, level.titleParams]).toEqual(['ntm.legend.level', { year: 2020 }]);
    expect(level.items.map((i) => i.color).slice(0, 5)).toEqual([NTM_LEVEL_COLORS.model, NTM_LEVEL_COLORS.advanced, NTM_LEVEL_COLORS.ntm, NTM_LEVEL_COLORS.meets_not_recognised, NTM_LEVEL_COLORS.none]);
    const change = legend('change');
    expect([change.title, change.titleParams]).toEqual(['ntm.legend.change', { from: 2015, to: 2020 }]);
    expect(change.items.slice(0, CHANGE_CLASSES.length).map((i) => i.color).sort()).toEqual(CHANGE_CLASSES.map((c) => c.color).sort());
    expect(legend('change', null).title).toBe('ntm.legend.pickCompare');
    expect(legend('targets').items[0]!.color).toBe(TARGET_COLORS.ntm);
  });
  it('keeps the style and the compared year in the link', () => {
    const hash = formatHash({ ...DEFAULT_STATE, year: 2020, style: 'change', compare: 2015 });
    expect(hash).toBe('#year=2020&style=change&compare=2015');
    expect(parseHash(hash)).toMatchObject({ year: 2020, style: 'change', compare: 2015 });
    expect(parseHash('#style=bogus&compare=abc').style).toBeUndefined();
    expect(formatHash({ ...DEFAULT_STATE, style: 'count' })).toBe('');
  });
});
