/**
 * Two more report tables of issue 17 filled from the offices' files (issue 14's import), on both
 * databases: commune culture houses (XLSX and a Windows-1258 CSV) and scattered-tree inspection
 * rounds (CSV). Vietnamese headers mapped by the presets, validate → report (unknown code,
 * duplicate key, bad values → row errors, nothing written), commit → the API's own aggregation
 * (GET /api/reports/village-infrastructure, /api/reports/scattered-trees) shows the imported
 * figures, rollback → the demo figures are back exactly. The files are made here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import type { ImportReport } from '../../server/import/report.ts';
import type { InfrastructureResponse, ScatteredTreesResponse } from '../../server/domain/reports.ts';
import { ImportClient } from '../helpers/import.ts';
import { authTestApp, Client, createUser, errorOf, signedIn, TARGET, type AuthTestApp } from '../helpers/auth.ts';

let t: AuthTestApp;
let admin: Client;
let imp: ImportClient;
const report: ImportClient['report'] = (bytes, q) => imp.report(bytes, q);
const commit = (id: number) => imp.commit(id);
const rollback = (id: number) => imp.rollback(id);
const utf8 = (s: string) => new TextEncoder().encode(s);
const csv = (rows: (string | number)[][]) => Papa.unparse(rows, { newline: '\r\n' }) + '\r\n';

async function get<T>(url: string): Promise<T> {
  const res = await admin.get(url);
  expect(res.status, url).toBe(200);
  return (await res.json()) as T;
}
const errors = (r: ImportReport) => r.issues.filter((i) => i.severity === 'error');
/** A table's rows as text: equal before and after = nothing written / everything put back. */
const print = async (table: string) => (await t.sql.unsafe<{ p: string }[]>(`SELECT md5(coalesce(string_agg(x::text, ';' ORDER BY x::text), '')) AS p FROM ${table} x`))[0]!.p;
const ymd = (d: Date) => d.toISOString().slice(0, 10);
/**
 * Text as Excel saves it in Windows-1258: the letters ă â ê ô ơ ư đ precomposed, the tone marks
 * (grave, acute, tilde, hook, dot below) as combining characters after the letter.
 */
const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;
const cp1258 = (text: string) =>
  iconv.encode([...text.normalize('NFC')].map((c) => {
    const d = c.normalize('NFD');
    return d.replace(TONES, '').normalize('NFC') + (d.match(TONES) ?? []).join('');
  }).join(''), 'windows1258');

async function xlsx(rows: (string | number)[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Biểu');
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** Two communes of the demo data with a culture-house record, the latest of the first not at standard; their district. */
let houses: { code: string; name: string; as_of: Date; has_house: boolean; at_standard: boolean; district: string }[];

beforeAll(async () => {
  t = await authTestApp();
  await createUser(t.sql, { username: `immore-admin-${TARGET}`, roles: ['admin'], scopes: [] });
  admin = await signedIn(t.app, `immore-admin-${TARGET}`);
  imp = new ImportClient(t, admin);
  houses = await t.sql<typeof houses>`
    SELECT DISTINCT ON (h.commune_code) h.commune_code AS code, c.name, h.as_of, h.has_house, h.at_standard, c.parent_code AS district
    FROM commune_culture_house h JOIN admin_unit c ON c.code = h.commune_code
    ORDER BY h.commune_code, h.as_of DESC`;
  houses = [...houses.filter((h) => !h.at_standard), ...houses.filter((h) => h.at_standard)];
}, 60_000);

afterAll(async () => {
  await imp.rollbackAll();
}, 60_000);

describe('the targets', () => {
  it('are listed with their Vietnamese names and key fields', async () => {
    const { targets } = await get<{ targets: { id: string; label: { vi: string }; geometry: string; modes: string[] }[] }>('/api/import/targets');
    const by = Object.fromEntries(targets.map((x) => [x.id, x]));
    expect(by.commune_culture_houses).toMatchObject({ geometry: 'none', modes: ['merge'], label: { vi: 'nhà văn hóa xã (có / đạt chuẩn) theo ngày' } });
    expect(by.scattered_tree_inspections).toMatchObject({ geometry: 'none', modes: ['merge'], label: { vi: 'kiểm tra trồng cây phân tán (theo huyện, năm)' } });
  });
});

describe('commune culture houses', () => {
  it('XLSX: updates a commune\'s record and adds a new date for another; the district\'s counts move; rollback restores exactly', { timeout: 60_000 }, async () => {
    const [a, b] = houses;
    expect(a && b && !a.at_standard).toBeTruthy();
    const url = `/api/reports/village-infrastructure?unit=${a!.district}&by=district`;
    const before = await get<InfrastructureResponse>(url);
    const stored = await print('commune_culture_house');
    const r = await report(
      await xlsx([
        ['Mã xã', 'Tên xã', 'Ngày số liệu', 'Nhà văn hóa xã', 'Đạt chuẩn', 'Nguồn'],
        [a!.code, a!.name, ymd(a!.as_of), 'Có', 'Đạt', 'Báo cáo xã'],
        [b!.code, b!.name, '01/06/2026', 'Không', '', 'Báo cáo xã'],
      ]),
      { target: 'commune_culture_houses', name: 'nha-van-hoa-xa.xlsx' },
    );
    expect(errors(r)).toEqual([]);
    expect((await commit(r.id)).status).toBe(200);
    const [x] = await t.sql<{ has_house: boolean; at_standard: boolean; source: string }[]>`
      SELECT has_house, at_standard, source FROM commune_culture_house WHERE commune_code = ${a!.code} AND as_of = ${ymd(a!.as_of)}::date`;
    expect(x).toEqual({ has_house: true, at_standard: true, source: 'Báo cáo xã' });
    const after = await get<InfrastructureResponse>(url);
    const inDistrict = (c: { district: string }) => (c.district === a!.district ? 1 : 0);
    expect(after.total.communeCultureHousesAtStandard).toBe(before.total.communeCultureHousesAtStandard + 1 - (b!.at_standard ? inDistrict(b!) : 0));
    expect(after.total.communesWithCultureHouse).toBe(before.total.communesWithCultureHouse + (a!.has_house ? 0 : 1) - (b!.has_house ? inDistrict(b!) : 0));
    expect((await rollback(r.id)).status).toBe(200);
    expect(await print('commune_culture_house')).toBe(stored);
    expect(await get<InfrastructureResponse>(url)).toEqual(before);
  });

  it('Windows-1258 CSV: read with its Vietnamese headers and words; committed and rolled back', { timeout: 60_000 }, async () => {
    const a = houses[0]!;
    const stored = await print('commune_culture_house');
    const bytes = cp1258(csv([['Mã xã', 'Ngày số liệu', 'Có nhà văn hóa', 'Đạt chuẩn'], [a.code, '2026-07-01', 'Có', 'Chưa đạt']]));
    expect(iconv.decode(bytes, 'windows1258').normalize('NFC')).toContain('Ngày số liệu');
    expect(new TextDecoder().decode(bytes)).not.toContain('Mã xã'); // not UTF-8
    const r = await report(bytes, { target: 'commune_culture_houses', name: 'nvh-1258.csv' });
    expect(errors(r)).toEqual([]);
    expect((await commit(r.id)).status).toBe(200);
    const [x] = await t.sql<{ has_house: boolean; at_standard: boolean }[]>`
      SELECT has_house, at_standard FROM commune_culture_house WHERE commune_code = ${a.code} AND as_of = '2026-07-01'`;
    expect(x).toEqual({ has_house: true, at_standard: false });
    expect((await rollback(r.id)).status).toBe(200);
    expect(await print('commune_culture_house')).toBe(stored);
  });

  it('an unknown commune, a duplicate row, a standard without a house, a bad date: row errors, nothing written', { timeout: 60_000 }, async () => {
    const a = houses[0]!;
    const stored = await print('commune_culture_house');
    const r = await report(
      utf8(csv([
        ['Mã xã', 'Ngày số liệu', 'Nhà văn hóa xã', 'Đạt chuẩn'],
        ['99999', '2026-06-01', 'Có', 'Có'],
        [a.code, '2026-06-01', 'Có', 'Có'],
        [a.code, '2026-06-01', 'Có', 'Chưa'],
        [a.code, '2026-06-02', 'Không', 'Đạt'],
        [a.code, '31/02/2026', 'Có', 'Có'],
        [a.code, '2026-06-03', 'hỏng', 'Có'],
      ])),
      { target: 'commune_culture_houses', name: 'nvh-loi.csv' },
    );
    expect(errors(r).map((i) => `${i.row}:${i.code}`)).toEqual(expect.arrayContaining([
      '1:unknown_unit', '2:duplicate_key', '3:duplicate_key', '4:standard_without_house', '5:value_invalid', '6:value_invalid',
    ]));
    const unknown = r.issues.find((i) => i.row === 1 && i.code === 'unknown_unit')!;
    expect(unknown.message).toEqual({ vi: 'Mã xã 99999 không có trong danh mục', en: 'Commune code 99999 is not in the register' });
    expect(r.issues.find((i) => i.code === 'standard_without_house')!.message.vi).toBe(`Xã ${a.code} ghi nhà văn hóa đạt chuẩn nhưng không có nhà văn hóa`);
    expect((await errorOf(await commit(r.id))).status).toBe(422);
    expect(await print('commune_culture_house')).toBe(stored);
  });
});

describe('scattered-tree inspections', () => {
  it('CSV: a district\'s 2024 round and the 2022 finding replaced show in the report; rollback restores exactly', { timeout: 60_000 }, async () => {
    const [seeded] = await t.sql<{ district_code: string; name: string }[]>`
      SELECT i.district_code, d.name FROM scattered_tree_inspection i JOIN admin_unit d ON d.code = i.district_code WHERE i.year = 2022 ORDER BY 1 LIMIT 1`;
    expect(seeded).toBeDefined();
    const [other] = await t.sql<{ code: string }[]>`
      SELECT code FROM admin_unit WHERE level = 'district' AND code NOT IN (SELECT district_code FROM scattered_tree_inspection WHERE year = 2024) ORDER BY code LIMIT 1`;
    const url22 = `/api/reports/scattered-trees?unit=${seeded!.district_code}&year=2022`;
    const url24 = `/api/reports/scattered-trees?unit=${other!.code}&year=2024`;
    const before22 = await get<ScatteredTreesResponse>(url22);
    const before24 = await get<ScatteredTreesResponse>(url24);
    const stored = await print('scattered_tree_inspection');
    const r = await report(
      utf8(csv([
        ['Mã huyện', 'Tên huyện', 'Năm', 'Quyết định kiểm tra', 'Kết quả kiểm tra'],
        [seeded!.district_code, seeded!.name, 2022, '123/QĐ-UBND', 'Đã kiểm tra 21 đơn vị, cây sinh trưởng tốt'],
        [other!.code, '', 2024, '', 'Tỷ lệ cây sống đạt 90%'],
      ])),
      { target: 'scattered_tree_inspections', name: 'kiem-tra-cay-phan-tan.csv' },
    );
    expect(errors(r)).toEqual([]);
    expect(r.issues.filter((i) => i.severity === 'warning')).toEqual([]);
    expect((await commit(r.id)).status).toBe(200);
    const after22 = await get<ScatteredTreesResponse>(url22);
    expect(after22.inspections.find((i) => i.districtCode === seeded!.district_code)).toMatchObject({
      decision: '123/QĐ-UBND', finding: { vi: 'Đã kiểm tra 21 đơn vị, cây sinh trưởng tốt', en: 'Đã kiểm tra 21 đơn vị, cây sinh trưởng tốt' },
    });
    const after24 = await get<ScatteredTreesResponse>(url24);
    expect(after24.inspections).toEqual([...before24.inspections, expect.objectContaining({ districtCode: other!.code, decision: null, finding: { vi: 'Tỷ lệ cây sống đạt 90%', en: 'Tỷ lệ cây sống đạt 90%' } })]);
    expect((await rollback(r.id)).status).toBe(200);
    expect(await print('scattered_tree_inspection')).toBe(stored);
    expect(await get<ScatteredTreesResponse>(url22)).toEqual(before22);
    expect(await get<ScatteredTreesResponse>(url24)).toEqual(before24);
  });

  it('an unknown district, a duplicate district-year, a bad year: row errors, nothing written', { timeout: 60_000 }, async () => {
    const stored = await print('scattered_tree_inspection');
    const r = await report(
      await xlsx([
        ['Mã huyện', 'Năm', 'Kết quả kiểm tra'],
        ['999', 2024, 'Tốt'],
        ['608', 2024, 'Tốt'],
        ['608', 2024, 'Khá'],
        ['608', 'hai nghìn', 'Tốt'],
        ['608', 1990, 'Tốt'],
        ['608', 2023, ''],
      ]),
      { target: 'scattered_tree_inspections', name: 'kiem-tra-loi.xlsx' },
    );
    expect(errors(r).map((i) => `${i.row}:${i.code}`)).toEqual(expect.arrayContaining([
      '1:unknown_unit', '2:duplicate_key', '3:duplicate_key', '4:value_invalid', '5:value_range', '6:field_missing',
    ]));
    expect(r.issues.find((i) => i.row === 1 && i.code === 'unknown_unit')!.message).toEqual({ vi: 'Mã huyện 999 không có trong danh mục', en: 'District code 999 is not in the register' });
    expect(r.issues.find((i) => i.row === 5 && i.code === 'value_range')!.message.vi).toBe('Năm 1990 phải trong khoảng 2000–2100');
    expect((await errorOf(await commit(r.id))).status).toBe(422);
    expect(await print('scattered_tree_inspection')).toBe(stored);
  });
});
