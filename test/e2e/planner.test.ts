/**
 * A planner at a desk: opens the planner, searches the lô of Chư Hreng (Kon Tum city)
 * with the default constraints (unforested or failed-planting land in production forest, not
 * planted in the last 3 years), sees the same lô as the API and the commune's 2023 target (report
 * 000: 15 ha), sees the results highlighted on the map, adds two lô to a plan and sees their total;
 * signs in as the demo planner and saves the plan, which the API then returns.
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { PlanSummary, SiteSearchResponse } from '../../server/domain/planner.ts';
import type { PlotDetail } from '../../server/domain/api.ts';
import { DEMO_USERS } from '../../server/auth/demo-users.ts';
import { describeBrowser } from './helpers/browser.ts';
import type { AtlasServer } from './helpers/server.ts';
import { withOnePage } from './helpers/session.ts';
import { AtlasDriver, ForestDriver, PlannerDriver } from './helpers/atlas.ts';

const fmt = (n: number) => n.toLocaleString('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

describeBrowser('planner in Chromium', () => {
  let server: AtlasServer;
  let page: Page;
  let errors: string[];
  withOnePage({ width: 1366, height: 900 }, (ctx) => {
    ({ server, page, errors } = ctx);
  });

  it('searches sites, adds two lô to a plan, sees the total against the target and saves it', async () => {
    const units = await server.get<{ code: string; name: string }[]>('/api/sites/units');
    const chuHreng = units.find((u) => u.name === 'Chư Hreng')!;
    const atlas = new AtlasDriver(page, server.url);
    const planner = new PlannerDriver(page, atlas);
    await atlas.open({ view: { lon: 108.02, lat: 14.28, zoom: 12 } });
    await planner.open();

    // 1. the search lists what the API finds for the same constraints, best score first
    const { summary, plots } = await planner.searchCommune('608', chuHreng.code);
    const res = await fetch(`${server.url}/api/sites/search`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ year: 2023, district: '608', communes: [chuHreng.code], ldlr: ['DT1', 'DT2', 'DTR'], functions: ['production'], notPlantedYears: 3, rejected: 'include', limit: 500, geometry: false }),
    });
    const api = (await res.json()) as SiteSearchResponse;
    expect(api.count).toBeGreaterThan(2);
    expect(plots).toEqual(api.rows.map((r) => r.plotId));
    expect(summary).toContain(`${api.count} lô`);
    expect(summary).toContain('15'); // the commune's 2023 target (report 000)

    // 2. the results are highlighted on the map by deck.gl (yellow), the plan's lô in their own style (violet)
    const [a, b] = [api.rows[0]!, api.rows[1]!];
    const found = await atlas.colorAt(a.center[0], a.center[1]);
    expect(found[0] + found[1], `a found lô is drawn yellowish: ${found}`).toBeGreaterThan(2 * found[2] + 60);

    // 3. two lô into the plan: the running total is their sum, against the target
    await planner.addToPlan(a.plotId);
    const running = await planner.addToPlan(b.plotId);
    await atlas.waitIdle();
    const planned = await atlas.colorAt(a.center[0], a.center[1]);
    expect(planned[2], `a plan lô is drawn violet: ${planned}`).toBeGreaterThan(planned[1] + 20);
    const sum = Math.round((a.areaHa + b.areaHa) * 100) / 100;
    expect(running).toContain(`2 lô · ${fmt(sum)} ha`);
    expect(running).toContain("chỉ tiêu 15 ha");
    const total = await planner.planTotal();
    expect(total.ha).toBeCloseTo(sum, 2);
    expect(total.text).toContain(fmt(sum));

    // 4. signed in as the demo planner (scope: Kon Tum city), the plan is saved and the API has it
    const demo = DEMO_USERS.find((u) => u.username === 'planner')!;
    await new ForestDriver(page, atlas).signIn(demo.username, demo.password);
    expect(await planner.save('Kế hoạch thử Chư Hreng 2023')).toContain('1');
    const saved = await server.get<PlanSummary[]>('/api/plans?year=2023');
    expect(saved.find((p) => p.name === 'Kế hoạch thử Chư Hreng 2023')).toMatchObject({ siteCount: 2, unitCode: chuHreng.code, targetHa: 15 });
    expect(errors).toEqual([]);
  });

  // field (issue 12): what the planner tripped over
  it('shows a refusal in Vietnamese, keeps the unsaved plan over a reload with undo, and offers no lô of another plan', async () => {
    const atlas = new AtlasDriver(page, server.url);
    const planner = new PlannerDriver(page, atlas);
    await atlas.open({ view: { lon: 108.02, lat: 14.28, zoom: 12 } });
    await planner.open();
    // a self-crossing polygon: the server's Vietnamese message, not the English one
    await page.locator('[data-testid="planner-tab-area"]').click();
    await page.locator('[data-testid="tool-polygon"]').click();
    for (const [x, y] of [[500, 300], [800, 600], [800, 300], [500, 600]] as const) await page.mouse.click(x, y);
    await page.locator('[data-testid="sketch-finish"]').click();
    const err = page.locator('[data-testid="area-error"]');
    await err.waitFor({ timeout: 30_000 });
    expect(await err.innerText()).toContain('Vùng vẽ không hợp lệ (tự cắt hoặc chồng lấn)');
    expect(await err.innerText()).not.toContain('The drawn area');

    // the finder: Vietnamese order, the land types named, the lô of the saved plan not offered again
    await page.locator('[data-testid="planner-tab-sites"]').click();
    const names = await page.locator('[data-testid="planner-commune"] [data-testid="commune-option"]').evaluateAll((els) => els.map((e) => e.closest('label')?.textContent ?? ''));
    expect(names).toEqual([...names].sort(new Intl.Collator('vi').compare));
    expect(await page.locator('.planner-checks').first().innerText()).toContain('Đất trống không có cây gỗ tái sinh');
    const units = await server.get<{ code: string; name: string }[]>('/api/sites/units');
    const chuHreng = units.find((u) => u.name === 'Chư Hreng')!;
    const { plots } = await planner.searchCommune('608', chuHreng.code);
    const saved = (await server.get<PlanSummary[]>('/api/plans?year=2023')).find((p) => p.name === 'Kế hoạch thử Chư Hreng 2023')!;
    const plan = await server.get<{ sites: { plotId: number }[] }>(`/api/plans/${saved.id}`);
    const taken = plan.sites.map((x) => x.plotId).filter((id) => plots.includes(id));
    expect(taken.length).toBeGreaterThan(0);
    for (const id of taken) expect(await page.locator(`[data-testid="site-row"][data-plot="${id}"] [data-testid="site-add"]`).isDisabled()).toBe(true);
    await page.locator('[data-testid="planner-legend"]').waitFor();

    // two lô into a new plan, one removed and put back by undo; a reload keeps them
    const free = plots.filter((id) => !taken.includes(id)).slice(0, 2);
    for (const id of free) await planner.addToPlan(id);
    await page.locator('[data-testid="planner-tab-plan"]').click();
    await page.locator('[data-testid="plan-remove"]').first().click();
    expect(await page.locator('[data-testid="plan-site"]').count()).toBe(1);
    await page.locator('[data-testid="plan-undo"]').click();
    expect(await page.locator('[data-testid="plan-site"]').count()).toBe(2);
    await page.locator('[data-testid="plan-unsaved"]').waitFor();
    page.once('dialog', (d) => void d.accept()); // the browser asks before leaving with unsaved changes
    await page.reload();
    await atlas.waitIdle();
    await planner.open();
    await page.locator('[data-testid="plan-restored"]').waitFor();
    expect((await planner.planTotal()).text).toContain('2 lô');
    // the refused polygon's 422 is logged by the browser itself; nothing else may be
    expect(errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
  });

  it("tells from a lô's panel which plan holds it, adds a clicked lô and a buffer's lô to the open plan", async () => {
    const saved = (await server.get<PlanSummary[]>('/api/plans?year=2023')).find((p) => p.name === 'Kế hoạch thử Chư Hreng 2023')!;
    const plan = await server.get<{ sites: { plotId: number }[] }>(`/api/plans/${saved.id}`);
    const inPlan = await server.get<PlotDetail>(`/api/plots/${plan.sites[0]!.plotId}`);
    const atlas = new AtlasDriver(page, server.url);
    await atlas.open({ view: { lon: inPlan.centroid[0], lat: inPlan.centroid[1], zoom: 15 } });
    await atlas.clickAt(inPlan.centroid[0], inPlan.centroid[1]);
    await atlas.infoPanel();
    expect(await page.locator('[data-testid="info-plans"]').innerText()).toContain('Kế hoạch thử Chư Hreng 2023 (2023)');

    const planner = new PlannerDriver(page, atlas);
    await planner.open();
    const before = await page.locator('[data-testid="planner-tab-plan"]').innerText();
    const nBefore = Number(/\((\d+) ·/.exec(before)?.[1] ?? 0);
    // a free lô of the same view, clicked on the map, joins the open plan from its panel
    const units = await server.get<{ code: string; name: string }[]>('/api/sites/units');
    const chuHreng = units.find((u) => u.name === 'Chư Hreng')!;
    const found = (await (
      await fetch(`${server.url}/api/sites/search`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ year: 2023, communes: [chuHreng.code], excludePlanned: true, limit: 50, geometry: false }) })
    ).json()) as SiteSearchResponse;
    const free = found.rows[found.rows.length - 1]!;
    await page.evaluate(([lon, lat]) => window.__atlas!.map.jumpTo({ center: [lon, lat], zoom: 15.5 }), free.center);
    await atlas.waitIdle();
    await atlas.clickAt(free.center[0], free.center[1]);
    await atlas.infoPanel();
    await page.locator('[data-testid="plot-add-to-plan"]').click();
    await page.waitForFunction((n) => (document.querySelector('[data-testid="planner-tab-plan"]')?.textContent ?? '').includes(`(${n + 1} ·`), nBefore);

    // the buffer's lô go to the plan in one tap
    await page.locator('[data-testid="planner-tab-buffer"]').click();
    await page.locator('[data-testid="buffer-commune"]').selectOption(chuHreng.code);
    await page.locator('[data-testid="buffer-panel"] input[type="number"]').fill('5');
    await page.locator('[data-testid="buffer-panel"] .planner-checks input[type="checkbox"]').first().check();
    await page.locator('[data-testid="buffer-show"]').click();
    const add = page.locator('[data-testid="buffer-to-plan"]');
    await add.waitFor({ timeout: 30_000 });
    const buffered = Number(/\d+/.exec(await add.innerText())?.[0]);
    expect(buffered).toBeGreaterThan(3); // more than the plan already holds
    await add.click();
    await page.locator('[data-testid="planner-tab-plan"]').click();
    const listed = await page.locator('[data-testid="plan-site"] strong').allInnerTexts();
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed.length, listed.join(', ')).toBeGreaterThan(nBefore + 1);
    expect(errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
  });
});
