/**
 * A whole briefing printed end to end against the real API: a planner signs in and creates a
 * briefing of three views (POST /api/briefings), `npm run print -- --briefing <id>` prints it,
 * and poppler reads the PDF back — one page per view, each page's title and note with their
 * Vietnamese diacritics, and each view's year reaching its printed legend.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { ROOT } from '../../server/config.ts';
import { DEMO_USERS } from '../../server/auth/demo-users.ts';
import { vi as VI } from '../../web/src/i18n/vi.ts';
import { paletteColors } from '../../web/src/layers/palette.ts';
import { openPrintPage } from '../../scripts/print-pdf.ts';
import type { Browser } from 'playwright-core';
import { describeBrowser } from './helpers/browser.ts';
import type { AtlasServer } from './helpers/server.ts';
import { withServerAndBrowser } from './helpers/session.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'atlas-print-briefing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });

/** Signs in through the API like the browser does: the session cookie and the CSRF token. */
async function signIn(base: string, username: string, password: string) {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: base }, body: JSON.stringify({ username, password }) });
  expect(res.status).toBe(200);
  const cookie = /atlas_session=([^;]+)/.exec(res.headers.getSetCookie().join('\n'))![1];
  const me = (await res.json()) as { csrf: string };
  return (p: string, body: unknown) =>
    fetch(`${base}${p}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: base, Cookie: `atlas_session=${cookie}`, 'X-CSRF-Token': me.csrf }, body: JSON.stringify(body) });
}

describeBrowser('Print: a briefing from the API as one PDF', () => {
  let server: AtlasServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });

  it('npm run print -- --briefing <id>: one page per view, each with its title and note in Vietnamese', async () => {
    const planner = DEMO_USERS.find((u) => u.username === 'planner')!;
    const post = await signIn(server.url, planner.username, planner.password);
    const items = [
      { title: 'Tiến độ xây dựng nông thôn mới năm 2023', note: 'Đề nghị các huyện rà soát tiêu chí chưa đạt.', query: 'map=9.2/14.4/107.9&year=2023&layers=communes,districts' },
      { title: 'Mức đạt chuẩn năm 2020', note: 'Xã đạt chuẩn nâng cao: ưu tiên hỗ trợ.', query: 'map=9.2/14.4/107.9&year=2020&style=level' },
      { title: 'Bảng màu tương phản cao — Đắk Hà', note: 'Trình chiếu trên máy chiếu phòng họp.', query: 'map=10/14.55/107.95&year=2023&palette=contrast' },
    ];
    const created = await post('/api/briefings', { title: 'Giao ban quý IV — Sở Nông nghiệp', items });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string | number };

    const out = path.join(dir, 'briefing.pdf');
    let stdout = '';
    try {
      const r = await promisify(execFile)(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'server', 'print-cli.ts'), '--briefing', String(id), '--base', server.url, '--paper', 'A4', '--out', out], { cwd: ROOT, timeout: 300_000 });
      stdout = r.stdout + r.stderr;
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string };
      throw new Error(`print failed: ${err.stdout ?? ''}${err.stderr ?? ''}`);
    }
    expect(stdout).toContain('Giao ban quý IV — Sở Nông nghiệp');
    expect(run('pdfinfo', [out])).toMatch(/Pages:\s+3\n/);
    const pages = [1, 2, 3].map((n) => run('pdftotext', ['-f', String(n), '-l', String(n), out, '-']).replace(/\s+/g, ' '));
    items.forEach((item, i) => {
      expect(pages[i]).toContain(item.title);
      expect(pages[i]).toContain(item.note);
    });
    expect(pages[1]).toContain(VI['ntm.legend.level'].replace('{year}', '2020'));

    // the third view's palette= reaches the printed page: its legend swatches are the projector palette's
    const context = await browser.newContext({ viewport: { width: 1700, height: 1300 }, locale: 'vi-VN' });
    try {
      const page = await context.newPage();
      await openPrintPage(page, { url: `${server.url}/#${items[2].query}`, paper: 'A4', orientation: 'landscape' });
      const swatches = await page.locator('.print-swatch[data-color]').evaluateAll((els) => els.map((e) => e.getAttribute('data-color')!.toLowerCase()));
      const contrast = Object.values(paletteColors('contrast').communeBands).map((c) => c.toLowerCase());
      expect(contrast.filter((c) => swatches.includes(c))).toHaveLength(contrast.length);
    } finally {
      await context.close();
    }
  }, 400_000);
});
