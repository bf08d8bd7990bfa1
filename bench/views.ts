/**
 * Time to open a saved view to map idle (docs/meetings.md): the views screen is open (its list
 * drawn), the user presses "Mở bản đồ" on a saved view; timed from that click until the map
 * reports idle (window.__atlas) with the view's camera, year, style and palette — in a fresh
 * browser context each run (the map chunk and tiles not cached). The view is written straight
 * into the database for the run and removed after.
 */
import postgres from 'postgres';
import { chromium } from 'playwright-core';
import { percentile } from './stats.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH as CHROMIUM } from '../scripts/chromium.ts';
import { serveBuild, type MapIdleResult } from './webapp.ts';

/** A district at zoom 11, NTM levels, the projector palette: a view made for a meeting. */
export const BENCH_VIEW = 'map=11/14.35/108.0&year=2023&style=level&palette=contrast&layers=communes,districts';

export async function benchSavedView(dir: string, apiUrl: string, databaseUrl: string, runs = 3): Promise<MapIdleResult> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const [row] = await sql<{ id: string }[]>`INSERT INTO saved_view (name, query) VALUES ('bench: saved view', ${BENCH_VIEW}) RETURNING id`;
  const site = await serveBuild(dir, apiUrl);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const times: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await ctx.newPage();
      await page.goto(`${site.url}/#/views`);
      const open = page.locator(`[data-testid="view-${row!.id}"] [data-testid="view-open"]`);
      await open.waitFor({ timeout: 60_000 });
      const t0 = Date.now();
      await open.click();
      await page.waitForFunction(() => location.hash.includes('palette=contrast'), undefined, { timeout: 10_000 });
      await page.waitForFunction(() => (window as unknown as { __atlas?: { idle: boolean } }).__atlas?.idle === true, undefined, { timeout: 60_000, polling: 50 });
      times.push(Date.now() - t0);
      await ctx.close();
    }
  } finally {
    await browser.close();
    await site.stop();
    await sql`DELETE FROM saved_view WHERE id = ${row!.id}`;
    await sql.end();
  }
  return { view: 'saved view (#/views → Mở bản đồ)', runs: times, p50: percentile(times, 50), max: Math.max(...times) };
}
