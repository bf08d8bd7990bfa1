/**
 * Forest reports: the acceptance table of report 000 section III exported as CSV and
 * XLSX (read back cell by cell), the replanting worklist (JSON, CSV, XLSX, filters, trees to add)
 * and planting against the year's targets — read-only, on both databases.
 */
import { parseCsv as parseCsvText } from '../../server/services/ntm-csv.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { PlantingStatsResponse } from '../../server/domain/api.ts';
import type { ProgressResponse, WorklistResponse } from '../../server/domain/forest.ts';
import { treesToAdd } from '../../server/domain/forest.ts';
import { foldName } from '../../server/domain/text.ts';
import { testApi, TARGET } from '../helpers/api.ts';

const figures = JSON.parse(readFileSync(new URL('../fixtures/kontum-figures.json', import.meta.url), 'utf8'));
const f = figures.forest_planting_kon_tum_city;
const same = (a: string, b: string) => foldName(a) === foldName(b);

let api: Awaited<ReturnType<typeof testApi>>;
beforeAll(async () => {
  api = await testApi();
});

const fetchRaw = (path: string) => api.app.request(`http://localhost${path}`);

/** A CSV answer → rows of cells (Vietnamese files are ';'-separated with decimal commas: domain/csv.ts). */
async function parseCsv(res: Response): Promise<string[][]> {
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM: spreadsheets read the Vietnamese right
  return parseCsvText(new TextDecoder('utf-8').decode(bytes)).map((r) => r.cells);
}
/** A number cell of a Vietnamese CSV ('10,61'). */
const num = (s: string | undefined) => Number(String(s).replace(',', '.'));

async function readXlsx(res: Response): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  return wb.worksheets[0]!;
}

/** The rows of a sheet from its header row (the one whose first cell is `first`) down. */
function sheetRows(ws: ExcelJS.Worksheet, first: string): unknown[][] {
  const out: unknown[][] = [];
  let on = false;
  ws.eachRow((row) => {
    const values = (row.values as unknown[]).slice(1);
    if (!on && values[0] === first) on = true;
    if (on) out.push(values);
  });
  return out;
}

describe(`planting table exports (${TARGET})`, () => {
  it('exports the 2021 acceptance table of Kon Tum city as CSV with the report figures', async () => {
    const res = await fetchRaw('/api/forest/planting.csv?plantingYear=2021&by=commune&unit=608');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="nghiem-thu-2021-608-commune\.csv"/);
    const rows = await parseCsv(res);
    expect(rows[0]).toEqual(['Mã', 'Xã', 'Diện tích trồng', 'Đã kiểm tra', 'Đạt (> 85 %)', 'Trồng dặm (50–85 %)', 'Không đạt (< 50 %)', 'Chưa nghiệm thu', 'trong đó rút khỏi kế hoạch', 'Tỷ lệ sống (%)', 'Kế hoạch (ha)']);
    const a = f.acceptance_2021_planting_year2;
    const byName = (name: string) => rows.find((r) => same(r[1]!, name))!;
    for (const [name, ha] of Object.entries(a.accepted_by_commune_ha)) expect(num(byName(name)[4]), name).toBe(ha);
    for (const [name, ha] of Object.entries(a.rejected_by_commune_ha)) expect(num(byName(name)[6]), name).toBe(ha);
    for (const [name, ha] of Object.entries(a.not_inspected_by_commune_ha)) expect(num(byName(name)[7]), name).toBe(ha);
    const total = rows.at(-1)!;
    expect(total[1]).toMatch(/^Tổng cộng/);
    expect([total[2], total[3], total[4], total[6], total[7]].map(num)).toEqual([a.planted_ha, a.inspected_ha, a.accepted_ha, a.rejected_ha, a.not_inspected_ha]);
  });

  it('exports the same table as XLSX, numbers as numbers, in English on request', async () => {
    const json = await api.get<PlantingStatsResponse>('/api/stats/planting?plantingYear=2021&by=commune&unit=608');
    const res = await fetchRaw('/api/forest/planting.xlsx?plantingYear=2021&by=commune&unit=608&lang=en');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const ws = await readXlsx(res);
    expect(ws.getCell('A1').value).toBe('Table 01/F');
    expect(ws.getCell('A2').value).toBe('Acceptance of the 2021 planting');
    const rows = sheetRows(ws, 'No.').map((r) => r.slice(1)); // the STT column first
    expect(rows[0]!.slice(0, 5)).toEqual(['Code', 'Commune', 'Planted', 'Inspected', 'Accepted (> 85 %)']);
    expect(rows).toHaveLength(json.rows.length + 2);
    for (const r of json.rows) {
      const line = rows.find((x) => x[0] === r.code)!;
      expect(line.slice(2, 9)).toEqual([r.plantedHa, r.inspectedHa, r.acceptedHa, r.replantHa, r.rejectedHa, r.notInspectedHa, r.withdrawnHa]);
    }
    const total = rows.at(-1)!;
    expect(total[1]).toMatch(/^Total/);
    expect(total[4]).toBe(f.acceptance_2021_planting_year2.accepted_ha);
  });

  it('exports the 2022 planting: 10.61 ha at 62.83 %', async () => {
    const rows = await parseCsv(await fetchRaw('/api/forest/planting.csv?plantingYear=2022&unit=608'));
    const total = rows.at(-1)!;
    expect(num(total[2])).toBe(f.acceptance_2022_planting.area_ha);
    expect(num(total[9])).toBe(f.acceptance_2022_planting.survival_pct);
  });

  it('refuses a missing planting year (400) and an unknown format (404)', async () => {
    expect((await fetchRaw('/api/forest/planting.csv?unit=608')).status).toBe(400);
    expect((await fetchRaw('/api/forest/planting.pdf?plantingYear=2021')).status).toBe(404);
  });
});

describe(`replanting worklist (${TARGET})`, () => {
  it('lists the lô whose latest inspection orders replanting, with the trees to add', async () => {
    const w = await api.get<WorklistResponse>('/api/forest/worklist?plantingYear=2022&unit=608');
    // report 000: the 2022 planting of the city, 10.61 ha at 62.83 %, all to be replanted
    expect(w.rows.length).toBeGreaterThan(0);
    expect(w.totals.areaHa).toBe(f.acceptance_2022_planting.area_ha);
    for (const r of w.rows) {
      expect(r.result).toBe('replant');
      expect(r.plantingYear).toBe(2022);
      expect(r.district.code).toBe('608');
      expect(r.treesToAdd).toBe(treesToAdd(r.areaHa, r.densityPerHa, r.survivalPct));
      expect(r.survivalPct).toBeGreaterThanOrEqual(50);
      expect(r.survivalPct).toBeLessThanOrEqual(85);
    }
    expect(w.totals.treesToAdd).toBe(w.rows.reduce((s, r) => s + r.treesToAdd, 0));
    // the same lô as the database says: latest inspection 'replant', planting not withdrawn
    const [n] = await api.db.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM planting g JOIN forest_plot p ON p.id = g.plot_id JOIN admin_unit c ON c.code = p.commune_code
      WHERE g.year = 2022 AND c.parent_code = '608' AND g.withdrawn_on IS NULL
        AND (SELECT i.result FROM inspection i WHERE i.planting_id = g.id ORDER BY i.inspected_on DESC, i.id DESC LIMIT 1) = 'replant'`;
    expect(w.rows).toHaveLength(n!.n);
  });

  it('adds the rejected lô on request, and filters by funding', async () => {
    const w = await api.get<WorklistResponse>('/api/forest/worklist?plantingYear=2021&unit=608&includeRejected=true');
    const rejected = w.rows.filter((r) => r.result === 'rejected');
    expect(Math.round(rejected.reduce((s, r) => s + r.areaHa, 0) * 100) / 100).toBe(f.acceptance_2021_planting_year2.rejected_ha);
    const without = await api.get<WorklistResponse>('/api/forest/worklist?plantingYear=2021&unit=608');
    expect(without.rows.filter((r) => r.result === 'rejected')).toHaveLength(0);
    for (const funding of ['state', 'self'] as const) {
      const part = await api.get<WorklistResponse>(`/api/forest/worklist?plantingYear=2021&unit=608&includeRejected=1&funding=${funding}`);
      expect(part.rows.every((r) => r.funding === funding)).toBe(true);
    }
  });

  it('exports the worklist as CSV and XLSX with a total row', async () => {
    const w = await api.get<WorklistResponse>('/api/forest/worklist?plantingYear=2022&unit=608');
    const csv = await parseCsv(await fetchRaw('/api/forest/worklist.csv?plantingYear=2022&unit=608'));
    expect(csv[0]![0]).toBe('Lô');
    expect(csv).toHaveLength(w.rows.length + 2);
    expect(csv.slice(1, -1).map((r) => r[0])).toEqual(w.rows.map((r) => r.label));
    // columns found by their headers, so a column added to the layout does not shift the checks
    const trees = csv[0]!.indexOf('Số cây cần trồng dặm');
    expect(trees).toBeGreaterThan(0);
    expect(num(csv.at(-1)![trees])).toBe(w.totals.treesToAdd);
    const ws = await readXlsx(await fetchRaw('/api/forest/worklist.xlsx?plantingYear=2022&unit=608'));
    const rows = sheetRows(ws, 'STT').map((r) => r.slice(1)).slice(0, w.rows.length + 2);
    expect(rows[0]![trees]).toBe('Số cây cần trồng dặm');
    expect(rows[1]![rows[0]!.indexOf('Diện tích (ha)')]).toBe(w.rows[0]!.areaHa);
    expect(rows.at(-1)![trees]).toBe(w.totals.treesToAdd);
  });

  it('refuses bad filters with 400', async () => {
    expect((await fetchRaw('/api/forest/worklist?funding=loan')).status).toBe(400);
    expect((await fetchRaw('/api/forest/worklist?unit=abc')).status).toBe(400);
  });
});

describe(`planting against targets (${TARGET})`, () => {
  it('shows Kon Tum city against its 63 ha target of 2023, commune by commune', async () => {
    const p = await api.get<ProgressResponse>('/api/forest/progress?year=2023&unit=608');
    expect(p.unit.code).toBe('608');
    expect(p.total.targetHa).toBe(f.target_2023_ha ?? 63);
    const [planted] = await api.db.sql<{ ha: number }[]>`
      SELECT coalesce(sum(g.area_ha), 0)::float8 AS ha FROM planting g JOIN forest_plot p ON p.id = g.plot_id JOIN admin_unit c ON c.code = p.commune_code
      WHERE g.year = 2023 AND c.parent_code = '608'`;
    expect(p.total.plantedHa).toBeCloseTo(planted!.ha, 2);
    const targets = await api.db.sql<{ unit_code: string; target_ha: number }[]>`
      SELECT t.unit_code, t.target_ha::float8 AS target_ha FROM planting_target t JOIN admin_unit c ON c.code = t.unit_code
      WHERE t.year = 2023 AND c.parent_code = '608'`;
    expect(targets.length).toBeGreaterThan(0);
    for (const t of targets) expect(p.rows.find((r) => r.code === t.unit_code)?.targetHa).toBe(t.target_ha);
    for (const r of p.rows) if (r.targetHa) expect(r.pct).toBe(Math.round((1000 * r.plantedHa) / r.targetHa) / 10);
  });

  it('lists the districts of the province', async () => {
    const p = await api.get<ProgressResponse>('/api/forest/progress?year=2021');
    expect(p.unit.code).toBe('62');
    expect(p.rows.every((r) => r.level === 'district')).toBe(true);
    const sum = p.rows.reduce((s, r) => s + r.plantedHa, 0);
    expect(p.total.plantedHa).toBeCloseTo(sum, 1);
  });
});
