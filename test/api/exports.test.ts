/**
 * Every export follows one convention per language (issue 12, "Exports are consistent";
 * server/export): Vietnamese CSV is ';'-separated with decimal commas and dd/mm/yyyy dates,
 * English CSV ','-separated with decimal points and ISO dates, both UTF-8 with a BOM and no
 * `sep=` line; the forest XLSX files are laid out like the NTM appendices (Biểu number, STT
 * column, borders, totals in bold, A4 landscape, dates as dates). Files are read back.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { parseCsv } from '../../server/services/ntm-csv.ts';
import { tableCsv, tableXlsx } from '../../server/services/forest-export.ts';
import { planTable } from '../../server/services/plan-export.ts';
import type { PlanRecord } from '../../server/domain/planner.ts';
import { testApi, TARGET } from '../helpers/api.ts';

let api: Awaited<ReturnType<typeof testApi>>;
beforeAll(async () => {
  api = await testApi();
});
const fetchRaw = (path: string) => api.app.request(`http://localhost${path}`);

const CSV_FILES = [
  '/api/ntm/tables.csv?year=2020&table=criteria',
  '/api/ntm/tables.csv?year=2023&district=608&table=villages',
  '/api/forest/planting.csv?plantingYear=2021&by=commune&unit=608',
  '/api/forest/worklist.csv?plantingYear=2022&unit=608',
  '/api/ntm/criteria.csv?year=2023&units=608',
];

/** The file's cells, after checking the bytes: a BOM, no `sep=` line, CRLF lines, the separator. */
function cellsOf(bytes: Uint8Array, lang: 'vi' | 'en'): string[][] {
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
  expect(text.startsWith('sep=')).toBe(false);
  expect(text.endsWith('\r\n')).toBe(true);
  const header = text.split('\r\n', 1)[0]!;
  const sep = lang === 'vi' ? ';' : ',';
  expect(header.split(sep).length, header).toBeGreaterThan(2);
  return parseCsv(text, sep).map((r) => r.cells);
}

describe(`CSV exports: one convention per language (${TARGET})`, () => {
  for (const lang of ['vi', 'en'] as const) {
    it(`${lang}: ${lang === 'vi' ? "';', 18,3 and dd/mm/yyyy" : "',', 18.3 and yyyy-mm-dd"} in every CSV`, async () => {
      let decimals = 0;
      let dates = 0;
      for (const path of CSV_FILES) {
        const res = await fetchRaw(`${path}&lang=${lang}`);
        expect(res.status, path).toBe(200);
        const rows = cellsOf(new Uint8Array(await res.arrayBuffer()), lang);
        const width = rows[0]!.length;
        for (const r of rows.slice(1)) {
          expect(r.length, `${path}: ${r.join('|')}`).toBe(width);
          for (const cell of r) {
            if (lang === 'vi') {
              expect(cell, path).not.toMatch(/^-?\d+\.\d+$/); // no decimal points
              expect(cell, path).not.toMatch(/^\d{4}-\d{2}-\d{2}$/); // no ISO dates
              if (/^-?\d+,\d+$/.test(cell)) decimals++;
              if (/^\d{2}\/\d{2}\/\d{4}$/.test(cell)) dates++;
            } else {
              expect(cell, path).not.toMatch(/^-?\d+,\d+$/);
              expect(cell, path).not.toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
              if (/^-?\d+\.\d+$/.test(cell)) decimals++;
              if (/^\d{4}-\d{2}-\d{2}$/.test(cell)) dates++;
            }
          }
        }
      }
      // the files do hold decimals and dates (worklist inspection dates, areas, shares)
      expect(decimals).toBeGreaterThan(10);
      expect(dates).toBeGreaterThan(0);
    });
  }

  it('a plan CSV follows the same convention', () => {
    const plan = {
      id: 1, name: 'KH 2024', year: 2024, unitCode: '23311', unitName: 'Xã Đắk Cấm', species: 'Keo lai', funding: 'self', households: 3, note: null, version: 1, targetHa: 5,
      sites: [{ plotId: 7, label: 'TK 568 K 3 L 6', communeCode: '23311', communeName: 'Đắk Cấm', ldlr: 'DT1', forestFunction: 'production', lotAreaHa: 2.345, areaHa: 1.5, center: [107.9, 14.35] }],
    } as unknown as PlanRecord;
    const vi = cellsOf(new TextEncoder().encode(tableCsv(planTable(plan, 'vi'), 'vi')), 'vi');
    expect(vi[1]).toContain('1,50');
    expect(vi[1]).toContain('2,35');
    const en = cellsOf(new TextEncoder().encode(tableCsv(planTable(plan, 'en'), 'en')), 'en');
    expect(en[1]).toContain('1.50');
  });
});

describe(`forest XLSX laid out like the NTM appendices (${TARGET})`, () => {
  const read = async (body: ArrayBuffer | Uint8Array) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as ArrayBuffer);
    return wb.worksheets[0]!;
  };
  const headerRow = (ws: ExcelJS.Worksheet, first: string) => {
    let n = 0;
    ws.eachRow((r, i) => {
      if (!n && r.getCell(1).value === first) n = i;
    });
    return n;
  };

  for (const [name, path] of [
    ['worklist', '/api/forest/worklist.xlsx?plantingYear=2022&unit=608'],
    ['planting table', '/api/forest/planting.xlsx?plantingYear=2021&by=commune&unit=608'],
  ] as const) {
    it(`${name}: Biểu number, title, STT, borders, bold total, A4 landscape`, async () => {
      const ws = await read(await (await fetchRaw(path)).arrayBuffer());
      expect(String(ws.getCell('A1').value)).toMatch(/^Biểu \d+/);
      expect(ws.getCell('A2').font.bold).toBe(true);
      expect(ws.pageSetup.paperSize).toBe(9); // A4
      expect(ws.pageSetup.orientation).toBe('landscape');
      expect(ws.pageSetup.fitToWidth).toBe(1);
      const h = headerRow(ws, 'STT');
      expect(h).toBeGreaterThan(3);
      expect(ws.getRow(h).getCell(2).border?.top?.style).toBe('thin');
      // data rows numbered 1, 2, 3 …, each cell boxed; the total row in bold without a number
      let n = 0;
      let last = h + 1;
      for (let r = h + 1; ws.getRow(r).getCell(2).value != null; r++) {
        const row = ws.getRow(r);
        if (row.getCell(1).value != null) expect(row.getCell(1).value).toBe(++n);
        for (let c = 1; c <= ws.columnCount; c++) expect(row.getCell(c).border?.left?.style, `row ${r} col ${c}`).toBe('thin');
        last = r;
      }
      expect(n).toBeGreaterThan(0);
      expect(ws.getRow(last).getCell(1).value).toBeNull();
      expect(ws.getRow(last).font.bold).toBe(true);
      expect((ws.getRow(last).values as unknown[]).join('|')).toMatch(/Tổng/);
      expect(ws.headerFooter.oddFooter).toContain('&P');
    });
  }

  it('worklist: inspection dates are dates (dd/mm/yyyy), hectares are numbers', async () => {
    const ws = await read(await (await fetchRaw('/api/forest/worklist.xlsx?plantingYear=2022&unit=608')).arrayBuffer());
    const h = headerRow(ws, 'STT');
    const headers = (ws.getRow(h).values as unknown[]).slice(1);
    const dateCol = headers.indexOf('Ngày kiểm tra') + 1;
    const haCol = headers.indexOf('Diện tích (ha)') + 1;
    const cell = ws.getRow(h + 1).getCell(dateCol);
    expect(cell.value).toBeInstanceOf(Date);
    expect(cell.numFmt).toBe('dd/mm/yyyy');
    expect(typeof ws.getRow(h + 1).getCell(haCol).value).toBe('number');
    const en = await read(await (await fetchRaw('/api/forest/worklist.xlsx?plantingYear=2022&unit=608&lang=en')).arrayBuffer());
    expect(en.getRow(headerRow(en, 'No.') + 1).getCell(dateCol).numFmt).toBe('yyyy-mm-dd');
  });

  it('plan: the same layout', async () => {
    const plan = {
      id: 1, name: 'KH 2024', year: 2024, unitCode: '23311', unitName: 'Xã Đắk Cấm', species: 'Keo lai', funding: 'state', households: null, note: null, version: 1, targetHa: null,
      sites: [1, 2].map((i) => ({ plotId: i, label: `TK 568 K 3 L ${i}`, communeCode: '23311', communeName: 'Đắk Cấm', ldlr: 'DT1', forestFunction: 'production', lotAreaHa: 2, areaHa: 1, center: [107.9, 14.35] })),
    } as unknown as PlanRecord;
    const ws = await read(await tableXlsx(planTable(plan, 'vi'), 'vi'));
    expect(String(ws.getCell('A1').value)).toMatch(/^Biểu/);
    expect(ws.pageSetup.orientation).toBe('landscape');
    const h = headerRow(ws, 'STT');
    expect([1, 2].map((i) => ws.getRow(h + i).getCell(1).value)).toEqual([1, 2]);
    expect(ws.getRow(h + 3).font.bold).toBe(true);
  });
});
