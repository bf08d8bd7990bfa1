/**
 * Domain driver of the atlas for browser tests: open the map at a place, wait until it has
 * drawn, read the colour at a longitude/latitude, click a place, read the info panel, switch
 * the language. Tests speak in these terms, never in selectors.
 */
import type { Page } from 'playwright-core';
import { dominantColor, screenPixels, type Rgb } from './browser.ts';

export interface OpenOptions {
  /** Centre and zoom of the view (the map fits the province without). */
  view?: { lon: number; lat: number; zoom: number };
  /** Only these layers (default: the app's defaults). */
  layers?: string[];
  year?: number;
  lang?: 'vi' | 'en';
  /** the map's palette (web/src/layers/palette.ts; standard when absent) */
  palette?: 'standard' | 'contrast' | 'colorblind';
}

/** The URL hash of the app state (see web/src/lib/urlState.ts). */
export function atlasHash(o: OpenOptions): string {
  const parts: string[] = [];
  if (o.view) parts.push(`map=${o.view.zoom}/${o.view.lat}/${o.view.lon}`);
  if (o.lang) parts.push(`lang=${o.lang}`);
  if (o.year != null) parts.push(`year=${o.year}`);
  if (o.layers) parts.push(`layers=${o.layers.join(',')}`);
  if (o.palette && o.palette !== 'standard') parts.push(`palette=${o.palette}`);
  return parts.length ? `#${parts.join('&')}` : '';
}

export class AtlasDriver {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  /** Opens the app and waits until the map has drawn the view. */
  async open(o: OpenOptions = {}): Promise<void> {
    // a fresh document each time (a bare hash change would keep the map where it was)
    await this.page.goto('about:blank');
    await this.page.goto(`${this.baseUrl}/${atlasHash(o)}`);
    await this.waitIdle();
  }

  /** Waits for the map's test hook: idle after the latest change, tiles and villages drawn. */
  async waitIdle(): Promise<void> {
    await this.page.waitForFunction(() => window.__atlas?.idle === true, undefined, { timeout: 60_000, polling: 100 });
  }

  /**
   * Hides the map's labels (symbol layers) and waits until the map has drawn without them: a
   * fill probed where a label may be placed (a commune's interior point is where its name goes,
   * and placement moves with the canvas size) reads the fill, not the letters.
   */
  async hideLabels(): Promise<void> {
    await this.page.evaluate(async () => {
      const map = window.__atlas!.map;
      for (const l of map.getStyle().layers) if (l.type === 'symbol') map.setLayoutProperty(l.id, 'visibility', 'none');
      await new Promise<void>((r) => map.once('idle', () => r()));
    });
  }

  /** Page position of a longitude/latitude on the map. */
  async screenPoint(lon: number, lat: number): Promise<[number, number]> {
    return this.page.evaluate(([x, y]) => window.__atlas!.project(x, y), [lon, lat] as const);
  }

  /** The colour drawn at a place: the most frequent colour of the 5×5 pixels around it. */
  async colorAt(lon: number, lat: number): Promise<Rgb> {
    const [x, y] = await this.screenPoint(lon, lat);
    return dominantColor(await screenPixels(this.page, x, y, 2));
  }

  /** The exact colour of the pixel at a place (a village dot's centre). */
  async pixelAt(lon: number, lat: number): Promise<Rgb> {
    const [x, y] = await this.screenPoint(lon, lat);
    return (await screenPixels(this.page, x, y, 0))[0];
  }

  /** The exact colour of the pixel at a page position. */
  async pixelAtScreen(x: number, y: number): Promise<Rgb> {
    return (await screenPixels(this.page, x, y, 0))[0];
  }

  /** Clicks the map at a place. */
  async clickAt(lon: number, lat: number): Promise<void> {
    const [x, y] = await this.screenPoint(lon, lat);
    await this.page.mouse.click(x, y);
  }

  /** Waits for the info panel to show a record and returns its title and headline figure. */
  async infoPanel(): Promise<{ title: string; criteria: string | null; text: string }> {
    const panel = this.page.locator('[data-testid="info-panel"][data-status="ready"]');
    await panel.waitFor({ state: 'visible', timeout: 30_000 });
    const title = (await panel.locator('[data-testid="info-title"]').innerText()).trim();
    const criteria = panel.locator('[data-testid="info-criteria"]');
    return {
      title,
      criteria: (await criteria.count()) ? (await criteria.innerText()).trim() : null,
      text: await panel.innerText(),
    };
  }

  /** Presses the VI / EN switch in the header. */
  async switchLanguage(lang: 'vi' | 'en'): Promise<void> {
    await this.page.locator(`[data-testid="lang-${lang}"]`).click();
    await this.page.waitForFunction((l) => document.documentElement.lang === l, lang);
  }

  /**
   * Prints the page to PDF (as the browser's print dialog would) and reports the map image the
   * page put in its print layout: its size and how many distinct colours a sample of it has.
   */
  async printToPdf(): Promise<{ pdf: Buffer; snapshot: { width: number; height: number; colours: number } | null }> {
    await this.page.evaluate(() => {
      // runs after the app's own beforeprint handler (registered earlier): reads what it prepared
      addEventListener('beforeprint', () => {
        (window as unknown as { __printedMap?: string | null }).__printedMap = document.querySelector('.map-print-snapshot')?.getAttribute('src') ?? null;
      });
    });
    const pdf = await this.page.pdf({ landscape: true, format: 'A4', printBackground: true });
    const snapshot = await this.page.evaluate(async () => {
      const src = (window as unknown as { __printedMap?: string | null }).__printedMap;
      if (!src) return null;
      const img = new Image();
      img.src = src;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      const colours = new Set<string>();
      for (let i = 0; i < d.length; i += 4 * 97) colours.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
      return { width: c.width, height: c.height, colours: colours.size };
    });
    return { pdf, snapshot };
  }

  /** Text of the layer panel's heading (a visible UI string, as written, before CSS capitals). */
  async layerPanelTitle(): Promise<string> {
    return ((await this.page.locator('#layers-title').textContent()) ?? '').trim();
  }
}

/**
 * Domain driver of the forest tools: the search box, the lô panel, signing in from the
 * header and recording an inspection with the form — in the terms an inspector uses.
 */
export class ForestDriver {
  constructor(
    readonly page: Page,
    readonly atlas: AtlasDriver,
  ) {}

  /** Types into the search box and returns the hits listed (kind and label). */
  async search(text: string): Promise<{ kind: string; label: string }[]> {
    const input = this.page.locator('[data-testid="search-input"]');
    await input.fill('');
    await input.fill(text);
    const hits = this.page.locator('[data-testid="search-hit"]');
    await hits.first().waitFor({ timeout: 30_000 });
    await this.page.waitForFunction((t) => {
      const el = document.querySelector('[data-testid="search-input"]') as HTMLInputElement | null;
      return el?.value === t && document.querySelectorAll('[data-testid="search-hit"]').length > 0;
    }, text);
    return hits.evaluateAll((els) =>
      els.map((e) => ({ kind: e.getAttribute('data-kind') ?? '', label: (e.querySelector('.search-hit-label') as HTMLElement | null)?.innerText ?? '' })),
    );
  }

  /** Taps the search hit with this label; waits for the flight to end and the map to draw. */
  async pickHit(label: string): Promise<void> {
    await this.page.locator('[data-testid="search-hit"]', { hasText: label }).first().click();
    await this.page.waitForFunction(() => window.__atlas?.idle === false, undefined, { timeout: 5_000 }).catch(() => {});
    await this.atlas.waitIdle();
  }

  /** Signs in with the header's button and dialog. */
  async signIn(username: string, password: string): Promise<void> {
    await this.page.locator('[data-testid="sign-in"]').click();
    const dialog = this.page.locator('[data-testid="sign-in-dialog"]');
    await dialog.locator('[data-testid="sign-in-username"]').fill(username);
    await dialog.locator('[data-testid="sign-in-password"]').fill(password);
    await dialog.locator('[data-testid="sign-in-submit"]').click();
    await dialog.waitFor({ state: 'detached' });
  }

  /** Closes the info panel (the phone's sheet folds down) and waits for the map. */
  async closeInfo(): Promise<void> {
    await this.page.locator('[data-testid="info-panel"] .close-button').click();
    await this.atlas.waitIdle();
  }

  /** Fills the inspection form with sample plots (area, planted, surviving) and saves it; returns the saved message. */
  async recordInspection(plots: { areaM2: number; planted: number; surviving: number }[], team = 'Tổ kiểm tra'): Promise<{ formula: string; result: string; saved: string }> {
    await this.page.locator('[data-testid="record-inspection"]').click();
    const form = this.page.locator('[data-testid="inspection-form"]');
    await form.waitFor();
    await form.locator('[data-testid="insp-team"]').fill(team);
    for (let i = 0; i < plots.length; i++) {
      if (i > 0) await form.locator('[data-testid="add-plot"]').click();
      const row = form.locator('[data-testid="sample-plot"]').nth(i);
      await row.locator('[data-testid="plot-area"]').fill(String(plots[i]!.areaM2));
      await row.locator('[data-testid="plot-planted"]').fill(String(plots[i]!.planted));
      await row.locator('[data-testid="plot-surviving"]').fill(String(plots[i]!.surviving));
    }
    const formula = (await form.locator('[data-testid="formula"]').innerText()).trim();
    const result = (await form.locator('[data-testid="formula-result"]').innerText()).trim();
    await form.locator('[data-testid="insp-submit"]').click();
    await form.waitFor({ state: 'detached', timeout: 30_000 });
    const saved = (await this.page.locator('[data-testid="inspection-saved"]').innerText()).trim();
    return { formula, result, saved };
  }
}

/**
 * Opens the map with an NTM commune style: a view, the year, the style mode and its
 * criterion or compared year, only the communes layer; waits until it has drawn.
 */
export async function openNtmMap(
  atlas: AtlasDriver,
  o: { lon: number; lat: number; zoom: number; year: number; style: string; criterion?: number; compare?: number },
): Promise<void> {
  const hash = `${atlasHash({ view: { lon: o.lon, lat: o.lat, zoom: o.zoom }, year: o.year, layers: ['communes'] })}&style=${o.style}${o.criterion ? `&criterion=${o.criterion}` : ''}${o.compare ? `&compare=${o.compare}` : ''}`;
  await atlas.page.goto('about:blank');
  await atlas.page.goto(`${atlas.baseUrl}/${hash}`);
  await atlas.waitIdle();
}

/**
 * Domain driver of the planner's tools: open the planner, run a site search for a
 * commune, add found lô to the plan, read the running total, save the plan.
 */
export class PlannerDriver {
  constructor(
    readonly page: Page,
    readonly atlas: AtlasDriver,
  ) {}

  /** Opens the planner section of the side panel (loaded lazily). */
  async open(): Promise<void> {
    await this.page.locator('[data-testid="planner-open"]').click();
    await this.page.locator('[data-testid="site-finder"]').waitFor({ timeout: 30_000 });
  }

  /** Searches the lô of one commune of a district with the default constraints; returns the summary line and the lô ids listed. */
  async searchCommune(district: string, commune: string): Promise<{ summary: string; plots: number[] }> {
    await this.page.locator('[data-testid="planner-district"]').selectOption(district);
    await this.page.locator(`[data-testid="planner-commune"] [data-testid="commune-option"][value="${commune}"]`).check();
    await this.page.locator('[data-testid="planner-search"]').click();
    await this.page.locator('[data-testid="planner-results"]').waitFor({ timeout: 30_000 });
    await this.atlas.waitIdle();
    const summary = (await this.page.locator('[data-testid="planner-summary"]').innerText()).trim();
    const plots = await this.page.locator('[data-testid="site-row"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-plot'))));
    return { summary, plots };
  }

  /** Presses + on the listed lô; returns the running total shown under the list. */
  async addToPlan(plotId: number): Promise<string> {
    await this.page.locator(`[data-testid="site-row"][data-plot="${plotId}"] [data-testid="site-add"]`).click();
    return (await this.page.locator('[data-testid="plan-running-total"]').innerText()).trim();
  }

  /** The plan tab: the total line (and its machine-readable hectares). */
  async planTotal(): Promise<{ text: string; ha: number }> {
    await this.page.locator('[data-testid="planner-tab-plan"]').click();
    const el = this.page.locator('[data-testid="plan-total"]');
    await el.waitFor();
    return { text: (await el.innerText()).trim(), ha: Number(await el.getAttribute('data-total')) };
  }

  /** Names and saves the plan (signed in as a planner); returns the status message. */
  async save(name: string): Promise<string> {
    await this.page.locator('[data-testid="plan-name"]').fill(name);
    await this.page.locator('[data-testid="plan-save"]').click();
    const status = this.page.locator('[data-testid="plan-status"]');
    await status.waitFor({ timeout: 30_000 });
    return (await status.innerText()).trim();
  }
}
