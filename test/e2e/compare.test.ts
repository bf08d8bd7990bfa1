/**
 * Compare (issue 15): two years side by side with one camera, and a swipe divider on one map; the
 * change map one click away; the state in the URL. Pixel probes at a commune whose class differs
 * between the two years show each year's colour on its side. Desktop 1440×900 and phone 390×844.
 */
import { expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { CommuneDetail, MetaResponse, NtmStatsResponse, SearchResponse } from '../../server/domain/api.ts';
import { COMMUNE_BANDS, communeBand } from '../../server/domain/classes.ts';
import { colorDistance, hexToRgb } from '../../web/src/lib/color.ts';
import { describeBrowser, dominantColor, openPage, screenPixels, type Rgb } from './helpers/browser.ts';
import type { AtlasServer } from './helpers/server.ts';
import { closeAfterEach, withServerAndBrowser } from './helpers/session.ts';

const TOLERANCE = 3;
const bandColor = (met: number): Rgb => hexToRgb(COMMUNE_BANDS.find((b) => b.id === communeBand(met))!.color);
const NOW = 2023;
const THEN = 2020;

type Side = 'left' | 'right';

async function waitCompare(page: Page) {
  await page.waitForFunction(() => window.__atlasCompare?.idle === true, undefined, { timeout: 60_000, polling: 100 });
}
async function colorOn(page: Page, side: Side, lon: number, lat: number): Promise<Rgb> {
  const [x, y] = await page.evaluate(([s, a, b]) => window.__atlasCompare!.project(s as Side, a as number, b as number), [side, lon, lat] as const);
  return dominantColor(await screenPixels(page, x, y, 2));
}

describeBrowser('compare two years', () => {
  let server: AtlasServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });
  const closeLater = closeAfterEach();

  /** A commune in the programme whose band of criteria met differs between THEN and NOW, with a point inside it. */
  async function changedCommune(): Promise<{ code: string; name: string; now: number; then: number; at: [number, number] }> {
    const stats = await server.get<NtmStatsResponse>(`/api/stats/ntm?year=${NOW}&by=district`);
    for (const c of [...stats.province.ntmCommunes, ...stats.province.belowTen]) {
      const [now, then] = await Promise.all([NOW, THEN].map((y) => server.get<CommuneDetail>(`/api/communes/${c.code}?year=${y}`)));
      if (now.criteriaMet == null || then.criteriaMet == null || communeBand(now.criteriaMet) === communeBand(then.criteriaMet)) continue;
      const s = await server.get<SearchResponse>(`/api/search?q=${encodeURIComponent(now.name)}&limit=50`);
      const hit = s.hits.find((h) => h.kind === 'commune' && h.id === c.code);
      if (hit) return { code: c.code, name: now.name, now: now.criteriaMet, then: then.criteriaMet, at: hit.center };
    }
    throw new Error(`no commune changed band between ${THEN} and ${NOW}`);
  }

  it('side by side and with the swipe divider, each year shows its colour; one camera; the change map from either', async () => {
    const c = await changedCommune();
    const [lon, lat] = c.at;
    const p = await openPage(browser, { width: 1440, height: 900 });
    closeLater(p.close);
    const page = p.page;
    await page.goto(`${server.url}/#map=10/${lat}/${lon}&year=${NOW}&layers=communes`);
    await page.waitForFunction(() => window.__atlas?.idle === true, undefined, { timeout: 60_000 });

    // opened from the header: side by side, the earliest year with data on the right; then 2020 chosen
    const meta = await server.get<MetaResponse>('/api/meta');
    await page.locator('[data-testid="compare-open"]').click();
    await waitCompare(page);
    expect(page.url()).toContain(`split=side:${meta.commune.years[0]}`);
    await page.locator('[data-testid="compare-year"]').selectOption(String(THEN));
    await waitCompare(page);
    expect(page.url()).toContain(`split=side:${THEN}`);
    const label = `${c.name} ${c.now}/${c.then}`;
    expect(colorDistance(await colorOn(page, 'left', lon, lat), bandColor(c.now)), `${label} left`).toBeLessThanOrEqual(TOLERANCE);
    expect(colorDistance(await colorOn(page, 'right', lon, lat), bandColor(c.then)), `${label} right`).toBeLessThanOrEqual(TOLERANCE);
    expect(await page.locator('.compare-badge').allInnerTexts()).toEqual([`${NOW} · Số tiêu chí đạt`, `${THEN} · Số tiêu chí đạt`]);
    await page.screenshot({ path: 'tmp/compare-side-desktop.png' });

    // one camera: dragging the right map moves the left one the same way
    const box = (await page.locator('[data-testid="compare-right"]').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 120, box.y + box.height / 2 + 60, { steps: 8 });
    await page.mouse.up();
    await waitCompare(page);
    const [left, right] = await page.evaluate(() => [window.__atlasCompare!.center('left'), window.__atlasCompare!.center('right')]);
    expect(right[0]).not.toBeCloseTo(lon, 3);
    expect(left[0]).toBeCloseTo(right[0], 6);
    expect(left[1]).toBeCloseTo(right[1], 6);
    // the URL follows the camera
    await expect.poll(() => Number(/map=[\d.]+\/([\d.]+)\//.exec(page.url())?.[1])).toBeCloseTo(right[1], 4);
    // back over the commune for the swipe
    await page.goto('about:blank');
    await page.goto(`${server.url}/#map=10/${lat}/${lon}&year=${NOW}&layers=communes&split=side:${THEN}`);
    await waitCompare(page);

    // the swipe divider: one map; left of the divider this year, right of it the other
    await page.locator('[data-testid="compare-swipe"]').click();
    await waitCompare(page);
    expect(page.url()).toContain(`split=swipe:${THEN}`);
    const divider = page.locator('[data-testid="compare-divider"]');
    await divider.focus();
    await page.keyboard.press('End'); // divider at the right edge: the commune is left of it
    expect(Number(await divider.getAttribute('aria-valuenow'))).toBe(98);
    expect(colorDistance(await colorOn(page, 'left', lon, lat), bandColor(c.now)), `${label} swipe, left of the divider`).toBeLessThanOrEqual(TOLERANCE);
    await page.keyboard.press('Home'); // at the left edge: the commune is right of it
    expect(colorDistance(await colorOn(page, 'right', lon, lat), bandColor(c.then)), `${label} swipe, right of the divider`).toBeLessThanOrEqual(TOLERANCE);
    // dragged by the handle to the middle of the screen
    const handle = (await page.locator('.compare-handle').boundingBox())!;
    const panes = (await page.locator('.compare-panes').boundingBox())!;
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(panes.x + panes.width / 2, handle.y + handle.height / 2, { steps: 6 });
    await page.mouse.up();
    expect(Number(await divider.getAttribute('aria-valuenow'))).toBe(50);
    await page.screenshot({ path: 'tmp/compare-swipe-desktop.png' });

    // a reload keeps the comparison
    await page.reload();
    await waitCompare(page);
    expect(await page.locator('[data-testid="compare"]').getAttribute('data-mode')).toBe('swipe');

    // the change map between the two years, from the swipe view
    await page.locator('[data-testid="compare-change"]').click();
    await page.waitForFunction(() => window.__atlas?.idle === true, undefined, { timeout: 60_000 });
    expect(page.url()).toContain(`style=change`);
    expect(page.url()).toContain(`compare=${THEN}`);
    expect(page.url()).not.toContain('split=');
    expect(await page.locator('[data-testid="compare"]').count()).toBe(0);
    // … and from the side-by-side view
    await page.goto('about:blank');
    await page.goto(`${server.url}/#map=10/${lat}/${lon}&year=${NOW}&layers=communes&split=side:${THEN}`);
    await waitCompare(page);
    await page.locator('[data-testid="compare-change"]').click();
    await page.waitForFunction(() => window.__atlas?.idle === true, undefined, { timeout: 60_000 });
    expect(page.url()).toContain(`style=change&compare=${THEN}`);
    expect(p.errors).toEqual([]);
  });

  it('on a phone the two years are stacked, one above the other, with one camera', async () => {
    const c = await changedCommune();
    const [lon, lat] = c.at;
    const p = await openPage(browser, { width: 390, height: 844, isMobile: true });
    closeLater(p.close);
    await p.page.goto(`${server.url}/#map=9.5/${lat}/${lon}&year=${NOW}&layers=communes&split=side:${THEN}`);
    await waitCompare(p.page);
    await p.page.screenshot({ path: 'tmp/compare-side-phone.png' });
    const l = (await p.page.locator('[data-testid="compare-left"]').boundingBox())!;
    const r = (await p.page.locator('[data-testid="compare-right"]').boundingBox())!;
    expect(r.y).toBeGreaterThanOrEqual(l.y + l.height - 1);
    expect(colorDistance(await colorOn(p.page, 'left', lon, lat), bandColor(c.now))).toBeLessThanOrEqual(TOLERANCE);
    expect(colorDistance(await colorOn(p.page, 'right', lon, lat), bandColor(c.then))).toBeLessThanOrEqual(TOLERANCE);
    await p.page.screenshot({ path: 'tmp/compare-side-phone.png' });
    expect(p.errors).toEqual([]);
  });
});
