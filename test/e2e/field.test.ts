/**
 * The inspector on a phone (390 × 844, touch), issue 12: search, "where am I" and zoom within thumb
 * reach, a labelled sign-in, typed VN-2000 coordinates with Vietnamese separators that say which
 * lô they fall in (and pin it), names typed with their kind, near misses of forest codes, the
 * tiểu khu panel, the worklist in the inspector's scope that shows its lô on the map, and an
 * inspection form that says in Vietnamese why it cannot save.
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { LocateResponse, PlotDetail, SearchResponse, TieuKhuDetail } from '../../server/domain/api.ts';
import type { WorklistResponse } from '../../server/domain/forest.ts';
import { ZOOMS } from '../../server/domain/classes.ts';
import { DEMO_USERS } from '../../server/auth/demo-users.ts';
import { describeBrowser } from './helpers/browser.ts';
import type { AtlasServer } from './helpers/server.ts';
import { withOnePage } from './helpers/session.ts';
import { AtlasDriver, ForestDriver } from './helpers/atlas.ts';

const W = 390;
const H = 844;

describeBrowser('the inspector on a phone (issue 12)', () => {
  let server: AtlasServer;
  let page: Page;
  let errors: string[];
  withOnePage({ width: W, height: H, isMobile: true }, (ctx) => {
    ({ server, page, errors } = ctx);
  });

  it('puts search, "where am I" and zoom within thumb reach; the placeholder fits; sign-in says so', async () => {
    const atlas = new AtlasDriver(page, server.url);
    await atlas.open();
    for (const sel of ['[data-testid="search-input"]', '[data-testid="where-am-i"]', '.map-controls button']) {
      const box = (await page.locator(sel).first().boundingBox())!;
      expect(box.y, sel).toBeGreaterThan(H / 2);
      expect(box.y + box.height, sel).toBeLessThanOrEqual(H);
    }
    const fits = await page.locator('[data-testid="search-input"]').evaluate((el: HTMLInputElement) => {
      const cs = getComputedStyle(el);
      const ctx = document.createElement('canvas').getContext('2d')!;
      ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
      return { text: ctx.measureText(el.placeholder).width, room };
    });
    expect(fits.text).toBeLessThanOrEqual(fits.room);
    expect((await page.locator('[data-testid="sign-in"]').innerText()).trim()).toBe('Đăng nhập');
    expect(errors).toEqual([]);
  });

  it('reads "1.579.062,9 555.085,3", pins it on the map and names the lô there', async () => {
    const q = '1.579.062,9 555.085,3';
    const api = await server.get<SearchResponse>(`/api/search?q=${encodeURIComponent(q)}`);
    expect(api.hits[0]?.kind).toBe('coordinate');
    const [lon, lat] = api.hits[0]!.center;
    const at = await server.get<LocateResponse>(`/api/locate?lon=${lon}&lat=${lat}`);
    expect(at.plot, 'the demo point lies in a lô').toBeTruthy();
    const atlas = new AtlasDriver(page, server.url);
    const forest = new ForestDriver(page, atlas);
    await atlas.open();
    await forest.search(q);
    await page.locator('[data-testid="search-hit"][data-kind="coordinate"]').first().tap();
    const place = page.locator('[data-testid="point-forest"]');
    await place.waitFor();
    await page.locator('[data-testid="place-plot"]').waitFor();
    expect((await place.innerText()).trim()).toContain(at.plot!.label);
    await atlas.waitIdle();
    const [r, g, b] = await atlas.pixelAt(lon, lat);
    expect(r - Math.max(g, b), `red pin, got ${r},${g},${b}`).toBeGreaterThan(80);
    // the lô opens from there
    await page.locator('[data-testid="place-plot"]').tap();
    expect((await atlas.infoPanel()).title).toBe(at.plot!.label);
    await forest.closeInfo();
    expect(errors).toEqual([]);
  });

  it('finds "Xã Đắk Nhoong" and "thôn Kon Klor"; suggests existing codes for "TK 568 K 99 L 1"', async () => {
    const atlas = new AtlasDriver(page, server.url);
    const forest = new ForestDriver(page, atlas);
    await atlas.open();
    // an old commune is named as people name it since 1 July 2025: "(cũ)"
    expect((await forest.search('Xã Đắk Nhoong'))[0]).toEqual({ kind: 'commune', label: 'Xã Đắk Nhoong (cũ)' });
    expect((await forest.search('thôn Kon Klor'))[0]).toEqual({ kind: 'village', label: 'Kon Klor' });
    const hits = await forest.search('TK 568 K 99 L 1');
    await page.locator('[data-testid="search-suggested"]').waitFor();
    expect(hits[0]?.label).toMatch(/^TK 568 · K \d+$/);
    expect(errors).toEqual([]);
  });

  it('gives the tiểu khu its commune, area, khoảnh, lô by class, planted and accepted area and a worklist link', async () => {
    const d = await server.get<TieuKhuDetail>('/api/tieukhu/568');
    const atlas = new AtlasDriver(page, server.url);
    const forest = new ForestDriver(page, atlas);
    await atlas.open();
    await forest.search('TK 568');
    await forest.pickHit('Tiểu khu 568');
    const panel = page.locator('[data-testid="info-tieukhu"]');
    await panel.waitFor();
    const num = (n: number) => n.toLocaleString('vi-VN', { maximumFractionDigits: 2 });
    expect(await panel.locator('[data-testid="tk-commune"]').innerText()).toContain(d.commune.name);
    expect(await panel.locator('[data-testid="tk-area"]').innerText()).toContain(`${num(d.areaHa)} ha`);
    expect(await panel.locator('[data-testid="tk-khoanh"]').innerText()).toContain(String(d.khoanh.length));
    expect(await panel.locator('[data-testid="tk-planted"]').innerText()).toContain(`${num(d.plantedHa)} ha`);
    expect(await panel.locator('[data-testid="tk-accepted"]').innerText()).toContain(`${num(d.acceptedHa)} ha`);
    expect(await panel.locator('[data-testid="tk-classes"] li').count()).toBe(d.byClass.length);
    await panel.locator('[data-testid="tk-worklist"]').tap();
    await page.waitForFunction(() => location.hash.includes('pcls=replant'));
    expect(await page.evaluate(() => location.hash)).toContain(`punit=${d.commune.code}`);
    await forest.closeInfo();
    expect(errors).toEqual([]);
  });

  it("starts the worklist in the inspector's scope, shows its lô where they are drawn, and the form says why it cannot save", async () => {
    const scoped = await server.get<WorklistResponse>('/api/forest/worklist?unit=608');
    const province = await server.get<WorklistResponse>('/api/forest/worklist');
    expect(scoped.totals.plots).toBeLessThan(province.totals.plots);
    const atlas = new AtlasDriver(page, server.url);
    const forest = new ForestDriver(page, atlas);
    await atlas.open();
    const inspector = DEMO_USERS.find((u) => u.username === 'inspector')!;
    await forest.signIn(inspector.username, inspector.password);
    await page.locator('[data-testid="sheet-layers"]').tap();
    const total = page.locator('[data-testid="worklist-total"]');
    await total.waitFor();
    expect(await total.innerText()).toContain(`${scoped.totals.plots} lô`);
    await page.locator('[data-testid="worklist-scope"]').waitFor();
    // the worklist leads the layer sheet: visible without scrolling (once the sheet has slid up)
    await expect
      .poll(async () => {
        const box = await total.boundingBox();
        return box ? box.y + box.height : Number.POSITIVE_INFINITY;
      }, { timeout: 5_000 })
      .toBeLessThanOrEqual(H);
    await page.locator('[data-testid="worklist-show"]').tap();
    await page.waitForFunction(() => window.__atlas?.idle === false, undefined, { timeout: 5_000 }).catch(() => {});
    await atlas.waitIdle();
    expect(await page.evaluate(() => window.__atlas!.map.getZoom())).toBeGreaterThanOrEqual(ZOOMS.plotsMin);

    // the form: a lô of the worklist
    const row = scoped.rows[0]!;
    await forest.search(`${row.tk}/${row.khoanh}/${row.lo}`);
    await forest.pickHit(row.label);
    await atlas.infoPanel();
    await page.locator('[data-testid="record-inspection"]').tap();
    const form = page.locator('[data-testid="inspection-form"]');
    await form.waitFor();
    const plot = form.locator('[data-testid="sample-plot"]').first();
    const error = plot.locator('[data-testid="plot-error"]');
    await plot.locator('[data-testid="plot-planted"]').fill('-5');
    await plot.locator('[data-testid="plot-surviving"]').fill('3');
    expect((await error.innerText()).trim()).toBe('Ô tiêu chuẩn 1: Số cây trồng phải lớn hơn 0');
    await plot.locator('[data-testid="plot-planted"]').fill('1e2');
    expect((await error.innerText()).trim()).toContain('phải là một số');
    await plot.locator('[data-testid="plot-planted"]').fill('16,5');
    expect((await error.innerText()).trim()).toContain('Số cây trồng phải là số nguyên');
    await plot.locator('[data-testid="plot-planted"]').fill('16');
    await plot.locator('[data-testid="plot-surviving"]').fill('-1');
    expect((await error.innerText()).trim()).toContain('Số cây sống không được âm');
    await plot.locator('[data-testid="plot-surviving"]').fill('12');
    await plot.locator('[data-testid="plot-area"]').fill('20000');
    expect((await error.innerText()).trim()).toContain('không quá 10000 m²');
    await plot.locator('[data-testid="plot-area"]').fill('100');
    await form.locator('[data-testid="insp-stage"]').fill('11');
    expect((await form.locator('[data-testid="insp-stage-error"]').innerText()).trim()).toBe('Lần kiểm tra là số nguyên từ 1 đến 10');
    // Save is not silent: it says why, and nothing is recorded
    await form.locator('[data-testid="insp-submit"]').tap();
    expect(await form.locator('[data-testid="insp-why"]').innerText()).toContain('Chưa lưu được');
    const before = await server.get<PlotDetail>(`/api/plots/${row.plotId}`);
    await form.locator('[data-testid="insp-stage"]').fill('2');
    await form.locator('[data-testid="insp-team"]').fill('Tổ kiểm tra xã');
    await form.locator('textarea').fill('Cây chết do hạn');
    await form.locator('[data-testid="insp-submit"]').tap();
    await form.waitFor({ state: 'detached', timeout: 30_000 });
    // the history says who inspected, the counts and the note
    // (the lô is read again after the save: wait for the new inspection, not the history already shown)
    const detail = page.locator('[data-testid="inspection-detail"]', { hasText: 'Tổ kiểm tra xã' }).first();
    await detail.waitFor({ timeout: 30_000 });
    const text = await detail.innerText();
    expect(text).toContain('12 cây sống / 16 cây trồng');
    expect(text).toContain('Tổ kiểm tra xã');
    expect(text).toContain(inspector.displayName);
    expect(text).toContain('Cây chết do hạn');
    const after = await server.get<PlotDetail>(`/api/plots/${row.plotId}`);
    const count = (d: PlotDetail) => d.plantings.reduce((n, g) => n + g.inspections.length, 0);
    expect(count(after)).toBe(count(before) + 1);
    expect(errors).toEqual([]);
  });
});
