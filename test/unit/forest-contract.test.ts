/**
 * The forest contract (server/domain/forest.ts) and the web's pure forest helpers: the inspection
 * body (sample plots by count or design density, line-precise refusals), trees to add for
 * replanting, the lô filter in the URL and in the map style, the phone camera.
 */
import { describe, expect, it } from 'vitest';
import { InspectionBody, plannedTrees, resolvePlots, treesToAdd } from '../../server/domain/forest.ts';
import { assessSurvival } from '../../server/domain/survival.ts';
import { formatPlotFilter, isFiltered, NO_PLOT_FILTER, parsePlotFilter } from '../../web/src/forest/plotFilter.ts';
import { plotFilterExpression, buildStyle } from '../../web/src/lib/style.ts';
import { cameraAboveSheet } from '../../web/src/forest/phoneCamera.ts';
import { compassOf } from '../../web/src/forest/WhereAmI.tsx';

const base = {
  plantingId: 7,
  inspectedOn: '2023-11-20',
  stage: 2,
  lastInspectionId: null,
  clientRequestId: 'abcdef12-3456',
  plots: [{ areaM2: 100, planted: 16, surviving: 14 }],
};
const issues = (body: unknown) => {
  const r = InspectionBody.safeParse(body);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};

describe('InspectionBody', () => {
  it('accepts a plain inspection and defaults the photos to none', () => {
    const r = InspectionBody.parse(base);
    expect(r.photos).toEqual([]);
    expect(r.plots).toEqual(base.plots);
  });

  it('names the sample plot whose surviving count exceeds the planted one', () => {
    const list = issues({ ...base, plots: [{ areaM2: 100, planted: 16, surviving: 14 }, { areaM2: 100, planted: 10, surviving: 11 }, { areaM2: 100, planted: 9, surviving: 12 }] });
    expect(list.map((i) => i.path)).toEqual(['plots.1.surviving', 'plots.2.surviving']);
    expect(list[0]!.message).toBe('Số cây sống (11) lớn hơn số cây trồng (10) ở ô tiêu chuẩn 2 / Surviving (11) exceeds planted (10) in sample plot 2');
    expect(list[1]!.message).toContain('sample plot 3');
  });

  it('refuses zero planted, a density that gives no tree, both forms at once, and neither', () => {
    expect(issues({ ...base, plots: [{ areaM2: 100, planted: 0, surviving: 0 }] })[0]).toMatchObject({ path: 'plots.0.planted' });
    expect(issues({ ...base, plots: [{ areaM2: 1, designPerHa: 10, surviving: 0 }] })[0]!.message).toContain('gives 0 trees');
    expect(issues({ ...base, plots: [{ areaM2: 100, planted: 16, designPerHa: 1600, surviving: 3 }] })[0]!.message).toContain('not both');
    expect(issues({ ...base, plots: [{ areaM2: 100, surviving: 3 }] })[0]!.message).toContain('missing');
  });

  it('refuses no plots, a missing list, a future date, a short request id and unknown fields', () => {
    expect(issues({ ...base, plots: [] })[0]!.message).toContain('At least one sample plot');
    expect(issues({ ...base, plots: undefined }).map((i) => i.path)).toEqual(['plots']);
    expect(issues({ ...base, inspectedOn: '2999-01-01' })[0]!.message).toContain('future');
    expect(issues({ ...base, clientRequestId: 'short' })[0]!.path).toBe('clientRequestId');
    expect(issues({ ...base, lastInspectionId: undefined })[0]!.path).toBe('lastInspectionId');
    expect(issues({ ...base, survivalPct: 99 }).length).toBeGreaterThan(0);
  });

  it('derives planted from the design density: round(density × area / 10 000)', () => {
    expect(plannedTrees({ areaM2: 500, designPerHa: 1660 })).toBe(83);
    expect(plannedTrees({ areaM2: 100, planted: 16 })).toBe(16);
    expect(plannedTrees({ areaM2: 100 })).toBeNull();
    const plots = resolvePlots([{ areaM2: 500, designPerHa: 1660, surviving: 70 }]);
    expect(assessSurvival(plots)).toMatchObject({ survivalPct: 84.34, result: 'replant' });
  });
});

describe('treesToAdd', () => {
  it('is the dead share of the design density over the area', () => {
    expect(treesToAdd(3.54, 1600, 64.26)).toBe(Math.round(3.54 * 1600 * 0.3574)); // 2024
    expect(treesToAdd(1, 1600, 100)).toBe(0);
    expect(treesToAdd(1, 1600, 0)).toBe(1600);
  });
});

describe('lô filter', () => {
  it('round-trips through the URL parameters and drops malformed values', () => {
    const f = { plantingYear: 2021, unit: '608', funding: 'state' as const, classes: ['replant' as const, 'rejected' as const] };
    const p = new URLSearchParams(formatPlotFilter(f).join('&'));
    expect(parsePlotFilter(p)).toEqual(f);
    expect(parsePlotFilter(new URLSearchParams('py=21&punit=abc&pfund=loan&pcls=x,accepted'))).toEqual({ ...NO_PLOT_FILTER, classes: ['accepted'] });
    expect(isFiltered(NO_PLOT_FILTER)).toBe(false);
    expect(formatPlotFilter(NO_PLOT_FILTER)).toEqual([]);
  });

  it('becomes a map filter on commune, funding and class, and a tile parameter for the year', () => {
    const f = { plantingYear: 2021, communes: ['23332', '23338'], funding: 'self' as const, classes: ['replant' as const], revision: 3 };
    expect(plotFilterExpression(f)).toEqual([
      'all',
      ['in', ['get', 'commune_code'], ['literal', ['23332', '23338']]],
      ['==', ['get', 'funding'], 'self'],
      ['in', ['get', 'cls'], ['literal', ['replant']]],
    ]);
    expect(plotFilterExpression({ ...f, communes: null, funding: null, classes: [] })).toBeNull();
    const style = buildStyle({ origin: 'http://x', year: 2024, criterion: null, layers: ['plots'], selection: null, plotFilter: f });
    const src = style.sources.plots as { tiles: string[] };
    expect(src.tiles[0]).toBe('http://x/api/tiles/plots/{z}/{x}/{y}.mvt?plantingYear=2021&rev=3');
    expect(style.layers.find((l) => l.id === 'plots-fill')).toHaveProperty('filter');
    const plain = buildStyle({ origin: 'http://x', year: 2024, criterion: null, layers: ['plots'], selection: null });
    expect((plain.sources.plots as { tiles: string[] }).tiles[0]).toBe('http://x/api/tiles/plots/{z}/{x}/{y}.mvt');
    expect(plain.layers.find((l) => l.id === 'plots-fill')).not.toHaveProperty('filter');
  });
});

describe('phone camera and compass', () => {
  it('moves the centre south of the place by the sheet offset', () => {
    const c = cameraAboveSheet([108, 14.3], 15.5, 200);
    expect(c.kind).toBe('center');
    if (c.kind !== 'center') return;
    expect(c.center[0]).toBe(108);
    // 200 px at zoom 15.5: 200 × 360 / (512 × 2^15.5) × cos(14.3°) ≈ 0.00294°
    expect(14.3 - c.center[1]).toBeCloseTo(0.00294, 5);
  });

  it('names the compass point of a bearing', () => {
    expect(compassOf(0)).toEqual({ deg: 0, point: 'N' });
    expect(compassOf(-90)).toEqual({ deg: 270, point: 'W' });
    expect(compassOf(130).point).toBe('SE');
  });
});
