/**
 * Meetings: the dashboard beside the map and the province view of the forest, in Chromium.
 *
 * - Every number a chart draws (each element's data-value, also in its accessible label) equals
 *   the cell of the API table it comes from, for the province and for a district.
 * - A bar selects its district or commune on the map; the map's selection sets the charts' scope.
 * - Phone: the dashboard is a sheet over the map.
 * - The tiểu khu layer shows, at a province zoom, the class the API gives a known tiểu khu; zoomed
 *   in, the lô are drawn in their own classes instead.
 */
import { expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { MetaResponse, PlantingStatsResponse, PlotDetail, SearchResponse } from '../../server/domain/api.ts';
import type { NtmTablesResponse, VillageStatsWithDistricts } from '../../server/domain/ntm.ts';
import { PLOT_NO_PLANTING_COLOR, SURVIVAL_CLASSES, SURVIVAL_COLORS } from '../../server/domain/classes.ts';
import { colorDistance, hexToRgb } from '../../web/src/lib/color.ts';
import { BACKGROUND_COLOR } from '../../web/src/lib/style.ts';
import { decodeTile, tileOf } from '../helpers/mvt.ts';
import { describeBrowser, type Rgb } from './helpers/browser.ts';
import type { AtlasServer } from './helpers/server.ts';
import { atlasPages, withServerAndBrowser } from './helpers/session.ts';

type Drawn = Record<string, { value: number; label: string }>;

/** The numbers a chart draws, by data-key (waits until the chart has drawn at least one). */
async function chart(page: Page, id: string): Promise<Drawn> {
  await page.locator(`[data-chart="${id}"] [data-key]`).first().waitFor({ state: 'attached', timeout: 60_000 });
  const rows = await page.$$eval(`[data-chart="${id}"] [data-key]`, (els) =>
    els.map((e) => [e.getAttribute('data-key')!, Number(e.getAttribute('data-value')), e.getAttribute('aria-label') ?? ''] as const),
  );
  return Object.fromEntries(rows.map(([k, value, label]) => [k, { value, label }]));
}

/** Expects a chart to draw exactly these numbers (and to label each). */
function expectDrawn(drawn: Drawn, expected: Record<string, number>, what: string): void {
  expect(Object.keys(drawn).sort(), `${what}: which elements`).toEqual(Object.keys(expected).sort());
  for (const [k, v] of Object.entries(expected)) {
    expect(drawn[k]!.value, `${what} ${k}`).toBe(v);
    expect(drawn[k]!.label.length, `${what} ${k}: accessible label`).toBeGreaterThan(3);
  }
}

const LEVELS = ['ntm', 'advanced', 'model'] as const;

describeBrowser('the dashboard beside the map, and the province view of the forest', () => {
  let server: AtlasServer;
  let browser: Browser;
  let meta: MetaResponse;

  withServerAndBrowser(async (s, b) => {
    server = s;
    browser = b;
    meta = await server.get<MetaResponse>('/api/meta');
  });

  const page = atlasPages(() => browser, () => server.url);

  const plantingYear = () => [...meta.planting.years].reverse().find((y) => y <= 2023)!;

  it('province: every number drawn equals its API table cell; a district bar selects the district', async () => {
    const atlas = await page(1440, 900);
    await atlas.open({ year: 2023 });
    await atlas.page.locator('[data-testid="dashboard-toggle"]').click();
    const dash = atlas.page.locator('[data-testid="dashboard"]');
    await dash.waitFor({ state: 'visible' });
    expect(await dash.getAttribute('data-scope')).toBe('62');

    const tables = await Promise.all(meta.commune.years.map((y) => server.get<NtmTablesResponse>(`/api/ntm/tables?year=${y}`)));
    const now = tables.find((d) => d.year === 2023)!;
    const levels: Record<string, number> = {};
    for (const d of tables) for (const l of LEVELS) levels[`${d.year}|${l}`] = d.total.levels[l];
    expectDrawn(await chart(atlas.page, 'ntm-levels'), {
      ...levels,
      ...Object.fromEntries(now.targets.filter((x) => x.year === 2025 && (LEVELS as readonly string[]).includes(x.level)).map((x) => [`target|${x.year}|${x.level}`, x.minCount])),
    }, 'NTM levels');
    expect((await chart(atlas.page, 'ntm-levels'))['target|2025|ntm']!.value).toBe(60); // report 004: at least 60 communes
    expectDrawn(await chart(atlas.page, 'ntm-average'), Object.fromEntries(tables.map((d) => [String(d.year), d.total.averageCriteria])), 'average');
    expectDrawn(await chart(atlas.page, 'ntm-units'), Object.fromEntries(now.units.map((u) => [u.code, u.averageCriteria])), 'by district');
    expectDrawn(await chart(atlas.page, 'ntm-weakest'), Object.fromEntries(now.weakest.slice(0, 6).map((w) => [String(w.no), w.met])), 'weakest');
    const t2023: Record<string, number> = {};
    for (const x of now.targets.filter((r) => r.year === 2023 && r.communes.length && (LEVELS as readonly string[]).includes(r.level))) {
      t2023[`2023|${x.level}|planned`] = x.communes.length;
      t2023[`2023|${x.level}|reached`] = x.communes.filter((c) => c.reached).length;
    }
    expectDrawn(await chart(atlas.page, 'ntm-targets-2023'), t2023, '2023 targets');

    const v = await server.get<VillageStatsWithDistricts>(`/api/stats/villages?year=${meta.village.years.filter((y) => y <= 2023).at(-1)}&unit=62`);
    expectDrawn(await chart(atlas.page, 'villages'), Object.fromEntries(v.byDistrict.filter((r) => r.villages > 0).map((r) => [r.code, r.pilotVillages])), 'pilot villages');

    const py = plantingYear();
    const pl = await server.get<PlantingStatsResponse>(`/api/stats/planting?plantingYear=${py}&by=district`);
    const plant: Record<string, number> = {};
    for (const r of pl.rows) {
      Object.assign(plant, { [`${r.code}|accepted`]: r.acceptedHa, [`${r.code}|replant`]: r.replantHa, [`${r.code}|rejected`]: r.rejectedHa, [`${r.code}|not_inspected`]: r.notInspectedHa });
      if (r.targetHa != null) plant[`${r.code}|target`] = r.targetHa;
    }
    expectDrawn(await chart(atlas.page, 'planting-units'), plant, `planting ${py} by district`);
    const byYear = await Promise.all(meta.planting.years.map((y) => server.get<PlantingStatsResponse>(`/api/stats/planting?plantingYear=${y}&by=district`)));
    const years: Record<string, number> = {};
    for (const d of byYear) {
      const r = d.total;
      Object.assign(years, { [`${d.plantingYear}|accepted`]: r.acceptedHa, [`${d.plantingYear}|replant`]: r.replantHa, [`${d.plantingYear}|rejected`]: r.rejectedHa, [`${d.plantingYear}|not_inspected`]: r.notInspectedHa });
      if (r.targetHa != null) years[`${d.plantingYear}|target`] = r.targetHa;
    }
    expectDrawn(await chart(atlas.page, 'planting-years'), years, 'planting over the years');
    await atlas.page.screenshot({ path: '/tmp/dash-desktop-province.png' });

    // a district's bar selects it on the map, and the charts follow the selection
    await atlas.page.locator('[data-chart="ntm-units"] [data-key="608"]').click();
    await atlas.page.waitForFunction(() => location.hash.includes('sel=district:608'));
    await atlas.page.waitForFunction(() => document.querySelector('[data-testid="dashboard"]')?.getAttribute('data-scope') === '608');
    const d608 = await server.get<NtmTablesResponse>('/api/ntm/tables?year=2023&district=608');
    await atlas.page.waitForFunction(
      (n) => document.querySelectorAll('[data-chart="ntm-units"] [data-key]').length === n,
      d608.communes.length,
    );
    expectDrawn(await chart(atlas.page, 'ntm-units'), Object.fromEntries(d608.communes.map((c) => [c.code, c.criteriaMet])), 'communes of 608');
    expect(await atlas.page.locator('[data-testid="info-panel"]').isVisible()).toBe(true);
  });

  it('a commune chosen on the map narrows the charts to it; its bar is selected with the keyboard too', async () => {
    const atlas = await page(1440, 900);
    await atlas.page.goto('about:blank');
    await atlas.page.goto(`${server.url}/#year=2023&sel=district:615`);
    await atlas.waitIdle();
    await atlas.page.locator('[data-testid="dashboard-toggle"]').click();
    await atlas.page.waitForFunction(() => document.querySelector('[data-testid="dashboard"]')?.getAttribute('data-scope') === '615');
    const d615 = await server.get<NtmTablesResponse>('/api/ntm/tables?year=2023&district=615');
    const c = d615.communes[0]!;
    const bar = atlas.page.locator(`[data-chart="ntm-units"] [data-key="${c.code}"]`);
    await bar.focus();
    await atlas.page.keyboard.press('Enter');
    await atlas.page.waitForFunction((code) => location.hash.includes(`sel=commune:${code}`), c.code);
    await atlas.page.waitForFunction((code) => document.querySelector('[data-testid="dashboard"]')?.getAttribute('data-scope') === code, c.code);
    const tables = await Promise.all(meta.commune.years.map((y) => server.get<NtmTablesResponse>(`/api/ntm/tables?year=${y}&district=615`)));
    const history = Object.fromEntries(tables.flatMap((d) => d.communes.filter((x) => x.code === c.code).map((x) => [String(d.year), x.criteriaMet])));
    expectDrawn(await chart(atlas.page, 'commune-history'), history, `history of ${c.name}`);
    await atlas.page.screenshot({ path: '/tmp/dash-desktop-commune.png' });
  });

  it('the open dashboard is in the link: the link (or a view saved from it) reopens it with its scope; closing it takes it out', async () => {
    const atlas = await page(1440, 900);
    await atlas.page.goto('about:blank');
    await atlas.page.goto(`${server.url}/#year=2023&sel=district:615`);
    await atlas.waitIdle();
    await atlas.page.locator('[data-testid="dashboard-toggle"]').click();
    await atlas.page.waitForFunction(() => location.hash.includes('dash=1'));
    const link = await atlas.page.evaluate(() => location.hash);
    const { ShareQuery } = await import('../../server/domain/views.ts');
    expect(ShareQuery.safeParse(link.slice(1)).success, `a view can be saved from ${link}`).toBe(true);

    await atlas.page.goto('about:blank');
    await atlas.page.goto(`${server.url}/${link}`);
    await atlas.waitIdle();
    const dash = atlas.page.locator('[data-testid="dashboard"]');
    await dash.waitFor({ state: 'visible', timeout: 60_000 });
    await atlas.page.waitForFunction(() => document.querySelector('[data-testid="dashboard"]')?.getAttribute('data-scope') === '615');
    expect(await atlas.page.locator('[data-testid="dashboard-toggle"]').getAttribute('aria-pressed')).toBe('true');

    await dash.locator('.dash-close').click();
    await dash.waitFor({ state: 'detached' });
    await atlas.page.waitForFunction(() => !location.hash.includes('dash='));
    expect(await atlas.page.evaluate(() => location.hash)).toContain('sel=district:615');
  });

  it('phone: the dashboard is a sheet over the map, closed with its button', async () => {
    const atlas = await page(390, 844, true);
    await atlas.open({ year: 2023 });
    await atlas.page.locator('[data-testid="dashboard-tab"]').click();
    const dash = atlas.page.locator('[data-testid="dashboard"]');
    await chart(atlas.page, 'ntm-units');
    const box = (await dash.boundingBox())!;
    expect(box.width).toBe(390);
    expect(box.y).toBeGreaterThan(844 * 0.2);
    await atlas.page.screenshot({ path: '/tmp/dash-phone.png' });
    await dash.locator('.dash-close').click();
    await dash.waitFor({ state: 'detached' });
  });

  it('province view of the forest: a tiểu khu in the class of most of its planted area; lô in their own classes when zoomed in', async () => {
    // a planted tiểu khu whose leading class holds all or nearly all its area, near the province centre
    const [z, x, y] = tileOf(meta.center[0], meta.center[1], 7);
    const tile = decodeTile(new Uint8Array(await (await fetch(`${server.url}/api/tiles/tkplanting/${z}/${x}/${y}.mvt`)).arrayBuffer())).tkplanting!;
    const feats = Array.from({ length: tile.length }, (_, i) => tile.feature(i).properties)
      .filter((p) => Number(p.share_pct) >= 90 && ['accepted', 'rejected', 'replant'].includes(String(p.cls)))
      .sort((a, b) => Number(b.planted_ha) - Number(a.planted_ha));
    expect(feats.length, 'planted tiểu khu in the tile').toBeGreaterThan(0);
    const tk = feats[0]!;
    const hit = (await server.get<SearchResponse>(`/api/search?q=${encodeURIComponent(`TK ${tk.tk}`)}`)).hits.find((h) => h.id === `tk:${tk.tk}`)!;
    const [lon, lat] = hit.center;

    const atlas = await page(1440, 900);
    await atlas.open({ view: { lon, lat, zoom: 9 }, layers: ['tkplanting'], year: 2023 });
    const alpha = 0.55 + ((Math.min(100, Number(tk.share_pct)) - 34) / 66) * (0.92 - 0.55);
    const bg = hexToRgb(BACKGROUND_COLOR);
    const blended = (hex: string): Rgb => hexToRgb(hex).map((c, i) => Math.round(alpha * c + (1 - alpha) * bg[i]!)) as Rgb;
    const seen = await atlas.colorAt(lon, lat);
    const nearest = SURVIVAL_CLASSES.map((c) => [c, colorDistance(seen, blended(SURVIVAL_COLORS[c]))] as const).sort((a, b) => a[1] - b[1])[0]!;
    expect(nearest[0], `TK ${tk.tk} at zoom 9: seen ${seen}`).toBe(tk.cls);
    expect(nearest[1]).toBeLessThanOrEqual(8);
    expect(await atlas.page.locator('.legend').innerText()).toContain('Kết quả trồng rừng theo tiểu khu');
    await atlas.page.screenshot({ path: '/tmp/dash-tkplanting-z9.png' });

    // zoomed in: a planted lô of that tiểu khu whose own class differs from the tiểu khu's is drawn in its class
    const [pz, px, py] = tileOf(lon, lat, 13);
    const plots = decodeTile(new Uint8Array(await (await fetch(`${server.url}/api/tiles/plots/${pz}/${px}/${py}.mvt`)).arrayBuffer())).plots;
    const lots = Array.from({ length: plots?.length ?? 0 }, (_, i) => plots!.feature(i).properties)
      .filter((p) => Number(p.tk) === Number(tk.tk) && p.cls !== 'none' && p.cls !== tk.cls)
      .sort((a, b) => Number(b.area_ha) - Number(a.area_ha));
    const lot = lots[0] ?? null;
    const target = lot ?? Array.from({ length: plots?.length ?? 0 }, (_, i) => plots!.feature(i).properties).filter((p) => Number(p.tk) === Number(tk.tk) && p.cls !== 'none').sort((a, b) => Number(b.area_ha) - Number(a.area_ha))[0]!;
    const detail = await server.get<PlotDetail>(`/api/plots/${target.id}`);
    const [llon, llat] = detail.centroid;
    await atlas.open({ view: { lon: llon, lat: llat, zoom: 14 }, layers: ['tkplanting', 'plots'], year: 2023 });
    const lotSeen = await atlas.colorAt(llon, llat);
    const lotClass = SURVIVAL_CLASSES.map((c) => [c, colorDistance(lotSeen, hexToRgb(SURVIVAL_COLORS[c]))] as const).sort((a, b) => a[1] - b[1])[0]!;
    expect(lotClass[0], `lô ${target.label} at zoom 14: seen ${lotSeen}`).toBe(target.cls);
    // and the tiểu khu's fill is gone: a lô of it without planting shows the ground, not the tiểu khu's class
    const bare = Array.from({ length: plots?.length ?? 0 }, (_, i) => plots!.feature(i).properties)
      .filter((p) => Number(p.tk) === Number(tk.tk) && p.cls === 'none')
      .sort((a, b) => Number(b.area_ha) - Number(a.area_ha))[0];
    if (bare) {
      const [blon, blat] = (await server.get<PlotDetail>(`/api/plots/${bare.id}`)).centroid;
      const ground = hexToRgb(PLOT_NO_PLANTING_COLOR).map((c, i) => Math.round(0.45 * c + 0.55 * bg[i]!)) as Rgb;
      const bareSeen = await atlas.colorAt(blon, blat);
      expect(colorDistance(bareSeen, ground), `unplanted lô ${bare.label}: seen ${bareSeen}`).toBeLessThanOrEqual(8);
    }
    await atlas.page.screenshot({ path: '/tmp/dash-tkplanting-z14.png' });
  });
});
