/**
 * Issue 16, the parts an inspector asked for last: on a phone, draw an area on the map (tap its
 * corners, undo one, finish), see its size, download it with the progress bar, find it in the list
 * of prepared areas — then with no network, reload, find a lô inside the drawn area and not one
 * outside it; and, guided to the lô, the phone's compass (synthetic `deviceorientationabsolute`
 * events, as Android Chrome sends) turns into "rẽ trái 90°" / "rẽ phải 45°" beside the bearing.
 * Phone profile, Vietnamese. Screenshots with ATLAS_SHOTS=<folder>.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { OfflinePackage } from '../../server/domain/offline.ts';
import { describeBrowser, launchPhoneProfile, goOffline } from './helpers/browser.ts';
import { AtlasDriver, ForestDriver } from './helpers/atlas.ts';
import { startAtlasServer, type AtlasServer } from './helpers/server.ts';

const SHOTS = process.env.ATLAS_SHOTS;

describeBrowser('offline: a drawn area and the compass (issue 16)', () => {
  let server: AtlasServer;
  let profile: string;
  let context: BrowserContext | undefined;
  let page: Page;
  let errors: string[];
  let tk: OfflinePackage;
  // the drawn box around lô A (a few hundred metres a side); lô B lies well away from it
  let box: [number, number, number, number];
  let inside: OfflinePackage['plots'][number]['detail'];
  let outside: OfflinePackage['plots'][number]['detail'];

  const shot = async (name: string) => {
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `offline-draw-${name}.png`) });
  };

  beforeAll(async () => {
    server = await startAtlasServer();
    profile = mkdtempSync(path.join(tmpdir(), 'atlas-offline-draw-'));
    tk = await server.get<OfflinePackage>('/api/offline/package?tieuKhu=568');
    inside = (tk.plots.find((p) => p.detail.label === 'TK 568 · K 1 · L 2') ?? tk.plots[0]!).detail;
    ({ context, page, errors } = await launchPhoneProfile(profile));
  });
  afterAll(async () => {
    await context?.close();
    await server?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  const far = (p: OfflinePackage['plots'][number]) => {
    const hit = tk.search.find((e) => e.hit.kind === 'plot' && Number(e.hit.id) === p.detail.id)!.hit.bbox!;
    return hit[0] > box[2] + 0.002 || hit[2] < box[0] - 0.002 || hit[1] > box[3] + 0.002 || hit[3] < box[1] - 0.002;
  };

  it('draws an area by tapping the map, sees its size, downloads it and lists it', async () => {
    const atlas = new AtlasDriver(page, server.url);
    await atlas.open({ view: { lon: inside.centroid[0], lat: inside.centroid[1], zoom: 16 } });
    // the worker installed (the app shell precached) and in control: the offline reload needs it
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 90_000 });
    await page.locator('[data-testid="sheet-layers"]').tap();
    await page.locator('[data-testid="offline-toggle"]').tap();
    await page.locator('[data-testid="offline-draw"]').tap();
    const bar = page.locator('[data-testid="offline-drawbar"]');
    await bar.waitFor();
    // the sheet steps aside: the map takes the taps
    await page.waitForFunction(() => {
      const side = document.querySelector('.app-side');
      return side !== null && getComputedStyle(side).visibility === 'hidden';
    });
    // the corners: 110 px left and right, 130 px up and down of the map's centre (the lô), as lon/lat
    box = await page.evaluate(() => {
      const map = window.__atlas!.map;
      const { width, height } = map.getCanvas().getBoundingClientRect();
      const a = map.unproject([width / 2 - 110, height / 2 + 130]);
      const b = map.unproject([width / 2 + 110, height / 2 - 130]);
      return [a.lng, a.lat, b.lng, b.lat] as [number, number, number, number];
    });
    expect(box[0] < inside.centroid[0] && inside.centroid[0] < box[2] && box[1] < inside.centroid[1] && inside.centroid[1] < box[3]).toBe(true);
    const away = tk.plots.find(far);
    expect(away, 'a lô of TK 568 away from the drawn box').toBeTruthy();
    outside = away!.detail;
    const corners: [number, number][] = [
      [box[0], box[1]],
      [box[2], box[1]],
      [box[2], box[3]],
      [box[0], box[3]],
    ];
    const tapAt = async ([lon, lat]: [number, number]) => {
      const [px, py] = await page.evaluate(([a, b]) => window.__atlas!.project(a!, b!), [lon, lat]);
      await page.touchscreen.tap(px, py);
      await page.waitForTimeout(400); // not a double tap
    };
    // three corners, a stray fourth tap undone, the real fourth corner
    for (const c of corners.slice(0, 3)) await tapAt(c);
    await tapAt([(box[0] + box[2]) / 2, (box[1] + box[3]) / 2]);
    const count = page.locator('[data-testid="offline-draw-count"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="offline-draw-count"]')?.textContent?.startsWith('4 điểm') ?? false, undefined, { timeout: 10_000 });
    await page.locator('[data-testid="offline-draw-undo"]').tap();
    await tapAt(corners[3]!);
    expect(await count.innerText()).toMatch(/^4 điểm · [\d.,]+ ha$/);
    const ha = Number((/· ([\d.,]+) ha/.exec(await count.innerText())![1]!).replace(/\./g, '').replace(',', '.'));
    const [w, s, e, n] = box;
    const expected = (((e - w) * 111_320 * Math.cos((((s + n) / 2) * Math.PI) / 180)) * ((n - s) * 110_574)) / 10_000;
    expect(Math.abs(ha - expected) / expected).toBeLessThan(0.05);
    await shot('drawing');
    await page.locator('[data-testid="offline-draw-done"]').tap();
    await bar.waitFor({ state: 'detached' });

    // the size before downloading
    const estimate = page.locator('[data-testid="offline-estimate-result"]');
    await estimate.waitFor({ timeout: 60_000 });
    expect(await estimate.innerText()).toMatch(/^Vùng vẽ [\d.,]+ ha: khoảng [\d,.]+ (KB|MB) \([\d.]+ ô bản đồ, [\d.]+ lô\)$/);
    await shot('estimate');
    await page.locator('[data-testid="offline-download"]').tap();
    await page
      .locator('[data-testid="offline-progress"]')
      .waitFor({ timeout: 10_000 })
      .then(() => shot('progress'))
      .catch(() => {});
    const area = page.locator('[data-testid="offline-area"][data-area^="drawn:"]');
    await area.waitFor({ timeout: 120_000 });
    await page.waitForFunction(() => document.querySelector('[data-area^="drawn:"]')?.getAttribute('data-status') === 'ready', undefined, { timeout: 120_000 });
    expect(await area.innerText()).toMatch(/Vùng vẽ [\d.,]+ ha\s+Sẵn sàng[\s\S]*Tải ngày \d{1,2}\/\d{1,2}\/\d{4} · [\d,.]+ (KB|MB)/);
    await page.evaluate(() => document.querySelector('[data-area^="drawn:"]')?.scrollIntoView());
    await shot('prepared');

    // the drawn outline is kept with the area: "Cập nhật" asks for the same polygon again, same area, ready
    const id = await area.getAttribute('data-area');
    await area.locator('button', { hasText: 'Cập nhật' }).tap();
    await page.waitForFunction((a) => document.querySelector(`[data-area="${a}"]`)?.getAttribute('data-status') === 'ready' && !document.querySelector('[data-status="updating"]'), id, { timeout: 120_000 });
    expect(await page.locator('[data-testid="offline-area"]').count()).toBe(1);
    const stored = await page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('atlas-offline');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const all = open.result.transaction('plots').objectStore('plots').getAllKeys();
            all.onsuccess = () => resolve(all.result.length);
          };
        }),
    );
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(tk.plots.length); // the lô meeting the drawing, not the whole tiểu khu
    await page.locator('[data-testid="sheet-layers"]').tap();
  });

  it('offline: reloads, finds the lô inside the drawn area and not one outside it', async () => {
    const atlas = new AtlasDriver(page, server.url);
    const forest = new ForestDriver(page, atlas);
    await goOffline(context!);
    await page.reload();
    await page.locator('[data-testid="offline-banner"]').waitFor({ timeout: 30_000 });
    await atlas.waitIdle();
    const hits = await forest.search(inside.label.replace(/ · /g, ' '));
    expect(hits[0]).toEqual({ kind: 'plot', label: inside.label });

    // lô B: the search answers (from the device) without it
    const input = page.locator('[data-testid="search-input"]');
    await input.fill('');
    await input.fill(outside.label.replace(/ · /g, ' '));
    await page.waitForFunction(() => {
      const list = document.querySelector('[data-testid="search-results"]');
      return list !== null && !(list.textContent ?? '').includes('Đang tìm');
    }, undefined, { timeout: 30_000 });
    await page.waitForTimeout(500);
    const labels = await page.locator('[data-testid="search-hit"][data-kind="plot"] .search-hit-label').allInnerTexts();
    expect(labels).not.toContain(outside.label);
    await shot('offline-outside');
  });

  it('guides to the lô with the compass: the turn beside the bearing, and the cone on the position', async () => {
    const atlas = new AtlasDriver(page, server.url);
    const forest = new ForestDriver(page, atlas);
    await forest.search(inside.label.replace(/ · /g, ' '));
    await forest.pickHit(inside.label);
    const [lon, lat] = inside.centroid;
    // 500 m east of the lô: the lô lies due west (bearing ≈ 270°)
    await context!.setGeolocation({ longitude: lon + 0.0046, latitude: lat, accuracy: 5 });
    await page.locator('[data-testid="plot-way-follow"]').tap();
    await page.locator('[data-testid="plot-way-value"]').waitFor({ timeout: 30_000 });
    // no compass yet: the bearing alone
    expect(await page.locator('[data-testid="plot-way-turn"]').count()).toBe(0);
    await page.locator('[data-testid="plot-way-follow"][aria-pressed="true"]').waitFor({ timeout: 10_000 });
    // the phone turned to `alpha` (Android's absolute alpha, counter-clockwise): events until the guidance says `says`
    const point = async (alpha: number, says: string) => {
      await page
        .waitForFunction(
          ({ a, says }) => {
            for (let i = 0; i < 10; i++) window.dispatchEvent(new DeviceOrientationEvent('deviceorientationabsolute', { alpha: a, beta: 0, gamma: 0, absolute: true }));
            return (document.querySelector('[data-testid="plot-way-turn"]')?.textContent ?? '').includes(says);
          },
          { a: alpha, says },
          { timeout: 15_000, polling: 200 },
        )
        .catch(async (e: unknown) => {
          throw new Error(`guidance: "${await page.locator('[data-testid="plot-way"]').innerText()}" — ${String(e)}`);
        });
    };
    const turn = page.locator('[data-testid="plot-way-turn"]');
    // the phone points north (alpha 0): the lô is to the left, about 90°
    await point(0, 'rẽ trái');
    expect(await turn.innerText()).toMatch(/rẽ trái (8[7-9]|9[0-3])°/);
    await atlas.waitIdle();
    await shot('compass-north');
    // the phone points south-west (heading 225°, alpha 135): turn right about 45°
    await point(135, 'rẽ phải');
    await page.waitForTimeout(300);
    await point(135, 'rẽ phải');
    const deg = Number(await turn.getAttribute('data-turn'));
    expect(deg).toBeGreaterThan(40);
    expect(deg).toBeLessThan(50);
    // the phone points west, at the lô: straight ahead
    await point(90, 'đi thẳng');
    await atlas.waitIdle();
    await shot('compass-ahead');
    // the map at the phone's position, the sheet folded: the cone points west, at the lô
    await page.evaluate(([a, b]) => window.__atlas!.map.jumpTo({ center: [a!, b!], zoom: 16 }), [lon + 0.0046, lat]);
    await page.locator('[data-testid="sheet-info"]').tap();
    await atlas.waitIdle();
    await page.waitForTimeout(400);
    await shot('compass-marker');
    // bluish pixels west of the position dot (where the phone points), fewer east of it
    const [px, py] = await page.evaluate(([a, b]) => window.__atlas!.project(a!, b!), [lon + 0.0046, lat]);
    const blueAt = async (dx: number) =>
      page.evaluate(
        ([x, y]) => {
          const map = window.__atlas!.map;
          const canvas = map.getCanvas();
          const r = canvas.getBoundingClientRect();
          const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
          if (!gl) return null;
          const ratio = canvas.width / r.width;
          const buf = new Uint8Array(4);
          gl.readPixels(Math.round((x! - r.left) * ratio), Math.round(canvas.height - (y! - r.top) * ratio), 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, buf);
          return [buf[0]!, buf[1]!, buf[2]!];
        },
        [px + dx, py],
      );
    const west = await blueAt(-22);
    const east = await blueAt(22);
    if (west && east) {
      expect(west[2] - west[0], `west of the dot ${west}`).toBeGreaterThan(40);
      expect(east[2] - east[0], `east of the dot ${east}`).toBeLessThan(west[2] - west[0]);
    }
    // guidance stopped: the compass is let go, the turn gone
    await page.locator('[data-testid="sheet-info"]').tap();
    await page.locator('[data-testid="plot-way-follow"]').tap();
    expect(await turn.count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
