/**
 * The site finder's commune choice (issue 12, planner): a searchable checklist of the communes in
 * the planner's scope only, in Vietnamese order (Đ after D), a commune whose name another in the
 * list shares shown with its district, typed names found without diacritics, several communes
 * chosen as chips and searched together (the same lô as the API finds for them). Desktop and phone.
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { SiteSearchResponse } from '../../server/domain/planner.ts';
import { DEMO_USERS } from '../../server/auth/demo-users.ts';
import { foldName } from '../../server/domain/text.ts';
import { describeBrowser, openPage } from './helpers/browser.ts';
import type { AtlasServer } from './helpers/server.ts';
import { withOnePage } from './helpers/session.ts';
import { AtlasDriver, ForestDriver, PlannerDriver } from './helpers/atlas.ts';

interface Unit {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
}

const collator = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });
const optionLabels = (page: Page) => page.locator('[data-testid="planner-commune"] [data-testid="commune-option"]').evaluateAll((els) => els.map((e) => e.closest('label')?.textContent?.trim() ?? ''));

describeBrowser('the site finder’s commune checklist', () => {
  let server: AtlasServer;
  let page: Page;
  let errors: string[];
  withOnePage({ width: 1440, height: 900 }, (ctx) => {
    ({ server, page, errors } = ctx);
  });

  it('lists every commune of the province in Vietnamese order, a shared name with its district', async () => {
    const units = await server.get<Unit[]>('/api/sites/units');
    const communes = units.filter((u) => u.level === 'commune');
    const atlas = new AtlasDriver(page, server.url);
    const planner = new PlannerDriver(page, atlas);
    await atlas.open({ view: { lon: 108.02, lat: 14.28, zoom: 10 } });
    await planner.open();
    await expect.poll(() => optionLabels(page).then((l) => l.length)).toBeGreaterThan(0);
    await page.locator('[data-testid="planner-district"]').selectOption('');
    const labels = await optionLabels(page);
    expect(labels).toHaveLength(communes.length);
    const names = labels.map((l) => l.replace(/ \(.*\)$/, ''));
    expect(names).toEqual([...names].sort(collator.compare));
    // Đ after D (not after Y, as a code-point sort puts it)
    const firstD = names.findIndex((n) => n.startsWith('D'));
    const firstDd = names.findIndex((n) => n.startsWith('Đ'));
    if (firstD >= 0 && firstDd >= 0) expect(firstDd).toBeGreaterThan(firstD);
    const lastDd = names.findLastIndex((n) => n.startsWith('Đ'));
    const firstAfterD = names.findIndex((n) => foldName(n[0]!) > 'd');
    if (lastDd >= 0 && firstAfterD >= 0) expect(lastDd).toBeLessThan(firstAfterD);
    // a name shared by two communes carries the district; a unique one does not
    const shared = communes.filter((c) => communes.filter((d) => d.name === c.name).length > 1);
    for (const c of shared) {
      const district = units.find((u) => u.code === c.parentCode)!.name;
      expect(labels).toContain(`${c.name} (${district})`);
    }
    const unique = communes.find((c) => !shared.includes(c))!;
    expect(labels).toContain(unique.name);
    await page.screenshot({ path: 'tmp/commune-picker-province.png' });

    // the whole province searched: the list is cut at 200 rows and says so ("200 trong N lô"), the map shows them all
    await page.locator('[data-testid="planner-search"]').click();
    await page.locator('[data-testid="planner-results"]').waitFor({ timeout: 30_000 });
    const res = await fetch(`${server.url}/api/sites/search`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ year: 2023, ldlr: ['DT1', 'DT2', 'DTR'], functions: ['production'], notPlantedYears: 3, rejected: 'include', limit: 500 }),
    });
    const api = (await res.json()) as SiteSearchResponse;
    expect(api.count, 'the demo province holds more than 200 matching lô').toBeGreaterThan(200);
    expect(await page.locator('[data-testid="site-row"]').count()).toBe(200);
    const shown = await page.locator('[data-testid="planner-shown"]').innerText();
    expect(shown).toContain(`Danh sách hiện 200 trong ${api.count.toLocaleString('vi-VN')} lô`);
  });

  it('keeps to the planner’s scope, finds a name typed without diacritics, and searches two communes together', async () => {
    const units = await server.get<Unit[]>('/api/sites/units');
    const demo = DEMO_USERS.find((u) => u.username === 'planner')!;
    const scopeCommunes = units.filter((u) => u.level === 'commune' && demo.scopes.includes(u.parentCode ?? ''));
    const atlas = new AtlasDriver(page, server.url);
    const planner = new PlannerDriver(page, atlas);
    await atlas.open({ view: { lon: 108.02, lat: 14.28, zoom: 10 } });
    await new ForestDriver(page, atlas).signIn(demo.username, demo.password);
    await planner.open();

    // the district list and the checklist hold the planner's scope only (Kon Tum city, Sa Thầy)
    const districts = () => page.locator('[data-testid="planner-district"] option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value).sort());
    await expect.poll(districts).toEqual([...demo.scopes].sort());
    await page.locator('[data-testid="planner-district"]').selectOption('608');
    const city = scopeCommunes.filter((c) => c.parentCode === '608');
    const labels = await optionLabels(page);
    expect(new Set(labels)).toEqual(new Set(city.map((c) => c.name)));
    expect(labels).toEqual([...labels].sort(collator.compare));

    // typed as on a phone keyboard: no diacritics
    const chuHreng = city.find((c) => c.name === 'Chư Hreng')!;
    await page.locator('[data-testid="commune-search"]').fill('chu hreng');
    expect(await optionLabels(page)).toEqual(['Chư Hreng']);
    await page.locator(`[data-testid="commune-option"][value="${chuHreng.code}"]`).check();
    const other = city.find((c) => c !== chuHreng && foldName(c.name).startsWith('dak'))!;
    await page.locator('[data-testid="commune-search"]').fill(foldName(other.name));
    await page.locator(`[data-testid="commune-option"][value="${other.code}"]`).check();
    await page.locator('[data-testid="commune-search"]').fill('');
    const chips = await page.locator('[data-testid="commune-chip"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    expect(chips).toEqual([chuHreng.code, other.code]);
    // the chip is readable: its name, in a colour other than its background
    const chip = page.locator(`[data-testid="commune-chip"][data-code="${chuHreng.code}"]`);
    expect(await chip.innerText()).toContain('Chư Hreng');
    const [ink, bg] = await chip.evaluate((e) => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]);
    expect(ink).not.toBe(bg);

    await page.locator('[data-testid="planner-search"]').click();
    await page.locator('[data-testid="planner-results"]').waitFor({ timeout: 30_000 });
    const summary = await page.locator('[data-testid="planner-summary"]').innerText();
    const res = await fetch(`${server.url}/api/sites/search`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ year: 2023, district: '608', communes: [chuHreng.code, other.code], ldlr: ['DT1', 'DT2', 'DTR'], functions: ['production'], notPlantedYears: 3, rejected: 'include', limit: 500 }),
    });
    const api = (await res.json()) as SiteSearchResponse;
    expect(new Set(api.rows.map((r) => r.communeCode))).toEqual(new Set([chuHreng.code, other.code]));
    expect(summary).toContain(String(api.rows.length));

    // a chip removes its commune
    await page.locator(`[data-testid="commune-chip"][data-code="${other.code}"]`).click();
    expect(await page.locator('[data-testid="commune-chip"]').count()).toBe(1);
    expect(await page.locator(`[data-testid="commune-option"][value="${other.code}"]`).isChecked()).toBe(false);
    await page.screenshot({ path: 'tmp/commune-picker-desktop.png' });
    expect(errors).toEqual([]);
  });

  it('works on a phone', async () => {
    const phone = await openPage((page.context().browser())!, { width: 390, height: 844, isMobile: true });
    try {
      const atlas = new AtlasDriver(phone.page, server.url);
      await atlas.open({ view: { lon: 108.02, lat: 14.28, zoom: 10 } });
      await phone.page.locator('[data-testid="sheet-layers"]').click();
      await new PlannerDriver(phone.page, atlas).open();
      await phone.page.locator('[data-testid="planner-district"]').selectOption('608');
      await phone.page.locator('[data-testid="commune-search"]').fill('ia');
      const labels = await optionLabels(phone.page);
      expect(labels.length).toBeGreaterThan(0);
      for (const l of labels) expect(foldName(l)).toContain('ia');
      const box = await phone.page.locator('[data-testid="commune-option"]').first().locator('xpath=..').boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(31.5); // a finger-sized row
      await phone.page.locator('[data-testid="commune-option"]').first().check();
      expect(await phone.page.locator('[data-testid="commune-chip"]').count()).toBe(1);
      await phone.page.screenshot({ path: 'tmp/commune-picker-phone.png' });
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});
