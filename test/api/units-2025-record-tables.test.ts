/**
 * The record tables (Biểu 08–11) under era=after (issue 17): the village and commune tables are
 * regrouped by unit of 1 July 2025 and add up to the report era's totals (nothing lost or doubled);
 * the tables the reports kept by district (funding 2016–2020, capital 2022–2023) stay by former
 * district, with a note and, per former district, the new units on its territory (from the
 * succession table, computed by hand in SQL). Screen, CSV and XLSX alike.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { NtmReportResponse, ReportTable } from '../../server/domain/report-table.ts';
import { parseCsv } from '../../server/services/ntm-csv.ts';
import { testApi, TARGET } from '../helpers/api.ts';

let api: Awaited<ReturnType<typeof testApi>>;
let year: number;
let before: NtmReportResponse;
let after: NtmReportResponse;
beforeAll(async () => {
  api = await testApi();
  const meta = await api.get<{ commune: { years: number[] } }>('/api/meta');
  year = meta.commune.years.at(-1)!;
  before = await api.get<NtmReportResponse>(`/api/ntm/report?year=${year}`);
  after = await api.get<NtmReportResponse>(`/api/ntm/report?year=${year}&era=after`);
}, 120_000);

const raw = (path: string) => api.app.request(`http://localhost${path}`);
const table = (r: NtmReportResponse, id: string): ReportTable => r.tables.find((t) => t.id === id)!;

describe(`record tables with era=after (${TARGET})`, () => {
  it('Biểu 09 by new unit: every column sums to the report era\'s province total', () => {
    const b = table(before, 'infrastructure');
    const a = table(after, 'infrastructure');
    expect(a.header[0]![1]).toBe('Xã, phường (từ 01/7/2025)');
    const bTotal = b.rows.at(-1)!;
    const aTotal = a.rows.at(-1)!;
    expect(aTotal.slice(2)).toEqual(bTotal.slice(2));
    const units = a.rows.slice(0, -1);
    expect(units.length).toBeGreaterThan(b.rows.length - 1); // more new units than districts
    expect(units.find((r) => r[1] === 'Xã Tu Mơ Rông')).toBeDefined(); // by full name: not the former district
    for (let col = 2; col <= 6; col++) {
      expect(units.reduce((s, r) => s + Number(r[col] ?? 0), 0), `column ${col}`).toBe(bTotal[col]);
    }
  });

  it('Biểu 10 by new unit: the old units\' plans counted per new unit add up to the province', async () => {
    const a = table(after, 'village_plans');
    const b = table(before, 'village_plans');
    const m = /^Cộng: (\d+)\/(\d+)/.exec(String(b.rows.find((r) => String(r[1] ?? '').startsWith('Cộng'))![1]))!;
    let built = 0;
    let units = 0;
    for (const r of a.rows) {
      const x = /^(\d+)\/(\d+) xã, phường cũ/.exec(String(r[2] ?? ''));
      if (x) { built += Number(x[1]); units += Number(x[2]); }
    }
    expect([built, units]).toEqual([Number(m[1]), Number(m[2])]);
    // the same line in the total row
    expect(a.rows.find((r) => String(r[1] ?? '').startsWith('Cộng'))![1]).toBe(b.rows.find((r) => String(r[1] ?? '').startsWith('Cộng'))![1]);
  });

  it('Biểu 08 and 11 stay by former district, with a note and the new units on each district\'s territory', async () => {
    const hand = await api.db.sql<{ name: string; units: string[] }[]>`
      SELECT d.name, array_agg(DISTINCT n.full_name ORDER BY n.full_name) AS units
      FROM admin_unit c JOIN admin_unit d ON d.code = c.parent_code
      JOIN admin_unit_succession s ON s.old_code = c.code JOIN admin_unit_2025 n ON n.code = s.new_code
      GROUP BY d.name`;
    const byName = new Map(hand.map((h) => [h.name, h.units.join(', ')]));
    for (const id of ['funding', 'capital']) {
      const a = table(after, id);
      const b = table(before, id);
      expect(a.notes.some((n) => n.includes('01/7/2025') && n.includes('huyện cũ')), id).toBe(true);
      const last = a.header[0]!.length - 1;
      expect(a.header[0]![last]).toBe('Xã, phường từ 01/7/2025 trên địa bàn');
      const districtRows = a.rows.filter((r) => byName.has(String(r[1])));
      expect(districtRows.length, id).toBeGreaterThan(0);
      for (const r of districtRows) expect(r[last], `${id} ${String(r[1])}`).toBe(byName.get(String(r[1])));
      // the figures are the report era's, unchanged (only the heading says "former district")
      const w = b.header[0]!.length;
      expect(a.rows.map((r) => r.slice(2, w))).toEqual(b.rows.map((r) => r.slice(2, w)));
    }
  });

  it('CSV and XLSX carry the same regrouped tables', async () => {
    const res = await raw(`/api/ntm/tables.csv?year=${year}&era=after&table=infrastructure`);
    expect(res.status).toBe(200);
    const csv = parseCsv(await res.text());
    const a = table(after, 'infrastructure');
    expect(csv.some((r) => r.cells[1] === String(a.rows[0]![1]))).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await (await raw(`/api/ntm/tables.xlsx?year=${year}&era=after`)).arrayBuffer());
    expect(wb.worksheets.length).toBe(after.tables.length);
  });
});
