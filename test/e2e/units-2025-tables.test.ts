/**
 * The era switch on the tables screen and the dashboard, in Chromium (issue 17): on #/ntm the
 * switch "Trước 1/7/2025 / Từ 1/7/2025" turns the tables into the 40 new units (counts of their
 * old xã, equal to the API's), the era goes into the link (the map's layers), and the link opens
 * the same tables; the dashboard's per-district chart becomes per new unit, and a new unit chosen
 * on the map (or an old commune, which belongs to one now) narrows the dashboard to that unit: its
 * old xã's counts by year and criterion, its old units' history, villages and planting, each
 * equal to the API. Desktop and phone.
 */
import { expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { NtmReportResponse } from '../../server/domain/report-table.ts';
import type { NtmTablesResponse, VillageStatsWithDistricts } from '../../server/domain/ntm.ts';
import type { PlantingStatsResponse } from '../../server/domain/api.ts';
import type { Unit2025Detail } from '../../server/domain/units-2025.ts';
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

  /** The numbers a chart draws, by data-key. */
  async function drawn(page: Page, id: string): Promise<Record<string, number>> {
    await page.locator(`[data-chart="${id}"] [data-key]`).first().waitFor({ state: 'attached', timeout: 60_000 });
    const rows = await page.$$eval(`[data-chart="${id}"] [data-key]`, (els) => els.map((e) => [e.getAttribute('data-key')!, Number(e.getAttribute('data-value'))] as const));
    return Object.fromEntries(rows);
  }

  it('a new unit, or an old commune of it, narrows the dashboard to the new unit: its old xã counted, its old units listed (desktop and phone)', async () => {
    // the new unit with the most old xã in the NTM programme: several old units' records to sum
    const t = await server.get<NtmTablesResponse>(`/api/ntm/tables?year=${YEAR}&era=after`);
    const row = [...t.units2025!].sort((a, b) => b.oldXa - a.oldXa || a.code.localeCompare(b.code))[0]!;
    const unit = await server.get<Unit2025Detail>(`/api/units2025/${row.code}`);
    expect(unit.oldUnits.length).toBeGreaterThan(1);
    const meta = await server.get<{ village: { years: number[] }; planting: { years: number[] } }>('/api/meta');

    for (const [size, sel] of [
      [{ width: 1366, height: 900 }, `unit2025:${row.code}`],
      [{ width: 390, height: 844, isMobile: true }, `commune:${unit.oldUnits.find((o) => o.inNtmProgramme)!.code}`],
    ] as const) {
      const p = await openPage(browser, size);
      closeLater(p.close);
      await p.page.goto(`${server.url}/#year=${YEAR}&layers=units2025&sel=${sel}&dash=1`);
      await p.page.waitForFunction((code) => document.querySelector('[data-testid="dashboard"]')?.getAttribute('data-scope') === code, row.code, { timeout: 60_000 });
      await p.page.waitForFunction(() => document.querySelector('[data-testid="dashboard"]')?.getAttribute('data-settled') === 'true', undefined, { timeout: 60_000 });
      expect(await p.page.locator('[data-testid="dashboard-scope"]').innerText()).toBe(`${unit.fullName} (từ 7/2025) · năm ${YEAR}`);

      // NTM: old xã recognised per year and level, old xã meeting each criterion in the year — counts from the API
      const levels: Record<string, number> = {};
      for (const y of unit.ntm) Object.assign(levels, { [`${y.year}|ntm`]: y.levelNtm, [`${y.year}|advanced`]: y.levelAdvanced, [`${y.year}|model`]: y.levelModel });
      expect(await drawn(p.page, 'unit2025-levels')).toEqual(levels);
      const year = unit.ntm.find((y) => y.year === YEAR)!;
      expect(await drawn(p.page, 'unit2025-criteria')).toEqual(Object.fromEntries(t.criteria.map((c) => [String(c.no), year.perCriterion[String(c.no)] ?? 0])));
      expect(year.levelNtm).toBe(row.levels.ntm); // the unit's page and the province's table agree
      expect(await p.page.locator('[data-chart="unit2025-criteria"] .dash-note').innerText()).toBe(
        `${year.meetsAll}/${year.oldXa} xã cũ đạt đủ ${t.criteria.length} tiêu chí; ${year.withData} xã cũ có số liệu năm ${YEAR}`,
      );
      // its old units, each with its own record year by year
      const listed = await p.page.$$eval('[data-testid="unit2025-old-units"] tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-code')));
      expect(listed).toEqual(unit.oldUnits.map((o) => o.code));
      for (const o of unit.oldUnits.filter((x) => x.inNtmProgramme)) {
        const h = o.history.find((x) => x.year === YEAR)!;
        const cell = p.page.locator(`[data-testid="unit2025-old-units"] tr[data-code="${o.code}"] td[data-year="${YEAR}"]`);
        expect([await cell.getAttribute('data-criteria'), await cell.getAttribute('data-level')]).toEqual([String(h.criteriaMet), h.level]);
      }
      // villages of its old communes, planting summed over them, year by year
      const vy = meta.village.years.filter((y) => y <= YEAR).at(-1)!;
      const v = await server.get<VillageStatsWithDistricts>(`/api/stats/villages?year=${vy}&unit=${row.code}&era=after`);
      expect(await drawn(p.page, 'villages')).toEqual(Object.fromEntries(v.byCommune.filter((r) => r.villages > 0).map((r) => [r.code, r.pilotVillages])));
      const years: Record<string, number> = {};
      for (const y of meta.planting.years) {
        const d = await server.get<PlantingStatsResponse>(`/api/stats/planting?plantingYear=${y}&unit=${row.code}&era=after`);
        const r = d.total;
        Object.assign(years, { [`${y}|accepted`]: r.acceptedHa, [`${y}|replant`]: r.replantHa, [`${y}|rejected`]: r.rejectedHa, [`${y}|not_inspected`]: r.notInspectedHa });
        if (r.targetHa != null) years[`${y}|target`] = r.targetHa;
      }
      expect(await drawn(p.page, 'planting-years')).toEqual(years);
      expect(await p.page.locator('[data-chart="ntm-units"], [data-chart="planting-units"]').count()).toBe(0); // no district of the report era
      await p.page.locator('[data-testid="dashboard"]').screenshot({ path: `tmp/dashboard-unit2025-${size.width}.png` });
      await p.page.locator('[data-chart="unit2025-old-units"]').screenshot({ path: `tmp/dashboard-unit2025-old-units-${size.width}.png` });
      await p.page.screenshot({ path: `tmp/dashboard-unit2025-page-${size.width}.png` });
      expect(p.errors).toEqual([]);
    }
  });
});
