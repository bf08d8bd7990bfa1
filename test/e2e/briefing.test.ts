/**
 * Meetings in Chromium (docs/meetings.md): the palettes change the map and its legend; a planner
 * saves three views and builds a briefing of them (notes, reorder); after a reload the briefing is
 * there; it is presented with the keys presenters' clickers send (→ ← PageDown PageUp Space);
 * the network goes away mid-presentation and the remaining views still draw (pixel probe at a
 * known commune in the view's palette). Screenshots in Vietnamese: the views screen on a desk and
 * a phone, the presentation on a projector-like 1280×720 and on a phone.
 */
import { expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { CommuneDetail, SearchResponse } from '../../server/domain/api.ts';
import { COMMUNE_BANDS, communeBand } from '../../server/domain/classes.ts';
import type { BriefingOut, BriefingSummary } from '../../server/domain/views.ts';
import { DEMO_USERS } from '../../server/auth/demo-users.ts';
import { paletteColors } from '../../web/src/layers/palette.ts';
import { colorDistance, hexToRgb } from '../../web/src/lib/color.ts';
import { describeBrowser, openPage } from './helpers/browser.ts';
import { AtlasDriver, ForestDriver } from './helpers/atlas.ts';
import type { AtlasServer } from './helpers/server.ts';
import { closeAfterEach, withServerAndBrowser } from './helpers/session.ts';

const TOLERANCE = 3;

describeBrowser('meetings: saved views, briefings, presentation and palettes', () => {
  let server: AtlasServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });
  const closeLater = closeAfterEach();

  /** Chư Hreng (Kon Tum city): a point inside it and its 2023 band. */
  async function chuHreng(): Promise<{ lon: number; lat: number; band: (typeof COMMUNE_BANDS)[number]['id'] }> {
    const s = await server.get<SearchResponse>(`/api/search?q=${encodeURIComponent('Chư Hreng')}`);
    const hit = s.hits.find((h) => h.kind === 'commune')!;
    const d = await server.get<CommuneDetail>(`/api/communes/${hit.id}?year=2023`);
    return { lon: hit.center[0], lat: hit.center[1], band: communeBand(d.criteriaMet!) };
  }

  const legendColors = (page: Page) => page.locator('[data-testid="legend-communes"] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-color')));

  it('the palette choice recolours the map and the legend, and goes into the link', async () => {
    const p = await openPage(browser, { width: 1440, height: 900 });
    closeLater(p.close);
    const atlas = new AtlasDriver(p.page, server.url);
    const c = await chuHreng();
    await atlas.open({ view: { lon: c.lon, lat: c.lat, zoom: 11 }, year: 2023, layers: ['communes'] });
    const standard = paletteColors('standard').communeBands[c.band];
    expect(colorDistance(await atlas.colorAt(c.lon, c.lat), hexToRgb(standard))).toBeLessThanOrEqual(TOLERANCE);
    for (const palette of ['contrast', 'colorblind'] as const) {
      await p.page.locator('[data-testid="palette-select"]').selectOption(palette);
      await p.page.waitForFunction((pl) => location.hash.includes(`palette=${pl}`), palette);
      await p.page.waitForFunction(() => window.__atlas?.idle === false, undefined, { timeout: 3_000 }).catch(() => {});
      await atlas.waitIdle();
      const want = paletteColors(palette).communeBands[c.band];
      expect(want).not.toBe(standard);
      await expect.poll(async () => colorDistance(await atlas.colorAt(c.lon, c.lat), hexToRgb(want)), { timeout: 30_000, message: palette }).toBeLessThanOrEqual(TOLERANCE);
      expect(await legendColors(p.page)).toContain(want);
      expect(await legendColors(p.page)).not.toContain(standard);
      if (palette === 'contrast') await p.page.screenshot({ path: 'tmp/meetings-palette-contrast.png' });
    }
    expect(p.errors).toEqual([]);
  });

  it('builds a briefing of three views, reloads, presents it with the keyboard and keeps going offline', async () => {
    const p = await openPage(browser, { width: 1440, height: 900 });
    closeLater(p.close);
    const { page } = p;
    const atlas = new AtlasDriver(page, server.url);
    const c = await chuHreng();
    const at = (zoom: number) => `map=${zoom}/${c.lat}/${c.lon}`;
    const views = [
      { name: 'Toàn tỉnh – số tiêu chí 2023', hash: `year=2023&layers=communes,districts` },
      { name: 'Chư Hreng – tương phản cao', hash: `${at(11)}&year=2023&layers=communes&palette=contrast` },
      { name: 'Chư Hreng – mù màu', hash: `${at(13)}&year=2023&layers=communes&palette=colorblind&panel=collapsed` },
    ];
    await atlas.open();
    const planner = DEMO_USERS.find((u) => u.username === 'planner')!;
    await new ForestDriver(page, atlas).signIn(planner.username, planner.password);

    // 1. three views saved from the map, through the header's "Trình bày"
    for (const v of views) {
      await page.goto('about:blank');
      await page.goto(`${server.url}/#${v.hash}`);
      await atlas.waitIdle();
      await page.locator('[data-testid="meetings-open"]').click();
      await page.locator('[data-testid="view-name"]').fill(v.name);
      await page.locator('[data-testid="view-save"]').click();
      await page.locator('[data-testid="views-message"]', { hasText: v.name }).waitFor();
    }
    await page.locator('[data-testid="view-list"] li', { hasText: views[2]!.name }).waitFor();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: 'tmp/meetings-views-desktop.png', fullPage: true });

    // 2. a briefing of them: title, notes, the last view moved up to second place, then back
    await page.locator('[data-testid="briefing-new"]').click();
    await page.locator('[data-testid="briefing-title"]').fill('Giao ban nông thôn mới tháng 11');
    for (const v of views) await page.locator('[data-testid="view-list"] li', { hasText: v.name }).locator('[data-testid="view-add"]').click();
    const items = page.locator('[data-testid="briefing-item"]');
    await expect.poll(() => items.count()).toBe(3);
    const notes = ['Toàn tỉnh: số tiêu chí đạt năm 2023', 'Chư Hreng trên máy chiếu', 'Cùng xã, bảng màu cho người mù màu'];
    for (let i = 0; i < 3; i++) await items.nth(i).locator('[data-testid="item-note"]').fill(notes[i]!);
    await page.screenshot({ path: 'tmp/meetings-briefing-editor-desktop.png', fullPage: true });
    await items.nth(2).locator('[data-testid="item-up"]').click();
    expect(await items.nth(1).locator('[data-testid="item-title"]').inputValue()).toBe(views[2]!.name);
    await items.nth(1).locator('[data-testid="item-down"]').click();
    await page.locator('[data-testid="briefing-save"]').click();
    await page.locator('[data-testid="views-message"]', { hasText: 'Giao ban nông thôn mới tháng 11' }).waitFor();

    const list = await server.get<BriefingSummary[]>('/api/briefings');
    const id = list.find((b) => b.title === 'Giao ban nông thôn mới tháng 11')!.id;
    const saved = await server.get<BriefingOut>(`/api/briefings/${id}`);
    expect(saved.items.map((i) => [i.title, i.note])).toEqual(views.map((v, i) => [v.name, notes[i]]));
    // the print CLI's contract: each item's query is the share link the map writes
    const [q1, q2, q3] = saved.items.map((i) => new URLSearchParams(i.query));
    expect([q1!.get('year'), q1!.get('layers'), q1!.get('palette')]).toEqual(['2023', 'communes,districts', null]);
    expect([q2!.get('map')?.split('/')[0], q2!.get('palette'), q2!.get('layers')]).toEqual(['11', 'contrast', 'communes']);
    expect([q3!.get('map')?.split('/')[0], q3!.get('palette'), q3!.get('panel')]).toEqual(['13', 'colorblind', 'collapsed']);

    // 3. reload: the briefing is still there
    await page.reload();
    await page.locator(`[data-testid="briefing-${id}"]`).waitFor();
    expect(p.errors).toEqual([]);

    // 4. the meeting room's computer (a fresh browser: nothing cached), a projector-sized window
    const room = await openPage(browser, { width: 1280, height: 720 });
    closeLater(room.close);
    const mp = room.page;
    const roomAtlas = new AtlasDriver(mp, server.url);
    await mp.goto(`${server.url}/#/views`);
    const row = mp.locator(`[data-testid="briefing-${id}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain('3 trang');
    await row.locator('[data-testid="briefing-present"]').click();
    const present = mp.locator('[data-testid="present"][data-ready="true"]');
    await present.waitFor({ timeout: 90_000 });
    await roomAtlas.waitIdle();
    const title = () => mp.locator('[data-testid="present-title"]').innerText();
    const slide = () => mp.locator('[data-testid="present"]').getAttribute('data-slide');
    expect(await title()).toBe(views[0]!.name);
    expect(await mp.locator('[data-testid="present-note"]').innerText()).toBe(notes[0]);
    expect(await mp.locator('.header, .side-panel').count(), 'no editing chrome').toBe(0);
    await mp.screenshot({ path: 'tmp/meetings-present-1280x720.png' });

    for (const [key, want] of [['ArrowRight', '1'], ['ArrowLeft', '0'], ['PageDown', '1'], ['PageUp', '0'], ['Space', '1']] as const) {
      await mp.keyboard.press(key);
      await expect.poll(slide, { message: key }).toBe(want);
    }
    expect(await title()).toBe(views[1]!.name);
    await roomAtlas.waitIdle();
    const contrast = paletteColors('contrast').communeBands[c.band];
    await expect.poll(async () => colorDistance(await roomAtlas.colorAt(c.lon, c.lat), hexToRgb(contrast)), { timeout: 30_000 }).toBeLessThanOrEqual(TOLERANCE);
    expect(await legendColors(mp)).toContain(contrast);
    await mp.screenshot({ path: 'tmp/meetings-present-contrast-1280x720.png' });

    // 5. the meeting room has no network: the remaining view still draws, and so do the others
    await mp.context().setOffline(true);
    expect(await mp.evaluate(() => navigator.onLine)).toBe(false);
    await mp.keyboard.press('PageDown');
    await expect.poll(slide).toBe('2');
    expect(await title()).toBe(views[2]!.name);
    await mp.waitForFunction(() => window.__atlas?.idle === false, undefined, { timeout: 3_000 }).catch(() => {});
    await roomAtlas.waitIdle();
    const colorblind = paletteColors('colorblind').communeBands[c.band];
    await expect.poll(async () => colorDistance(await roomAtlas.colorAt(c.lon, c.lat), hexToRgb(colorblind)), { timeout: 30_000, message: 'offline: view 3 in its palette' }).toBeLessThanOrEqual(TOLERANCE);
    expect(await legendColors(mp)).toContain(colorblind);
    await mp.screenshot({ path: 'tmp/meetings-present-offline-1280x720.png' });
    await mp.keyboard.press('Home');
    await expect.poll(slide).toBe('0');
    await mp.waitForFunction(() => window.__atlas?.idle === false, undefined, { timeout: 3_000 }).catch(() => {});
    await roomAtlas.waitIdle();
    const standard = paletteColors('standard').communeBands[c.band];
    await expect.poll(async () => colorDistance(await roomAtlas.colorAt(c.lon, c.lat), hexToRgb(standard)), { timeout: 30_000, message: 'offline: view 1' }).toBeLessThanOrEqual(TOLERANCE);
    await mp.context().setOffline(false);
    await mp.keyboard.press('Escape');
    await mp.locator('[data-testid="views-screen"]').waitFor();
    expect(room.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(e))).toEqual([]);
    // 6. the same on a phone: the views screen, a view opened from the list, the presentation
    const ph = await openPage(browser, { width: 390, height: 844 });
    closeLater(ph.close);
    await ph.page.goto(`${server.url}/#/views`);
    await ph.page.locator('[data-testid="views-screen"]').waitFor();
    await ph.page.locator('[data-testid="briefing-list"] li').first().waitFor();
    await ph.page.screenshot({ path: 'tmp/meetings-views-phone.png', fullPage: true });
    expect(await ph.page.evaluate(() => document.documentElement.scrollWidth - innerWidth), 'no sideways scrolling').toBeLessThanOrEqual(0);
    // the header keeps the way to the views on a phone (an icon), and a view opens from the list
    expect(await ph.page.locator('[data-testid="meetings-open"]').isVisible()).toBe(true);
    await ph.page.locator('[data-testid="view-open"]').first().click();
    await ph.page.waitForFunction(() => window.__atlas?.idle === true, undefined, { timeout: 60_000, polling: 100 });
    expect(await ph.page.evaluate(() => location.hash)).toContain('palette=');
    await ph.page.screenshot({ path: 'tmp/meetings-view-opened-phone.png' });
    await ph.page.goto(`${server.url}/#/views`);
    await ph.page.locator(`[data-testid="briefing-${id}"] [data-testid="briefing-present"]`).click();
    await ph.page.locator('[data-testid="present"][data-ready="true"]').waitFor({ timeout: 90_000 });
    await ph.page.waitForFunction(() => window.__atlas?.idle === true, undefined, { timeout: 60_000, polling: 100 });
    await ph.page.screenshot({ path: 'tmp/meetings-present-phone.png' });
    expect(await ph.page.locator('[data-testid="present-title"]').innerText()).toBe(views[0]!.name);
  }, 300_000); // a whole meeting's preparation and presentation, two browsers, on a shared machine
});
