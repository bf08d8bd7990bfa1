/**
 * OCOP products and the programmes' capital in Chromium: each star class drawn in its registry
 * colour at a known product (pixel probes, labels hidden), a click on a product opens its panel;
 * the capital choropleth draws two known districts of 2023 in their band's colour and a click opens
 * the district's figures. Desktop and phone, in Vietnamese. SCREENSHOT_DIR=… keeps screenshots.
 */
import path from 'node:path';
import { expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { SearchResponse } from '../../server/domain/api.ts';
import { CAPITAL_CLASSES, OCOP_CLASSES, type FeatureDetail } from '../../server/domain/layers.ts';
import type { ProgrammeCapital } from '../../server/domain/ocop.ts';
import { colorDistance, hexToRgb } from '../../web/src/lib/color.ts';
import { describeBrowser, openPage } from './helpers/browser.ts';
import { AtlasDriver } from './helpers/atlas.ts';
import type { AtlasServer } from './helpers/server.ts';
import { closeAfterEach, withServerAndBrowser } from './helpers/session.ts';

const TOLERANCE = 3;
const SIZES = [
  { name: 'desktop', width: 1440, height: 900, isMobile: false },
  { name: 'phone', width: 390, height: 844, isMobile: true },
] as const;

/** A feature panel (web/src/layers/FeatureInfo.tsx) once loaded: its title and text. */
async function featureCard(page: Page, testId: string): Promise<{ title: string; text: string }> {
  const card = page.locator(`[data-testid="${testId}"]`);
  await card.waitFor({ state: 'visible', timeout: 30_000 });
  return { title: (await card.locator('[data-testid="info-title"]').innerText()).trim(), text: await card.innerText() };
}

interface Product { id: number; name: string; cls: string; lon: number; lat: number }

describeBrowser('OCOP products and the programmes capital', () => {
  let server: AtlasServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });
  const closeLater = closeAfterEach();
  const shot = async (page: Page, name: string) => {
    if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR, `${name}.png`) });
  };

  /** Every product with its place, from the layer's detail API; for each class the one farthest from any other. */
  async function probeProducts(): Promise<Product[]> {
    const all: Product[] = [];
    for (let id = 1; ; id++) {
      const r = await fetch(`${server.url}/api/tiles/ocop/features/${id}`);
      if (r.status === 404) break;
      const d = (await r.json()) as FeatureDetail;
      const p = d.properties;
      all.push({ id, name: String(p.name), cls: p.rating == null ? 'registered' : String(p.rating), lon: Number(p.lon), lat: Number(p.lat) });
    }
    const nearest = (a: Product) => Math.min(...all.filter((b) => b !== a).map((b) => Math.hypot(a.lon - b.lon, a.lat - b.lat)));
    return OCOP_CLASSES.map((c) => all.filter((p) => p.cls === c.id).sort((a, b) => nearest(b) - nearest(a))[0]!);
  }

  // one test per screen size: twelve page loads in one test outran its 120 s on a busy machine (CI)
  let probed: Promise<Product[]> | undefined;
  for (const size of SIZES) it(`draws each star class in its colour at a known product; a click opens the product (${size.name})`, async () => {
    const products = await (probed ??= probeProducts());
    expect(products.map((p) => p.cls)).toEqual(OCOP_CLASSES.map((c) => c.id));
    const p = await openPage(browser, size);
    closeLater(p.close);
    const atlas = new AtlasDriver(p.page, server.url);
    for (const prod of products) {
      await atlas.open({ view: { lon: prod.lon, lat: prod.lat, zoom: 12 }, layers: ['ocop', 'districts'], lang: 'vi' });
      await atlas.hideLabels();
      const expected = hexToRgb(OCOP_CLASSES.find((c) => c.id === prod.cls)!.color);
      const got = await atlas.pixelAt(prod.lon, prod.lat);
      expect(colorDistance(got, expected), `${size.name} ${prod.name} (${prod.cls}): seen ${got}, expected ${expected}`).toBeLessThanOrEqual(TOLERANCE);
    }
    const five = products.find((x) => x.cls === '5')!;
    await atlas.open({ view: { lon: five.lon, lat: five.lat, zoom: 11 }, layers: ['communes', 'districts', 'ocop'], year: 2023, lang: 'vi' });
    await atlas.clickAt(five.lon, five.lat);
    const info = await featureCard(p.page, 'info-ocop');
    await shot(p.page, `ocop-${size.name}`);
    expect(info.title).toBe(five.name);
    expect(info.text).toContain('5 sao');
    expect(info.text).toContain('Chủ thể');
    expect(p.errors).toEqual([]);
  });

  it('colours two known districts by the share of 2023 capital allocated; a click opens their figures (desktop and phone)', async () => {
    const cap = await server.get<ProgrammeCapital>('/api/capital?year=2023');
    // Kon Plông 18.6 % (report 002) and Kon Tum city (illustrative): two different bands
    const probes = await Promise.all(['Kon Plông', 'Kon Tum'].map(async (name) => {
      const row = cap.rows.find((r) => r.districtName.includes(name))!;
      const s = await server.get<SearchResponse>(`/api/search?q=${encodeURIComponent(name)}&limit=50`);
      const hit = s.hits.find((h) => h.kind === 'district' && h.id === row.districtCode)!;
      const band = CAPITAL_CLASSES.find((c) => row.allocatedPct < c.max)!;
      return { row, center: hit.center, band };
    }));
    expect(new Set(probes.map((x) => x.band.id)).size).toBe(2);
    for (const size of SIZES) {
      const p = await openPage(browser, size);
      closeLater(p.close);
      const atlas = new AtlasDriver(p.page, server.url);
      for (const { row, center, band } of probes) {
        await atlas.open({ view: { lon: center[0], lat: center[1], zoom: 9 }, layers: ['capital'], year: 2023, lang: 'vi' });
        await atlas.hideLabels();
        const got = await atlas.colorAt(center[0], center[1]);
        expect(colorDistance(got, hexToRgb(band.color)), `${size.name} ${row.districtName} ${row.allocatedPct} %: seen ${got}`).toBeLessThanOrEqual(TOLERANCE);
      }
      const kp = probes[0]!;
      await atlas.open({ view: { lon: kp.center[0], lat: kp.center[1], zoom: 8 }, layers: ['capital', 'districts'], year: 2023, lang: 'vi' });
      await atlas.clickAt(kp.center[0], kp.center[1]);
      const info = await featureCard(p.page, 'info-capital');
      await shot(p.page, `capital-${size.name}`);
      expect(info.title).toContain('Kon Plông');
      expect(info.text).toContain('18,6 %');
      expect(info.text).toContain('71,6 %');
      expect(p.errors).toEqual([]);
    }
  });
});
