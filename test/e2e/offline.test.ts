/**
 * The inspector's phone with no signal (issue 16): the app installs (manifest, service worker),
 * TK 568 is prepared for offline (size told before, progress during, listed after), then with the
 * network cut the app reloads and opens, draws the prepared lô, finds "TK 568 K 1 L 2" and names,
 * says which lô the phone stands in, opens the lô's record — and still opens after the browser is
 * closed and started again from the same profile, offline. Phone profile, Vietnamese.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.ts';
import type { PlotDetail, SearchResponse } from '../../server/domain/api.ts';
import type { OfflinePackage } from '../../server/domain/offline.ts';
import { describeBrowser, launchPhoneProfile, openPage, goOffline, goOnline } from './helpers/browser.ts';
import { AtlasDriver, ForestDriver, atlasHash } from './helpers/atlas.ts';
import { startAtlasServer, type AtlasServer } from './helpers/server.ts';

const SHOTS = process.env.ATLAS_SHOTS; // a folder: screenshots to look at

describeBrowser('offline in the forest (issue 16)', () => {
  let server: AtlasServer;
  let profile: string;
  let context: BrowserContext | undefined;
  let pkg: OfflinePackage;

  const launch = async (): Promise<{ context: BrowserContext; page: Page; errors: string[] }> => {
    const launched = await launchPhoneProfile(profile);
    context = launched.context;
    return launched;
  };
  const shot = async (page: Page, name: string) => {
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `offline-${name}.png`) });
  };

  beforeAll(async () => {
    server = await startAtlasServer();
    profile = mkdtempSync(path.join(tmpdir(), 'atlas-offline-profile-'));
    pkg = await server.get<OfflinePackage>('/api/offline/package?tieuKhu=568');
  });
  afterAll(async () => {
    await context?.close();
    await server?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('is installable: a Vietnamese manifest with home-screen icons, and a service worker in control', async () => {
    const { page } = await launch();
    const atlas = new AtlasDriver(page, server.url);
    await atlas.open();
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    const manifest = (await (await page.request.get(`${server.url}${href}`)).json()) as { name: string; lang: string; display: string; icons: { sizes: string; purpose: string; src: string }[] };
    expect(manifest.lang).toBe('vi');
    expect(manifest.display).toBe('standalone');
    expect(manifest.name).toContain('Kon Tum');
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);
    for (const icon of manifest.icons) expect((await page.request.get(`${server.url}${icon.src}`)).headers()['content-type']).toBe('image/png');
    // the worker has installed (the app shell precached) and controls the page
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  });

  it('prepares TK 568: size before, progress during, listed after with its date and size', async () => {
    const page = context!.pages()[0]!;
    const atlas = new AtlasDriver(page, server.url);
    const forest = new ForestDriver(page, atlas);
    await atlas.open();
    const inspector = { username: 'inspector', password: (await import('../../server/auth/demo-users.ts')).DEMO_USERS.find((u) => u.username === 'inspector')!.password };
    await forest.signIn(inspector.username, inspector.password);
    await page.locator('[data-testid="sheet-layers"]').tap();
    await page.locator('[data-testid="offline-toggle"]').tap();
    await page.locator('[data-testid="offline-tk"]').fill('568');
    await page.locator('[data-testid="offline-estimate"]').tap();
    const estimate = page.locator('[data-testid="offline-estimate-result"]');
    await estimate.waitFor({ timeout: 60_000 });
    const text = await estimate.innerText();
    expect(text).toMatch(/^Tiểu khu 568: khoảng [\d,.]+ (KB|MB) \([\d.]+ ô bản đồ, [\d.]+ lô\)$/);
    expect(text).toContain(`${pkg.plots.length.toLocaleString('vi-VN')} lô`);
    await shot(page, 'estimate');
    await page.locator('[data-testid="offline-download"]').tap();
    // the progress bar is shown while it downloads, then the area is listed as ready
    await page.locator('[data-testid="offline-progress"]').waitFor({ timeout: 10_000 }).catch(() => {});
    const area = page.locator('[data-testid="offline-area"][data-area="tieukhu:568"]');
    await area.waitFor({ timeout: 120_000 });
    await page.waitForFunction(() => document.querySelector('[data-area="tieukhu:568"]')?.getAttribute('data-status') === 'ready', undefined, { timeout: 120_000 });
    expect(await area.innerText()).toMatch(/Tiểu khu 568\s+Sẵn sàng[\s\S]*Tải ngày \d{1,2}\/\d{1,2}\/\d{4} · [\d,.]+ (KB|MB)/);
    await shot(page, 'prepared');
    const stored = await page.evaluate(async () => (await (await caches.open('atlas-prepared-tiles')).keys()).length);
    expect(stored).toBeGreaterThan(20);
  });

  it('offline: reloads and opens, draws the prepared lô, finds a lô by its code and a commune by name, and knows where the phone is', async () => {
    const page = context!.pages()[0]!;
    const atlas = new AtlasDriver(page, server.url);
    const forest = new ForestDriver(page, atlas);
    const plot = pkg.plots.find((p) => p.detail.label === 'TK 568 · K 1 · L 2') ?? pkg.plots[0]!;
    await goOffline(context!);
    await page.reload();
    await page.locator('[data-testid="offline-banner"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="offline-banner"]').innerText()).toContain('1 vùng');
    // still signed in as the inspector left it (the last session answer is kept)
    await page.locator('[data-testid="account-menu"]').waitFor({ timeout: 30_000 });
    // the lô drawn from the prepared tiles, where the lô is (its rendered features on the map)
    await page.goto(`${server.url}/${atlasHash({ view: { lon: plot.detail.centroid[0], lat: plot.detail.centroid[1], zoom: 15 } })}`);
    await atlas.waitIdle();
    const drawn = await page.evaluate((id) => {
      const map = window.__atlas!.map;
      const layers = map.getStyle().layers.filter((l) => 'source' in l && l.source === 'plots').map((l) => l.id);
      return map.queryRenderedFeatures({ layers }).filter((f) => Number(f.properties?.id) === id).length;
    }, plot.detail.id);
    expect(drawn, 'the lô is drawn from the prepared tiles').toBeGreaterThan(0);
    await shot(page, 'offline-map');

    const hits = await forest.search(plot.detail.label.replace(/ · /g, ' '));
    expect(hits[0]).toEqual({ kind: 'plot', label: plot.detail.label });
    await forest.pickHit(plot.detail.label);
    expect((await atlas.infoPanel()).title).toBe(plot.detail.label);
    await shot(page, 'offline-plot');
    await forest.closeInfo();
    const commune = pkg.communes[0]!;
    expect((await forest.search(commune.name)).map((h) => h.kind)).toContain('commune');

    // "where am I" at the lô's interior point
    await context!.setGeolocation({ longitude: plot.detail.centroid[0], latitude: plot.detail.centroid[1], accuracy: 5 });
    await page.locator('[data-testid="where-am-i"]').tap();
    const card = page.locator('[data-testid="where-card"]');
    await card.waitFor();
    await page.waitForFunction((label) => document.querySelector('[data-testid="where-card"]')?.textContent?.includes(label) ?? false, plot.detail.label, { timeout: 30_000 });
    expect(await card.innerText()).toContain(commune.name);
    expect(await card.locator('[data-testid="where-vn2000"]').innerText()).toContain('Cần có mạng');
    await shot(page, 'offline-where');
    await page.locator('[data-testid="where-card"] .forest-close').tap();

    // guided to the lô, offline: walking in from 500 m east, the distance falls, then "arrived"
    await forest.search(plot.detail.label.replace(/ · /g, ' '));
    await forest.pickHit(plot.detail.label);
    const [lon, lat] = plot.detail.centroid;
    await context!.setGeolocation({ longitude: lon + 0.0046, latitude: lat, accuracy: 5 });
    await page.locator('[data-testid="plot-way-follow"]').tap();
    const metres = async () => {
      const v = page.locator('[data-testid="plot-way-value"]');
      await v.waitFor({ timeout: 30_000 });
      const m = /^([\d.,]+) (m|km)/.exec((await v.innerText()).trim())!;
      const n = Number(m[1]!.replace(/\./g, '').replace(',', '.'));
      return m[2] === 'km' ? n * 1000 : n;
    };
    const far = await metres();
    expect(far).toBeGreaterThan(400);
    await context!.setGeolocation({ longitude: lon + 0.0018, latitude: lat, accuracy: 5 });
    await page.waitForFunction((f) => {
      const t = document.querySelector('[data-testid="plot-way-value"]')?.textContent ?? '';
      return t !== '' && !t.startsWith(String(f));
    }, Math.round(far), { timeout: 30_000 });
    expect(await metres()).toBeLessThan(far);
    await shot(page, 'offline-guide');
    await context!.setGeolocation({ longitude: lon, latitude: lat, accuracy: 5 });
    await page.locator('[data-testid="plot-way-arrived"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="plot-way-arrived"]').innerText()).toBe('Đã đến lô');
    await shot(page, 'offline-arrived');
    await page.locator('[data-testid="plot-way-follow"]').tap();
    await forest.closeInfo();
  });

  it('opens again, offline, after the browser is closed and started from the same profile', async () => {
    await context!.close();
    const { context: again, page, errors } = await launch();
    await goOffline(again);
    await page.goto(server.url);
    await page.locator('[data-testid="offline-banner"]').waitFor({ timeout: 60_000 });
    const atlas = new AtlasDriver(page, server.url);
    await atlas.waitIdle();
    const forest = new ForestDriver(page, atlas);
    expect((await forest.search('TK 568'))[0]).toEqual({ kind: 'tieukhu', label: 'Tiểu khu 568' });

    // back online after someone recorded an inspection in TK 568: the area is out of date and updates itself
    await goOnline(again);
    const target = pkg.plots.find((p) => p.detail.plantings.some((g) => !g.withdrawnOn))!;
    const planting = target.detail.plantings.find((g) => !g.withdrawnOn)!;
    const last = planting.inspections.at(-1)?.id ?? null;
    // the session cookie ends with the browser (server/auth/session.ts): sign in again, as the inspector would
    const password = (await import('../../server/auth/demo-users.ts')).DEMO_USERS.find((u) => u.username === 'inspector')!.password;
    const status = await page.evaluate(
      async ({ plantingId, last, password }) => {
        const login = await fetch('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'inspector', password }) });
        const me = await login.json();
        const res = await fetch('/api/inspections', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf },
          body: JSON.stringify({
            plantingId,
            inspectedOn: new Date().toISOString().slice(0, 10),
            stage: 1,
            clientRequestId: `offline-stale-${Date.now()}`,
            lastInspectionId: last,
            plots: [{ areaM2: 100, planted: 20, surviving: 19 }],
          }),
        });
        return res.status;
      },
      { plantingId: planting.id, last, password },
    );
    expect(status).toBe(201);
    await page.locator('[data-testid="sheet-layers"]').tap();
    await page.locator('[data-testid="offline-toggle"]').tap();
    await page.waitForFunction(() => document.querySelector('[data-area="tieukhu:568"]')?.getAttribute('data-status') === 'updating', undefined, { timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('[data-area="tieukhu:568"]')?.getAttribute('data-status') === 'ready', undefined, { timeout: 120_000 });
    const inspections = await page.evaluate(
      (id) =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('atlas-offline');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const get = open.result.transaction('plots').objectStore('plots').get(id);
            get.onsuccess = () => resolve(get.result.detail.plantings.reduce((n: number, g: { inspections: unknown[] }) => n + g.inspections.length, 0));
          };
        }),
      target.detail.id,
    );
    expect(inspections).toBe(target.detail.plantings.reduce((n, g) => n + g.inspections.length, 0) + 1);
    expect(errors).toEqual([]);
  });

  it('the online answers are what the package carries (same hit for the same code)', async () => {
    const plot = pkg.plots[0]!.detail;
    const online = await server.get<SearchResponse>(`/api/search?q=${encodeURIComponent(plot.label)}`);
    expect(online.hits[0]?.label).toBe(plot.label);
    expect(await server.get<PlotDetail>(`/api/plots/${plot.id}`)).toMatchObject({ id: plot.id, label: plot.label });
  });

  it('opens offline when the area was prepared on the very first visit (before the worker had kept anything)', async () => {
    await context?.close();
    const fresh = mkdtempSync(path.join(tmpdir(), 'atlas-offline-first-'));
    const { context: first, page } = await launchPhoneProfile(fresh);
    context = first;
    try {
      // one navigation only: the page's own start-up reads went past the worker, which took control after
      await page.goto(`${server.url}/#map=13/14.29/108.03`);
      const atlas = new AtlasDriver(page, server.url);
      await atlas.waitIdle();
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
      await page.locator('[data-testid="sheet-layers"]').tap();
      await page.locator('[data-testid="offline-toggle"]').tap();
      await page.locator('[data-testid="offline-tk"]').fill('568');
      await page.locator('[data-testid="offline-estimate"]').tap();
      await page.locator('[data-testid="offline-download"]').tap({ timeout: 60_000 });
      await page.waitForFunction(() => document.querySelector('[data-area="tieukhu:568"]')?.getAttribute('data-status') === 'ready', undefined, { timeout: 120_000 });
      await goOffline(first);
      await page.reload();
      await atlas.waitIdle();
      expect(await page.locator('[data-testid="offline-banner"]').innerText()).toContain('1 vùng');
    } finally {
      await first.close();
      context = undefined;
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('on a desktop, the offline banner stays off the search box', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    try {
      const { page } = await openPage(browser, { width: 1280, height: 800 });
      const atlas = new AtlasDriver(page, server.url);
      await atlas.open({ view: { lon: 108.03, lat: 14.29, zoom: 13 } });
      await goOffline(page.context());
      const banner = page.locator('[data-testid="offline-banner"]');
      await banner.waitFor({ timeout: 30_000 });
      const b = (await banner.boundingBox())!;
      const q = (await page.locator('[data-testid="search-input"]').boundingBox())!;
      const overlaps = b.x < q.x + q.width && q.x < b.x + b.width && b.y < q.y + q.height && q.y < b.y + b.height;
      expect(overlaps, `banner ${JSON.stringify(b)} over the search box ${JSON.stringify(q)}`).toBe(false);
    } finally {
      await browser.close();
    }
  });
});
