/**
 * The web app during a database outage (issue 13): the server's "database unavailable" answer
 * (503 + Retry-After, as test/reliability/outage.test.ts shows the real server gives it) is
 * played to the page for the search requests; the app says so once, in Vietnamese, keeps what
 * the user typed, retries by itself, and says when the database is back.
 * (The outage itself is real in the reliability test; here it is the answer the page receives.)
 */
import { expect, it } from 'vitest';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Page, Route } from 'playwright-core';
import { ROOT } from '../../server/config.ts';
import { describeBrowser } from './helpers/browser.ts';
import { AtlasDriver } from './helpers/atlas.ts';
import { withOnePage } from './helpers/session.ts';

const SHOTS = process.env.ATLAS_SCREENSHOTS ? path.join(ROOT, 'tmp', 'screenshots') : null;

describeBrowser('database outage in the web app', () => {
  let page: Page;
  let base: string;
  let errors: string[];
  withOnePage({ width: 1440, height: 900 }, (ctx) => {
    page = ctx.page;
    base = ctx.server.url;
    errors = ctx.errors;
  });

  it('shows one banner, keeps the typed search, retries and says when the database is back', async () => {
    const atlas = new AtlasDriver(page, base);
    await atlas.open();
    let refused = 0;
    const unavailable = async (route: Route) => {
      refused++;
      await route.fulfill({
        status: 503,
        headers: { 'Retry-After': '1', 'Content-Type': 'application/json' },
        body: JSON.stringify({ error: { code: 'database_unavailable', message: { vi: 'Tạm thời không kết nối được cơ sở dữ liệu', en: 'The database is unavailable' } } }),
      });
    };
    await page.route('**/api/search?**', unavailable);
    await page.route('**/api/ready', unavailable);
    const input = page.locator('[data-testid="search-input"]');
    await input.fill('TK 568');
    const banner = page.locator('.db-banner--down');
    await banner.waitFor({ timeout: 15_000 });
    expect(await page.locator('.db-banner').count()).toBe(1);
    expect(await banner.innerText()).toMatch(/Mất kết nối cơ sở dữ liệu/);
    expect(await input.inputValue()).toBe('TK 568');
    if (SHOTS) {
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, 'outage-desktop.png') });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: path.join(SHOTS, 'outage-phone.png') });
      await page.setViewportSize({ width: 1440, height: 900 });
    }
    // the database returns: the pending search is retried and answered, the banner says so
    expect(refused).toBeGreaterThan(0);
    await page.unroute('**/api/search?**', unavailable);
    await page.unroute('**/api/ready', unavailable);
    await page.locator('.db-banner--back').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="search-hit"]').first().waitFor({ timeout: 30_000 });
    expect(await input.inputValue()).toBe('TK 568');
    await page.locator('.db-banner').waitFor({ state: 'detached', timeout: 15_000 });
    // the browser logs each 503 it received; nothing else may go wrong in the page
    expect(errors.filter((e) => !/status of 503/.test(e))).toEqual([]);
  });
});
