/**
 * The seven NTM tables are defined once (server/services/ntm-export.ts): the laid-out tables the
 * screen renders (GET /api/ntm/report), the CSV of each table and the XLSX sheets hold the same
 * cells. The browser side (the screen's cells against the files) is in test/e2e/ntm.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { cellText, headerLine, type NtmReportResponse } from '../../server/domain/report-table.ts';
import { parseCsv } from '../../server/services/ntm-csv.ts';
import { testApi, TARGET } from '../helpers/api.ts';

let api: Awaited<ReturnType<typeof testApi>>;
beforeAll(async () => {
  api = await testApi();
});

async function fetchRaw(path: string): Promise<Response> {
  const res = await api.app.request(`http://localhost${path}`);
  if (!res.ok) throw new Error(`GET ${path} → ${res.status}: ${await res.text()}`);
  return res;
}

/** The value cells of a sheet: below the label, title, subtitle, a blank row and the header rows; up to the blank row before the notes. */
function sheetRows(ws: ExcelJS.Worksheet, headerRows: number, rows: number): (string | number | null)[][] {
  const out: (string | number | null)[][] = [];
  for (let r = 5 + headerRows; r < 5 + headerRows + rows; r++) {
    const row = ws.getRow(r);
    const cells: (string | number | null)[] = [];
    for (let c = 1; c <= row.cellCount; c++) {
      const v = row.getCell(c).value;
      cells.push(v == null || v === '' ? null : (v as string | number));
    }
    out.push(cells);
  }
  return out;
}

const trimEnd = (cells: string[]) => {
  const out = [...cells];
  while (out.length && out.at(-1) === '') out.pop();
  return out;
};

describe(`one definition of the NTM tables: screen, CSV and XLSX (${TARGET})`, () => {
  for (const lang of ['vi', 'en'] as const) {
    it(`gives the same cells in the report, the CSV and the XLSX, for all seven tables (${lang})`, async () => {
      const q = `year=2023&compare=2020&lang=${lang}`;
      const report = await api.get<NtmReportResponse>(`/api/ntm/report?${q}`);
      expect(report.tables.map((t) => t.id)).toEqual(['criteria', 'bands', 'levels', 'weakest', 'communes', 'changes', 'villages', 'funding', 'infrastructure', 'village_plans', 'capital']);
      expect(report.data.year).toBe(2023);

      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await (await fetchRaw(`/api/ntm/tables.xlsx?${q}`)).arrayBuffer());

      for (const table of report.tables) {
        expect(table.rows.length, `${table.id} has rows`).toBeGreaterThan(0);
        const shown = table.rows.map((r) => trimEnd(r.map((c, i) => cellText(c, table.formats[i], lang))));

        const [header, ...csvRows] = parseCsv(await (await fetchRaw(`/api/ntm/tables.csv?${q}&table=${table.id}`)).text()).map((r) => r.cells);
        expect(header, `${table.id}: CSV header`).toEqual(headerLine(table.header));
        // the CSV writes a blank line for an empty row, which the reader skips
        expect(csvRows.map(trimEnd), `${table.id}: CSV cells`).toEqual(shown.filter((r) => r.length > 0));

        const ws = wb.getWorksheet(table.label)!;
        expect(ws, `${table.id}: sheet ${table.label}`).toBeDefined();
        const xlsx = sheetRows(ws, table.header.length, table.rows.length).map((r) => trimEnd(r.map((c, i) => cellText(c, table.formats[i], lang))));
        expect(xlsx, `${table.id}: XLSX cells`).toEqual(shown);
      }
    });
  }

  it('answers a bad query with 400 like the files', async () => {
    expect((await api.app.request('http://localhost/api/ntm/report?year=abc')).status).toBe(400);
  });
});

describe(`Biểu 11: the programmes' capital by district (${TARGET})`, () => {
  it('gives report 002\'s shares exactly and marks the illustrative ones, as on GET /api/capital', async () => {
    const report = await api.get<NtmReportResponse>('/api/ntm/report?year=2023&lang=vi');
    const t = report.tables.find((x) => x.id === 'capital')!;
    expect(t.label).toBe('Biểu 11');
    expect(t.header[0]).toEqual(['STT', 'Huyện, thành phố', 'Năm 2022', null, 'Năm 2023', null, 'Nguồn số liệu giao chi tiết']);
    const row = (name: string) => t.rows.find((r) => r[1] === name)!;
    expect(row('Đắk Hà').slice(2, 7)).toEqual([66, expect.any(Number), 28.4, expect.any(Number), 'Báo cáo 002: 2022, 2023']);
    expect(row('Kon Rẫy')[4]).toBe(56.2);
    expect(row('Kon Rẫy')[6]).toBe('Báo cáo 002: 2023 · minh họa: 2022');
    expect(row('Kon Plông')[2]).toBe(71.6);
    expect([row('Đắk Tô')[4], row('Kon Plông')[4], row("Ia H'Drai")[4]]).toEqual([22.3, 18.6, 12.7]);
    const capital = await api.get<{ rows: { districtName: string; year: number; allocatedPct: number; disbursedPct: number }[] }>('/api/capital');
    for (const r of capital.rows) {
      const cells = row(r.districtName);
      const at = r.year === 2022 ? 2 : 4;
      expect([cells[at], cells[at + 1]], `${r.districtName} ${r.year}`).toEqual([r.allocatedPct, r.disbursedPct]);
    }
    expect(t.rows).toHaveLength(new Set(capital.rows.map((r) => r.districtName)).size);
  });
});
