/**
 * The atlas in a real browser: maplibre draws the communes in the colours of their criteria
 * band, maplibre draws the villages (a circle layer), a click shows a commune's details, the UI speaks English
 * on request. Colours are checked against what the API says about the same place.
 */
import { expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { CommuneDetail, MetaResponse, NtmStatsResponse, SearchResponse, VillageDetail } from '../../server/domain/api.ts';
import { COMMUNE_BANDS, communeBand, NOT_IN_PROGRAMME_COLOR, villageBandColor } from '../../server/domain/classes.ts';
import { colorDistance, hexToRgb } from '../../web/src/lib/color.ts';
import type { VillageCollection } from '../../web/src/api/client.ts';
import { BACKGROUND_COLOR } from '../../web/src/lib/style.ts';
import { paletteColors, PALETTES } from '../../web/src/layers/palette.ts';
import { villageFill } from '../../web/src/layers/villages/symbol.ts';
import { describeBrowser, type Rgb } from './helpers/browser.ts';
import type { AtlasDriver } from './helpers/atlas.ts';
import type { AtlasServer } from './helpers/server.ts';
import { withPagePerTest, withServerAndBrowser } from './helpers/session.ts';

/** Colours read from the screen may differ by rounding only. */
const TOLERANCE = 3;

const bandColor = (met: number): Rgb => hexToRgb(COMMUNE_BANDS.find((b) => b.id === communeBand(met))!.color);

describeBrowser('the atlas map in Chromium', () => {
  let server: AtlasServer;
  let browser: Browser;
  let atlas: AtlasDriver;
  let meta: MetaResponse;

  withServerAndBrowser(async (s, b) => {
    server = s;
    browser = b;
    meta = await server.get<MetaResponse>('/api/meta');
  });
  withPagePerTest(() => browser, () => server.url, (a) => (atlas = a));

  /** A commune's interior point (the API's point on surface, from search by its name). */
  async function interiorPoint(code: string, name: string): Promise<[number, number]> {
    const s = await server.get<SearchResponse>(`/api/search?q=${encodeURIComponent(name)}&limit=50`);
    const hit = s.hits.find((h) => h.kind === 'commune' && h.id === code);
    if (!hit) throw new Error(`search did not find commune ${code} ${name}`);
    return hit.center;
  }

  it('draws communes (maplibre) in the colour of the band of their criteria count, wards neutral', async () => {
    const year = meta.commune.latestYear;
    const stats = await server.get<NtmStatsResponse>(`/api/stats/ntm?year=${year}&by=district`);
    // communes from both ends of the scale, and a ward (not in the programme)
    const candidates = [...stats.province.belowTen.slice(0, 2), ...stats.province.ntmCommunes.slice(0, 2)].map((c) => c.code);
    const ward = '23281';
    expect(candidates.length).toBeGreaterThanOrEqual(2);

    const checked = new Set<string>();
    for (const code of [...candidates, ward]) {
      const c = await server.get<CommuneDetail>(`/api/communes/${code}?year=${year}`);
      const [lon, lat] = await interiorPoint(code, c.name);
      await atlas.open({ view: { lon, lat, zoom: 10 }, layers: ['communes'], year });
      const expected = c.inNtmProgramme ? bandColor(c.criteriaMet!) : hexToRgb(NOT_IN_PROGRAMME_COLOR);
      const seen = await atlas.colorAt(lon, lat);
      expect(colorDistance(seen, expected), `${c.name} (${c.criteriaMet ?? 'ward'}): seen ${seen}, expected ${expected}`).toBeLessThanOrEqual(TOLERANCE);
      checked.add(c.inNtmProgramme ? communeBand(c.criteriaMet!) : 'ward');
    }
    // at least two different colours were proven, one of them the neutral ward
    expect(checked.size).toBeGreaterThanOrEqual(3);
    expect(checked.has('ward')).toBe(true);
  });

  it('draws villages (a maplibre circle layer) coloured by their criteria met', async () => {
    const villageYear = meta.village.latestYear;
    const villages = await server.get<VillageCollection>(`/api/villages?year=${villageYear}`);
    const scored = villages.features.filter((f) => f.properties.criteria_met != null);
    // a village with no neighbour within about 1.5 km, so its dot stands alone at zoom 12
    const isolated = scored.find((f) => {
      const [x, y] = f.geometry.coordinates;
      return villages.features.every((g) => g === f || Math.hypot(g.geometry.coordinates[0] - x, g.geometry.coordinates[1] - y) > 0.015);
    });
    expect(isolated, 'an isolated scored village').toBeDefined();
    const [lon, lat] = isolated!.geometry.coordinates;
    const detail = await server.get<VillageDetail>(`/api/villages/${isolated!.properties.code}?year=${villageYear}`);

    await atlas.open({ view: { lon, lat, zoom: 12 }, layers: ['villages'] });
    const seen = await atlas.pixelAt(lon, lat);
    const expected = [...villageBandColor(detail.criteriaMet)] as Rgb;
    expect(colorDistance(seen, expected), `village ${detail.name} ${detail.criteriaMet}/10: seen ${seen}, expected ${expected}`).toBeLessThanOrEqual(TOLERANCE);
    // 20 px aside (beyond the dot's radius and outline) only the map background shows: the colour is the dot's
    const [x, y] = await atlas.screenPoint(lon, lat);
    const aside = await atlas.pixelAtScreen(x + 20, y);
    expect(colorDistance(aside, hexToRgb(BACKGROUND_COLOR)), `beside the dot: ${aside}`).toBeLessThanOrEqual(TOLERANCE);
  });

  it('draws the village dots in the palette chosen (standard, high contrast, colour-blind safe): the colour on screen changes with it', async () => {
    const villageYear = meta.village.latestYear;
    const villages = await server.get<VillageCollection>(`/api/villages?year=${villageYear}`);
    const isolated = villages.features.find((f) => {
      const [x, y] = f.geometry.coordinates;
      return f.properties.criteria_met != null && villages.features.every((g) => g === f || Math.hypot(g.geometry.coordinates[0] - x, g.geometry.coordinates[1] - y) > 0.015);
    });
    expect(isolated, 'an isolated scored village').toBeDefined();
    const [lon, lat] = isolated!.geometry.coordinates;
    const seenBy: Rgb[] = [];
    for (const palette of PALETTES) {
      await atlas.open({ view: { lon, lat, zoom: 12 }, layers: ['villages'], palette });
      const seen = await atlas.pixelAt(lon, lat);
      const expected = hexToRgb(villageFill(isolated!.properties.criteria_met, paletteColors(palette)));
      expect(colorDistance(seen, expected), `${palette}: village ${isolated!.properties.name}: seen ${seen}, expected ${expected}`).toBeLessThanOrEqual(TOLERANCE);
      seenBy.push(seen);
      await atlas.page.screenshot({ path: `/tmp/villages-palette-${palette}.png` });
    }
    // the three palettes put three different colours on the screen at the same dot
    for (let i = 1; i < seenBy.length; i++) for (let j = 0; j < i; j++) expect(colorDistance(seenBy[i]!, seenBy[j]!), `${PALETTES[i]} vs ${PALETTES[j]}`).toBeGreaterThan(20);
  });

  it('shows a commune’s name and criteria count when it is clicked', async () => {
    const DOAN_KET = '23329';
    const year = 2020;
    const c = await server.get<CommuneDetail>(`/api/communes/${DOAN_KET}?year=${year}`);
    const [lon, lat] = await interiorPoint(DOAN_KET, c.name);
    await atlas.open({ view: { lon, lat, zoom: 11 }, layers: ['communes', 'districts'], year });
    await atlas.clickAt(lon, lat);
    const info = await atlas.infoPanel();
    expect(info.title).toBe(c.name);
    expect(info.criteria).toContain(`${c.criteriaMet}/${c.criteria.length}`);
    expect(info.text).toContain(c.district.name);
    expect(atlas.page.url()).toContain(`sel=commune:${DOAN_KET}`);
  });

  it('switches the interface to English', async () => {
    await atlas.open();
    expect(await atlas.layerPanelTitle()).toBe('Lớp bản đồ');
    await atlas.switchLanguage('en');
    expect(await atlas.layerPanelTitle()).toBe('Map layers');
    await expect.poll(() => atlas.page.locator('[data-testid="demo-notice"]').innerText()).toContain('Illustrative demo data');
    expect(atlas.page.url()).toContain('lang=en');
  });
});
