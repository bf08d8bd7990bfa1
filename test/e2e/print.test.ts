/**
 * Printing, checked on the PDFs themselves (poppler): the print page made into A4 portrait and
 * A3 landscape PDFs by the same code as `npm run print`, then read back — the title, the legend
 * labels and the Vietnamese text (pdftotext), the embedded fonts (pdffonts), the map's resolution
 * (pdfimages), the north arrow and the legend swatches (pdftoppm + pixels), and the scale bar's
 * length on paper against the map's real scale, measured on the live map with two projected
 * points and their great-circle distance. The NTM tables print on several pages, the table's
 * header (Biểu, title, unit, year) repeated on each. The command line prints a share link and
 * says clearly when a briefing does not exist.
 *
 * Set PRINT_KEEP=<folder> to keep the PDFs and their PNG renderings for a look.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import turfDistance from '@turf/distance';
import { ROOT } from '../../server/config.ts';
import type { NtmReportResponse } from '../../server/domain/report-table.ts';
import type { NtmTablesResponse } from '../../server/domain/ntm.ts';
import { vi as VI } from '../../web/src/i18n/vi.ts';
import { MM_PER_CSS_PX, pageSizeMm, PRINT_MARGIN_MM, type Orientation, type Paper } from '../../web/src/print/paper.ts';
import { openPrintPage, pagePdf, PrintError, printViews } from '../../scripts/print-pdf.ts';
import { hexToRgb } from '../../web/src/lib/color.ts';
import { dashText } from '../../web/src/dashboard/messages.ts';
import { formatNumber } from '../../web/src/i18n/translate.ts';
import { NTM_LEVEL_COLORS } from '../../server/domain/classes.ts';
import { describeBrowser } from './helpers/browser.ts';
import type { AtlasServer } from './helpers/server.ts';
import { withServerAndBrowser } from './helpers/session.ts';

const keep = process.env.PRINT_KEEP;
const dir = keep ? (mkdirSync(keep, { recursive: true }), keep) : mkdtempSync(path.join(os.tmpdir(), 'atlas-print-'));
afterAll(() => {
  if (!keep) rmSync(dir, { recursive: true, force: true });
});

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });

/** A rectangle on the printed page, in mm from the page's top-left corner. */
interface MmRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Printed {
  pdf: string;
  /** ground metres per CSS pixel of the live map, measured with two projected points */
  metresPerPx: number;
  north: MmRect;
  scaleBar: MmRect;
  scaleBox: MmRect;
  swatches: { rect: MmRect; color: string }[];
  map: MmRect;
}

/** An RGB raster of a PDF page (pdftoppm's binary PPM: a 'P6 w h 255' header, then 3 bytes a pixel). */
interface Raster {
  width: number;
  height: number;
  data: Buffer;
}

/** Renders a page of the PDF at dpi (and a PNG beside it when PRINT_KEEP is set, to look at). */
function raster(pdf: string, dpi: number, pageNo = 1): Raster {
  const base = pdf.replace(/\.pdf$/, `-${dpi}-p${pageNo}`);
  run('pdftoppm', ['-r', String(dpi), '-f', String(pageNo), '-l', String(pageNo), '-singlefile', pdf, base]);
  if (keep) run('pdftoppm', ['-r', String(Math.min(dpi, 100)), '-f', String(pageNo), '-l', String(pageNo), '-png', '-singlefile', pdf, `${base}-look`]);
  const buf = readFileSync(`${base}.ppm`);
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(buf.subarray(0, 40).toString('latin1'))!;
  return { width: Number(header[1]), height: Number(header[2]), data: buf.subarray(header[0].length) };
}

function pixel(r: Raster, xMm: number, yMm: number, dpi: number): [number, number, number] {
  const x = Math.round((xMm / 25.4) * dpi);
  const y = Math.round((yMm / 25.4) * dpi);
  const i = (y * r.width + x) * 3;
  return [r.data[i], r.data[i + 1], r.data[i + 2]];
}

const dark = (c: [number, number, number]) => c[0] + c[1] + c[2] < 150;
const light = (c: [number, number, number]) => c[0] + c[1] + c[2] > 690;

describeBrowser('Print: map PDFs (A4, A3) and the NTM tables, read back with poppler', () => {
  let server: AtlasServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });

  /** Prints a share-link hash on a paper with the unattended printer's own functions, and measures the live page. */
  async function printMap(name: string, hash: string, paper: Paper, orientation: Orientation): Promise<Printed> {
    const context = await browser.newContext({ viewport: { width: 1700, height: 1300 }, deviceScaleFactor: 1, locale: 'vi-VN' });
    const errors: string[] = [];
    try {
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      await openPrintPage(page, { url: `${server.url}/${hash}`, paper, orientation });
      const facts = await measure(page);
      const pdf = path.join(dir, `${name}.pdf`);
      writeFileSync(pdf, await pagePdf(page));
      expect(errors).toEqual([]);
      return { pdf, ...facts };
    } finally {
      await context.close();
    }
  }

  /** Where things are on the sheet (CSS px → mm from the page corner) and the live map's real scale. */
  async function measure(page: Page): Promise<Omit<Printed, 'pdf'>> {
    const m = await page.evaluate(() => {
      const sheet = document.querySelector('[data-testid="print-sheet"]')!.getBoundingClientRect();
      const rel = (el: Element) => {
        const r = el.getBoundingClientRect();
        return { x: r.left - sheet.left, y: r.top - sheet.top, w: r.width, h: r.height };
      };
      const hook = window.__atlas!;
      const c = hook.map.getCenter();
      const a = hook.project(c.lng - 0.05, c.lat);
      const b = hook.project(c.lng + 0.05, c.lat);
      return {
        center: [c.lng, c.lat] as [number, number],
        px: Math.hypot(b[0] - a[0], b[1] - a[1]),
        north: rel(document.querySelector('[data-testid="print-north"]')!),
        scaleBar: rel(document.querySelector('[data-testid="print-scale-bar"]')!),
        scaleBox: rel(document.querySelector('[data-testid="print-scale"]')!),
        map: rel(document.querySelector('[data-testid="print-map-image"]')!),
        swatches: [...document.querySelectorAll('[data-testid="print-legend"] .print-swatch')].map((el) => ({ rect: rel(el), color: (el as HTMLElement).dataset.color! })),
      };
    });
    const [lon, lat] = m.center;
    const metres = turfDistance([lon - 0.05, lat], [lon + 0.05, lat], { units: 'kilometers' }) * 1000;
    const mm = (r: { x: number; y: number; w: number; h: number }): MmRect => ({
      x: PRINT_MARGIN_MM + r.x * MM_PER_CSS_PX,
      y: PRINT_MARGIN_MM + r.y * MM_PER_CSS_PX,
      w: r.w * MM_PER_CSS_PX,
      h: r.h * MM_PER_CSS_PX,
    });
    return {
      metresPerPx: metres / m.px,
      north: mm(m.north),
      scaleBar: mm(m.scaleBar),
      scaleBox: mm(m.scaleBox),
      map: mm(m.map),
      swatches: m.swatches.map((s) => ({ rect: mm(s.rect), color: s.color })),
    };
  }

  function checkPdf(p: Printed, paper: Paper, orientation: Orientation) {
    // one page of the asked size
    const info = run('pdfinfo', [p.pdf]);
    expect(info).toMatch(/Pages:\s+1\n/);
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
    const want = pageSizeMm(paper, orientation);
    // Chromium rounds the page to whole CSS pixels (0.75 pt)
    expect(Math.abs(Number(size[1]) - (want.width / 25.4) * 72)).toBeLessThan(1);
    expect(Math.abs(Number(size[2]) - (want.height / 25.4) * 72)).toBeLessThan(1);

    // text: title, what/where/year, legend labels, date, source, notice — Vietnamese diacritics intact
    const text = run('pdftotext', ['-layout', p.pdf, '-']);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain(VI['app.subtitle']); // Nông nghiệp và lâm nghiệp tỉnh Kon Tum
    expect(flat).toContain(VI['legend.communeBands']); // the title: what the map shows
    expect(flat).toContain('Tỉnh Kon Tum · Năm 2023');
    expect(flat).toContain(VI['legend.title']);
    expect(flat).toContain(VI['legend.notInProgramme']); // Phường, thị trấn (không xét)
    expect(flat).toContain('19 tiêu chí');
    const today = new Date();
    const dd = (n: number) => String(n).padStart(2, '0');
    expect(flat).toContain(`Ngày in: ${dd(today.getDate())}/${dd(today.getMonth() + 1)}/${today.getFullYear()}`);
    expect(flat).toContain(VI['print.source']);
    expect(flat).toContain(VI['print.demo']);

    // the text is real text in an embedded font
    const fonts = run('pdffonts', [p.pdf]);
    const fontLines = fonts.split('\n').slice(2).filter(Boolean);
    expect(fontLines.length).toBeGreaterThan(0);
    expect(fonts).toMatch(/NotoSans/);
    for (const l of fontLines) expect(l, l).toMatch(/\byes\s+yes\s+yes\s+\d+\s+\d+\s*$/); // emb sub uni

    // the map image at print resolution
    const images = run('pdfimages', ['-list', p.pdf]).split('\n').slice(2).filter(Boolean);
    const ppi = Math.max(...images.map((l) => Math.min(Number(l.trim().split(/\s+/)[12]), Number(l.trim().split(/\s+/)[13]))));
    expect(ppi).toBeGreaterThanOrEqual(200);
    return flat;
  }

  function checkPixels(p: Printed) {
    const dpi = 150;
    const png = raster(p.pdf, dpi);
    // north arrow: the black half of the needle right of the axis, the white half left of it, the N above
    const n = p.north;
    const axis = n.x + n.w / 2;
    const needleY = n.y + n.h * (32 / 52);
    expect(dark(pixel(png, axis + n.w * 0.12, needleY, dpi)), 'north arrow: black half').toBe(true);
    expect(light(pixel(png, axis - n.w * 0.12, needleY, dpi)), 'north arrow: white half').toBe(true);
    let letter = 0;
    for (let dx = -1.5; dx <= 1.5; dx += 0.25) for (let dy = 0; dy <= n.h * (11 / 52); dy += 0.25) if (dark(pixel(png, axis + dx, n.y + dy, dpi))) letter++;
    expect(letter, 'the N above the arrow').toBeGreaterThan(5);
    // legend swatches: the colour of each class, as the map style draws it
    expect(p.swatches.length).toBeGreaterThan(3);
    for (const s of p.swatches) {
      const got = pixel(png, s.rect.x + s.rect.w / 2, s.rect.y + s.rect.h / 2, dpi);
      const want = hexToRgb(s.color);
      expect(Math.max(...got.map((v, i) => Math.abs(v - want[i]))), `swatch ${s.color} printed as ${got}`).toBeLessThanOrEqual(6);
    }
    // the map is drawn (many colours), not blank
    const seen = new Set<string>();
    for (let x = p.map.x + 2; x < p.map.x + p.map.w - 2; x += 3) for (let y = p.map.y + 2; y < p.map.y + p.map.h - 2; y += 3) seen.add(pixel(png, x, y, dpi).join(','));
    expect(seen.size).toBeGreaterThan(20);
  }

  /** The scale bar measured on the printed page (its longest dark run at 600 dpi) against the distance it claims and the map's real scale. */
  function checkScaleBar(p: Printed) {
    const dpi = 600;
    const png = raster(p.pdf, dpi);
    const b = p.scaleBar; // the svg may be a pixel or two wider than the bar it draws
    const px = (mm: number) => Math.round((mm / 25.4) * dpi);
    let longest = 0;
    for (let y = px(b.y - 0.5); y <= px(b.y + b.h + 0.5); y++) {
      let runLen = 0;
      for (let x = px(b.x - 3); x <= px(b.x + b.w + 3); x++) {
        const i = (y * png.width + x) * 3;
        runLen = png.data[i] + png.data[i + 1] + png.data[i + 2] < 200 ? runLen + 1 : 0;
        longest = Math.max(longest, runLen);
      }
    }
    const measuredMm = (longest / dpi) * 25.4;
    // the distance the bar claims, read from the PDF's text in the scale box
    const pt = (mm: number) => String(Math.round((mm / 25.4) * 72));
    const box = p.scaleBox;
    const label = run('pdftotext', ['-x', pt(box.x), '-y', pt(box.y), '-W', pt(box.w), '-H', pt(box.h), '-layout', p.pdf, '-']);
    const m = /(\d+(?:[.,]\d+)?)\s*(km|m)\b/.exec(label);
    expect(m, `scale bar label in: ${label}`).not.toBeNull();
    const claimed = Number(m![1].replace(',', '.')) * (m![2] === 'km' ? 1000 : 1);
    const expectedMm = claimed / (p.metresPerPx / MM_PER_CSS_PX);
    expect(Math.abs(measuredMm - expectedMm) / expectedMm, `bar ${measuredMm.toFixed(2)} mm for ${claimed} m, expected ${expectedMm.toFixed(2)} mm`).toBeLessThan(0.02);
    expect(label).toMatch(/Tỷ lệ 1:[\d.]+/);
    return { measuredMm, expectedMm, claimed };
  }

  const view = '#map=9.2/14.5/107.95&year=2023';

  it('prints the map on A4 portrait: title, legend, diacritics, north arrow, swatches, scale bar within 2 %', async () => {
    const p = await printMap('map-a4-portrait', view, 'A4', 'portrait');
    checkPdf(p, 'A4', 'portrait');
    checkPixels(p);
    const s = checkScaleBar(p);
    console.log(`A4 portrait: scale bar ${s.claimed} m = ${s.measuredMm.toFixed(2)} mm on paper (expected ${s.expectedMm.toFixed(2)} mm)`);
  });

  it('prints the map on A3 landscape with the same checks', async () => {
    const p = await printMap('map-a3-landscape', view, 'A3', 'landscape');
    checkPdf(p, 'A3', 'landscape');
    checkPixels(p);
    const s = checkScaleBar(p);
    console.log(`A3 landscape: scale bar ${s.claimed} m = ${s.measuredMm.toFixed(2)} mm on paper (expected ${s.expectedMm.toFixed(2)} mm)`);
  });

  it('prints the NTM tables as paginated appendix tables, each page repeating the table header (Biểu, title, unit, year)', async () => {
    const year = 2020;
    const report = await server.get<NtmReportResponse>(`/api/ntm/report?year=${year}&lang=vi`);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, locale: 'vi-VN' });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/#/ntm?year=${year}`);
      await page.locator('[data-testid="ntm-title"]').waitFor({ timeout: 60_000 });
      await page.evaluate(() => document.fonts.ready);
      const pdf = path.join(dir, 'ntm-tables.pdf');
      writeFileSync(pdf, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
      const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [pdf]))![1]);
      expect(pages).toBeGreaterThan(1);
      const texts = Array.from({ length: pages }, (_, i) => run('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), '-layout', pdf, '-']).replace(/\s+/g, ' '));
      const all = texts.join(' ');
      // every table is there, with its last row (nothing clipped)
      for (const t of report.tables) {
        expect(all, t.label).toContain(`${t.label}. ${t.title}`);
        const last = [...t.rows].reverse().find((r) => r.length > 0);
        if (last) expect(all, `${t.label}: last row`).toContain(String(last[1] ?? last[0]).slice(0, 20));
      }
      // a table that runs over a page break repeats its header (Biểu number, title, unit, year) on the next page
      let repeated = 0;
      for (const t of report.tables) {
        const head = `${t.label}. ${t.title} · ${t.subtitle}`;
        const on = texts.map((tx, i) => (tx.includes(head) ? i : -1)).filter((i) => i >= 0);
        if (on.length > 1) repeated++;
        if (on.length > 1) expect(on, `${t.label} pages`).toEqual(Array.from({ length: on.length }, (_, k) => on[0] + k));
      }
      expect(repeated, 'tables spanning pages with their header repeated').toBeGreaterThan(0);
      expect(all).toContain(`Năm ${year}`);
    } finally {
      await context.close();
    }
  });

  /** `npm run print` as a scheduled job runs it (asynchronously: the server answers from this process). */
  async function cli(args: string[]): Promise<{ code: number; out: string }> {
    try {
      const r = await promisify(execFile)(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'server', 'print-cli.ts'), ...args], { cwd: ROOT, timeout: 170_000 });
      return { code: 0, out: r.stdout + r.stderr };
    } catch (e) {
      const err = e as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof err.code === 'number' ? err.code : -1, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
    }
  }

  it('npm run print: a share link to an A4 landscape PDF with the table of the communes in view; a missing briefing and bad arguments said clearly', async () => {
    const out = path.join(dir, 'cli-a4-landscape-table.pdf');
    const near = '#map=10.6/14.38/107.98&year=2023';
    const ok = await cli(['--url', `${server.url}/${near}&lang=vi`, '--paper', 'A4', '--orientation', 'landscape', '--table', '--out', out]);
    expect(ok.out).toContain('Đã in / printed');
    expect(ok.code).toBe(0);
    const info = run('pdfinfo', [out]);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
    expect(Number(size[1])).toBeGreaterThan(Number(size[2])); // landscape
    expect(run('pdftotext', ['-f', '1', '-l', '1', out, '-']).replace(/\s+/g, ' ')).toContain(VI['legend.communeBands']);
    // page 2: the report's per-commune table (Biểu 05), only the communes in the frame, with the API's figures
    const table = run('pdftotext', ['-f', '2', '-l', String(pages), '-layout', out, '-']);
    expect(table).toContain(VI['print.unitsTitle']);
    expect(table).toContain('Biểu 05');
    const api = await server.get<NtmTablesResponse>('/api/ntm/tables?year=2023');
    const listed = api.communes.filter((c) => table.includes(c.name));
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.length).toBeLessThan(api.communes.length);

    const missing = await cli(['--briefing', '987654', '--base', server.url, '--out', path.join(dir, 'none.pdf')]);
    expect(missing.code).toBe(1);
    expect(missing.out).toContain('404');
    expect(missing.out).toContain('Không có bản trình chiếu số 987654');
    expect(missing.out).toContain('No briefing 987654');

    const bad = await cli(['--url', `${server.url}/`, '--paper', 'A5', '--out', path.join(dir, 'bad.pdf')]);
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('--paper');
  }, 400_000);

  it('a view with its dashboard open prints the charts after the map, with the API\'s numbers; --no-charts leaves them out', async () => {
    const out = path.join(dir, 'cli-a4-charts.pdf');
    const link = `${server.url}/#map=8.4/14.6/107.9&year=2023&dash=1&lang=vi`;
    const ok = await cli(['--url', link, '--paper', 'A4', '--orientation', 'landscape', '--out', out]);
    expect(ok.out).toContain('Đã in / printed');
    expect(ok.code).toBe(0);
    const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [out]))![1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    // page 1 is the map alone; the charts follow on their own pages
    const first = run('pdftotext', ['-f', '1', '-l', '1', out, '-']);
    expect(first).not.toContain(dashText('vi', 'dash.title'));
    const charts = run('pdftotext', ['-f', '2', '-l', String(pages), out, '-']).replace(/\s+/g, ' ');
    expect(charts).toContain(dashText('vi', 'dash.title'));
    expect(charts).toContain(dashText('vi', 'dash.avgTitle', { name: dashText('vi', 'dash.province') }));
    // the chart of criteria per district: each district's name and its average, as the API gives it (Vietnamese format)
    const api = await server.get<NtmTablesResponse>('/api/ntm/tables?year=2023');
    expect(api.units.length).toBeGreaterThan(5);
    for (const u of api.units) {
      expect(charts).toContain(u.name);
      expect(charts).toContain(formatNumber('vi', u.averageCriteria, 1));
    }
    // the bars are drawn (not only the words): NTM-level colours on the first charts page
    const r = raster(out, 60, 2);
    const want = hexToRgb(NTM_LEVEL_COLORS.ntm);
    let hits = 0;
    for (let i = 0; i < r.data.length; i += 3) if (Math.abs(r.data[i] - want[0]) + Math.abs(r.data[i + 1] - want[1]) + Math.abs(r.data[i + 2] - want[2]) < 24) hits++;
    expect(hits).toBeGreaterThan(50);

    const without = path.join(dir, 'cli-a4-no-charts.pdf');
    const no = await cli(['--url', link, '--paper', 'A4', '--orientation', 'landscape', '--no-charts', '--out', without]);
    expect(no.code).toBe(0);
    expect(Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [without]))![1])).toBe(1);
    expect(run('pdftotext', [without, '-'])).not.toContain(dashText('vi', 'dash.title'));
  }, 400_000);

  it('"In bản đồ" opens the print page for the map in view; the paper choice lays out again; a briefing joins its views, one page each', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, locale: 'vi-VN' });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/${view}`);
      await page.waitForFunction(() => window.__atlas?.idle === true, undefined, { timeout: 60_000 });
      const [popup] = await Promise.all([context.waitForEvent('page'), page.getByRole('button', { name: VI['toolbar.print'] }).click()]);
      await popup.waitForFunction(() => document.documentElement.dataset.printReady === 'true', undefined, { timeout: 90_000 });
      const url = new URL(popup.url());
      expect(url.searchParams.get('print')).toBe('1');
      expect(url.searchParams.get('bbox')?.split(',')).toHaveLength(4);
      expect(url.hash).toContain('year=2023');
      // the printed map shows at least the ground the screen showed
      const [w, s, e, n] = url.searchParams.get('bbox')!.split(',').map(Number);
      const shown = await popup.evaluate(() => window.__atlas!.map.getBounds().toArray());
      expect(shown[0][0]).toBeLessThanOrEqual(w + 1e-4);
      expect(shown[0][1]).toBeLessThanOrEqual(s + 1e-4);
      expect(shown[1][0]).toBeGreaterThanOrEqual(e - 1e-4);
      expect(shown[1][1]).toBeGreaterThanOrEqual(n - 1e-4);
      if (keep) await popup.screenshot({ path: path.join(dir, 'preview-a4-landscape-1440.png') });
      await popup.locator('[data-testid="print-paper"]').selectOption('A3');
      await popup.waitForURL(/paper=A3/);
      await popup.waitForFunction(() => document.documentElement.dataset.printReady === 'true', undefined, { timeout: 90_000 });
      const sheet = await popup.locator('[data-testid="print-sheet"]').boundingBox();
      expect(sheet!.width * MM_PER_CSS_PX).toBeCloseTo(420 - 2 * PRINT_MARGIN_MM, 0);
      await popup.setViewportSize({ width: 390, height: 844 });
      if (keep) await popup.screenshot({ path: path.join(dir, 'preview-a3-phone.png') });
    } finally {
      await context.close();
    }

    // a briefing: two views with their own titles and notes, one PDF, one page each
    const pdf = path.join(dir, 'briefing.pdf');
    writeFileSync(
      pdf,
      await printViews(browser, [
        { url: `${server.url}/${view}`, paper: 'A4', orientation: 'landscape', title: 'Tiến độ xây dựng nông thôn mới', note: 'Ghi chú: đề nghị các huyện rà soát.' },
        { url: `${server.url}/#year=2020&style=level`, paper: 'A4', orientation: 'landscape', title: 'Mức đạt chuẩn năm 2020' },
      ]),
    );
    expect(run('pdfinfo', [pdf])).toMatch(/Pages:\s+2\n/);
    const p1 = run('pdftotext', ['-f', '1', '-l', '1', pdf, '-']).replace(/\s+/g, ' ');
    const p2 = run('pdftotext', ['-f', '2', '-l', '2', pdf, '-']).replace(/\s+/g, ' ');
    expect(p1).toContain('Tiến độ xây dựng nông thôn mới');
    expect(p1).toContain('Ghi chú: đề nghị các huyện rà soát.');
    expect(p2).toContain('Mức đạt chuẩn năm 2020');
    expect(p2).toContain(VI['ntm.legend.level'].replace('{year}', '2020'));
  }, 300_000);

  it('a page that cannot read the data (sign-in required) fails at once with its own message, not the timeout', async () => {
    const context = await browser.newContext({ viewport: { width: 1700, height: 1300 }, locale: 'vi-VN' });
    try {
      const page = await context.newPage();
      await page.route('**/api/meta', (r) => r.fulfill({ status: 401, contentType: 'application/json', body: JSON.stringify({ error: 'unauthenticated', message: { vi: 'Cần đăng nhập', en: 'Sign-in required' } }) }));
      const err = await openPrintPage(page, { url: `${server.url}/${view}`, paper: 'A4', orientation: 'landscape' }, 60_000).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(PrintError);
      expect((err as PrintError).vi).toContain(VI['app.signInRequired']);
    } finally {
      await context.close();
    }
  });
});
