/**
 * Generic browser helper for the e2e tests: Debian's Chromium driven by playwright-core,
 * headless, rendering WebGL through SwiftShader (see DESIGN.md, "Browser WebGL"). Knows
 * nothing of the atlas.
 */
import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page, type Route } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium.ts';

const inCi = process.env.CI === 'true';

/** Whether Chromium is installed; the reason to print when it is not. */
export function chromiumStatus(): { ok: true } | { ok: false; reason: string } {
  return existsSync(CHROMIUM_PATH)
    ? { ok: true }
    : { ok: false, reason: `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium): browser tests skipped` };
}

/**
 * A describe block for browser tests. Without Chromium it fails in CI (CI=true) and is
 * skipped with a visible message elsewhere.
 */
export function describeBrowser(name: string, body: () => void): void {
  const status = chromiumStatus();
  if (status.ok) {
    describe(name, body);
    return;
  }
  if (inCi) {
    describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(status.reason.replace('skipped', 'required in CI'));
      });
    });
    return;
  }
  console.warn(`\n⚠ ${status.reason}\n`);
  describe.skip(`${name} — ${status.reason}`, body);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

export interface PageOptions {
  width?: number;
  height?: number;
  locale?: string;
  isMobile?: boolean;
  /**
   * The app's service worker (web/src/sw.ts) is blocked unless a test is about it (test/e2e/offline*):
   * requests a service worker makes are not seen by page.route(), which other tests use to cut or
   * slow the network.
   */
  serviceWorkers?: 'allow' | 'block';
}

/** A fresh page (own context) at 1:1 pixel ratio, recording page errors for the test reports. */
export async function openPage(browser: Browser, o: PageOptions = {}): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
  const context = await browser.newContext({
    viewport: { width: o.width ?? 1280, height: o.height ?? 800 },
    deviceScaleFactor: 1,
    locale: o.locale ?? 'vi-VN',
    isMobile: o.isMobile ?? false,
    hasTouch: o.isMobile ?? false,
    serviceWorkers: o.serviceWorkers ?? 'block',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return { page, errors, close: () => context.close() };
}

/**
 * A phone (390 × 844, touch, Vietnamese) with a browser profile on disk and the app's service
 * worker allowed: closing it and launching again from the same folder is a phone's browser
 * restarted (IndexedDB, caches and the service worker survive; session cookies do not). Page
 * errors of its first page are recorded.
 */
export async function launchPhoneProfile(profileDir: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  // the service worker's requests visible to routes (read at launch): goOffline cuts them too
  process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    locale: 'vi-VN',
    permissions: ['geolocation'],
    serviceWorkers: 'allow',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

/**
 * The phone's signal gone (or back), for the page AND its service worker. Playwright's offline
 * emulation reaches only the page: the service worker's own fetches still got through (Playwright
 * issue #2311), so a test "offline" could pass on the network. The worker's requests are routed here
 * (PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS, set before launching a phone profile) and
 * aborted the way a dropped connection fails them.
 */
export async function goOffline(context: BrowserContext): Promise<void> {
  await context.setOffline(true);
  await context.route('**', abortWorkerRequests);
}

export async function goOnline(context: BrowserContext): Promise<void> {
  await context.unroute('**', abortWorkerRequests);
  await context.setOffline(false);
}

function abortWorkerRequests(route: Route): Promise<void> {
  return route.request().serviceWorker() ? route.abort('internetdisconnected') : route.fallback();
}

export type Rgb = [number, number, number];

/**
 * The colours of the screen pixels in a square around (x, y) in page CSS pixels, as the user
 * sees them (a screenshot of the composited page, decoded by the browser's own PNG decoder).
 */
export async function screenPixels(page: Page, x: number, y: number, radius = 0): Promise<Rgb[]> {
  const size = radius * 2 + 1;
  const png = await page.screenshot({ clip: { x: Math.round(x) - radius, y: Math.round(y) - radius, width: size, height: size }, type: 'png' });
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    const out: [number, number, number][] = [];
    for (let i = 0; i < d.length; i += 4) out.push([d[i], d[i + 1], d[i + 2]]);
    return out;
  }, png.toString('base64'));
}

/** The most frequent colour of a set of pixels (robust to an outline or label crossing it). */
export function dominantColor(pixels: Rgb[]): Rgb {
  const counts = new Map<string, { c: Rgb; n: number }>();
  for (const p of pixels) {
    const k = p.join(',');
    const e = counts.get(k) ?? { c: p, n: 0 };
    e.n++;
    counts.set(k, e);
  }
  return [...counts.values()].sort((a, b) => b.n - a.n)[0].c;
}
