/**
 * What the map draws must be true after a write, and readable at the province view (issue 12):
 * - a criterion saved by an editor is drawn in its new colour when the page is opened again in the
 *   same browser (tiles are cached under URLs that carry the layer's data version);
 * - at province zoom villages do not cover the communes, and a click there opens the commune;
 * - a page of another origin allowed by CORS_ALLOWED_ORIGINS reads TileJSON and tiles, others cannot.
 * Expected colours come from the shared class colours and the API's answers.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { CommuneDetail, MetaResponse, SearchResponse } from '../../server/domain/api.ts';
import type { NtmTablesResponse } from '../../server/domain/ntm.ts';
import { DEMO_USERS } from '../../server/auth/demo-users.ts';
import { COMMUNE_BANDS, villageBandColor } from '../../server/domain/classes.ts';
import { colorDistance, hexToRgb } from '../../web/src/lib/color.ts';
import { CRITERION_MET_COLOR, CRITERION_NOT_MET_COLOR } from '../../web/src/layers/communes/style.ts';
import { VILLAGES_MIN_ZOOM } from '../../web/src/layers/villages/symbol.ts';
import type { VillageCollection } from '../../web/src/api/client.ts';
import { describeBrowser, openPage } from './helpers/browser.ts';
import { AtlasDriver, openNtmMap } from './helpers/atlas.ts';
import type { AtlasServer } from './helpers/server.ts';
import { withPagePerTest, withServerAndBrowser } from './helpers/session.ts';

const TOLERANCE = 3;

describeBrowser('tiles after a write, villages at province zoom (Chromium)', () => {
  let server: AtlasServer;
  let browser: Browser;
  let atlas: AtlasDriver;
  // another site (its own origin) that embeds the atlas's tiles; allowed by the server's setting
  let otherSite: Server;
  let otherOrigin: string;
  const saved = process.env.CORS_ALLOWED_ORIGINS;
  beforeAll(async () => {
    otherSite = createServer((_, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>GIS</title>'));
    await new Promise<void>((r) => otherSite.listen(0, '127.0.0.1', r));
    otherOrigin = `http://127.0.0.1:${(otherSite.address() as AddressInfo).port}`;
    process.env.CORS_ALLOWED_ORIGINS = otherOrigin; // read by this file's server at start
  });
  afterAll(() => new Promise<void>((r) => otherSite.close(() => r())));

  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
    if (saved === undefined) delete process.env.CORS_ALLOWED_ORIGINS;
    else process.env.CORS_ALLOWED_ORIGINS = saved;
  });
  withPagePerTest(() => browser, () => server.url, (a) => (atlas = a));

  async function interiorPoint(code: string, name: string): Promise<[number, number]> {
    const s = await server.get<SearchResponse>(`/api/search?q=${encodeURIComponent(name)}&limit=50`);
    const hit = s.hits.find((h) => h.kind === 'commune' && h.id === code);
    if (!hit) throw new Error(`search did not find commune ${code} ${name}`);
    return hit.center;
  }

  /** Saves a criterion status as the demo editor would, from another client (not this page). */
  async function saveCriterion(code: string, year: number, no: number, met: boolean): Promise<void> {
    const editor = DEMO_USERS.find((u) => u.username === 'editor')!;
    const headers = { 'Content-Type': 'application/json', Origin: server.url };
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers, body: JSON.stringify({ username: editor.username, password: editor.password }) });
    expect(login.status).toBe(200);
    const { csrf } = (await login.json()) as { csrf: string };
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const detail = await server.get<CommuneDetail>(`/api/communes/${code}?year=${year}`);
    const version = detail.criteria.find((k) => k.no === no)!.version;
    const put = await fetch(`${server.url}/api/communes/${code}/criteria/${year}/${no}`, {
      method: 'PUT',
      headers: { ...headers, Cookie: cookie, 'X-CSRF-Token': csrf },
      body: JSON.stringify({ met, version, evidence: 'Kiểm tra bộ nhớ đệm ô bản đồ' }),
    });
    expect(put.status, await put.clone().text()).toBeLessThan(300);
  }

  it('draws the new colour when the page is opened again after a criterion was saved', async () => {
    const t = await server.get<NtmTablesResponse>('/api/ntm/tables?year=2023&district=608');
    const commune = t.communes.filter((c) => c.criteriaMet === 19).at(-1)!;
    const no = 4;
    const [lon, lat] = await interiorPoint(commune.code, commune.name);
    const open = () => openNtmMap(atlas, { lon, lat, zoom: 10, year: 2023, style: 'criterion', criterion: no });
    await open();
    // the commune's name is written where its fill is probed: read the fill, not the letters
    await atlas.hideLabels();
    expect(colorDistance(await atlas.colorAt(lon, lat), hexToRgb(CRITERION_MET_COLOR))).toBeLessThanOrEqual(TOLERANCE);

    await saveCriterion(commune.code, 2023, no, false);
    // the same browser (same HTTP cache) opens the map again: it must not draw the tile it kept
    await open();
    await atlas.hideLabels();
    expect(colorDistance(await atlas.colorAt(lon, lat), hexToRgb(CRITERION_NOT_MET_COLOR))).toBeLessThanOrEqual(TOLERANCE);
    await atlas.page.screenshot({ path: 'tmp/tiles-after-save.png' });
  });

  it('keeps the province view for communes: villages appear from their zoom, a click opens the commune', async () => {
    const meta = await server.get<MetaResponse>('/api/meta');
    const villages = await server.get<VillageCollection>(`/api/villages?year=${meta.village.latestYear}`);
    // a village of a commune in the programme, a dot that a click at province zoom used to hit
    const v = villages.features.find((f) => f.properties.criteria_met != null && f.properties.commune_code !== '' && f.properties.pilot_tier != null)!;
    const [lon, lat] = v.geometry.coordinates as [number, number];
    const commune = await server.get<CommuneDetail>(`/api/communes/${v.properties.commune_code}?year=${meta.commune.latestYear}`);

    await atlas.open(); // the province, as a leader first sees it
    const zoom = await atlas.page.evaluate(() => window.__atlas!.map.getZoom());
    expect(zoom).toBeLessThan(VILLAGES_MIN_ZOOM);
    expect(await atlas.page.evaluate(() => window.__atlas!.villageCount)).toBe(0);
    expect(await atlas.page.locator('[data-testid="legend-villages"]').getAttribute('class')).toContain('legend-section--below-zoom');
    await atlas.page.screenshot({ path: 'tmp/tiles-province-desktop.png' });

    await atlas.clickAt(lon, lat);
    const info = await atlas.infoPanel();
    expect(info.title).toBe(commune.name);
    expect(atlas.page.url()).toContain(`sel=commune:${commune.code}`);

    await atlas.open({ view: { lon, lat, zoom: VILLAGES_MIN_ZOOM + 1 } });
    expect(await atlas.page.evaluate(() => window.__atlas!.villageCount)).toBeGreaterThan(0);
    await atlas.clickAt(lon, lat);
    expect((await atlas.infoPanel()).title).toBe(v.properties.name);
    await atlas.page.screenshot({ path: 'tmp/tiles-villages-zoom10.png' });
  });

  it('draws villages at zoom 10 in their own palette, apart from every commune class (issue 12)', async () => {
    const meta = await server.get<MetaResponse>('/api/meta');
    const villages = await server.get<VillageCollection>(`/api/villages?year=${meta.village.latestYear}`);
    // a scored village with no neighbour within about 20 px at zoom 10, so its dot stands alone
    const v = villages.features.find((f) => {
      const [x, y] = f.geometry.coordinates as [number, number];
      return f.properties.criteria_met != null
        && villages.features.every((g) => g === f || Math.hypot(g.geometry.coordinates[0] - x, g.geometry.coordinates[1] - y) > 0.03);
    });
    expect(v, 'an isolated scored village').toBeDefined();
    const [lon, lat] = v!.geometry.coordinates as [number, number];
    await atlas.open({ view: { lon, lat, zoom: VILLAGES_MIN_ZOOM + 1 }, layers: ['communes', 'villages'] });
    await atlas.page.screenshot({ path: 'tmp/tiles-villages-zoom10-palette.png' });
    const dot = await atlas.pixelAt(lon, lat);
    const expected = villageBandColor(v!.properties.criteria_met);
    expect(colorDistance(dot, expected), `village ${v!.properties.code} ${v!.properties.criteria_met}/10: dot ${dot}, expected ${expected}`).toBeLessThanOrEqual(TOLERANCE);
    for (const b of COMMUNE_BANDS) expect(colorDistance(dot, hexToRgb(b.color)), `village dot ${dot} vs commune band ${b.id}`).toBeGreaterThan(40);

    const phone = await openPage(browser, { width: 390, height: 844, isMobile: true });
    try {
      await new AtlasDriver(phone.page, server.url).open({ view: { lon, lat, zoom: VILLAGES_MIN_ZOOM + 1 }, layers: ['communes', 'villages'] });
      await phone.page.screenshot({ path: 'tmp/tiles-villages-zoom10-palette-phone.png' });
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it('on a phone too, the province view shows communes only', async () => {
    const phone = await openPage(browser, { width: 390, height: 844, isMobile: true });
    try {
      const a = new AtlasDriver(phone.page, server.url);
      await a.open();
      expect(await phone.page.evaluate(() => window.__atlas!.map.getZoom())).toBeLessThan(VILLAGES_MIN_ZOOM);
      expect(await phone.page.evaluate(() => window.__atlas!.villageCount)).toBe(0);
      await phone.page.screenshot({ path: 'tmp/tiles-province-phone.png' });
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it('shows a district panel from the districts layer\'s detail SQL', async () => {
    await atlas.page.goto(`${server.url}/#sel=district:616&lang=vi`);
    const panel = atlas.page.locator('[data-testid="feature-info"][data-status="ready"]');
    await panel.waitFor({ timeout: 30_000 });
    expect((await panel.locator('[data-testid="info-title"]').innerText()).trim()).toBe('Sa Thầy');
    const communes = await server.get<{ properties: { communes: number } }>('/api/tiles/districts/features/616');
    expect(await panel.locator('[data-testid="info-district-communes"] dd').innerText()).toBe(String(communes.properties.communes));
    await atlas.page.screenshot({ path: 'tmp/tiles-district-panel.png' });
  });

  it('lets a page of an allowed origin read TileJSON and tiles (CORS), and no other', async () => {
    // a page of its own: the refused fetch logs a CORS error in its console, which is the point
    const p = await openPage(browser);
    const read = async (pageOrigin: string) => {
      await p.page.goto(`${pageOrigin}/`);
      return p.page.evaluate(async (api) => {
        try {
          const tj = (await (await fetch(`${api}/api/tiles/districts.json`)).json()) as { tiles: string[]; attribution: string };
          const tile = await fetch(tj.tiles[0]!.replace('{z}', '8').replace('{x}', '204').replace('{y}', '117'));
          return { ok: true, attribution: tj.attribution, tileStatus: tile.status, bytes: (await tile.arrayBuffer()).byteLength };
        } catch (e) {
          return { ok: false, error: String(e) };
        }
      }, server.url);
    };
    const allowed = await read(otherOrigin);
    expect(allowed).toMatchObject({ ok: true, tileStatus: 200 });
    expect((allowed as { bytes: number }).bytes).toBeGreaterThan(0);
    expect((allowed as { attribution: string }).attribution).toMatch(/minh họa/);
    // the same site under another name is another origin, not in the list: the browser refuses
    const refused = await read(otherOrigin.replace('127.0.0.1', 'localhost'));
    await p.close();
    expect(refused.ok).toBe(false);
  });
});
