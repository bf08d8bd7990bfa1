/**
 * The page around the map: on a phone the panels fold into a bottom sheet with large touch
 * targets; printed, the page keeps the title, the map and the legend and drops the controls.
 */
import { expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { describeBrowser, openPage } from './helpers/browser.ts';
import { DEMO_USERS } from '../../server/auth/demo-users.ts';
import { AtlasDriver, ForestDriver } from './helpers/atlas.ts';
import type { AtlasServer } from './helpers/server.ts';
import { closeAfterEach, withServerAndBrowser } from './helpers/session.ts';

/**
 * Boxes are measured in CSS pixels after layout, so a font or zoom change can make a 44 px row
 * 43.99997 px: sizes are compared within half a device pixel, a difference no user can see.
 */
const SUBPIXEL = 0.5;

describeBrowser('the atlas layout in Chromium', () => {
  let server: AtlasServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });
  const closeLater = closeAfterEach();

  it('keeps every header tool on one line and inside the header on a 1280 px laptop, signed in as an administrator', async () => {
    const p = await openPage(browser, { width: 1280, height: 800 });
    closeLater(p.close);
    const atlas = new AtlasDriver(p.page, server.url);
    await atlas.open();
    const admin = DEMO_USERS.find((u) => u.username === 'admin')!;
    await new ForestDriver(p.page, atlas).signIn(admin.username, admin.password);
    await p.page.locator('[data-testid="open-import"]').waitFor();
    const header = (await p.page.locator('header').first().boundingBox())!;
    const boxes = await p.page.locator('.header-tools > *:visible').evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        const cs = getComputedStyle(e);
        return { what: e.getAttribute('data-testid') ?? e.className, left: r.left, right: r.right, top: r.top, bottom: r.bottom, lineHeight: parseFloat(cs.lineHeight) || 0, height: r.height };
      }),
    );
    expect(boxes.length).toBeGreaterThanOrEqual(6);
    for (const b of boxes) {
      expect(b.right, `${b.what} inside the window`).toBeLessThanOrEqual(1280 + SUBPIXEL);
      expect(b.bottom, `${b.what} inside the header`).toBeLessThanOrEqual(header.y + header.height + SUBPIXEL);
    }
    // side by side, none over another (the language switch was half covered), none wrapped onto two lines
    const row = [...boxes].sort((a, b) => a.left - b.left);
    for (let i = 1; i < row.length; i++) expect(row[i]!.left, `${row[i]!.what} after ${row[i - 1]!.what}`).toBeGreaterThanOrEqual(row[i - 1]!.right - SUBPIXEL);
    for (const b of boxes) if (b.lineHeight) expect(b.height, `${b.what} on one line`).toBeLessThan(2 * b.lineHeight);
    // the language switch whole: both VI and EN visible
    for (const lang of ['vi', 'en']) {
      const r = (await p.page.locator(`[data-testid="lang-${lang}"]`).boundingBox())!;
      expect(r.x + r.width, `${lang} inside the window`).toBeLessThanOrEqual(1280 + SUBPIXEL);
    }
    await p.page.screenshot({ path: 'tmp/layout-header-1280.png', clip: { x: 0, y: 0, width: 1280, height: 120 } });
    expect(p.errors).toEqual([]);
  });

  it('keeps the import link reachable in the header of a 390 px phone, signed in as an administrator (issue 14)', async () => {
    const p = await openPage(browser, { width: 390, height: 844, isMobile: true });
    closeLater(p.close);
    const atlas = new AtlasDriver(p.page, server.url);
    await atlas.open();
    const admin = DEMO_USERS.find((u) => u.username === 'admin')!;
    await new ForestDriver(p.page, atlas).signIn(admin.username, admin.password);
    const link = p.page.locator('[data-testid="open-import"]');
    await expect.poll(() => link.isVisible(), { message: 'the import link shows on a phone' }).toBe(true);
    const header = (await p.page.locator('header').first().boundingBox())!;
    const box = (await link.boundingBox())!;
    expect(box.x, 'inside the window').toBeGreaterThanOrEqual(-SUBPIXEL);
    expect(box.x + box.width, 'inside the window').toBeLessThanOrEqual(390 + SUBPIXEL);
    expect(box.y + box.height, 'inside the header').toBeLessThanOrEqual(header.y + header.height + SUBPIXEL);
    expect(box.width, 'a finger-sized target').toBeGreaterThanOrEqual(44 - SUBPIXEL);
    expect(await link.getAttribute('title'), 'its name as the tooltip').toBe('Nhập dữ liệu');
    await p.page.screenshot({ path: 'tmp/layout-header-390-admin.png', clip: { x: 0, y: 0, width: 390, height: 160 } });
    await link.tap();
    await expect.poll(() => p.page.evaluate(() => location.hash)).toBe('#/import');
    expect(p.errors).toEqual([]);
  });

  it('gives the map the whole width of a phone and folds the panels into a bottom sheet', async () => {
    const p = await openPage(browser, { width: 390, height: 800, isMobile: true });
    closeLater(p.close);
    const atlas = new AtlasDriver(p.page, server.url);
    await atlas.open();
    const map = await p.page.locator('[data-testid="map"]').boundingBox();
    expect(Math.abs(map!.width - 390)).toBeLessThanOrEqual(SUBPIXEL);

    const layerSwitch = p.page.locator('[data-testid="layer-communes"]');
    expect(await layerSwitch.isVisible(), 'the layer panel starts folded away').toBe(false);

    await p.page.locator('[data-testid="sheet-layers"]').tap();
    await expect.poll(() => layerSwitch.isVisible()).toBe(true);
    await expect
      .poll(async () => {
        const box = await layerSwitch.boundingBox();
        return box!.y + box!.height;
      }, { message: 'the unfolded sheet slides onto the screen' })
      .toBeLessThanOrEqual(800 + SUBPIXEL);
    const row = await p.page.locator('label:has([data-testid="layer-communes"])').boundingBox();
    expect(row!.height, 'a finger-sized layer switch').toBeGreaterThanOrEqual(44 - SUBPIXEL);
    expect(p.errors).toEqual([]);
  });

  it('prints the title, the map and the legend without the controls', async () => {
    const p = await openPage(browser);
    closeLater(p.close);
    const atlas = new AtlasDriver(p.page, server.url);
    await atlas.open();
    const printed = await atlas.printToPdf();
    expect(printed.pdf.subarray(0, 4).toString()).toBe('%PDF');
    expect(printed.snapshot, 'the map image prepared for the print layout').not.toBeNull();
    expect(printed.snapshot!.colours, 'a drawn map, not a blank canvas').toBeGreaterThan(20);

    await p.page.emulateMedia({ media: 'print' });
    await expect.poll(() => p.page.locator('[data-testid="year-select"]').isVisible()).toBe(false);
    expect(await p.page.locator('h1').isVisible()).toBe(true);
    expect(await p.page.locator('[data-testid="legend"]').isVisible()).toBe(true);
    expect(await p.page.locator('[data-testid="layer-communes"]').isVisible()).toBe(false);
    expect(await p.page.locator('.map-controls').isVisible()).toBe(false);
    const map = await p.page.locator('.app-main').boundingBox();
    expect(map!.width).toBeGreaterThan(500);
    expect(map!.height).toBeGreaterThan(300);
    expect(p.errors).toEqual([]);
  });
});
