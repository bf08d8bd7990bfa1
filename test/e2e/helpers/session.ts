/**
 * The lifecycle most browser test files share, registered as vitest hooks: one server and one
 * Chromium for the file, and (optionally) a fresh page per test whose JavaScript errors fail it.
 * Test bodies keep their own variables; the hooks fill them in.
 *
 * @example
 *   let server: AtlasServer; let browser: Browser; let atlas: AtlasDriver;
 *   withServerAndBrowser((s, b) => { server = s; browser = b; });
 *   withPagePerTest(() => browser, () => server.url, (a) => { atlas = a; });
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, type PageOptions } from './browser.ts';
import { AtlasDriver } from './atlas.ts';
import { startAtlasServer, type AtlasServer } from './server.ts';

/** Starts the app's server and Chromium before the file's tests and closes both after them. */
export function withServerAndBrowser(ready: (server: AtlasServer, browser: Browser) => void | Promise<void>): void {
  let server: AtlasServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startAtlasServer(), launchBrowser()]);
    await ready(server, browser);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
}

/** A new page (desktop size) for each test, driven by an AtlasDriver; page errors fail the test. */
export function withPagePerTest(browser: () => Browser, url: () => string, ready: (atlas: AtlasDriver) => void): void {
  let close: (() => Promise<void>) | undefined;
  let errors: string[] = [];
  beforeEach(async () => {
    const p = await openPage(browser());
    close = p.close;
    errors = p.errors;
    ready(new AtlasDriver(p.page, url()));
  });
  afterEach(async () => {
    await close?.();
    expect(errors, 'errors in the page').toEqual([]);
  });
}

/** Pages a test opens itself, closed after it whatever happened. */
export function closeAfterEach(): (close: () => Promise<void>) => void {
  const pages: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (pages.length) await pages.pop()!();
  });
  return (close) => void pages.push(close);
}

/**
 * A page factory for tests that open pages of several sizes: each page is closed after its test,
 * and its JavaScript errors fail the test then.
 * @example const page = atlasPages(() => browser, () => server.url); const atlas = await page(390, 844, true);
 */
export function atlasPages(browser: () => Browser, url: () => string): (width: number, height: number, isMobile?: boolean) => Promise<AtlasDriver> {
  const closeLater = closeAfterEach();
  return async (width, height, isMobile = false) => {
    const p = await openPage(browser(), { width, height, isMobile });
    closeLater(async () => {
      await p.close();
      expect(p.errors, 'errors in the page').toEqual([]);
    });
    return new AtlasDriver(p.page, url());
  };
}

/**
 * One server, one Chromium and one page for all the tests of a file (a user story told in steps
 * on the same page), closed after them. `errors` collects the page's JavaScript errors.
 */
export function withOnePage(
  options: PageOptions,
  ready: (ctx: { server: AtlasServer; browser: Browser; page: Page; errors: string[] }) => void,
): void {
  let close: (() => Promise<void>) | undefined;
  withServerAndBrowser(async (server, browser) => {
    const p = await openPage(browser, options);
    close = p.close;
    ready({ server, browser, page: p.page, errors: p.errors });
  });
  afterAll(async () => {
    await close?.();
  });
}
