/**
 * The planner's shared contract: the score formula, the search and area schemas
 * (bilingual refusals), the plan draft helpers of the web app and the rectangle of the drawing tool.
 */
import { describe, expect, it } from 'vitest';
import { AreaQuery, MAX_AREA_VERTICES, PlanBody, SiteSearch, siteScore, type SiteRow } from '../../server/domain/planner.ts';
import { addSite, draftBody, draftTotal, emptyDraft, rankRows, removeSite } from '../../web/src/planner/draft.ts';
import { ringOf } from '../../web/src/planner/AreaPanel.tsx';

const row = (id: number, areaHa: number, c: SiteRow['components'], over: Partial<SiteRow> = {}): SiteRow => ({
  plotId: id, label: `TK 568 · K 1 · L ${id}`, tk: 568, khoanh: 1, lo: String(id), communeCode: '23332', communeName: 'Chư Hreng', areaHa,
  ldlr: 'DT2', forestFunction: 'production', ownerKind: 'household', churung: null, lastPlanted: null, rejectedNotReplanted: false,
  nearestVillage: { code: '23332-01', name: 'Thôn 1', distanceM: 1000 * id }, pointDistanceM: null, planned: false, components: c,
  score: 0, center: [108, 14.3], bbox: [108, 14.3, 108.01, 14.31], geometry: null, ...over,
});

describe('score', () => {
  it('is the weighted mean of the applicable components, 0–100', () => {
    const c = { area: 1, access: 0.5, point: null, bare: 1 };
    expect(siteScore(c, { area: 1, access: 1, point: 1, bare: 0 })).toBe(75);
    expect(siteScore(c, { area: 0, access: 1, point: 5, bare: 0 })).toBe(50); // no point chosen: its weight does not count
    expect(siteScore({ ...c, point: 0 }, { area: 0, access: 1, point: 1, bare: 0 })).toBe(25);
    expect(siteScore(c, { area: 0, access: 0, point: 0, bare: 0 })).toBe(0);
  });

  it('re-ranks results with new weights and sorts by area, distance or label', () => {
    const rows = [row(1, 5, { area: 0.2, access: 1, point: null, bare: 1 }), row(2, 25, { area: 1, access: 0.1, point: null, bare: 0 })];
    expect(rankRows(rows, { area: 0, access: 1, point: 0, bare: 0 }, 'score').map((r) => r.plotId)).toEqual([1, 2]);
    expect(rankRows(rows, { area: 1, access: 0, point: 0, bare: 0 }, 'score').map((r) => r.plotId)).toEqual([2, 1]);
    expect(rankRows(rows, { area: 1, access: 1, point: 1, bare: 1 }, 'distance').map((r) => r.plotId)).toEqual([1, 2]);
    expect(rankRows(rows, { area: 1, access: 1, point: 1, bare: 1 }, 'area').map((r) => r.plotId)).toEqual([2, 1]);
  });
});

describe('schemas', () => {
  it('fills defaults and refuses unknown fields with both languages', () => {
    const s = SiteSearch.parse({});
    expect(s).toMatchObject({ year: 2023, rejected: 'include', limit: 500, geometry: true, excludePlanned: false });
    const bad = SiteSearch.safeParse({ areaMin: 3, areaMax: 1 });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.message).toMatch(/ \/ /);
    expect(SiteSearch.safeParse({ nope: 1 }).success).toBe(false);
  });

  it('area: polygons inside the province, closed, not too many vertices; or a named area', () => {
    const ring = [[108, 14.5], [108.1, 14.5], [108.1, 14.6], [108, 14.5]];
    expect(AreaQuery.safeParse({ type: 'Polygon', coordinates: [ring] }).success).toBe(true);
    expect(AreaQuery.safeParse({ type: 'Polygon', coordinates: [ring.slice(0, 3)] }).success).toBe(false);
    expect(AreaQuery.safeParse({ type: 'Polygon', coordinates: [[...ring.slice(0, 3), [108.05, 14.55]]] }).success).toBe(false);
    expect(AreaQuery.safeParse({ type: 'Polygon', coordinates: [[[100, 14.5], [108.1, 14.5], [108.1, 14.6], [100, 14.5]]] }).success).toBe(false);
    const big = Array.from({ length: MAX_AREA_VERTICES + 1 }, (_, i) => [108 + 0.01 * Math.cos(i), 14.5 + 0.01 * Math.sin(i)]);
    expect(AreaQuery.safeParse({ type: 'Polygon', coordinates: [[...big, big[0]]] }).success).toBe(false);
    expect(AreaQuery.parse({ commune: '23332' })).toEqual({ commune: '23332' });
    expect(AreaQuery.parse({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] } })).toEqual({ type: 'Polygon', coordinates: [ring] });
  });
});

describe('plan draft (web)', () => {
  it('adds a lô once, totals it, removes it, and builds the body POST/PUT expect', () => {
    let d = emptyDraft(2023, '23332');
    const r = row(3, 12.34, { area: 1, access: 1, point: null, bare: 1 });
    d = addSite(addSite(d, r), r);
    d = addSite(d, row(4, 1.5, { area: 0.1, access: 1, point: null, bare: 1 }));
    expect(d.sites).toHaveLength(2);
    expect(draftTotal(d)).toBe(13.84);
    d = { ...d, name: ' Kế hoạch ', households: '9', sites: d.sites.map((s) => (s.plotId === 4 ? { ...s, areaHa: 1 } : s)) };
    const body = draftBody(d, 'key-12345678');
    expect(PlanBody.parse(body)).toMatchObject({ name: 'Kế hoạch', households: 9, sites: [{ plotId: 3 }, { plotId: 4, areaHa: 1 }], clientRequestId: 'key-12345678' });
    expect(draftTotal(removeSite(d, 3))).toBe(1);
    expect(draftBody({ ...d, id: 7, version: 2 })).toMatchObject({ version: 2 });
  });

  it('a rectangle from two corners is a closed ring', () => {
    expect(ringOf('rectangle', [[108.1, 14.6], [108, 14.5]])).toEqual([[108, 14.5], [108.1, 14.5], [108.1, 14.6], [108, 14.6], [108, 14.5]]);
    expect(ringOf('polygon', [[1, 1], [2, 1]])).toBeNull();
  });
});
