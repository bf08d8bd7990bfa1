/**
 * A download for offline cut by a lost signal (issue 16: "resumable after an interruption"): with
 * the network gone, the service worker answers a tile it cannot fetch with its empty stand-in, and
 * the download must not take that for an empty tile and call the area ready with tiles missing.
 * The area stays "Chưa tải xong", the panel says the signal went, and "Tải tiếp" with the signal
 * back finishes it: every tile the map needs is then stored. Phone profile, Vietnamese.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BrowserContext, Page, Route } from 'playwright-core';
import { DEMO_USERS } from '../../server/auth/demo-users.ts';
import { describeBrowser, goOffline, goOnline, launchPhoneProfile } from './helpers/browser.ts';
import { AtlasDriver, ForestDriver } from './helpers/atlas.ts';
import { startAtlasServer, type AtlasServer } from './helpers/server.ts';

const SHOTS = process.env.ATLAS_SHOTS;
const inspector = DEMO_USERS.find((u) => u.username === 'inspector')!;

describeBrowser('offline: a download cut by a lost signal (issue 16)', () => {
  let server: AtlasServer;
  let profile: string;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    server = await startAtlasServer();
    profile = mkdtempSync(path.join(tmpdir(), 'atlas-signal-profile-'));
  });
  afterAll(async () => {
    await context?.close();
    await server?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  const shot = async (page: Page, name: string) => {
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `signal-${name}.png`) });
  };
  const status = (page: Page) => page.evaluate(() => document.querySelector('[data-area="tieukhu:568"]')?.getAttribute('data-status') ?? null);
  /** Tiles stored for the prepared areas. */
  const storedTiles = (page: Page) => page.evaluate(async () => (await (await caches.open('atlas-prepared-tiles')).keys()).length);

  it('is not called ready with tiles missing; "Tải tiếp" with the signal back finishes it', async () => {
    const launched = await launchPhoneProfile(profile);
    context = launched.context;
    const page = launched.page;
    const atlas = new AtlasDriver(page, server.url);
    await atlas.open();
    await new ForestDriver(page, atlas).signIn(inspector.username, inspector.password);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    await page.locator('[data-testid="sheet-layers"]').tap();
    await page.locator('[data-testid="offline-toggle"]').tap();
    await page.locator('[data-testid="offline-tk"]').fill('568');
    await page.locator('[data-testid="offline-estimate"]').tap();
    await page.locator('[data-testid="offline-estimate-result"]').waitFor({ timeout: 60_000 });
    // the signal goes after the first tiles: later tile requests are held until the cut, then fail
    // as a dropped connection fails them. (Cutting at a progress mark raced the download: on a busy
    // machine the rest of the tiles could arrive before the cut took effect, and nothing was cut.)
    const held: Route[] = [];
    let passed = 0;
    const gate = (route: Route) => (passed++ < 12 ? route.fallback() : (held.push(route), Promise.resolve()));
    await context.route(/\/api\/tiles\//, gate);
    await page.locator('[data-testid="offline-download"]').tap();
    for (let waited = 0; held.length === 0; waited += 100) {
      if (waited > 120_000) throw new Error('the download asked for no more than 12 tiles');
      await new Promise((r) => setTimeout(r, 100));
    }
    await goOffline(context); // the page and its service worker, which fetches the tiles
    await context.unroute(/\/api\/tiles\//, gate);
    for (const r of held.splice(0)) await r.abort('internetdisconnected').catch(() => undefined);
    const error = page.locator('[data-testid="offline-error"]');
    await error.waitFor({ timeout: 60_000 });
    expect(await error.innerText()).toContain('Mất sóng');
    await page.waitForFunction(() => document.querySelector('[data-area="tieukhu:568"]') != null, undefined, { timeout: 30_000 });
    expect(await status(page)).toBe('partial');
    const area = page.locator('[data-testid="offline-area"][data-area="tieukhu:568"]');
    expect(await area.innerText()).toMatch(/Chưa tải xong \([\d.]+\/[\d.]+\)/);
    await shot(page, 'cut');
    const partial = await storedTiles(page);

    // the signal back: "Tải tiếp" finishes the area, the tiles already down kept
    await goOnline(context);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await area.getByRole('button', { name: 'Tải tiếp' }).tap();
    await page.waitForFunction(() => document.querySelector('[data-area="tieukhu:568"]')?.getAttribute('data-status') === 'ready', undefined, { timeout: 180_000 });
    const full = await storedTiles(page);
    expect(full).toBeGreaterThan(partial);
    await shot(page, 'resumed');

    // ready means complete: every tile of the area is stored, or the server has nothing there (an empty tile)
    const gaps = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('atlas-offline');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const record = await new Promise<{ tiles: string[] }>((resolve, reject) => {
        const r = db.transaction('areas').objectStore('areas').get('tieukhu:568');
        r.onsuccess = () => resolve(r.result as { tiles: string[] });
        r.onerror = () => reject(r.error);
      });
      const cache = await caches.open('atlas-prepared-tiles');
      const absent: string[] = [];
      for (const key of record.tiles) if (!(await cache.match(key))) absent.push(key);
      // the absent ones must be empty on the server (asked past every cache)
      const notEmpty: string[] = [];
      for (const key of absent) if ((await fetch(key, { cache: 'no-store' })).status !== 204) notEmpty.push(key);
      return { tiles: record.tiles.length, absent: absent.length, notEmpty };
    });
    expect(gaps.tiles).toBeGreaterThan(100);
    expect(gaps.notEmpty).toEqual([]);
  }, 420_000);
});
