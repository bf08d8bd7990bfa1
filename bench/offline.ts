/**
 * Offline in the forest (issue 16, docs/offline.md): time and bytes to prepare one tiểu khu and
 * one commune through the app's own "Dùng khi không có sóng" panel (package + every tile of every
 * layer at z10–17), and the time from a reload with no network to map idle. Each run in a fresh
 * browser profile (nothing cached), the build served as the server sends it, its service worker on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { percentile } from './stats.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.ts';
import { serveBuild, type MapIdleResult } from './webapp.ts';

const TK = 568;

const idle = (page: Page) =>
  page.waitForFunction(() => (window as unknown as { __atlas?: { idle: boolean } }).__atlas?.idle === true, undefined, { timeout: 120_000, polling: 50 });

export async function benchOffline(dir: string, apiUrl: string, runs = 2): Promise<MapIdleResult[]> {
  const site = await serveBuild(dir, apiUrl);
  const commune = ((await (await fetch(`${apiUrl}/api/tieukhu/${TK}`)).json()) as { commune: { code: string; name: string } }).commune;
  const prepared: Record<string, { ms: number[]; bytes: number[]; tiles: number[] }> = {};
  const reload: number[] = [];
  try {
    for (const area of [{ kind: 'tieukhu', code: String(TK), label: `tiểu khu ${TK}` }, { kind: 'commune', code: commune.code, label: `xã ${commune.name}` }] as const) {
      const r = (prepared[area.label] = { ms: [] as number[], bytes: [] as number[], tiles: [] as number[] });
      for (let i = 0; i < runs; i++) {
        const profile = mkdtempSync(path.join(tmpdir(), 'atlas-bench-offline-'));
        const ctx = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 800 }, serviceWorkers: 'allow' });
        try {
          const page = ctx.pages()[0] ?? (await ctx.newPage());
          await page.goto(`${site.url}/#map=13/14.29/108.03`);
          await idle(page);
          await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
          await page.locator('[data-testid="offline-toggle"]').click();
          if (area.kind === 'tieukhu') await page.locator('[data-testid="offline-tk"]').fill(area.code);
          else await page.locator('[data-testid="offline-commune"]').selectOption(area.code);
          const t0 = Date.now();
          await page.locator('[data-testid="offline-estimate"]').click();
          await page.locator('[data-testid="offline-download"]').click({ timeout: 120_000 });
          await page.waitForFunction((id) => document.querySelector(`[data-area="${id}"]`)?.getAttribute('data-status') === 'ready', `${area.kind}:${area.code}`, { timeout: 600_000 });
          r.ms.push(Date.now() - t0);
          const stored = await page.evaluate(
            (id) =>
              new Promise<{ bytes: number; tiles: number }>((resolve, reject) => {
                const open = indexedDB.open('atlas-offline');
                open.onerror = () => reject(open.error);
                open.onsuccess = () => {
                  const get = open.result.transaction('areas').objectStore('areas').get(id);
                  get.onsuccess = () => resolve({ bytes: get.result.bytes, tiles: get.result.tiles.length });
                };
              }),
            `${area.kind}:${area.code}`,
          );
          r.bytes.push(stored.bytes);
          r.tiles.push(stored.tiles);
          if (area.kind === 'tieukhu') {
            await ctx.setOffline(true);
            const t1 = Date.now();
            await page.reload();
            await idle(page);
            reload.push(Date.now() - t1);
          }
        } finally {
          await ctx.close();
          rmSync(profile, { recursive: true, force: true });
        }
      }
    }
  } finally {
    await site.stop();
  }
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(2)} MB`;
  return [
    ...Object.entries(prepared).map(([label, r]) => ({
      view: `offline: prepare ${label} (${mb(percentile(r.bytes, 50))}, ${percentile(r.tiles, 50)} tiles)`,
      runs: r.ms,
      p50: percentile(r.ms, 50),
      max: Math.max(...r.ms),
    })),
    { view: `offline: reload with no network to map idle (tiểu khu ${TK} prepared)`, runs: reload, p50: percentile(reload, 50), max: Math.max(...reload) },
  ];
}
