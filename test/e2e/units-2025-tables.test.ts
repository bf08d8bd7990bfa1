/**
 * The era switch on the tables screen and the dashboard, in Chromium (issue 17): on #/ntm the
 * switch "Trước 1/7/2025 / Từ 1/7/2025" turns the tables into the 40 new units (counts of their
 * old xã, equal to the API's), the era goes into the link (the map's layers), and the link opens
 * the same tables; the dashboard's per-district chart becomes per new unit. Desktop and phone.
 */
import { expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { NtmReportResponse } from '../../server/domain/report-table.ts';
import type { NtmTablesResponse } from '../../server/domain/ntm.ts';
import { describeBrowser, openPage } from './helpers/browser.ts';
import type { AtlasServer } from './helpers/server.ts';
import { closeAfterEach, withServerAndBrowser } from './helpers/session.ts';

const YEAR = 2023;

/** The rows of a report table as the screen shows them (cell text). */
async function tableRows(page: Page, id: string): Promise<string[][]> {
  await page.locator(`[data-testid="report-${id}"] tbody tr`).first().waitFor({ timeout: 60_000 });
  return page.$$eval(`[data-testid="report-${id}"] tbody tr`, (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
}

describeBrowser('the era switch on the NTM tables and the dashboard', () => {
  let server: AtlasServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });
  const closeLater = closeAfterEach();

  it('desktop: switching to "Từ 1/7/2025" shows the 40 new units, and the link reproduces it', async () => {
    const api = await server.get<NtmReportResponse>(`/api/ntm/report?year=${YEAR}&era=after`);
    const p = await openPage(browser, { width: 1440, height: 900 });
    closeLater(p.close);
    await p.page.goto(`${server.url}/#/ntm?year=${YEAR}`);
    await p.page.locator('[data-testid="report-criteria"]').waitFor({ timeout: 60_000 });
    expect(await p.page.locator('[data-testid="ntm-era-before"]').isChecked()).toBe(true);

    await p.page.locator('[data-testid="ntm-era"] label', { hasText: 'Từ 1/7/2025' }).click();
    const rows = await tableRows(p.page, 'units2025_levels');
    expect(rows).toHaveLength(41); // the 40 new units and the province
    const expected = api.tables.find((t) => t.id === 'units2025_levels')!.rows.map((r) => r.map((c) => (c == null ? '' : String(c))));
    expect(rows).toEqual(expected);
    expect(rows.find((r) => r[1] === 'Xã Tu Mơ Rông')).toBeDefined();
    expect(await p.page.locator('[data-testid="report-criteria"]').count()).toBe(0); // no district table
    expect(await p.page.locator('[data-testid="ntm-district"]').count()).toBe(0);
    expect(await p.page.locator('[data-testid="ntm-era-note"]').innerText()).toContain('40 xã, phường từ 1/7/2025');
    // the era is in the link (the map's layers) and in the downloads
    await p.page.waitForFunction(() => /layers=[^&]*units2025/.test(location.hash) && !/layers=[^&]*communes/.test(location.hash));
    expect(await p.page.locator('[data-testid="ntm-xlsx"]').getAttribute('href')).toContain('era=after');
    expect(await p.page.locator('[data-testid="ntm-csv-units2025_levels"]').getAttribute('href')).toContain('era=after');
    expect(await p.page.locator('[data-testid="ntm-back"]').getAttribute('href')).toMatch(/layers=[^&]*units2025/);
    await p.page.screenshot({ path: 'tmp/ntm-era-after-desktop.png' });
    // the record tables follow the era: Biểu 09 by new unit, Biểu 11 by former district with its new units
    const infra = await tableRows(p.page, 'infrastructure');
    const infraApi = api.tables.find((t) => t.id === 'infrastructure')!;
    expect(infra).toHaveLength(infraApi.rows.length);
    expect(infra.length).toBeGreaterThan(11); // more rows than the 10 old districts and the province
    await p.page.locator('[data-testid="report-infrastructure"]').screenshot({ path: 'tmp/ntm-era-after-infrastructure.png' });
    await p.page.locator('[data-testid="report-capital"]').screenshot({ path: 'tmp/ntm-era-after-capital.png' });
    const link = p.page.url();

    // the link, opened afresh, shows the same tables
    const q = await openPage(browser, { width: 1440, height: 900 });
    closeLater(q.close);
    await q.page.goto(link);
    expect(await tableRows(q.page, 'units2025_levels')).toEqual(expected);
    expect(await q.page.locator('[data-testid="ntm-era-after"]').isChecked()).toBe(true);

    // and back to the report era: the district tables again, the link without the new units
    await p.page.locator('[data-testid="ntm-era"] label', { hasText: 'Trước 1/7/2025' }).click();
    await p.page.locator('[data-testid="report-criteria"]').waitFor({ timeout: 60_000 });
    await p.page.waitForFunction(() => !/layers=[^&]*units2025/.test(location.hash));
    expect(await p.page.locator('[data-testid="ntm-xlsx"]').getAttribute('href')).toBe(`/api/ntm/tables.xlsx?year=${YEAR}&lang=vi`);
    expect(p.errors).toEqual([]);
    expect(q.errors).toEqual([]);
  });

  it('phone: a shared link with the new units opens their tables', async () => {
    const p = await openPage(browser, { width: 390, height: 844, isMobile: true });
    closeLater(p.close);
    await p.page.goto(`${server.url}/#/ntm?year=${YEAR}&layers=units2025`);
    const rows = await tableRows(p.page, 'units2025_criteria');
    expect(rows).toHaveLength(41);
    expect(await p.page.locator('[data-testid="ntm-era-after"]').isChecked()).toBe(true);
    await p.page.screenshot({ path: 'tmp/ntm-era-after-phone.png' });
    await p.page.locator('[data-testid="ntm-table-units2025_levels"]').scrollIntoViewIfNeeded();
    await p.page.screenshot({ path: 'tmp/ntm-era-after-phone-levels.png' });
    expect(p.errors).toEqual([]);
  });

  it('the dashboard, with the new units on the map, draws old xã at NTM per new unit (the API counts)', async () => {
    const t = await server.get<NtmTablesResponse>(`/api/ntm/tables?year=${YEAR}&era=after`);
    const p = await openPage(browser, { width: 1440, height: 900 });
    closeLater(p.close);
    await p.page.goto(`${server.url}/#year=${YEAR}&layers=units2025&dash=1`);
    await p.page.locator('[data-chart="ntm-units2025"] [data-key]').first().waitFor({ state: 'attached', timeout: 60_000 });
    const drawn = await p.page.$$eval('[data-chart="ntm-units2025"] [data-key]', (els) => els.map((e) => [e.getAttribute('data-key')!, Number(e.getAttribute('data-value'))] as const));
    const expected = t.units2025!.filter((u) => u.oldXa > 0).map((u) => [u.code, u.levels.ntm] as const);
    expect(Object.fromEntries(drawn)).toEqual(Object.fromEntries(expected));
    expect(await p.page.locator('[data-chart="ntm-units"]').count()).toBe(0); // no districts
    await p.page.screenshot({ path: 'tmp/dashboard-era-after-desktop.png' });
    await p.page.locator('[data-chart="ntm-units2025"]').screenshot({ path: 'tmp/dashboard-era-after-chart.png' });
    expect(p.errors).toEqual([]);
  });
});
