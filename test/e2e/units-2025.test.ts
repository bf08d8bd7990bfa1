/**
 * The units of 1 July 2025 in Chromium: the map switches from the old communes to the 40 new
 * units in one step ("Trước 1/7/2025 / Từ 1/7/2025"), each new unit coloured by how many of its
 * old xã had reached NTM (checked against the API at known places), and a click on a new unit
 * opens it with its old communes and their own history. Desktop and phone.
 */
import { expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { SearchResponse } from '../../server/domain/api.ts';
import { UNIT_2025_CLASSES } from '../../server/domain/classes.ts';
import type { Unit2025Detail } from '../../server/domain/units-2025.ts';
import { colorDistance, hexToRgb } from '../../web/src/lib/color.ts';
import { describeBrowser, openPage } from './helpers/browser.ts';
import { AtlasDriver } from './helpers/atlas.ts';
import type { AtlasServer } from './helpers/server.ts';
import { closeAfterEach, withServerAndBrowser } from './helpers/session.ts';

const TOLERANCE = 3;

/** The title of a 2025 unit's panel once it has loaded its history. */
async function unitPanelTitle(page: Page): Promise<string> {
  const card = page.locator('[data-testid="info-units2025"]');
  await card.waitFor({ state: 'visible', timeout: 30_000 });
  return (await card.locator('[data-testid="info-title"]').innerText()).trim();
}
const YEAR = 2023;

describeBrowser('the units of 1 July 2025', () => {
  let server: AtlasServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });
  const closeLater = closeAfterEach();

  /** An old commune's interior point (the API's point on surface, from search). */
  async function interiorPoint(code: string, name: string): Promise<[number, number]> {
    const s = await server.get<SearchResponse>(`/api/search?q=${encodeURIComponent(name)}&limit=50`);
    const hit = s.hits.find((h) => h.kind === 'commune' && h.id === code);
    if (!hit) throw new Error(`search did not find commune ${code} ${name}`);
    return hit.center;
  }

  /** The class the API's counts give a new unit in the year (the registry's classes). */
  function classOf(d: Unit2025Detail): string {
    const y = d.ntm.find((r) => r.year === YEAR)!;
    if (y.oldXa === 0) return 'no_xa';
    return y.levelNtm === y.oldXa ? 'all' : y.levelNtm > 0 ? 'some' : 'none';
  }

  it('colours each new unit by its old xã at NTM, at known places', async () => {
    const p = await openPage(browser, { width: 1440, height: 900 });
    closeLater(p.close);
    const atlas = new AtlasDriver(p.page, server.url);
    const seen = new Set<string>();
    // Phường Kon Tum (five wards), Xã Tu Mơ Rông (two old districts), Xã Đăk Long (unchanged), Phường Đăk Cấm
    for (const code of ['23293', '23425', '23368', '23284']) {
      const d = await server.get<Unit2025Detail>(`/api/units2025/${code}`);
      const old = d.oldUnits[0]!;
      const [lon, lat] = await interiorPoint(old.code, old.name);
      await atlas.open({ view: { lon, lat, zoom: 10 }, layers: ['units2025'], year: YEAR });
      const cls = classOf(d);
      const expected = hexToRgb(UNIT_2025_CLASSES.find((c) => c.id === cls)!.color);
      const got = await atlas.colorAt(lon, lat);
      expect(colorDistance(got, expected), `${d.fullName} (${cls}): seen ${got}, expected ${expected}`).toBeLessThanOrEqual(TOLERANCE);
      seen.add(cls);
    }
    expect(seen.size).toBeGreaterThanOrEqual(3);
    expect(p.errors).toEqual([]);
  });

  it('switches the map to the new units in one step and opens a new commune with its old communes’ history (desktop)', async () => {
    const p = await openPage(browser, { width: 1440, height: 900 });
    closeLater(p.close);
    const atlas = new AtlasDriver(p.page, server.url);
    const d = await server.get<Unit2025Detail>('/api/units2025/23425');
    const first = d.oldUnits.find((o) => o.code === '23422')!;
    const [lon, lat] = await interiorPoint(first.code, first.name);
    await atlas.open({ view: { lon, lat, zoom: 9.5 }, year: YEAR });
    expect(await p.page.locator('[data-testid="era-before"]').isChecked()).toBe(true);

    await p.page.locator('[data-testid="era-switch"] label', { hasText: 'Từ 1/7/2025' }).click();
    await p.page.waitForFunction(() => /layers=[^&]*units2025/.test(location.hash) && !/layers=[^&]*communes/.test(location.hash));
    await atlas.waitIdle();
    expect(await p.page.locator('[data-testid="legend"]').innerText()).toContain('Xã, phường từ 1/7/2025');

    await atlas.clickAt(lon, lat);
    expect(await unitPanelTitle(p.page)).toBe('Xã Tu Mơ Rông');
    const old = await p.page.locator('[data-testid="units2025-old"]').innerText();
    for (const o of d.oldUnits) expect(old).toContain(o.fullName);
    // the old communes' own history: the 2023 row gives each old xã its criteria met
    const row = p.page.locator('[data-testid="units2025-old-history"] tbody tr', { hasText: String(YEAR) });
    const cells = await row.locator('td').allInnerTexts();
    const xa = d.oldUnits.filter((o) => o.inNtmProgramme);
    expect(cells.map((c) => c.replace(' ★', ''))).toEqual(xa.map((o) => `${o.history.find((h) => h.year === YEAR)!.criteriaMet}/19`));
    await p.page.screenshot({ path: 'tmp/units2025-desktop.png' });

    // back to the old map in one step
    await p.page.locator('[data-testid="era-switch"] label', { hasText: 'Trước 1/7/2025' }).click();
    // (the default layers again: the URL may leave them out)
    await p.page.waitForFunction(() => !/layers=[^&]*units2025/.test(location.hash));
    expect(await p.page.locator('[data-testid="layer-communes"]').isChecked()).toBe(true);
    expect(await p.page.locator('[data-testid="layer-districts"]').isChecked()).toBe(true);
    expect(await p.page.locator('[data-testid="layer-units2025"]').isChecked()).toBe(false);
    expect(p.errors).toEqual([]);
  });

  it('on a phone, a shared link opens the new unit with its old communes', async () => {
    const p = await openPage(browser, { width: 390, height: 844, isMobile: true });
    closeLater(p.close);
    const kt = await server.get<Unit2025Detail>('/api/units2025/23293');
    const [lon, lat] = await interiorPoint(kt.oldUnits[0]!.code, kt.oldUnits[0]!.name);
    const atlas = new AtlasDriver(p.page, server.url);
    await atlas.open({ view: { lon, lat, zoom: 11 }, layers: ['units2025'], year: YEAR });
    await atlas.clickAt(lon, lat);
    expect(await unitPanelTitle(p.page)).toBe('Phường Kon Tum');
    expect(await p.page.locator('[data-testid="units2025-no-xa"]').isVisible()).toBe(true);
    expect((await p.page.locator('[data-testid="units2025-old"] li').allInnerTexts()).length).toBe(5);
    await p.page.screenshot({ path: 'tmp/units2025-phone.png' });
    expect(p.errors).toEqual([]);
  });
});
