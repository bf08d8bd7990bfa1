/**
 * An inspector in the field, on a phone-sized screen (390 × 844, touch): searches "TK 568", the map
 * flies there and outlines it; opens a lô that needs replanting; signs in; records an inspection with
 * two sample plots (the form shows the formula and the class); the lô turns from the replant colour
 * to the accepted colour on the map, and the panel lists the inspection in its history.
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { LocateResponse, PlotDetail, SearchResponse } from '../../server/domain/api.ts';
import { distance } from '@turf/distance';
import { point } from '@turf/helpers';
import type { WorklistResponse } from '../../server/domain/forest.ts';
import { SURVIVAL_COLORS } from '../../server/domain/classes.ts';
import { DEMO_USERS } from '../../server/auth/demo-users.ts';
import { describeBrowser, type Rgb } from './helpers/browser.ts';
import type { AtlasServer } from './helpers/server.ts';
import { withOnePage } from './helpers/session.ts';
import { colorDistance, hexToRgb } from '../../web/src/lib/color.ts';
import { AtlasDriver, ForestDriver } from './helpers/atlas.ts';

/** The survival class whose colour is nearest to a drawn colour. */
const nearestClass = (c: Rgb) =>
  (Object.entries(SURVIVAL_COLORS) as [string, string][]).map(([k, v]) => [k, colorDistance(c, hexToRgb(v))] as const).sort((a, b) => a[1] - b[1])[0]![0];

describeBrowser('forest inspection on a phone in Chromium', () => {
  let server: AtlasServer;
  let page: Page;
  let errors: string[];
  withOnePage({ width: 390, height: 844, isMobile: true }, (ctx) => {
    ({ server, page, errors } = ctx);
  });

  it('finds TK 568, opens a lô to replant and records an inspection that turns it green', async () => {
    // the lô: in TK 568, its latest inspection orders replanting (report 000: the 2022 planting at 62.83 %)
    const worklist = await server.get<WorklistResponse>('/api/forest/worklist?plantingYear=2022&unit=608');
    const row = worklist.rows.find((r) => r.tk === 568);
    expect(row, 'a lô to replant in TK 568').toBeTruthy();
    const before = await server.get<PlotDetail>(`/api/plots/${row!.plotId}`);
    const [lon, lat] = before.centroid;

    const atlas = new AtlasDriver(page, server.url);
    const forest = new ForestDriver(page, atlas);
    await atlas.open();

    // 1. search: the tiểu khu is found and the map flies to it
    const hits = await forest.search('TK 568');
    const api = await server.get<SearchResponse>(`/api/search?q=${encodeURIComponent('TK 568')}`);
    expect(hits.map((h) => h.label)).toEqual(api.hits.map((h) => h.label));
    expect(hits[0]).toEqual({ kind: 'tieukhu', label: 'Tiểu khu 568' });
    await forest.pickHit('Tiểu khu 568');
    expect((await page.locator('[data-testid="info-title"]').innerText()).trim()).toBe('Tiểu khu 568'); // the tiểu khu is selected (outlined)
    const zoom = await page.evaluate(() => window.__atlas!.map.getZoom());
    expect(zoom).toBeGreaterThanOrEqual(12); // lô are drawn
    await forest.closeInfo();

    // 2. the lô is drawn in the replant colour; tapping it opens its panel
    expect(nearestClass(await atlas.colorAt(lon, lat))).toBe('replant');
    const [x, y] = await atlas.screenPoint(lon, lat);
    await page.touchscreen.tap(x, y);
    const info = await atlas.infoPanel();
    expect(info.title).toBe(before.label);
    expect(info.text).toContain('Trồng dặm');
    // anonymous: no inspection button
    expect(await page.locator('[data-testid="record-inspection"]').count()).toBe(0);

    // 3. the inspector signs in (scope: Kon Tum city) and records: (15 + 14) / (16 + 16) = 90.63 % → accepted
    const inspector = DEMO_USERS.find((u) => u.username === 'inspector')!;
    await forest.signIn(inspector.username, inspector.password);
    const button = page.locator('[data-testid="record-inspection"]');
    await button.waitFor();
    const box = (await button.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(48); // a large touch target
    const r = await forest.recordInspection([
      { areaM2: 100, planted: 16, surviving: 15 },
      { areaM2: 100, planted: 16, surviving: 14 },
    ]);
    expect(r.formula).toContain('100 × 29 / 32');
    expect(r.formula).toContain('90,63 %');
    expect(r.result).toBe('Đạt');
    expect(r.saved).toContain('90,63 %');

    // 4. the record: history kept, class accepted — and the map redraws the lô green
    const after = await server.get<PlotDetail>(`/api/plots/${row!.plotId}`);
    const planting = after.plantings.find((p) => p.id === row!.plantingId)!;
    expect(planting.cls).toBe('accepted');
    expect(planting.inspections.length).toBe(before.plantings.find((p) => p.id === row!.plantingId)!.inspections.length + 1);
    await page.locator('[data-testid="inspection-history"] tbody tr').first().waitFor();
    expect(await page.locator('[data-testid="info-class"]').innerText()).toContain('Đạt');
    await forest.closeInfo();
    expect(nearestClass(await atlas.colorAt(lon, lat))).toBe('accepted');
    await page.screenshot({ path: '/tmp/forest-e2e-phone-after.png' });
    expect(errors).toEqual([]);
  });

  it('tells where the phone is: commune, tiểu khu, khoảnh, lô, WGS 84 and VN-2000, and the way to the open lô', async () => {
    const worklist = await server.get<WorklistResponse>('/api/forest/worklist?plantingYear=2021&unit=608&includeRejected=true');
    const [a, b] = [worklist.rows[0]!, worklist.rows[1]!];
    const here = await server.get<PlotDetail>(`/api/plots/${a.plotId}`);
    const there = await server.get<PlotDetail>(`/api/plots/${b.plotId}`);
    const [lon, lat] = here.centroid;
    const located = await server.get<LocateResponse>(`/api/locate?lon=${lon}&lat=${lat}`);
    await page.context().grantPermissions(['geolocation'], { origin: server.url });
    await page.context().setGeolocation({ longitude: lon, latitude: lat, accuracy: 8 });
    const atlas = new AtlasDriver(page, server.url);
    await atlas.open({ view: { lon: there.centroid[0], lat: there.centroid[1], zoom: 14 } });
    // open the other lô first: the card then gives distance and bearing to it
    const forest = new ForestDriver(page, atlas);
    await forest.search(`${b.tk}/${b.khoanh}/${b.lo}`);
    await forest.pickHit(b.label);
    await atlas.infoPanel();
    // the way to the open lô is in its sheet, where a thumb reaches it (lower two thirds of the screen)
    await page.locator('[data-testid="plot-way-locate"]').tap();
    const wayEl = page.locator('[data-testid="plot-way-value"]');
    await wayEl.waitFor();
    const km = distance(point(here.centroid), point(there.centroid), { units: 'kilometers' });
    const expected = km < 1 ? `${Math.round(km * 1000).toLocaleString('vi-VN')} m` : `${km.toLocaleString('vi-VN', { maximumFractionDigits: 2 })} km`;
    expect(await wayEl.innerText()).toContain(expected);
    expect((await page.locator('[data-testid="plot-way-locate"]').boundingBox())!.y).toBeGreaterThan(844 / 3);
    await forest.closeInfo();
    await page.locator('[data-testid="where-am-i"]').tap();
    const card = page.locator('[data-testid="where-card"]');
    await card.locator('[data-testid="where-vn2000"]').waitFor();
    expect(await card.locator('[data-testid="where-commune"]').innerText()).toContain(here.commune.name);
    // the lô label once, not "TK 568 · K 3 · TK 568 · K 3 · L 6"
    expect((await card.locator('[data-testid="where-forest"]').innerText()).trim()).toBe(here.label);
    const vn = await card.locator('[data-testid="where-vn2000"]').innerText();
    const fmt = (n: number) => n.toLocaleString('vi-VN', { maximumFractionDigits: 1 });
    expect(vn).toContain(`X = ${fmt(located.vn2000!.x)} m`);
    expect(vn).toContain(`Y = ${fmt(located.vn2000!.y)} m`);
    // the position is drawn: the blue dot of the marker
    await card.locator('.forest-close').tap();
    await atlas.waitIdle();
    const [r, g, b2] = await atlas.pixelAt(lon, lat);
    expect(b2 - Math.max(r, g), `blue position marker, got ${r},${g},${b2}`).toBeGreaterThan(80);
    expect(errors).toEqual([]);
  });
});
