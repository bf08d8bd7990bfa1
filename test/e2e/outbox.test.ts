/**
 * Inspections recorded with no signal (issue 16): three saved on the phone (one with a photo),
 * the browser closed and started again from the same profile still offline — three entries
 * waiting — then online, still signed in (remembered on this device), with no sign-in: exactly
 * three inspections on the server with the photo, none twice. Then
 * the network cut in the middle of a sync, and an entry refused because someone inspected the
 * planting since (409): it stays with the reason and the server's record, and is sent again as a
 * new round. Phone profile, Vietnamese, the app's own service worker.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { PlotDetail } from '../../server/domain/api.ts';
import type { WorklistResponse, WorklistRow } from '../../server/domain/forest.ts';
import { DEMO_USERS } from '../../server/auth/demo-users.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.ts';
import { jpeg } from '../helpers/images.ts';
import { describeBrowser, launchPhoneProfile, goOffline, goOnline } from './helpers/browser.ts';
import { AtlasDriver, ForestDriver } from './helpers/atlas.ts';
import { startAtlasServer, type AtlasServer } from './helpers/server.ts';

const SHOTS = process.env.ATLAS_SHOTS;
const inspector = DEMO_USERS.find((u) => u.username === 'inspector')!;
const TEAM = `Tổ ngoại tuyến ${Date.now()}`;

describeBrowser('the inspection outbox (issue 16)', () => {
  let server: AtlasServer;
  let profile: string;
  let context: BrowserContext | undefined;
  let rows: WorklistRow[];

  const launch = async (): Promise<Page> => {
    const launched = await launchPhoneProfile(profile);
    context = launched.context;
    return launched.page;
  };
  const shot = async (page: Page, name: string) => {
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `outbox-${name}.png`) });
  };
  /** Inspections of our team on a lô, as the server has them. */
  const ours = async (plotId: number) => {
    const d = await server.get<PlotDetail>(`/api/plots/${plotId}`);
    return d.plantings.flatMap((g) => g.inspections).filter((i) => i.team === TEAM);
  };
  /** Opens a lô by its code and records an inspection with no network: it stays on the device. */
  const recordOffline = async (page: Page, row: WorklistRow, withPhoto = false) => {
    const atlas = new AtlasDriver(page, server.url);
    const forest = new ForestDriver(page, atlas);
    await forest.search(row.label.replace(/ · /g, ' '));
    await shot(page, `search-${row.plotId}`);
    await forest.pickHit(row.label);
    await page.locator(`[data-testid="info-plot"] [data-testid="record-inspection"]`).first().tap();
    const form = page.locator('[data-testid="inspection-form"]');
    await form.waitFor();
    await form.locator('[data-testid="insp-team"]').fill(TEAM);
    const plot = form.locator('[data-testid="sample-plot"]').first();
    await plot.locator('[data-testid="plot-area"]').fill('100');
    await plot.locator('[data-testid="plot-planted"]').fill('20');
    await plot.locator('[data-testid="plot-surviving"]').fill('18');
    if (withPhoto) {
      await form.locator('input[type="file"]').setInputFiles({ name: 'lo.jpg', mimeType: 'image/jpeg', buffer: jpeg(2400, 1800) });
      await form.locator('img.photo-thumb').first().waitFor({ timeout: 30_000 });
    }
    await form.locator('[data-testid="insp-submit"]').tap();
    await page.waitForFunction(() => document.querySelector('[data-testid="insp-message"]')?.textContent?.includes('đã lưu trên máy') ?? false, undefined, { timeout: 30_000 });
    await form.locator('.forest-close').tap();
    await form.waitFor({ state: 'detached' });
    await forest.closeInfo();
  };

  beforeAll(async () => {
    server = await startAtlasServer();
    profile = mkdtempSync(path.join(tmpdir(), 'atlas-outbox-profile-'));
    // lô of the inspector's commune with a planting to inspect, grouped by tiểu khu: prepare one tiểu khu
    const list = (await server.get<WorklistResponse>('/api/forest/worklist?unit=608&includeRejected=true')).rows;
    const byTk = new Map<number, Map<number, WorklistRow>>();
    for (const r of list) {
      const lots = byTk.get(r.tk) ?? new Map<number, WorklistRow>();
      if (!lots.has(r.plotId)) lots.set(r.plotId, r);
      byTk.set(r.tk, lots);
    }
    rows = [...[...byTk.values()].sort((a, b) => b.size - a.size)[0]!.values()];
    expect(rows.length, 'five lô of one tiểu khu to inspect').toBeGreaterThanOrEqual(5);
  });
  afterAll(async () => {
    await context?.close();
    await server?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('keeps three inspections made offline through a browser restart, then sends each exactly once with its photo', async () => {
    const page = await launch();
    const atlas = new AtlasDriver(page, server.url);
    await atlas.open();
    // the inspector's own phone: "Ghi nhớ trên thiết bị này", so a restart in the forest keeps the session
    await page.locator('[data-testid="sign-in"]').tap();
    const dialog = page.locator('[data-testid="sign-in-dialog"]');
    await dialog.locator('[data-testid="sign-in-username"]').fill(inspector.username);
    await dialog.locator('[data-testid="sign-in-password"]').fill(inspector.password);
    await dialog.locator('[data-testid="sign-in-remember"]').check();
    await shot(page, 'sign-in-remember');
    await dialog.locator('[data-testid="sign-in-submit"]').tap();
    await dialog.waitFor({ state: 'detached' });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    // the tiểu khu prepared for offline (issue 16's "prepare"), so its lô are found with no signal
    await page.locator('[data-testid="sheet-layers"]').tap();
    await page.locator('[data-testid="offline-toggle"]').tap();
    await page.locator('[data-testid="offline-tk"]').fill(String(rows[0]!.tk));
    await page.locator('[data-testid="offline-estimate"]').tap();
    await page.locator('[data-testid="offline-download"]').tap({ timeout: 60_000 });
    await page.waitForFunction((id) => document.querySelector(`[data-area="${id}"]`)?.getAttribute('data-status') === 'ready', `tieukhu:${rows[0]!.tk}`, { timeout: 120_000 });
    await page.locator('[data-testid="sheet-layers"]').tap();

    await goOffline(context!);
    await recordOffline(page, rows[0]!, true);
    await recordOffline(page, rows[1]!);
    await recordOffline(page, rows[2]!);
    await page.locator('[data-testid="outbox-waiting"]').waitFor();
    expect(await page.locator('[data-testid="outbox-waiting"]').innerText()).toMatch(/^3 bản ghi chờ gửi · từ \d\d:\d\d$/);
    await shot(page, 'waiting');
    for (const r of rows.slice(0, 3)) expect(await ours(r.plotId)).toEqual([]);

    // the browser closed and started again from the same profile, still offline
    await context!.close();
    const again = await launch();
    await goOffline(context!);
    await again.goto(server.url);
    await again.locator('[data-testid="outbox-waiting"]').waitFor({ timeout: 60_000 });
    expect(await again.locator('[data-testid="outbox-waiting"]').innerText()).toMatch(/^3 bản ghi chờ gửi/);
    await again.locator('[data-testid="outbox-badge"]').tap();
    // the start of the app tried a round already (no network): each is waiting again, none lost
    await again.waitForFunction(() => document.querySelectorAll('[data-testid="outbox-entry"][data-status="waiting"]').length === 3, undefined, { timeout: 30_000 });
    await shot(again, 'panel-offline');

    // online: the session remembered on this phone outlived the browser — no sign-in, the entries go
    await goOnline(context!);
    await again.reload();
    await new AtlasDriver(again, server.url).waitIdle();
    expect(await again.evaluate(async () => ((await (await fetch('/api/auth/me', { cache: 'no-store' })).json()) as { user: { username: string } | null }).user?.username)).toBe(inspector.username);
    await again.evaluate(() => window.dispatchEvent(new Event('online')));
    await again.locator('[data-testid="outbox-badge"]').waitFor({ state: 'detached', timeout: 60_000 });
    for (const r of rows.slice(0, 3)) expect((await ours(r.plotId)).length, r.label).toBe(1);
    expect((await ours(rows[0]!.plotId))[0]!.photos.length).toBe(1);
    expect((await ours(rows[1]!.plotId))[0]!.photos.length).toBe(0);
  }, 300_000); // a prepare, three offline records, a browser restart and a sync: minutes on a loaded machine

  it('survives the network cut in the middle of a sync, and keeps a refused entry with the reason and the server record', async () => {
    const page = context!.pages()[0]!;
    const [okRow, conflictRow] = [rows[3]!, rows[4]!];
    await goOffline(context!);
    await recordOffline(page, okRow);
    await recordOffline(page, conflictRow);
    // meanwhile another inspector records the second lô's planting (through the API, online)
    const before = await server.get<PlotDetail>(`/api/plots/${conflictRow.plotId}`);
    const planting = before.plantings.find((g) => g.id === conflictRow.plantingId)!;
    const other = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    try {
      const op = await (await other.newContext({ serviceWorkers: 'block' })).newPage();
      await op.goto(server.url);
      const code = await op.evaluate(
        async ({ password, plantingId, last }) => {
          const me = await (await fetch('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'inspector', password }) })).json();
          const res = await fetch('/api/inspections', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf },
            body: JSON.stringify({ plantingId, inspectedOn: new Date().toISOString().slice(0, 10), stage: 1, team: 'Tổ khác', clientRequestId: `other-${Date.now()}`, lastInspectionId: last, plots: [{ areaM2: 100, planted: 20, surviving: 10 }] }),
          });
          return res.status;
        },
        { password: inspector.password, plantingId: planting.id, last: planting.inspections.at(-1)?.id ?? null },
      );
      expect(code).toBe(201);
    } finally {
      await other.close();
    }

    // online for one answer, then the network is cut again: the first entry is sent, the rest waits
    const first = page.waitForResponse((r) => r.url().endsWith('/api/inspections') && r.request().method() === 'POST');
    await goOnline(context!);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await first;
    await goOffline(context!);
    expect((await ours(okRow.plotId)).length).toBe(1);
    // back online: the rest goes, the conflicting entry is refused and stays
    await goOnline(context!);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.locator('[data-testid="outbox-refused"]').waitFor({ timeout: 60_000 });
    expect((await ours(okRow.plotId)).length, 'sent once, not twice').toBe(1);
    expect((await ours(conflictRow.plotId)).length).toBe(0);
    await page.locator('[data-testid="outbox-badge"]').tap();
    const refused = page.locator('[data-testid="outbox-entry"][data-status="refused"]');
    await refused.waitFor();
    expect(await refused.locator('[data-testid="outbox-current"]').innerText()).toMatch(/^Trên máy chủ: lần kiểm tra ngày \d\d\/\d\d\/\d{4}, tỷ lệ sống 50 % \(/);
    await shot(page, 'refused');
    // sent again as a new round over the other inspector's record
    await refused.locator('[data-testid="outbox-resend"]').tap();
    await page.waitForFunction((id) => document.querySelector(`[data-testid="outbox-entry"][data-plot="${id}"]`)?.getAttribute('data-status') === 'sent', conflictRow.plotId, { timeout: 60_000 });
    expect((await ours(conflictRow.plotId)).length).toBe(1);
    expect((await ours(okRow.plotId)).length).toBe(1);
  }, 300_000);
});
