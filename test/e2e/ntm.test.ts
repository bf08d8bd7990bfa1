/**
 * NTM attainment in a real browser: the commune style switch changes the legend and
 * the colour of a known commune as the API says it should; the tables screen shows report 004's
 * 2020 figures; an editor changes a criterion in the commune panel and the map shows it at once.
 * Expected colours come from the shared class colours and the API's answers, never from guesses.
 */
import { expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { CommuneDetail, SearchResponse } from '../../server/domain/api.ts';
import {
  NTM_LEVEL_COLORS,
  CHANGE_CLASSES,
  TARGET_COLORS,
} from '../../server/domain/classes.ts';
import type { NtmTablesResponse } from '../../server/domain/ntm.ts';
import { cellText, type NtmReportResponse } from '../../server/domain/report-table.ts';
import { parseCsv } from '../../server/services/ntm-csv.ts';
import ExcelJS from 'exceljs';
import { DEMO_USERS } from '../../server/auth/demo-users.ts';
import { colorDistance, hexToRgb } from '../../web/src/lib/color.ts';
import { CRITERION_MET_COLOR, CRITERION_NOT_MET_COLOR } from '../../web/src/lib/style.ts';
import { describeBrowser } from './helpers/browser.ts';
import { AtlasDriver, ForestDriver, openNtmMap } from './helpers/atlas.ts';
import type { AtlasServer } from './helpers/server.ts';
import { withPagePerTest, withServerAndBrowser } from './helpers/session.ts';

const TOLERANCE = 3;

describeBrowser('NTM styles, tables and editing in Chromium', () => {
  let server: AtlasServer;
  let browser: Browser;
  let atlas: AtlasDriver;

  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });
  withPagePerTest(() => browser, () => server.url, (a) => (atlas = a));

  async function interiorPoint(code: string, name: string): Promise<[number, number]> {
    const s = await server.get<SearchResponse>(`/api/search?q=${encodeURIComponent(name)}&limit=50`);
    const hit = s.hits.find((h) => h.kind === 'commune' && h.id === code);
    if (!hit) throw new Error(`search did not find commune ${code} ${name}`);
    return hit.center;
  }
  const legendTitle = async () => (await atlas.page.locator('[data-testid="legend-communes"] h3').innerText()).trim();
  const chooseStyle = async (mode: string) => {
    await atlas.page.locator('[data-testid="style-select"]').selectOption(mode);
    await atlas.page.waitForFunction(() => window.__atlas?.idle === false, undefined, { timeout: 5_000 }).catch(() => {});
    await atlas.waitIdle();
  };

  it('switches the commune style: level, targets, change between two years — legend and colours follow', async () => {
    const t2023 = await server.get<NtmTablesResponse>('/api/ntm/tables?year=2023');
    const recognised = t2023.communes.find((c) => c.level === 'ntm' && c.recognisedOn)!;
    const target = t2023.targets.find((g) => g.year === 2023 && g.level === 'ntm')!.communes[0]!;
    const [lon, lat] = await interiorPoint(recognised.code, recognised.name);
    await atlas.open({ view: { lon, lat, zoom: 10 }, layers: ['communes'], year: 2023 });
    expect(await legendTitle()).toBe('Số tiêu chí xã đạt (trong số 19)');

    await chooseStyle('level');
    expect(await legendTitle()).toBe('Mức đạt chuẩn NTM năm 2023');
    expect(colorDistance(await atlas.colorAt(lon, lat), hexToRgb(NTM_LEVEL_COLORS.ntm))).toBeLessThanOrEqual(TOLERANCE);
    expect(atlas.page.url()).toContain('style=level');

    await chooseStyle('targets');
    expect(await legendTitle()).toBe('Xã phấn đấu đạt chuẩn năm 2023');
    expect(colorDistance(await atlas.colorAt(lon, lat), hexToRgb(TARGET_COLORS.none))).toBeLessThanOrEqual(TOLERANCE);
    const [tlon, tlat] = await interiorPoint(target.code, target.name);
    await atlas.open({ view: { lon: tlon, lat: tlat, zoom: 10 }, layers: ['communes'], year: 2023 });
    await chooseStyle('targets');
    expect(colorDistance(await atlas.colorAt(tlon, tlat), hexToRgb(TARGET_COLORS.ntm))).toBeLessThanOrEqual(TOLERANCE);

    // change 2015 → 2020 of the commune that gained most
    const t2020 = await server.get<NtmTablesResponse>('/api/ntm/tables?year=2020&compare=2015');
    const gainer = t2020.changes!.gained[0]!;
    const [glon, glat] = await interiorPoint(gainer.code, gainer.name);
    await atlas.open({ view: { lon: glon, lat: glat, zoom: 10 }, layers: ['communes'], year: 2020 });
    await chooseStyle('change');
    await atlas.page.locator('[data-testid="compare-select"]').selectOption('2015');
    await atlas.page.waitForFunction(() => window.__atlas?.idle === false, undefined, { timeout: 5_000 }).catch(() => {});
    await atlas.waitIdle();
    expect(await legendTitle()).toBe('Số tiêu chí tăng, giảm từ 2015 đến 2020');
    const diff = gainer.to - gainer.from;
    const cls = CHANGE_CLASSES.find((c) => diff >= c.min && diff <= c.max)!;
    expect(colorDistance(await atlas.colorAt(glon, glat), hexToRgb(cls.color))).toBeLessThanOrEqual(TOLERANCE);
  });

  it('shows the 2020 tables of report 004 on #/ntm, with the Excel and CSV downloads', async () => {
    await atlas.page.goto(`${server.url}/#/ntm`);
    await atlas.page.locator('[data-testid="ntm-year"]').selectOption('2020');
    await atlas.page.locator('[data-testid="ntm-title"]', { hasText: '2020' }).waitFor();
    expect((await atlas.page.locator('[data-testid="ntm-kpi-recognised"] .ntm-kpi-value').innerText()).trim()).toBe('28');
    expect((await atlas.page.locator('[data-testid="ntm-kpi-average"] .ntm-kpi-value').innerText()).trim()).toBe('14,8');
    // criterion 2, province column (STT, criterion, province)
    expect((await atlas.page.locator('[data-testid="report-criteria"] tbody tr:nth-child(2) td:nth-child(3)').innerText()).trim()).toBe('57/85');
    const total = (await atlas.page.locator('[data-testid="report-bands"] tbody tr.total td').allInnerTexts()).map((s) => s.trim());
    expect(total).toEqual(['', 'Toàn tỉnh', '85', '28', '9', '46', '2', '0', '1258', '14,8']);
    const xlsx = await atlas.page.locator('[data-testid="ntm-xlsx"]').getAttribute('href');
    expect(xlsx).toBe('/api/ntm/tables.xlsx?year=2020&lang=vi');
    const res = await fetch(`${server.url}${xlsx}`);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    await atlas.page.locator('[data-testid="ntm-compare"]').selectOption('2015');
    await atlas.page.locator('[data-testid="report-changes"] tbody tr.total', { hasText: 'Xã đạt thêm tiêu chí' }).waitFor();
    await atlas.page.screenshot({ path: 'tmp/ntm-screen-2020.png', fullPage: false });
  });

  it("shows the same cells as the table's CSV and the Excel sheet", async () => {
    await atlas.page.goto(`${server.url}/#/ntm`);
    await atlas.page.locator('[data-testid="ntm-year"]').selectOption('2020');
    await atlas.page.locator('[data-testid="ntm-title"]', { hasText: '2020' }).waitFor();
    const xlsxHref = (await atlas.page.locator('[data-testid="ntm-xlsx"]').getAttribute('href'))!;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await (await fetch(`${server.url}${xlsxHref}`)).arrayBuffer());
    const trimEnd = (cells: string[]) => {
      const out = cells.map((c) => c.trim());
      while (out.length && out.at(-1) === '') out.pop();
      return out;
    };
    for (const [id, sheet, headerRows] of [['bands', 'Biểu 02', 2], ['communes', 'Biểu 05', 2]] as const) {
      const screen = (
        await atlas.page.locator(`[data-testid="report-${id}"] tbody tr`).evaluateAll((rows) =>
          rows.map((r) => [...(r as HTMLTableRowElement).cells].map((td) => td.innerText)),
        )
      ).map(trimEnd);
      expect(screen.length, `${id}: rows on the screen`).toBeGreaterThan(3);
      const csvHref = (await atlas.page.locator(`[data-testid="ntm-csv-${id}"]`).getAttribute('href'))!;
      const [, ...csv] = parseCsv(await (await fetch(`${server.url}${csvHref}`)).text()).map((r) => trimEnd(r.cells));
      expect(csv, `${id}: screen = CSV`).toEqual(screen);
      const ws = wb.getWorksheet(sheet)!;
      const formats = (await server.get<NtmReportResponse>('/api/ntm/report?year=2020&lang=vi')).tables.find((t) => t.id === id)!.formats;
      const xlsx = screen.map((_, i) => {
        const row = ws.getRow(5 + headerRows + i);
        return trimEnd(Array.from({ length: row.cellCount }, (_, c) => cellText((row.getCell(c + 1).value as string | number | null) ?? null, formats[c], 'vi')));
      });
      expect(xlsx, `${id}: screen = XLSX`).toEqual(screen);
    }
  });

  it('on a phone, a wide table (Biểu 11) scrolls sideways and keeps its source column readable', async () => {
    await atlas.page.setViewportSize({ width: 390, height: 844 });
    await atlas.page.goto(`${server.url}/#/ntm?year=2023`);
    const table = atlas.page.locator('[data-testid="report-capital"]');
    await table.scrollIntoViewIfNeeded();
    // the source column squeezed to one word a line (about 12 px) before the text columns had a floor
    const source = await table.locator('tbody tr:first-child td:last-child').boundingBox();
    expect(source!.width).toBeGreaterThan(150);
    const [scrollWidth, clientWidth] = await table.evaluate((el) => [el.parentElement!.scrollWidth, el.parentElement!.clientWidth]);
    expect(scrollWidth).toBeGreaterThan(clientWidth);
    await atlas.page.screenshot({ path: 'tmp/ntm-capital-phone.png' });
  });

  it('lets an editor change a criterion in the commune panel; the map and the panel show it at once', async () => {
    const editor = DEMO_USERS.find((u) => u.username === 'editor')!;
    const t = await server.get<NtmTablesResponse>('/api/ntm/tables?year=2023&district=608');
    const commune = t.communes.find((c) => c.criteriaMet === 19)!;
    const no = 9;
    const [lon, lat] = await interiorPoint(commune.code, commune.name);
    await openNtmMap(atlas, { lon, lat, zoom: 10, year: 2023, style: 'criterion', criterion: no });
    expect(colorDistance(await atlas.colorAt(lon, lat), hexToRgb(CRITERION_MET_COLOR))).toBeLessThanOrEqual(TOLERANCE);
    await new ForestDriver(atlas.page, atlas).signIn(editor.username, editor.password);
    await atlas.clickAt(lon, lat);
    const before = await atlas.infoPanel();
    expect(before.criteria).toContain('19/19');
    await atlas.page.locator(`[data-testid="edit-criterion-${no}"]`).click();
    const dialog = atlas.page.locator('[data-testid="criterion-editor"]');
    await dialog.locator('[data-testid="edit-not-met"]').check();
    await dialog.locator('[data-testid="edit-evidence"]').fill('Kiểm tra thử trên trình duyệt');
    await dialog.locator('[data-testid="edit-save"]').click();
    await dialog.waitFor({ state: 'detached' });
    await atlas.page.locator('[data-testid="ntm-message"]').waitFor();
    await atlas.page.locator('[data-testid="info-criteria"]', { hasText: '18/19' }).waitFor();
    await atlas.page.waitForFunction(() => window.__atlas?.idle === false, undefined, { timeout: 5_000 }).catch(() => {});
    await atlas.waitIdle();
    expect(colorDistance(await atlas.colorAt(lon, lat), hexToRgb(CRITERION_NOT_MET_COLOR))).toBeLessThanOrEqual(TOLERANCE);
    expect(await atlas.page.locator(`[data-testid="criterion-${no}"]`).getAttribute('data-met')).toBe('false');
    await atlas.page.screenshot({ path: 'tmp/ntm-edit-panel.png' });
    const detail = await server.get<CommuneDetail>(`/api/communes/${commune.code}?year=2023`);
    expect(detail.criteria.find((k) => k.no === no)).toMatchObject({ met: false, evidence: 'Kiểm tra thử trên trình duyệt' });
  });
});
