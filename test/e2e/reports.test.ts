/**
 * The report records in Chromium, in Vietnamese: the NTM funding 2016–2020 chart and table in the
 * dashboard (every number equals the API's answer), and a village panel showing the village's
 * cultural infrastructure; desktop and phone.
 */
import { expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { VillageDetail } from '../../server/domain/api.ts';
import type { NtmFundingResponse } from '../../server/domain/reports.ts';
import { describeBrowser } from './helpers/browser.ts';
import type { AtlasServer } from './helpers/server.ts';
import { atlasPages, withServerAndBrowser } from './helpers/session.ts';

describeBrowser('report records: NTM funding and village infrastructure', () => {
  let server: AtlasServer;
  let browser: Browser;
  withServerAndBrowser(async (s, b) => {
    server = s;
    browser = b;
  });

  const page = atlasPages(() => browser, () => server.url);

  it('desktop: the funding chart and table equal the API; a Ba Na village shows its nhà rông', async () => {
    const api = await server.get<NtmFundingResponse>('/api/reports/ntm-funding?from=2016&to=2020');
    const atlas = await page(1440, 900);
    await atlas.open({ year: 2023, lang: 'vi' });
    await atlas.page.locator('[data-testid="dashboard-toggle"]').click();
    const table = atlas.page.locator('[data-testid="ntm-funding-table"]');
    await table.waitFor({ state: 'visible', timeout: 60_000 });
    const cells = await table.locator('td[data-key]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-key'), Number(e.getAttribute('data-value'))]));
    expect(Object.fromEntries(cells)).toEqual(Object.fromEntries(api.lines.map((l) => [l.key, l.amount])));
    expect(await table.textContent()).toContain('1.847,561');
    const bars = await atlas.page.locator('[data-chart="ntm-funding"] [data-key]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-key'), Number(e.getAttribute('data-value'))]));
    expect(Object.fromEntries(bars)).toEqual(Object.fromEntries(api.lines.filter((l) => l.key !== 'state_budget_direct').map((l) => [l.key, l.amount])));
    await table.scrollIntoViewIfNeeded();
    await atlas.page.screenshot({ path: '/tmp/reports-funding-desktop.png' });

    // a village of Kon Tum city with a nhà rông, opened from a shared link
    const villages = await server.get<{ features: { properties: { code: string; ethnic_minority: boolean } }[] }>('/api/villages?commune=23335');
    let found: VillageDetail | null = null;
    for (const f of villages.features.filter((x) => x.properties.ethnic_minority)) {
      const d = await server.get<VillageDetail>(`/api/villages/${f.properties.code}`);
      if (d.infrastructure?.nhaRong) {
        found = d;
        break;
      }
    }
    expect(found).not.toBeNull();
    await atlas.page.goto(`${server.url}/#year=2023&lang=vi&sel=village:${found!.code}`);
    const infra = atlas.page.locator('[data-testid="info-infrastructure"]');
    await infra.waitFor({ state: 'visible', timeout: 60_000 });
    const text = (await infra.textContent()) ?? '';
    expect(text).toContain('Nhà rông truyền thống');
    expect(text).toContain('Nhà văn hóa thôn');
    expect(text).toContain('Khu dân cư văn hóa');
    await infra.scrollIntoViewIfNeeded();
    await atlas.page.screenshot({ path: '/tmp/reports-village-desktop.png' });

    // the commune panel: its cultural facilities, its 2023 village plan (report 000: Đăk Rơ Wa built
    // it; Ia Chim did not) and its scattered trees of 2022
    for (const [code, plan] of [['23335', 'Đã xây dựng'], ['23326', 'Chưa xây dựng']] as const) {
      await atlas.page.goto(`${server.url}/#year=2023&lang=vi&sel=commune:${code}`);
      const records = atlas.page.locator('[data-testid="info-commune-records"]');
      await records.waitFor({ state: 'visible', timeout: 60_000 });
      const t = (await records.textContent()) ?? '';
      expect(t).toContain(`Kế hoạch xây dựng thôn NTM năm 2023${plan}`);
      expect(t).toContain('Trồng cây phân tán năm 2022');
      expect(await atlas.page.locator('[data-testid="info-commune-infrastructure"]').textContent()).toContain('Nhà văn hóa xã');
    }
    await atlas.page.locator('[data-testid="info-commune-records"]').scrollIntoViewIfNeeded();
    await atlas.page.screenshot({ path: '/tmp/reports-commune-desktop.png' });
  });

  it('phone: the funding table in the dashboard sheet; the village panel with its infrastructure', async () => {
    const atlas = await page(390, 844, true);
    await atlas.open({ year: 2023, lang: 'vi' });
    await atlas.page.locator('[data-testid="dashboard-tab"]').click();
    const table = atlas.page.locator('[data-testid="ntm-funding-table"]');
    await table.waitFor({ state: 'visible', timeout: 60_000 });
    await table.scrollIntoViewIfNeeded();
    const box = (await table.boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(390);
    await atlas.page.screenshot({ path: '/tmp/reports-funding-phone.png' });

    const villages = await server.get<{ features: { properties: { code: string; ethnic_minority: boolean } }[] }>('/api/villages?commune=23335');
    const code = villages.features.find((f) => f.properties.ethnic_minority)!.properties.code;
    // a fresh page opened on the village's shared link: its panel is the info sheet
    const phone = await page(390, 844, true);
    await phone.page.goto(`${server.url}/#year=2023&lang=vi&sel=village:${code}`);
    await phone.waitIdle();
    const infra = phone.page.locator('[data-testid="info-infrastructure"]');
    await infra.waitFor({ state: 'attached', timeout: 60_000 });
    if (!(await infra.isVisible())) await phone.page.locator('[data-testid="sheet-info"]').click();
    await infra.scrollIntoViewIfNeeded();
    expect(await infra.isVisible()).toBe(true);
    expect((await infra.boundingBox())!.width).toBeLessThanOrEqual(390);
    await phone.page.screenshot({ path: '/tmp/reports-village-phone.png' });
  });
});
