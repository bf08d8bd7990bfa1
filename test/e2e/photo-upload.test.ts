/**
 * Photos upload resumably (issue 16): an inspection with a photo saved on a phone, the network cut
 * in the middle of the photo's upload (route interception aborting after two 64 KB chunks), the
 * page reloaded — the outbox still knows how far the photo got — then the network back: the phone
 * asks the server's offset and sends only the rest; the server ends with exactly one copy of the
 * photo, byte for byte what the phone stored. Phone viewport, Vietnamese.
 */
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Request, Route } from 'playwright-core';
import type { PlotDetail } from '../../server/domain/api.ts';
import type { WorklistResponse, WorklistRow } from '../../server/domain/forest.ts';
import { DEMO_USERS } from '../../server/auth/demo-users.ts';
import { describeBrowser, launchBrowser } from './helpers/browser.ts';
import { AtlasDriver, ForestDriver } from './helpers/atlas.ts';
import { startAtlasServer, type AtlasServer } from './helpers/server.ts';
import { png } from '../helpers/images.ts';

const SHOTS = process.env.ATLAS_SHOTS;
const inspector = DEMO_USERS.find((u) => u.username === 'inspector')!;
const TEAM = `Tổ ảnh ${Date.now()}`;
const CHUNK = 64 * 1024;

describeBrowser('photos upload resumably (issue 16)', () => {
  let server: AtlasServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let row: WorklistRow;

  const shot = async (name: string) => {
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `photo-upload-${name}.png`) });
  };
  /** The outbox entry as the phone stores it (IndexedDB). */
  const stored = () =>
    page.evaluate(
      () =>
        new Promise<{ status: string; photo: string; uploads: { received: number; size: number; complete: boolean }[] }>((resolve, reject) => {
          const open = indexedDB.open('atlas-outbox');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const all = open.result.transaction('entries').objectStore('entries').getAll();
            all.onsuccess = () => {
              const e = all.result[0];
              resolve({ status: e.status, photo: e.body.photos[0].dataBase64, uploads: e.uploads ?? [] });
              open.result.close();
            };
          };
        }),
    );

  beforeAll(async () => {
    server = await startAtlasServer();
    browser = await launchBrowser();
    // the app's service worker blocked: route interception sees every request of the page
    context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'vi-VN', serviceWorkers: 'block' });
    page = await context.newPage();
    const list = (await server.get<WorklistResponse>('/api/forest/worklist?unit=608&includeRejected=true')).rows;
    row = list[list.length - 1]!;
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('goes on from the server offset after a cut and a reload, and the server keeps one identical copy', { timeout: 300_000 }, async () => {
    const atlas = new AtlasDriver(page, server.url);
    const forest = new ForestDriver(page, atlas);
    await atlas.open();
    await forest.signIn(inspector.username, inspector.password);

    // the network: up for two chunks of the photo, then cut
    const puts: string[] = [];
    const gets: string[] = [];
    let cut = true;
    let slow = 0;
    const onUpload = async (route: Route, req: Request) => {
      if (req.method() === 'GET') gets.push(req.url());
      if (req.method() !== 'PUT') return route.continue();
      const range = (await req.allHeaders())['content-range'] ?? '';
      if (cut && puts.length >= 2) return route.abort('internetdisconnected');
      if (slow) await new Promise((r) => setTimeout(r, slow));
      puts.push(range);
      return route.continue();
    };
    await page.route('**/api/uploads**', onUpload);

    await forest.search(row.label.replace(/ · /g, ' '));
    await forest.pickHit(row.label);
    await page.locator('[data-testid="info-plot"] [data-testid="record-inspection"]').first().tap();
    const form = page.locator('[data-testid="inspection-form"]');
    await form.waitFor();
    await form.locator('[data-testid="insp-team"]').fill(TEAM);
    const plot = form.locator('[data-testid="sample-plot"]').first();
    await plot.locator('[data-testid="plot-area"]').fill('100');
    await plot.locator('[data-testid="plot-planted"]').fill('20');
    await plot.locator('[data-testid="plot-surviving"]').fill('17');
    await form.locator('input[type="file"]').setInputFiles({ name: 'lo.png', mimeType: 'image/png', buffer: png(1600, 1200, { noise: true }) });
    await form.locator('img.photo-thumb').first().waitFor({ timeout: 60_000 });
    await form.locator('[data-testid="insp-submit"]').tap();
    await page.waitForFunction(() => document.querySelector('[data-testid="insp-message"]')?.textContent?.includes('đã lưu trên máy') ?? false, undefined, { timeout: 60_000 });
    expect(puts).toEqual([expect.stringMatching(/^bytes 0-65535\/\d+$/), expect.stringMatching(/^bytes 65536-131071\/\d+$/)]);
    const size = Number(puts[0]!.split('/')[1]);
    expect(size, 'a photo of several chunks').toBeGreaterThan(3 * CHUNK);
    await form.locator('.forest-close').tap();
    await form.waitFor({ state: 'detached' });

    // the outbox says how far the photo got; a reload changes nothing of it
    await page.reload();
    await atlas.waitIdle();
    await page.locator('[data-testid="outbox-badge"]').tap();
    const entry = page.locator('[data-testid="outbox-entry"]');
    await entry.waitFor();
    const progress = entry.locator('[data-testid="outbox-photo-progress"]');
    await progress.waitFor();
    expect(await progress.innerText()).toMatch(new RegExp(`^ảnh 1/1 đã gửi ${Math.floor((100 * 2 * CHUNK) / size)}%, sẽ gửi tiếp từ chỗ dừng`));
    await shot('paused');
    const before = await stored();
    expect(before.status).toBe('waiting');
    expect(before.uploads[0]).toMatchObject({ received: 2 * CHUNK, size, complete: false });
    expect(puts.length, 'the reload round was cut too').toBe(2);

    // the network back (slow: each chunk takes a moment, so the progress shows)
    cut = false;
    slow = 1200;
    gets.length = 0;
    await page.locator('[data-testid="outbox-send"]').tap();
    await page.waitForFunction(() => /đang gửi ảnh 1\/1, \d+%/.test(document.querySelector('[data-testid="outbox-photo-progress"]')?.textContent ?? ''), undefined, { timeout: 30_000 });
    await shot('sending');
    await page.waitForFunction(() => document.querySelector('[data-testid="outbox-entry"]')?.getAttribute('data-status') === 'sent', undefined, { timeout: 60_000 });
    await shot('sent');

    // asked the offset first, then sent only the rest, each chunk once
    expect(gets.length, 'asked the server how far it got').toBeGreaterThanOrEqual(1);
    expect(puts[2]).toMatch(/^bytes 131072-196607\//);
    const starts = puts.map((p) => Number(/^bytes (\d+)-/.exec(p)![1]));
    expect(new Set(starts).size).toBe(starts.length);
    expect(starts).toEqual(Array.from({ length: Math.ceil(size / CHUNK) }, (_, i) => i * CHUNK));

    // one inspection, one photo, byte for byte what the phone stored
    const d = await server.get<PlotDetail>(`/api/plots/${row.plotId}`);
    const ours = d.plantings.flatMap((g) => g.inspections).filter((i) => i.team === TEAM);
    expect(ours.length).toBe(1);
    expect(ours[0]!.photos.length).toBe(1);
    const res = await fetch(`${server.url}${ours[0]!.photos[0]!.url}`);
    const onServer = Buffer.from(await res.arrayBuffer());
    const onPhone = Buffer.from((await stored()).photo, 'base64');
    expect(onServer.length).toBe(size);
    expect(onServer.equals(onPhone)).toBe(true);
  });
});
