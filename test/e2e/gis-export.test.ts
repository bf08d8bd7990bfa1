/**
 * GIS exports as their users get them, in Vietnamese: a planner at a desk (1440 × 900) opens
 * "Tải dữ liệu cho GIS" in the layer panel, picks Tiểu khu and clicks Shapefile — the browser
 * downloads a zip that GDAL reads with every tiểu khu in VN-2000; an inspector on a phone
 * (390 × 844) finds TK 568 and taps KML under the tiểu khu — the download holds one placemark per
 * lô of the tiểu khu. Screenshots in /tmp/gis-export-*.png.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { describeBrowser, openPage } from './helpers/browser.ts';
import type { AtlasServer } from './helpers/server.ts';
import { closeAfterEach, withServerAndBrowser } from './helpers/session.ts';
import { AtlasDriver, ForestDriver } from './helpers/atlas.ts';

const run = promisify(execFile);

describeBrowser('GIS exports in Chromium', () => {
  let server: AtlasServer;
  let browser: Browser;
  let dir: string;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });
  const closeLater = closeAfterEach();
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'atlas-e2e-gis-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('on a desktop: the layer panel downloads the tiểu khu as a Shapefile that GDAL reads in VN-2000', async () => {
    const p = await openPage(browser, { width: 1440, height: 900 });
    closeLater(p.close);
    const atlas = new AtlasDriver(p.page, server.url);
    await atlas.open();
    const menu = p.page.locator('[data-testid="gis-export"]');
    await menu.locator('summary').click();
    expect((await menu.locator('summary').innerText()).trim()).toBe('Tải dữ liệu cho GIS');
    await menu.locator('[data-testid="gis-export-list"]').selectOption('tieukhu');
    await menu.scrollIntoViewIfNeeded();
    await p.page.screenshot({ path: '/tmp/gis-export-1440.png' });
    const [download] = await Promise.all([p.page.waitForEvent('download'), menu.locator('[data-testid="gis-export-shp"]').click()]);
    expect(download.suggestedFilename()).toBe('tieu-khu.shp.zip');
    const file = path.join(dir, download.suggestedFilename());
    await download.saveAs(file);
    const { numberMatched } = await server.get<{ numberMatched: number }>('/api/ogc/collections/tieukhu/items?limit=1');
    const { stdout } = await run('ogrinfo', ['-ro', '-al', '-so', `/vsizip/${file}`]);
    expect(stdout).toContain(`Feature Count: ${numberMatched}`);
    expect(stdout).toMatch(/VN-2000 \/ TM-3 107-30/);

    // the replanting worklist: its map files beside CSV/XLSX
    await p.page.locator('[data-testid="worklist-toggle"]').click();
    const gpkg = p.page.locator('[data-testid="worklist-gpkg"]');
    await gpkg.waitFor();
    await gpkg.scrollIntoViewIfNeeded();
    await p.page.screenshot({ path: '/tmp/gis-export-worklist-1440.png' });
    const [wl] = await Promise.all([p.page.waitForEvent('download'), gpkg.click()]);
    expect(wl.suggestedFilename()).toBe('trong-dam.gpkg');
    const wlFile = path.join(dir, wl.suggestedFilename());
    await wl.saveAs(wlFile);
    const rows = (await server.get<{ rows: unknown[] }>('/api/forest/worklist')).rows.length;
    expect((await run('ogrinfo', ['-ro', '-al', '-so', wlFile])).stdout).toContain(`Feature Count: ${rows}`);
    expect(p.errors).toEqual([]);
  });

  it('on a phone: the tiểu khu card downloads its lô as KML for a phone map app', async () => {
    const p = await openPage(browser, { width: 390, height: 844, isMobile: true });
    closeLater(p.close);
    const atlas = new AtlasDriver(p.page, server.url);
    const forest = new ForestDriver(p.page, atlas);
    await atlas.open();
    await forest.search('TK 568');
    await forest.pickHit('Tiểu khu 568');
    const kml = p.page.locator('[data-testid="tk-gis-kml"]');
    await kml.scrollIntoViewIfNeeded();
    expect((await p.page.locator('[data-testid="tk-gis"]').innerText()).replace(/\s+/g, ' ')).toMatch(/^Lô của tiểu khu 568: ?GeoPackage ?Shapefile ?KML ?GPX ?CSV \(X\/Y\)$/);
    await p.page.screenshot({ path: '/tmp/gis-export-390.png' });
    const [download] = await Promise.all([p.page.waitForEvent('download'), kml.tap()]);
    expect(download.suggestedFilename()).toBe('lo-rung-568.kml');
    const file = path.join(dir, download.suggestedFilename());
    await download.saveAs(file);
    const text = readFileSync(file, 'utf8');
    const { numberMatched } = await server.get<{ numberMatched: number }>('/api/ogc/collections/plots/items?tk=568&limit=1');
    expect(text.match(/<Placemark>/g)?.length).toBe(numberMatched);
    expect(text).toContain('<Data name="ldlr">');
    expect(p.errors).toEqual([]);
  });
});
