/**
 * The report tables of issue 17 filled from the offices' files (issue 14's import), on both
 * databases: OCOP products (CSV with lon/lat), programme capital (XLSX), NTM funding (a TCVN3 CSV,
 * merge and replace), village infrastructure, scattered trees, village plans and village standing
 * (CSV). Each: the Vietnamese headers mapped by the presets, validate → report, commit → the API's
 * own aggregation (GET /api/ocop/counts, /api/capital, /api/reports/*) shows the imported figures,
 * rollback → the previous figures are back; bad rows → clear Vietnamese errors and nothing written.
 * The files are made here (no committed fixtures); codes and points are read from the demo data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { ImportReport } from '../../server/import/report.ts';
import type { OcopCounts, ProgrammeCapital } from '../../server/domain/ocop.ts';
import type { InfrastructureResponse, NtmFundingResponse, ScatteredTreesResponse, VillagePlansResponse, VillageStandingResponse } from '../../server/domain/reports.ts';
import { ImportClient } from '../helpers/import.ts';
import { authTestApp, Client, createUser, errorOf, signedIn, TARGET, type AuthTestApp } from '../helpers/auth.ts';

let t: AuthTestApp;
let admin: Client;
let imp: ImportClient;
const report: ImportClient['report'] = (bytes, q) => imp.report(bytes, q);
const commit = (id: number) => imp.commit(id);
const rollback = (id: number) => imp.rollback(id);
const utf8 = (s: string) => new TextEncoder().encode(s);
const csv = (rows: (string | number)[][]) => rows.map((r) => r.join(',')).join('\r\n') + '\r\n';

async function get<T>(url: string): Promise<T> {
  const res = await admin.get(url);
  expect(res.status, url).toBe(200);
  return (await res.json()) as T;
}
const errors = (r: ImportReport) => r.issues.filter((i) => i.severity === 'error');
/** A table's rows as text: equal before and after = nothing written. */
const print = async (table: string) => (await t.sql.unsafe<{ p: string }[]>(`SELECT md5(coalesce(string_agg(x::text, ';' ORDER BY x::text), '')) AS p FROM ${table} x`))[0]!.p;

/** A commune of Kon Tum city (608) with villages, one of its villages, a point inside it. */
let commune: { code: string; name: string; lon: number; lat: number };
let village: { code: string; name: string; commune: string };

beforeAll(async () => {
  t = await authTestApp();
  await createUser(t.sql, { username: `imrep-admin-${TARGET}`, roles: ['admin'], scopes: [] });
  admin = await signedIn(t.app, `imrep-admin-${TARGET}`);
  imp = new ImportClient(t, admin);
  [commune] = await t.sql<typeof commune[]>`
    SELECT c.code, c.name, ST_X(ST_PointOnSurface(c.geom)) AS lon, ST_Y(ST_PointOnSurface(c.geom)) AS lat
    FROM admin_unit c WHERE c.level = 'commune' AND c.parent_code = '608' AND EXISTS (SELECT 1 FROM village v WHERE v.commune_code = c.code)
    ORDER BY c.code LIMIT 1`;
  [village] = await t.sql<typeof village[]>`SELECT code, name, commune_code AS commune FROM village WHERE commune_code = ${commune.code} ORDER BY code LIMIT 1`;
});

afterAll(async () => {
  await imp.rollbackAll();
});

describe('the targets', () => {
  it('are listed with their fields and modes', async () => {
    const { targets: list } = await get<{ targets: { id: string; geometry: string; modes: string[] }[] }>('/api/import/targets');
    const by = Object.fromEntries(list.map((x) => [x.id, x]));
    expect(by.ocop).toMatchObject({ geometry: 'point', modes: ['merge', 'replace'] });
    for (const id of ['capital', 'funding', 'village_infrastructure', 'scattered_trees', 'village_plans', 'village_standing']) expect(by[id]?.geometry).toBe('none');
    expect(by.funding!.modes).toEqual(['merge', 'replace']);
  });
});

describe('OCOP products (CSV with lon/lat)', () => {
  const header = ['Tên sản phẩm', 'Chủ thể', 'Nhóm sản phẩm', 'Hạng sao', 'Năm công nhận', 'Năm đăng ký', 'Mã xã', 'Tên xã', 'Kinh độ', 'Vĩ độ'];

  it('adds the products at their points; the counts by commune and star show them; rollback removes them', async () => {
    const byCommune = async () => (await get<OcopCounts>('/api/ocop/counts?by=commune')).rows.find((r) => r.code === commune.code)!;
    const before = await byCommune();
    const versions = t.deps.versions.get('ocop');
    const file = csv([
      header,
      ['Cà phê bột Đăk Blà', 'HTX Nông nghiệp Đăk Blà', 'Thực phẩm', '4 sao', 2024, 2024, commune.code, commune.name, commune.lon, commune.lat],
      ['Rượu sâm dây', 'Cơ sở Y Hơn', 'Đồ uống', '5 sao tiềm năng', 2024, 2023, commune.code, commune.name, commune.lon, commune.lat],
      ['Trà dây', 'Cơ sở Y Hơn', 'Thảo dược', '', '', 2025, commune.code, commune.name, commune.lon, commune.lat],
    ]);
    const r = await report(utf8(file), { target: 'ocop', name: 'ocop.csv' });
    expect(errors(r)).toEqual([]);
    expect(r.mapping).toMatchObject({ product: 'Tên sản phẩm', producer: 'Chủ thể', category: 'Nhóm sản phẩm', rating: 'Hạng sao', commune_code: 'Mã xã' });
    expect(r.counts).toMatchObject({ read: 3, inserts: 3, updates: 0 });
    expect((await commit(r.id)).status).toBe(200);
    expect(t.deps.versions.get('ocop')).toBe(versions + 1);
    const after = await byCommune();
    expect(after.star4).toBe(before.star4 + 1);
    expect(after.star5Potential).toBe(before.star5Potential + 1);
    expect(after.rated).toBe(before.rated + 2);
    expect(after.registered).toBe(before.registered + 3);
    const [p] = await t.sql<{ category: string; rating: string; n: number }[]>`
      SELECT category, rating, count(*)::int AS n FROM ocop_product WHERE name = 'Rượu sâm dây' GROUP BY 1, 2`;
    expect(p).toEqual({ category: 'do_uong', rating: '5p', n: 1 });

    // the same file again matches the products (commune code, producer, product): updates, no new rows
    const again = await report(utf8(file.replace('4 sao', '3')), { target: 'ocop', name: 'ocop-2.csv' });
    expect(again.counts).toMatchObject({ inserts: 0, updates: 3 });
    expect((await commit(again.id)).status).toBe(200);
    expect((await byCommune()).star4).toBe(before.star4);
    expect((await rollback(again.id)).status).toBe(200);
    expect((await byCommune()).star4).toBe(before.star4 + 1);

    expect((await rollback(r.id)).status).toBe(200);
    expect(await byCommune()).toEqual(before);
  });

  it('lists bad rows in Vietnamese and writes nothing', async () => {
    const before = await print('ocop_product');
    const r = await report(
      utf8(csv([
        header,
        ['Mật ong', 'Hộ A Lâm', 'Thực phẩm', '6 sao', 2024, 2024, commune.code, '', commune.lon, commune.lat],
        ['Măng khô', 'Hộ A Lâm', 'Đồ ăn vặt', '3', '', 2024, '99999', '', commune.lon, commune.lat],
        ['Sâm', 'Hộ A Lâm', 'Thảo dược', '3', 2021, 2023, commune.code, '', commune.lon, commune.lat],
      ])),
      { target: 'ocop', name: 'ocop-loi.csv' },
    );
    const codes = errors(r).map((i) => `${i.row}:${i.code}`);
    expect(codes).toEqual(expect.arrayContaining(['1:value_invalid', '2:value_invalid', '2:unknown_commune', '2:rating_year', '3:rating_before_registration']));
    expect(r.issues.find((i) => i.code === 'rating_before_registration')!.message.vi).toBe('Năm công nhận 2021 trước năm đăng ký 2023');
    expect(r.issues.find((i) => i.row === 1 && i.code === 'value_invalid')!.message.vi).toMatch(/Hạng sao: giá trị "6 sao" không hợp lệ/);
    expect(r.canCommit).toBe(false);
    expect((await errorOf(await commit(r.id))).status).toBe(422);
    expect(await print('ocop_product')).toBe(before);
  });
});

describe('programme capital (XLSX)', () => {
  const xlsx = async (rows: (string | number | Date)[][]) => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Vốn CTMTQG');
    ws.addRow(['Mã huyện', 'Tên huyện', 'Năm', 'Tỷ lệ phân bổ chi tiết (%)', 'Tỷ lệ giải ngân (%)', 'Tính đến ngày']);
    for (const r of rows) ws.addRow(r);
    return new Uint8Array(await wb.xlsx.writeBuffer());
  };

  it('updates a district-year; GET /api/capital shows it; rollback restores the report\'s figure', async () => {
    const share = async () => (await get<ProgrammeCapital>('/api/capital?year=2023')).rows.find((r) => r.districtCode === '615')!;
    expect(await share()).toMatchObject({ allocatedPct: 28.4, source: 'report_002' });
    const r = await report(await xlsx([['615', 'Huyện Đăk Hà', 2023, 64.5, 20.25, new Date(Date.UTC(2023, 8, 30))], [612, 'Huyện Đăk Tô', 2024, 40, 10, '30/09/2024']]), { target: 'capital', name: 'von-ctmtqg.xlsx' });
    expect(r.file.format).toBe('xlsx');
    expect(errors(r)).toEqual([]);
    expect(r.counts).toMatchObject({ read: 2, updates: 1, inserts: 1 });
    const v = t.deps.versions.get('capital');
    expect((await commit(r.id)).status).toBe(200);
    expect(t.deps.versions.get('capital')).toBe(v + 1);
    expect(await share()).toMatchObject({ allocatedPct: 64.5, disbursedPct: 20.3, asOf: '2023-09-30', source: 'import' });
    expect((await get<ProgrammeCapital>('/api/capital?year=2024')).rows.find((x) => x.districtCode === '612')).toMatchObject({ allocatedPct: 40, disbursedPct: 10 });
    expect((await rollback(r.id)).status).toBe(200);
    expect(await share()).toMatchObject({ allocatedPct: 28.4, disbursedPct: 1.2, asOf: '2023-03-16', source: 'report_002' });
    expect((await get<ProgrammeCapital>('/api/capital?year=2024')).rows).toEqual([]);
  });

  it('lists bad rows (unknown district, shares out of range, disbursed above allocated, year) and writes nothing', async () => {
    const before = await print('programme_capital');
    const r = await report(
      await xlsx([
        ['999', 'Huyện Đắk Hà', 2023, 50, 10, '30/09/2023'],
        ['615', '', 2023, 120, 10, '30/09/2023'],
        ['612', '', 2023, 30, 45, '30/09/2023'],
        ['613', '', 2030, 30, 5, '30/09/2023'],
        ['614', '', 2023, 30, 5, '30/09/2099'],
      ]),
      { target: 'capital', name: 'von-loi.xlsx' },
    );
    expect(errors(r).map((i) => `${i.row}:${i.code}`)).toEqual(
      expect.arrayContaining(['1:unknown_unit', '2:value_range', '3:disbursed_above_allocated', '4:value_range', '5:date_future']),
    );
    expect(r.issues.find((i) => i.row === 1 && i.code === 'unknown_unit')!.message.vi).toBe('Mã huyện 999 không có trong danh mục');
    // the name is offered as a suggestion, never matched
    expect(r.issues.find((i) => i.row === 1 && i.code === 'name_suggestion')!.message.vi).toMatch(/Mã 999 không có trong danh mục; theo tên "Huyện Đắk Hà" có thể là: .*\(615\)/);
    expect(r.issues.find((i) => i.code === 'disbursed_above_allocated')!.message.vi).toBe('Tỷ lệ giải ngân 45 % lớn hơn tỷ lệ phân bổ 30 %');
    expect((await errorOf(await commit(r.id))).status).toBe(422);
    expect(await print('programme_capital')).toBe(before);
  });
});

describe('NTM funding 2016–2020 (a TCVN3 CSV)', () => {
  const tcvn3 = (s: string) => new Uint8Array(iconv.encode(s, 'tcvn'));
  const header = ['Mã đơn vị', 'Tên đơn vị', 'Giai đoạn', 'Nguồn vốn', 'Số tiền (triệu đồng)'];

  it('reads the legacy font encoding, updates and adds sources; the report\'s total moves by the difference; rollback restores', async () => {
    const before = await get<NtmFundingResponse>('/api/reports/ntm-funding?from=2016&to=2020');
    expect(before.total).toBe(1847.561);
    const [credit] = await t.sql<{ amount: string }[]>`SELECT amount_million_vnd::text AS amount FROM ntm_funding WHERE unit_code = '608' AND source = 'credit' AND period_from = 2016`;
    const r = await report(
      tcvn3(csv([header, ['608', 'Thành phố Kon Tum', '2016 - 2020', 'Vốn tín dụng', Number(credit!.amount) + 1000], ['608', 'Thành phố Kon Tum', '2021-2025', 'Vốn doanh nghiệp', 5000]])),
      { target: 'funding', name: 'von-ntm-tcvn3.csv' },
    );
    expect(r.encoding).toMatchObject({ encoding: 'tcvn3' });
    expect(errors(r)).toEqual([]);
    expect(r.counts).toMatchObject({ read: 2, updates: 1, inserts: 1 });
    expect((await commit(r.id)).status).toBe(200);
    const after = await get<NtmFundingResponse>('/api/reports/ntm-funding?from=2016&to=2020');
    expect(after.total).toBe(1848.561);
    expect(after.lines.find((l) => l.key === 'credit')!.amount).toBe(168.801);
    expect((await get<NtmFundingResponse>('/api/reports/ntm-funding?from=2021&to=2025')).total).toBe(5);
    expect((await rollback(r.id)).status).toBe(200);
    expect(await get<NtmFundingResponse>('/api/reports/ntm-funding?from=2016&to=2020')).toEqual(before);
    expect((await get<NtmFundingResponse>('/api/reports/ntm-funding?from=2021&to=2025')).total).toBe(0);
  });

  it('replace: lists the sources of the unit and period the file lacks, removes them; rollback brings them back', async () => {
    const before = await get<NtmFundingResponse>('/api/reports/ntm-funding?from=2016&to=2020');
    const stored = await t.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM ntm_funding WHERE unit_code = '608' AND period_from = 2016`;
    const r = await report(utf8(csv([header, ['608', '', '2016-2020', 'Vốn ngân sách Trung ương', 100000]])), { target: 'funding', name: 'von-thay-the.csv', mode: 'replace' });
    expect(errors(r)).toEqual([]);
    expect(r.counts.deletes).toBe(stored[0]!.n - 1);
    expect(r.issues.filter((i) => i.code === 'replace_removes')).toHaveLength(stored[0]!.n - 1);
    expect((await commit(r.id)).status).toBe(200);
    const d = (await get<NtmFundingResponse>('/api/reports/ntm-funding?from=2016&to=2020')).districts.find((x) => x.code === '608')!;
    expect(d.total).toBe(100);
    expect((await rollback(r.id)).status).toBe(200);
    expect(await get<NtmFundingResponse>('/api/reports/ntm-funding?from=2016&to=2020')).toEqual(before);
  });

  it('refuses unknown sources and units, and a period the wrong way round', async () => {
    const before = await print('ntm_funding');
    const r = await report(
      utf8(csv([header, ['608', '', '2016-2020', 'Vốn vay nước ngoài', 1], ['700', '', '2016-2020', 'Vốn tín dụng', 1], ['608', '', '2020-2016', 'Vốn tín dụng', 1], ['608', '', '2016-2020', 'Vốn tín dụng', -5]])),
      { target: 'funding', name: 'von-loi.csv' },
    );
    expect(errors(r).map((i) => `${i.row}:${i.code}`)).toEqual(expect.arrayContaining(['1:value_invalid', '2:unknown_unit', '3:value_range', '4:value_range']));
    expect(r.issues.find((i) => i.row === 2 && i.code === 'unknown_unit')!.message.vi).toBe('Mã đơn vị (huyện hoặc tỉnh) 700 không có trong danh mục');
    expect((await errorOf(await commit(r.id))).status).toBe(422);
    expect(await print('ntm_funding')).toBe(before);
  });
});

describe('village records (CSV)', () => {
  it('village infrastructure: a new date of record becomes the village\'s state in the commune\'s counts; rollback restores', async () => {
    const url = `/api/reports/village-infrastructure?unit=${commune.code}&by=commune`;
    const before = await get<InfrastructureResponse>(url);
    const r = await report(
      utf8(csv([['Mã thôn', 'Tên thôn', 'Ngày số liệu', 'Nhà rông', 'Nhà văn hóa', 'Sân thể thao', 'Khu dân cư văn hóa'], [village.code, village.name, '01/06/2026', 'Có', 'Có', 'Có', 'Đạt']])),
      { target: 'village_infrastructure', name: 'thiet-che.csv' },
    );
    expect(errors(r)).toEqual([]);
    expect((await commit(r.id)).status).toBe(200);
    const after = await get<InfrastructureResponse>(url);
    expect(after.asOf).toBe('2026-06-01');
    expect(after.total.villages).toBe(before.total.villages);
    const [v] = await t.sql<{ nha_rong: boolean; cultural_area_recognised: boolean }[]>`
      SELECT nha_rong, cultural_area_recognised FROM village_infrastructure WHERE village_code = ${village.code} ORDER BY as_of DESC LIMIT 1`;
    expect(v).toEqual({ nha_rong: true, cultural_area_recognised: true });
    expect(after.total.nhaRong).toBeGreaterThanOrEqual(before.total.nhaRong);
    expect(after.total.culturalAreaRecognised).toBeGreaterThanOrEqual(before.total.culturalAreaRecognised);
    expect((await rollback(r.id)).status).toBe(200);
    expect(await get<InfrastructureResponse>(url)).toEqual(before);
  });

  it('village standing: a March 2026 list counts its pilot and at-standard villages; rollback restores', async () => {
    const url = `/api/reports/village-standing?unit=62&asOf=2026-03-31`;
    const before = await get<VillageStandingResponse>(url);
    const villages = await t.sql<{ code: string }[]>`SELECT code FROM village ORDER BY code LIMIT 3`;
    const r = await report(
      utf8(csv([['Mã thôn', 'Ngày số liệu', 'Thôn điểm', 'Đạt chuẩn'], ...villages.map((v, i) => [v.code, '2026-03-31', i === 0 ? 'x' : '', i < 2 ? 'Đạt' : 'Chưa đạt'])])),
      { target: 'village_standing', name: 'thon-2026.csv' },
    );
    expect(errors(r)).toEqual([]);
    expect((await commit(r.id)).status).toBe(200);
    const after = await get<VillageStandingResponse>(url);
    expect(after).toMatchObject({ asOf: '2026-03-31', pilotVillages: 1, villagesAtStandard: 2 });
    expect((await rollback(r.id)).status).toBe(200);
    expect(await get<VillageStandingResponse>(url)).toEqual(before);
  });

  it('an unknown village code is an error with the name offered as a suggestion; nothing written', async () => {
    const before = await print('village_standing');
    const r = await report(utf8(csv([['Mã thôn', 'Tên thôn', 'Ngày số liệu', 'Thôn điểm', 'Đạt chuẩn'], ['X-1', village.name, '2026-03-31', 'có', 'có'], [village.code, '', '31/02/2026', 'có', 'có'], [village.code, '', '2026-03-30', 'hỏng', 'có']])), { target: 'village_standing', name: 'thon-loi.csv' });
    expect(errors(r).map((i) => `${i.row}:${i.code}`)).toEqual(expect.arrayContaining(['1:unknown_village', '2:value_invalid', '3:value_invalid']));
    expect(r.issues.find((i) => i.row === 1 && i.code === 'name_suggestion')!.message.vi).toContain(`(${village.code})`);
    expect((await errorOf(await commit(r.id))).status).toBe(422);
    expect(await print('village_standing')).toBe(before);
  });
});

describe('unit records (CSV)', () => {
  it('scattered trees: a commune\'s 2024 planting and inspection show in the report; rollback removes them', async () => {
    const url = `/api/reports/scattered-trees?unit=${commune.code}&year=2024`;
    const before = await get<ScatteredTreesResponse>(url);
    const r = await report(
      utf8(csv([['Mã xã', 'Tên xã', 'Năm', 'Số cây trồng', 'Số cây sống', 'Ngày kiểm tra', 'Tự kiểm tra', 'Ghi chú'], [commune.code, commune.name, 2024, 1200, 1100, '15/10/2024', 'Có', 'Cây sinh trưởng tốt']])),
      { target: 'scattered_trees', name: 'cay-phan-tan.csv' },
    );
    expect(errors(r)).toEqual([]);
    expect((await commit(r.id)).status).toBe(200);
    const after = await get<ScatteredTreesResponse>(url);
    expect(JSON.stringify(after)).toContain('1200');
    expect(JSON.stringify(after)).toContain('1100');
    expect((await rollback(r.id)).status).toBe(200);
    expect(await get<ScatteredTreesResponse>(url)).toEqual(before);
  });

  it('scattered trees: more alive than planted, an inspection before the year, an unknown commune', async () => {
    const before = await print('scattered_tree_planting');
    const r = await report(
      utf8(csv([['Mã xã', 'Năm', 'Số cây trồng', 'Số cây sống', 'Ngày kiểm tra'], [commune.code, 2024, 100, 150, ''], [commune.code, 2023, 100, 50, '01/01/2022'], ['12345', 2024, 10, '', '']])),
      { target: 'scattered_trees', name: 'cay-loi.csv' },
    );
    expect(errors(r).map((i) => `${i.row}:${i.code}`)).toEqual(expect.arrayContaining(['1:counts_invalid', '2:date_before_planting', '3:unknown_unit']));
    expect(r.issues.find((i) => i.code === 'counts_invalid')!.message.vi).toBe('Số cây sống 150 lớn hơn số cây trồng 100');
    expect((await errorOf(await commit(r.id))).status).toBe(422);
    expect(await print('scattered_tree_planting')).toBe(before);
  });

  it('village plans: built / not built of 2023 per unit; rollback restores', async () => {
    const url = '/api/reports/village-plans?unit=608&year=2023';
    const before = await get<VillagePlansResponse>(url);
    const plans = await t.sql<{ code: string; built: boolean }[]>`SELECT unit_code AS code, built FROM village_plan WHERE year = 2023 AND unit_code IN (SELECT code FROM admin_unit WHERE parent_code = '608') ORDER BY unit_code LIMIT 2`;
    expect(plans.length).toBe(2);
    const r = await report(
      utf8(csv([['Mã xã', 'Năm', 'Đã xây dựng kế hoạch'], ...plans.map((p) => [p.code, 2023, p.built ? 'Chưa' : 'Đã xây dựng'])])),
      { target: 'village_plans', name: 'ke-hoach-thon.csv' },
    );
    expect(errors(r)).toEqual([]);
    expect(r.counts).toMatchObject({ updates: 2, inserts: 0 });
    expect((await commit(r.id)).status).toBe(200);
    const after = await get<VillagePlansResponse>(url);
    expect(after).not.toEqual(before);
    expect(JSON.stringify(after)).not.toBe(JSON.stringify(before));
    expect((await rollback(r.id)).status).toBe(200);
    expect(await get<VillagePlansResponse>(url)).toEqual(before);
  });

  it('a file without the key columns is refused before anything is staged', async () => {
    const res = await t.app.request(
      'http://localhost/api/import?target=village_plans&name=x.csv',
      { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', Cookie: admin.cookie!, 'X-CSRF-Token': admin.csrf! }, body: utf8(csv([['Tên xã', 'Năm', 'Đã xây dựng'], ['Xã A', 2023, 'có']])) as Uint8Array<ArrayBuffer> },
      { incoming: { socket: { remoteAddress: '127.0.0.1' } } },
    );
    const e = await errorOf(res);
    expect(e).toMatchObject({ status: 422, code: 'mapping_incomplete' });
    expect(e.vi).toMatch(/Không tìm thấy cột cho: commune_code/);
  });
});
