/**
 * Issue 17 in Chromium, in Vietnamese, desktop and phone: the NTM tables screen (#/ntm) shows
 * Biểu 11, the programmes' capital by district (report 002: Đắk Hà 28,4 %, Kon Rẫy 56,2 % in 2023),
 * with its CSV link; a lô's panel names its new unit "… (từ 7/2025)" beside the old commune.
 * Screenshots in /tmp/units2025-*.png.
 */
import { expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { describeBrowser } from './helpers/browser.ts';
import type { AtlasServer } from './helpers/server.ts';
import { atlasPages, withServerAndBrowser } from './helpers/session.ts';

describeBrowser('issue 17: the capital table and the unit of records from 7/2025', () => {
  let server: AtlasServer;
  let browser: Browser;
  withServerAndBrowser(async (s, b) => {
    server = s;
    browser = b;
  });
  const page = atlasPages(() => browser, () => server.url);

  for (const [name, width, height] of [['desktop', 1440, 900], ['phone', 390, 844]] as const) {
    it(`${name}: Biểu 11 shows report 002's 2023 shares; a lô names its unit from 7/2025`, async () => {
      const atlas = await page(width, height);
      await atlas.page.goto(`${server.url}/#/ntm`);
      const table = atlas.page.locator('[data-testid="report-capital"]');
      await table.waitFor({ state: 'visible', timeout: 60_000 });
      const row = async (district: string) =>
        (await table.locator('tbody tr', { hasText: district }).first().locator('td').allInnerTexts()).map((s) => s.trim());
      const dakHa = await row('Đắk Hà');
      expect(dakHa[4]).toBe('28,4');
      expect(dakHa[2]).toBe('66,0');
      expect((await row('Kon Rẫy'))[4]).toBe('56,2');
      expect((await row('Kon Rẫy'))[6]).toContain('minh họa: 2022');
      expect(await table.locator('thead').innerText()).toContain('Giao chi tiết (%)');
      expect(await atlas.page.locator('[data-testid="ntm-csv-capital"]').count()).toBe(1);
      await table.scrollIntoViewIfNeeded();
      await atlas.page.screenshot({ path: `/tmp/units2025-capital-${name}.png` });

      const plots = await server.get<{ features?: unknown[] }>('/api/forest/worklist?limit=1');
      const first = (plots as unknown as { rows: { plotId: number; unit2025: { fullName: string } | null }[] }).rows[0]!;
      await atlas.page.goto(`${server.url}/#year=2023&lang=vi&sel=plot:${first.plotId}`);
      const unit = atlas.page.locator('[data-testid="info-unit2025"]');
      // on a phone the panel opens as a collapsed sheet: the row is there, below the fold
      await unit.waitFor({ state: 'attached', timeout: 60_000 });
      expect(((await unit.textContent()) ?? '').trim()).toContain(`${first.unit2025!.fullName} (từ 7/2025)`);
      if (name === 'desktop') await unit.scrollIntoViewIfNeeded();
      await atlas.page.screenshot({ path: `/tmp/units2025-plot-${name}.png` });
    });
  }
});
