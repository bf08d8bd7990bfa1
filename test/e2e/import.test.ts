/**
 * The import screen in Chromium (issue 14), in Vietnamese, on the embedded database: an
 * administrator uploads the zipped VN-2000 Shapefile with a TCVN3 .dbf, confirms the names read
 * right, sees the validation report and the staged rows on the map, commits, sees the new lô on
 * the map, rolls back and sees it gone. Bad files (a truncated zip, a .shp without .dbf) get a
 * clear Vietnamese error in the screen and change nothing. Desktop and phone screenshots in /tmp.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_USERS } from '../../server/auth/demo-users.ts';
import { ROOT } from '../../server/config.ts';
import { describeBrowser, openPage } from './helpers/browser.ts';
import { AtlasDriver, ForestDriver } from './helpers/atlas.ts';
import type { AtlasServer } from './helpers/server.ts';
import { closeAfterEach, withServerAndBrowser } from './helpers/session.ts';

const FIX = path.join(ROOT, 'test', 'fixtures', 'import');
const admin = DEMO_USERS.find((u) => u.username === 'admin')!;

/** Features of a map source loaded in the view (the import screen's map, window.__atlasImport). */
function sourceFeatures(page: Page, source: string, sourceLayer: string): Promise<Record<string, unknown>[]> {
  return page.evaluate(
    ([s, l]) => {
      const map = window.__atlasImport?.map;
      if (!map || !map.getSource(s!)) return [];
      return map.querySourceFeatures(s!, { sourceLayer: l! }).map((f) => f.properties as Record<string, unknown>);
    },
    [source, sourceLayer],
  );
}

async function waitForFeatures(page: Page, source: string, sourceLayer: string, ok: (f: Record<string, unknown>[]) => boolean): Promise<Record<string, unknown>[]> {
  const until = Date.now() + 60_000;
  for (;;) {
    const f = await sourceFeatures(page, source, sourceLayer);
    if (ok(f)) return f;
    if (Date.now() > until) throw new Error(`${source}: ${JSON.stringify(f.slice(0, 10))}`);
    await page.waitForTimeout(250);
  }
}

async function openImport(browser: Browser, server: AtlasServer, viewport: { width: number; height: number }) {
  const p = await openPage(browser, viewport);
  await p.page.goto(`${server.url}/#/import`);
  await new ForestDriver(p.page, new AtlasDriver(p.page, server.url)).signIn(admin.username, admin.password);
  await p.page.locator('[data-testid="import-file"]').waitFor();
  return p;
}

async function uploadAndCheck(page: Page, file: string): Promise<void> {
  await page.locator('[data-testid="import-target"]').selectOption('plots');
  await page.locator('[data-testid="import-file"]').setInputFiles(path.join(FIX, file));
  await page.locator('[data-testid="import-upload"]').click();
  await page.locator('[data-testid="import-names"]').waitFor({ timeout: 60_000 });
  await page.locator('[data-testid="import-names-ok"]').check();
  await page.locator('[data-testid="import-stage"]').click();
  await page.locator('[data-testid="import-report"]').waitFor({ timeout: 120_000 });
}

describeBrowser('the import screen', () => {
  let server: AtlasServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });
  const closeLater = closeAfterEach();
  const lo9a = async () => (await server.get<{ numberMatched: number }>('/api/ogc/collections/plots/items?tk=568&khoanh=1&lo=9a')).numberMatched;

  it('a VN-2000 Shapefile with a TCVN3 .dbf: report, staged layer, commit, the lô on the map, rollback, gone', async () => {
    const p = await openImport(browser, server, { width: 1440, height: 900 });
    closeLater(p.close);
    const page = p.page;
    page.on('dialog', (d) => void d.accept());
    expect(await page.locator('#import-title').innerText()).toBe('Nhập dữ liệu từ tệp');

    await page.locator('[data-testid="import-target"]').selectOption('plots');
    await page.locator('[data-testid="import-file"]').setInputFiles(path.join(FIX, 'lo-rung-vn2000-tcvn3.zip'));
    await page.locator('[data-testid="import-upload"]').click();
    // how the file reads: its .prj, TCVN3 detected, the names decoded for a person to check
    await page.locator('[data-testid="import-names"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid="import-crs-file"]').innerText()).toMatch(/Theo tệp: .*VN-2000/);
    expect(await page.locator('[data-testid="import-encoding-detected"]').innerText()).toContain('tcvn3');
    expect(await page.locator('[data-testid="import-names"]').innerText()).toContain('Ban quản lý rừng phòng hộ Đắk Rơ Wa');
    expect(await page.locator('[data-testid="import-map-tk"]').inputValue()).toBe('TK');
    expect(await page.locator('[data-testid="import-map-ldlr"]').inputValue()).toBe('LDLR');
    // nothing is checked before the person confirms the names
    expect(await page.locator('[data-testid="import-stage"]').isDisabled()).toBe(true);
    await page.locator('[data-testid="import-names-ok"]').check();
    await page.locator('[data-testid="import-stage"]').click();

    const report = page.locator('[data-testid="import-report"]');
    await report.waitFor({ timeout: 120_000 });
    const text = await report.innerText();
    expect(text).toContain('Kết quả kiểm tra');
    expect(text).toMatch(/Thêm mới\s*1/);
    expect(text).toMatch(/Cập nhật\s*5/);
    expect(await page.locator('[data-testid="import-issues"]').innerText()).toContain('Chồng lấn lô');
    expect(await page.locator('[data-testid="import-report-csv"]').getAttribute('href')).toMatch(/^\/api\/import\/\d+\/report\.csv\?lang=vi$/);
    // the staged rows on the map: six, one of them new
    const staged = await waitForFeatures(page, 'import-staged', 'staged', (f) => new Set(f.map((x) => x.key)).size >= 6);
    expect([...new Set(staged.filter((x) => x.action === 'insert').map((x) => x.key))]).toEqual(['568/1/9a']);
    await page.waitForTimeout(500);
    await page.screenshot({ path: '/tmp/import-desktop-staged.png' });
    expect(await lo9a()).toBe(0);

    await page.locator('[data-testid="import-commit"]').click();
    await page.locator('[data-testid="import-committed"]').waitFor({ timeout: 120_000 });
    expect(await page.locator('[data-testid="import-committed"]').innerText()).toMatch(/1 thêm mới, 5 cập nhật/);
    expect(await lo9a()).toBe(1);
    // the atlas's lô layer now holds the new lô; the preview is gone
    await waitForFeatures(page, 'plots', 'plots', (f) => f.some((x) => x.tk === 568 && x.khoanh === 1 && x.lo === '9a'));
    expect(await page.evaluate(() => Boolean(window.__atlasImport?.map.getSource('import-staged')))).toBe(false);
    await page.waitForTimeout(500);
    await page.screenshot({ path: '/tmp/import-desktop-committed.png' });

    await page.locator('[data-testid="import-rollback"]').click();
    await page.locator('[data-testid="import-notice"]', { hasText: 'Đã hoàn tác' }).waitFor({ timeout: 120_000 });
    expect(await lo9a()).toBe(0);
    await waitForFeatures(page, 'plots', 'plots', (f) => f.some((x) => x.tk === 568 && x.khoanh === 1) && !f.some((x) => x.lo === '9a' && x.tk === 568));
    await page.screenshot({ path: '/tmp/import-desktop-rolledback.png', fullPage: true });
    expect(p.errors).toEqual([]);
  });

  it('a truncated zip and a .shp without .dbf: a clear Vietnamese error on the screen, nothing changed', async () => {
    const p = await openImport(browser, server, { width: 1440, height: 900 });
    closeLater(p.close);
    const page = p.page;
    const batches = () => page.evaluate(async () => ((await (await fetch('/api/import')).json()) as { batches: unknown[] }).batches.length);
    const before = await batches();
    for (const [file, message] of [
      ['bi-cat-cut.zip', 'Tệp nén bị hỏng hoặc thiếu phần cuối'],
      ['khong-co-dbf.zip', 'Thiếu tệp .dbf'],
    ] as const) {
      await page.locator('[data-testid="import-file"]').setInputFiles({ name: file, mimeType: 'application/zip', buffer: readFileSync(path.join(FIX, file)) });
      await page.locator('[data-testid="import-upload"]').click();
      const error = page.locator('[data-testid="import-error"]');
      await error.waitFor({ timeout: 60_000 });
      expect(await error.innerText()).toContain(message);
      expect(await page.locator('[data-testid="import-stage"]').count()).toBe(0); // nothing to check or write
      await page.screenshot({ path: `/tmp/import-desktop-${file}.png` });
      await page.getByRole('button', { name: 'Chọn tệp khác' }).click();
    }
    expect(await lo9a()).toBe(0);
    expect(await batches()).toBe(before);
    // the browser logs the two refused reads (422) itself; nothing else went wrong
    expect(p.errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
  });

  it('on a phone: the same steps, the map above the report', async () => {
    const p = await openImport(browser, server, { width: 390, height: 844 });
    closeLater(p.close);
    const page = p.page;
    await uploadAndCheck(page, 'lo-rung-vn2000-tcvn3.zip');
    await waitForFeatures(page, 'import-staged', 'staged', (f) => new Set(f.map((x) => x.key)).size >= 6);
    await page.waitForTimeout(500);
    await page.locator('[data-testid="import-map"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/import-phone-staged.png' });
    await page.locator('[data-testid="import-report"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/import-phone-report.png' });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.locator('[data-testid="import-discard"]').click();
    await page.locator('[data-testid="import-notice"]').waitFor();
    expect(await page.locator('[data-testid="import-notice"]').innerText()).toContain('không có gì được ghi');
    expect(await lo9a()).toBe(0);
    expect(p.errors).toEqual([]);
  });
  it('a CSV without a coordinate system: the candidates are shown, none chosen, nothing checked until the person picks one', async () => {
    const p = await openImport(browser, server, { width: 1440, height: 900 });
    closeLater(p.close);
    const page = p.page;
    await page.locator('[data-testid="import-target"]').selectOption('villages');
    await page.locator('[data-testid="import-file"]').setInputFiles(path.join(FIX, 'thon-vn2000-windows1258.csv'));
    await page.locator('[data-testid="import-upload"]').click();
    const choice = page.locator('[data-testid="import-crs-choice"]');
    await choice.waitFor({ timeout: 60_000 });
    expect(await choice.innerText()).toContain('Tệp không ghi hệ tọa độ');
    expect(await choice.innerText()).toContain('VN-2000 / TM-3 107°30′ (Kon Tum, EPSG:9216)');
    expect(await choice.locator('input[type=radio]:checked').count()).toBe(0);
    await page.locator('[data-testid="import-names-ok"]').check();
    expect(await page.locator('[data-testid="import-stage"]').isDisabled()).toBe(true);
    expect(await page.locator('.import-blockers').innerText()).toContain('Hãy chọn hệ tọa độ trước.');
    await page.locator('[data-testid="import-crs-choice"] input[value="vn2000-kontum"]').check();
    await page.screenshot({ path: '/tmp/import-desktop-crs-choice.png' });
    await page.locator('[data-testid="import-stage"]').click();
    const report = page.locator('[data-testid="import-report"]');
    await report.waitFor({ timeout: 120_000 });
    expect(await report.innerText()).toMatch(/Đọc được\s*2/);
    expect(await report.innerText()).toContain('EPSG:9216');
    await page.locator('[data-testid="import-discard"]').click();
    await page.locator('[data-testid="import-notice"]').waitFor();
    expect(p.errors).toEqual([]);
  });
});
