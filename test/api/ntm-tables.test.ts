/**
 * The NTM tables of /api/ntm against the figures of report 004 (December 2020), the
 * later figures of 003, and their CSV and XLSX exports laid out as appendix tables. Every
 * expected number comes from test/fixtures/kontum-figures.json or from the API itself.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { NtmTablesResponse, NtmTableUnit } from '../../server/domain/ntm.ts';
import { foldName } from '../../server/domain/text.ts';
import { parseCsv } from '../../server/services/ntm-csv.ts';
import { testApi, TARGET } from '../helpers/api.ts';

const figures = JSON.parse(readFileSync(new URL('../fixtures/kontum-figures.json', import.meta.url), 'utf8'));
const f2020 = figures.ntm_status_2020_12;
const same = (a: string, b: string) => foldName(a) === foldName(b);

let api: Awaited<ReturnType<typeof testApi>>;
let t2020: NtmTablesResponse;
beforeAll(async () => {
  api = await testApi();
  t2020 = await api.get<NtmTablesResponse>('/api/ntm/tables?year=2020&compare=2015');
});

const unitNamed = (t: NtmTablesResponse, name: string): NtmTableUnit => {
  const u = t.units.find((x) => same(x.name, name));
  if (!u) throw new Error(`no column for ${name}`);
  return u;
};
async function fetchRaw(path: string): Promise<Response> {
  const res = await api.app.request(`http://localhost${path}`);
  if (!res.ok) throw new Error(`GET ${path} → ${res.status}: ${await res.text()}`);
  return res;
}
const csvOf = async (path: string) => parseCsv(await (await fetchRaw(path)).text()).map((r) => r.cells);

describe(`NTM tables of December 2020 (report 004) through /api/ntm (${TARGET})`, () => {
  it('has one column per district with its rural communes, and the province total of 85', () => {
    expect(t2020.scope).toMatchObject({ code: '62', level: 'province' });
    expect(t2020.total.communes).toBe(figures.province.rural_communes_in_ntm_programme);
    expect(t2020.units).toHaveLength(figures.province.districts.length);
    for (const [name, n] of Object.entries(figures.province.rural_communes_per_district)) {
      if (typeof n === 'number') expect(unitNamed(t2020, name).communes, name).toBe(n);
    }
  });

  it('reproduces the communes meeting each criterion, province-wide and in every district breakdown stated', () => {
    for (const [no, n] of Object.entries(f2020.communes_meeting_each_criterion)) expect(t2020.total.perCriterion[no], `criterion ${no}`).toBe(n);
    for (const [no, byDistrict] of Object.entries(f2020.district_breakdowns_stated)) {
      if (no === 'note') continue;
      for (const [name, [met]] of Object.entries(byDistrict as Record<string, [number, number]>)) {
        expect(unitNamed(t2020, name).perCriterion[no], `criterion ${no} in ${name}`).toBe(met);
      }
    }
    // the district columns add up to the province column
    for (const k of t2020.criteria) {
      expect(t2020.units.reduce((s, u) => s + u.perCriterion[String(k.no)]!, 0)).toBe(t2020.total.perCriterion[String(k.no)]);
    }
  });

  it('reproduces the bands, the total of 1,258 criteria, the average 14.8 and the 28 recognised communes', () => {
    const b = f2020.commune_bands;
    expect(t2020.total.bands).toEqual({ '19': b['19'], '15-18': b['15-18'], '10-14': b['10-14'], '5-9': b['8-9'], '0-4': b.below_5 });
    expect(t2020.total.totalCriteria).toBe(Math.round(f2020.average_criteria_per_commune * 85));
    expect(t2020.total.averageCriteria).toBe(f2020.average_criteria_per_commune);
    expect(t2020.total.recognised).toBe(f2020.communes_ntm_recognised);
    expect(t2020.total.levels.ntm).toBe(f2020.communes_ntm_recognised);
    expect(t2020.total.meetingNotRecognised).toBe(0);
    for (const [name, list] of Object.entries(f2020.ntm_communes_by_district as Record<string, string[]>)) {
      expect(unitNamed(t2020, name).levels.ntm, name).toBe(list.length);
    }
  });

  it('sets the resolution targets per criterion beside the counts (2020, and for 2019 the coming 2020 target)', async () => {
    const goals = f2020.resolution_targets_communes_per_criterion as Record<string, number>;
    expect(t2020.criterionTargets).toEqual({ year: 2020, perCriterion: goals, source: '004' });
    const t2019 = await api.get<NtmTablesResponse>('/api/ntm/tables?year=2019');
    expect(t2019.criterionTargets?.year).toBe(2020);
    // 2023 is scored on the 2021-2025 set, which has no per-criterion targets in the reports
    const t2023 = await api.get<NtmTablesResponse>('/api/ntm/tables?year=2023');
    expect(t2023.criterionTargets).toBeNull();
  });

  it('ranks the weakest criteria: income (10) and poverty (11) first, every criterion once, ascending', () => {
    expect(t2020.weakest.slice(0, 2).map((w) => w.no).sort((a, b) => a - b)).toEqual([10, 11]);
    expect(t2020.weakest.map((w) => w.no).sort((a, b) => a - b)).toEqual(t2020.criteria.map((k) => k.no));
    for (let i = 1; i < t2020.weakest.length; i++) expect(t2020.weakest[i]!.met).toBeGreaterThanOrEqual(t2020.weakest[i - 1]!.met);
    const income = t2020.weakest.find((w) => w.no === 10)!;
    expect([income.met, income.of]).toEqual([f2020.communes_meeting_each_criterion['10'], 85]);
  });

  it('lists every commune with its criteria and ranks; the two below 10 are the report’s', () => {
    expect(t2020.communes).toHaveLength(85);
    for (const c of t2020.communes) expect(c.met).toHaveLength(c.criteriaMet);
    const below = t2020.communes.filter((c) => c.criteriaMet < 10).map((c) => foldName(c.name)).sort();
    expect(below).toEqual(f2020.communes_below_10_criteria.map((x: string) => foldName(x.replace(/ \(.*\)$/, ''))).sort());
    const top = t2020.communes.filter((c) => c.criteriaMet === 19);
    expect(top).toHaveLength(28);
    for (const c of top) expect(c.rankInProvince).toBe(1);
    const worst = Math.min(...t2020.communes.map((c) => c.criteriaMet));
    for (const c of t2020.communes.filter((x) => x.criteriaMet === worst)) expect(c.rankInProvince).toBe(85 - t2020.communes.filter((x) => x.criteriaMet === worst).length + 1);
  });

  it('tells the communes that gained or lost criteria since 2015, adding up to the rise of the average (9.0 → 14.8)', async () => {
    const ch = t2020.changes!;
    expect([ch.from, ch.to]).toEqual([2015, 2020]);
    const t2015 = await api.get<NtmTablesResponse>('/api/ntm/tables?year=2015');
    expect(t2015.total.averageCriteria).toBe(f2020.average_criteria_per_commune_2015);
    const all = new Map([...ch.gained, ...ch.lost].map((c) => [c.code, c]));
    const net = [...all.values()].reduce((s, c) => s + (c.to - c.from), 0);
    expect(net).toBe(t2020.total.totalCriteria - t2015.total.totalCriteria);
    for (const c of all.values()) expect(c.to - c.from).toBe(c.gained.length - c.lost.length);
    expect(ch.gained.length).toBeGreaterThan(0);
  });

  it('gives one district its own figures (Sa Thầy: criterion 2 met by 4 of 10)', async () => {
    const saThay = t2020.units.find((u) => same(u.name, 'Sa Thầy'))!;
    const t = await api.get<NtmTablesResponse>(`/api/ntm/tables?year=2020&district=${saThay.code}`);
    expect(t.scope).toMatchObject({ code: saThay.code, level: 'district' });
    expect(t.units).toEqual([]);
    expect(t.total.communes).toBe(10);
    expect(t.total.perCriterion['2']).toBe(f2020.district_breakdowns_stated['2']['Sa Thầy'][0]);
    expect(t.communes.every((c) => c.districtCode === saThay.code)).toBe(true);
    expect(t.total.levels.ntm).toBe(f2020.ntm_communes_by_district['Sa Thầy'].length);
  });
});

describe(`NTM targets and later years (${TARGET})`, () => {
  it('counts 2023 against the named targets of 003 and 2025 against the count targets of 004', async () => {
    const t = await api.get<NtmTablesResponse>('/api/ntm/tables?year=2023');
    const f = figures.ntm_status_later;
    expect(t.total.meetingAll).toBe(f['2023_early'].communes_meeting_19_of_19);
    expect(t.total.recognised).toBe(f['2023_early'].communes_ntm_recognised);
    expect(t.total.meetingNotRecognised).toBe(f['2023_early'].communes_meeting_19_of_19 - f['2023_early'].communes_ntm_recognised);
    expect(t.total.levels.advanced).toBe(f['2023_early'].communes_ntm_advanced);
    const named = (level: string) => t.targets.find((x) => x.year === 2023 && x.level === level)!;
    const count = (o: Record<string, string[]>) => Object.values(o).flat().length;
    expect(named('ntm').communes).toHaveLength(count(f.targets_2023.new_ntm_communes));
    expect(named('advanced').communes).toHaveLength(count(f.targets_2023.new_advanced_ntm_communes));
    expect(named('model').communes).toHaveLength(count(f.targets_2023.new_model_ntm_communes));
    const ntm2025 = t.targets.find((x) => x.year === 2025 && x.level === 'ntm')!;
    expect(ntm2025.minCount).toBe(f.targets_2025.ntm_communes_at_least);
    expect(ntm2025.current).toBe(t.total.levels.ntm);
    const adv2025 = t.targets.find((x) => x.year === 2025 && x.level === 'advanced')!;
    expect([adv2025.minCount, adv2025.maxCount]).toEqual([25, 26]);
    expect(adv2025.current).toBe(f['2023_early'].communes_ntm_advanced);
  });

  it('answers 404 naming the years with data for a year without, 404 for an unknown district, 400 for a bad year', async () => {
    const res = await api.app.request('http://localhost/api/ntm/tables?year=2021');
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string; message: { vi: string; en: string } } };
    expect(body.error.code).toBe('no_assessment');
    expect(body.error.message.vi).toContain('2020');
    expect((await api.app.request('http://localhost/api/ntm/tables?year=2020&district=699')).status).toBe(404);
    expect((await api.app.request('http://localhost/api/ntm/tables?year=abc')).status).toBe(400);
    expect((await api.app.request('http://localhost/api/ntm/tables.csv?year=2020&table=nope')).status).toBe(400);
  });
});

describe(`NTM exports laid out as the report's appendix tables (${TARGET})`, () => {
  it('CSV Biểu 01: Vietnamese header, x/N per criterion for the province and each district', async () => {
    const res = await fetchRaw('/api/ntm/tables.csv?year=2020&table=criteria');
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toContain('NTM_Bieu-01_62_2020.csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM: spreadsheets read the Vietnamese right
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('\r\n');
    const [header, ...rows] = parseCsv(text).map((r) => r.cells);
    expect(header!.slice(0, 4)).toEqual(['STT', 'Tiêu chí', 'Toàn tỉnh', 'Mục tiêu 2020 (số xã)']);
    expect(rows).toHaveLength(19);
    for (const [no, n] of Object.entries(f2020.resolution_targets_communes_per_criterion)) {
      expect(rows.find((r) => r[0] === no)![3], `target of criterion ${no}`).toBe(String(n));
    }
    expect(rows.find((r) => r[0] === '1')![3]).toBe(''); // the resolution sets no target for criterion 1
    for (const [no, n] of Object.entries(f2020.communes_meeting_each_criterion)) {
      const row = rows.find((r) => r[0] === no)!;
      expect(row[1]).toBe(t2020.criteria.find((k) => String(k.no) === no)!.name.vi);
      expect(row[2], `criterion ${no}`).toBe(`${n}/85`);
    }
    for (const [no, byDistrict] of Object.entries(f2020.district_breakdowns_stated)) {
      if (no === 'note') continue;
      const row = rows.find((r) => r[0] === no)!;
      for (const [name, [met]] of Object.entries(byDistrict as Record<string, [number, number]>)) {
        const col = header!.findIndex((h) => same(h, name));
        expect(col, name).toBeGreaterThan(3);
        expect(row[col]!.split('/')[0], `criterion ${no} in ${name}`).toBe(String(met));
      }
    }
  });

  it('CSV Biểu 02: the bands per district and the province row 85 · 28 · 9 · 46 · 2 · 0 · 1258 · 14,8', async () => {
    const [header, ...rows] = await csvOf('/api/ntm/tables.csv?year=2020&table=bands');
    expect(header![1]).toBe('Đơn vị');
    expect(header).toContain('Bình quân tiêu chí/xã');
    const total = rows.at(-1)!;
    const b = f2020.commune_bands;
    expect(total.slice(1)).toEqual(['Toàn tỉnh', '85', String(b['19']), String(b['15-18']), String(b['10-14']), String(b['8-9']), String(b.below_5), '1258', '14,8']);
    expect(rows).toHaveLength(11);
  });

  it('CSV in English with lang=en (headers and decimal point)', async () => {
    const [header, ...rows] = await csvOf('/api/ntm/tables.csv?year=2020&table=bands&lang=en');
    expect(header!.slice(0, 3)).toEqual(['No.', 'Unit', 'Communes']);
    expect(rows.at(-1)!.at(-1)).toBe('14.8');
  });

  it('CSV Biểu 07: the villages of Kon Tum city per commune/ward with the report 000 totals', async () => {
    const p = figures.villages_kon_tum_city.pilot_village_status;
    const [header, ...rows] = await csvOf('/api/ntm/tables.csv?year=2023&district=608&table=villages');
    expect(header).toContain('Số thôn điểm');
    const communes = rows.find((r) => r[1]!.startsWith('Các xã'))!;
    const wards = rows.find((r) => r[1]!.startsWith('Các phường'))!;
    const total = rows.at(-1)!;
    expect(communes.slice(3, 7)).toEqual([String(p.in_communes.villages), String(p.in_communes.criteria_met_total), '8,9', String(p.in_communes.increase)]);
    expect(wards.slice(3, 7)).toEqual([String(p.in_wards.villages), String(p.in_wards.criteria_met_total), '6,0', String(p.in_wards.increase)]);
    expect(total.slice(2, 7)).toEqual([String(figures.villages_kon_tum_city.ethnic_minority_villages), String(p.pilot_villages), String(p.criteria_met_total), '7,9', String(p.increase_since_early_2022)]);
  });

  it('XLSX: every table on its own sheet with the appendix title, merged headers and numbers as numbers', async () => {
    const res = await fetchRaw('/api/ntm/tables.xlsx?year=2020&compare=2015');
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Biểu 01', 'Biểu 02', 'Biểu 03', 'Biểu 04', 'Biểu 05', 'Biểu 06', 'Biểu 07', 'Biểu 08', 'Biểu 09', 'Biểu 10', 'Biểu 11']);
    const bands = wb.getWorksheet('Biểu 02')!;
    expect(bands.getCell('A1').value).toBe('Biểu 02');
    expect(String(bands.getCell('A2').value)).toContain('SỐ XÃ THEO SỐ TIÊU CHÍ');
    let totalRow: ExcelJS.Row | undefined;
    bands.eachRow((r) => {
      if (r.getCell(2).value === 'Toàn tỉnh') totalRow = r;
    });
    expect(totalRow).toBeDefined();
    const values = [3, 4, 5, 6, 7, 8, 9, 10].map((i) => totalRow!.getCell(i).value);
    const b = f2020.commune_bands;
    expect(values).toEqual([85, b['19'], b['15-18'], b['10-14'], b['8-9'], b.below_5, 1258, f2020.average_criteria_per_commune]);
    expect(totalRow!.font?.bold).toBe(true);
    // the two-row header: "Số xã theo số tiêu chí đạt" spans the five bands
    expect(bands.getCell('D5').isMerged).toBe(true);
    expect(bands.getCell('D5').value).toBe('Số xã theo số tiêu chí đạt');
    expect(bands.getCell('D6').value).toBe('19 tiêu chí');
    const crit = wb.getWorksheet('Biểu 01')!;
    let row2: ExcelJS.Row | undefined;
    crit.eachRow((r) => {
      if (r.getCell(1).value === 2) row2 = r;
    });
    expect(row2!.getCell(3).value).toBe(`${f2020.communes_meeting_each_criterion['2']}/85`);
    expect(wb.getWorksheet('Biểu 05')!.pageSetup.orientation).toBe('landscape');
  });
});
