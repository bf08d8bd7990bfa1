import type { Sql } from 'postgres';
import type { NtmTablesQueryInput } from '../domain/ntm.ts';
import type { ReportCell, ReportLang, ReportTable } from '../domain/report-table.ts';
import type { FundingLine, InfrastructureResponse, NtmFundingResponse, VillagePlansResponse, VillageStandingResponse } from '../domain/reports.ts';
import type { ProgrammeCapital } from '../domain/ocop.ts';
import { ntmFunding, villageInfrastructure, villagePlans, villageStanding } from './report-records.ts';
import { programmeCapital } from './ocop.ts';

/**
 * The report records as appendix tables beside the seven NTM tables (GET /api/ntm/report, the CSV
 * and the XLSX render them the same way): Biểu 08 funding 2016–2020 by source (report 004),
 * Biểu 09 village cultural infrastructure (report 004), Biểu 10 village plans of 2023 (report 000)
 * and the village standing of March 2025; Biểu 11 the national target programmes' capital by district,
 * 2022 and 2023 (report 002, GET /api/capital). Every cell is the aggregation of report-records.ts
 * and ocop.ts.
 */
export interface RecordTablesInput {
  district: string | null;
  funding: NtmFundingResponse;
  infrastructure: InfrastructureResponse;
  plans: VillagePlansResponse;
  standing: VillageStandingResponse;
  capital: ProgrammeCapital;
  /** era=after: the units of 1 July 2025 each former district's territory now lies in (Biểu 08, 11) */
  after?: { unitsByDistrict: Record<string, string[]>; plans: { code: string; name: string; units: number; built: number }[] };
}

export async function recordTablesInput(sql: Sql, q: NtmTablesQueryInput): Promise<RecordTablesInput> {
  if (q.era === 'after') {
    // from 1 July 2025: villages and communes regrouped by new unit; funding and capital stay by
    // former district (the reports' level, abolished on 1 July 2025; their figures cannot be split)
    const districts = await sql<{ code: string; units: string[] }[]>`
      SELECT c.parent_code AS code, array_agg(DISTINCT n.full_name ORDER BY n.full_name) AS units
      FROM admin_unit c
      JOIN admin_unit_succession s ON s.old_code = c.code
      JOIN admin_unit_2025 n ON n.code = s.new_code
      GROUP BY c.parent_code ORDER BY c.parent_code`;
    const plans = await sql<{ code: string; name: string; units: number; built: number }[]>`
      SELECT n.code, n.full_name AS name, count(*)::int AS units, count(*) FILTER (WHERE p.built)::int AS built
      FROM village_plan p
      JOIN admin_unit_succession s ON s.old_code = p.unit_code
      JOIN admin_unit_2025 n ON n.code = s.new_code
      WHERE p.year = 2023
      GROUP BY n.code, n.full_name ORDER BY n.code`;
    return {
      district: null,
      funding: await ntmFunding(sql, 2016, 2020),
      infrastructure: await villageInfrastructure(sql, '62', 'unit2025'),
      plans: await villagePlans(sql, '62', 2023),
      standing: await villageStanding(sql, '62'),
      capital: await programmeCapital(sql, null),
      after: { unitsByDistrict: Object.fromEntries(districts.map((d) => [d.code, d.units])), plans },
    };
  }
  const unit = q.district ?? '62';
  return {
    district: q.district ?? null,
    funding: await ntmFunding(sql, 2016, 2020),
    infrastructure: await villageInfrastructure(sql, unit, q.district ? 'commune' : 'district'),
    plans: await villagePlans(sql, unit, 2023),
    standing: await villageStanding(sql, unit),
    capital: await programmeCapital(sql, null),
  };
}

const LINE_NAMES: Record<FundingLine, { vi: string; en: string }> = {
  state_budget_direct: { vi: 'Ngân sách Nhà nước hỗ trợ trực tiếp', en: 'State budget, direct support' },
  central: { vi: 'Vốn ngân sách Trung ương', en: 'Central budget' },
  local_counterpart: { vi: 'Vốn đối ứng từ ngân sách địa phương', en: 'Local budget counterpart' },
  carried_over: { vi: 'Vốn giai đoạn trước chuyển qua', en: 'Carried over from the previous period' },
  integrated_programmes: { vi: 'Vốn lồng ghép từ các chương trình, dự án khác', en: 'Integrated from other programmes and projects' },
  credit: { vi: 'Vốn tín dụng', en: 'Credit' },
  enterprises: { vi: 'Vốn doanh nghiệp', en: 'Enterprises' },
  people_and_community: { vi: 'Vốn huy động từ người dân và cộng đồng', en: 'People and community' },
};

type After = RecordTablesInput['after'];

/** The era=after note of the tables kept by former district (Biểu 08, 11). */
function formerDistrictNote(lang: ReportLang): string {
  return lang === 'vi'
    ? 'Từ ngày 01/7/2025 không còn cấp huyện; số liệu của báo cáo theo huyện, thành phố không chia được cho các xã, phường mới nên biểu giữ theo huyện cũ, kèm các xã, phường mới trên địa bàn của huyện cũ.'
    : 'The district level was abolished on 1 July 2025; the reports\' district figures cannot be split among the new communes and wards, so the table stays by former district, with the new units on each former district\'s territory.';
}

const newUnitsOf = (after: After, code: string): string => (after?.unitsByDistrict[code] ?? []).join(', ');

function fundingTable(f: NtmFundingResponse, district: string | null, lang: ReportLang, after?: After): ReportTable {
  const vi = lang === 'vi';
  const rows: ReportCell[][] = [];
  const boldRows: number[] = [];
  const d = district ? f.districts.find((x) => x.code === district) : null;
  const amount = (k: FundingLine) => (d ? d.amounts[k] : f.lines.find((l) => l.key === k)!.amount);
  const total = d ? d.total : f.total;
  boldRows.push(0);
  rows.push(['', vi ? 'Tổng nguồn vốn huy động' : 'Total funding mobilised', total, 100]);
  let n = 0;
  for (const l of f.lines) {
    const a = amount(l.key);
    rows.push([l.parent ? '' : ++n, l.parent ? `– ${LINE_NAMES[l.key][lang]}` : LINE_NAMES[l.key][lang], a, total > 0 ? Math.round((a / total) * 1000) / 10 : 0]);
  }
  if (!district) {
    rows.push([]);
    boldRows.push(rows.length);
    rows.push(['', after ? (vi ? 'Theo huyện, thành phố cũ (trước 01/7/2025)' : 'By former district (before 1 July 2025)') : vi ? 'Theo huyện, thành phố' : 'By district', null, null, ...(after ? [null] : [])]);
    f.districts.forEach((x) =>
      rows.push(['', x.name, x.total, f.total > 0 ? Math.round((x.total / f.total) * 1000) / 10 : 0, ...(after ? [newUnitsOf(after, x.code)] : [])]),
    );
  }
  return {
    id: 'funding',
    label: vi ? 'Biểu 08' : 'Table 08',
    title: vi ? `NGUỒN VỐN HUY ĐỘNG XÂY DỰNG NÔNG THÔN MỚI GIAI ĐOẠN ${f.periodFrom} - ${f.periodTo}` : `FUNDING MOBILISED FOR NEW RURAL DEVELOPMENT, ${f.periodFrom}–${f.periodTo}`,
    subtitle: d ? d.name : vi ? 'Tỉnh Kon Tum · đơn vị tính: tỷ đồng' : 'Kon Tum province · billion VND',
    header: [[
      vi ? 'STT' : 'No.', vi ? 'Nguồn vốn' : 'Source', vi ? 'Số vốn (tỷ đồng)' : 'Amount (billion VND)', vi ? 'Tỷ lệ (%)' : 'Share (%)',
      ...(after ? [vi ? 'Xã, phường từ 01/7/2025 trên địa bàn' : 'Units of 1 July 2025 on its territory'] : []),
    ]],
    rows: after ? rows.map((r) => (r.length === 4 ? [...r, null] : r)) : rows,
    boldRows,
    formats: ['0', null, '0.000', '0.0', ...(after ? [null] : [])],
    widths: [6, 44, 16, 10, ...(after ? [60] : [])],
    notes: [
      ...(after ? [formerDistrictNote(lang)] : []),
      vi ? 'Nguồn: Báo cáo tổng kết Chương trình MTQG xây dựng nông thôn mới giai đoạn 2016 - 2020 (mục 1.7).' : 'Source: review of the national target programme on new rural development 2016–2020 (section 1.7).',
      vi ? 'Báo cáo chỉ nêu số liệu toàn tỉnh; số liệu theo huyện là số liệu minh họa, cộng đúng bằng số toàn tỉnh.' : 'The report gives the province only; the district split is illustrative and sums exactly to it.',
    ],
  };
}

function infrastructureTable(s: InfrastructureResponse, district: string | null, lang: ReportLang, after?: After): ReportTable {
  const vi = lang === 'vi';
  const rows: ReportCell[][] = [];
  const line = (no: ReportCell, name: string, r: InfrastructureResponse['total']): ReportCell[] => [
    no, name, r.villages, r.ethnicMinorityVillages, r.nhaRong, r.cultureHouseAndSportsGround, r.culturalAreaRecognised,
    district ? null : r.communes, district ? null : r.communesWithCultureHouse, district ? null : r.communeCultureHousesAtStandard,
  ];
  s.rows.forEach((r, i) => rows.push(line(i + 1, r.name, r)));
  const boldRows = [rows.length];
  rows.push(line('', district ? (vi ? `Toàn ${s.unit.name}` : `All of ${s.unit.name}`) : vi ? 'Toàn tỉnh' : 'Province', s.total));
  return {
    id: 'infrastructure',
    label: vi ? 'Biểu 09' : 'Table 09',
    title: vi ? 'THIẾT CHẾ VĂN HÓA, THỂ THAO Ở THÔN, LÀNG VÀ XÃ' : 'CULTURAL AND SPORTS FACILITIES OF VILLAGES AND COMMUNES',
    subtitle: `${s.unit.name} · ${vi ? `số liệu đến ngày ${(s.asOf ?? '').split('-').reverse().join('/')}` : `as of ${s.asOf ?? ''}`}`,
    header: [[
      vi ? 'STT' : 'No.',
      after ? (vi ? 'Xã, phường (từ 01/7/2025)' : 'Commune / ward (from 1 July 2025)') : district ? (vi ? 'Xã, phường, thị trấn' : 'Commune') : vi ? 'Huyện, thành phố' : 'District',
      vi ? 'Số thôn, làng' : 'Villages', vi ? 'Làng đồng bào DTTS tại chỗ' : 'Native ethnic-minority villages', vi ? 'Làng có nhà rông truyền thống' : 'With a nhà rông',
      vi ? 'Thôn có nhà văn hóa và khu thể thao' : 'With culture house and sports ground', vi ? 'Khu dân cư văn hóa' : 'Cultural residential areas',
      vi ? 'Số xã' : 'Communes', vi ? 'Xã có nhà văn hóa xã' : 'With a commune culture house', vi ? 'Nhà văn hóa xã đạt chuẩn' : 'Commune culture houses at standard',
    ]],
    rows,
    boldRows,
    formats: ['0', null, '0', '0', '0', '0', '0', '0', '0', '0'],
    widths: [6, 22, 10, 12, 12, 14, 12, 8, 12, 12],
    notes: [
      ...(after ? [vi ? 'Theo đơn vị hành chính từ 01/7/2025: số của mỗi xã, phường là tổng các thôn, làng và xã cũ của đơn vị.' : 'By the units of 1 July 2025: each unit\'s figures are the sums over its old communes\' villages and communes.'] : []),
      vi ? 'Nguồn: Báo cáo tổng kết giai đoạn 2016 - 2020 (chú thích về văn hóa). Báo cáo ghi 44/86 xã có nhà văn hóa xã; danh mục đơn vị hành chính có 85 xã.' : 'Source: 2016–2020 review (footnote on culture). The report writes 44 of 86 communes with a culture house; the unit list has 85 communes.',
    ],
  };
}

function plansTable(p: VillagePlansResponse, st: VillageStandingResponse, lang: ReportLang, after?: After): ReportTable {
  const vi = lang === 'vi';
  const rows: ReportCell[][] = [];
  const kind = (k: string) => (k === 'phuong' ? (vi ? 'Phường' : 'Ward') : k === 'thi_tran' ? (vi ? 'Thị trấn' : 'Township') : vi ? 'Xã' : 'Commune');
  let n = 0;
  if (after) {
    // from 1 July 2025: per new unit, how many of its old communes had built their plan (counts)
    for (const u of after.plans) {
      rows.push([++n, u.name, vi ? `${u.built}/${u.units} xã, phường cũ đã xây dựng kế hoạch` : `${u.built} of ${u.units} old units built their plan`]);
    }
  } else {
    for (const u of p.built) rows.push([++n, `${kind(u.kind)} ${u.name}`, vi ? 'Đã xây dựng kế hoạch' : 'Plan built']);
    for (const u of p.missing) rows.push([++n, `${kind(u.kind)} ${u.name}`, vi ? 'Chưa xây dựng kế hoạch' : 'No plan yet']);
  }
  const boldRows = [rows.length];
  rows.push(['', vi ? `Cộng: ${p.built.length}/${p.units} xã, phường đã xây dựng kế hoạch` : `Total: ${p.built.length} of ${p.units} units built their plan`, null]);
  if (st.asOf) {
    rows.push([]);
    boldRows.push(rows.length);
    const [y, m] = st.asOf.split('-');
    rows.push(['', vi ? `Tình hình thôn, làng đến tháng ${Number(m)}/${y}` : `Villages as of ${y}-${m}`, null]);
    rows.push(['', vi ? 'Số thôn điểm' : 'Pilot villages', st.pilotVillages]);
    rows.push(['', vi ? 'Số thôn đạt chuẩn nông thôn mới' : 'Villages at the NTM standard', st.villagesAtStandard]);
  }
  return {
    id: 'village_plans',
    label: vi ? 'Biểu 10' : 'Table 10',
    title: vi ? `KẾ HOẠCH XÂY DỰNG THÔN, LÀNG NÔNG THÔN MỚI VÙNG ĐỒNG BÀO DTTS NĂM ${p.year}` : `VILLAGE NTM PLANS IN ETHNIC-MINORITY AREAS, ${p.year}`,
    subtitle: p.unit.name,
    header: [[vi ? 'STT' : 'No.', after ? (vi ? 'Xã, phường (từ 01/7/2025)' : 'Commune / ward (from 1 July 2025)') : vi ? 'Xã, phường' : 'Commune / ward', vi ? 'Tình hình' : 'Status']],
    rows,
    boldRows,
    formats: ['0', null, null],
    widths: [6, 44, 26],
    notes: [
      vi ? 'Nguồn: Báo cáo của thành phố Kon Tum tháng 4/2023 (mục IV.2.1); tình hình thôn năm 2025: tin của tỉnh tháng 3/2025 (khoảng 110 thôn đạt chuẩn).' : 'Source: Kon Tum city report of April 2023 (IV.2.1); villages in 2025: provincial news of March 2025 (about 110 at standard).',
      ...(p.units ? [] : [vi ? 'Không có số liệu kế hoạch của đơn vị này.' : 'No plan records for this unit.']),
    ],
  };
}

/**
 * Biểu 11: per district, the share of 2022's and 2023's central capital of the national target
 * programmes allocated in detail and disbursed (report 002, as of 16 March 2023). A district's
 * figures are always the province's districts (the report's level, even when the tables show one
 * district). The last column says which allocated shares are the report's and which are
 * illustrative (demo values where the report is silent); disbursement per district is illustrative.
 */
function capitalTable(c: ProgrammeCapital, district: string | null, lang: ReportLang, after?: After): ReportTable {
  const vi = lang === 'vi';
  const years = [...c.years].sort((a, b) => a - b);
  const districts = [...new Map(c.rows.map((r) => [r.districtCode, r.districtName])).entries()].filter(([code]) => !district || code === district);
  const rows: ReportCell[][] = districts.map(([code, name], i) => {
    const of = (y: number) => c.rows.find((r) => r.districtCode === code && r.year === y);
    const cells: ReportCell[] = [i + 1, name];
    for (const y of years) {
      const r = of(y);
      cells.push(r ? r.allocatedPct : null, r ? r.disbursedPct : null);
    }
    const bySource = (src: string) => years.filter((y) => of(y)?.source === src);
    const report = bySource('report_002');
    const made = bySource('illustrative');
    const imported = bySource('import');
    cells.push(
      [
        report.length ? (vi ? `Báo cáo 002: ${report.join(', ')}` : `Report 002: ${report.join(', ')}`) : null,
        imported.length ? (vi ? `nhập từ tệp: ${imported.join(', ')}` : `imported: ${imported.join(', ')}`) : null,
        made.length ? (vi ? `minh họa: ${made.join(', ')}` : `illustrative: ${made.join(', ')}`) : null,
      ].filter(Boolean).join(' · '),
    );
    if (after) cells.push(newUnitsOf(after, code));
    return cells;
  });
  const asOf = c.rows[0]?.asOf ?? '';
  const [yy, mm, dd] = asOf.split('-');
  const date = asOf ? (vi ? `${dd}/${mm}/${yy}` : asOf) : '';
  return {
    id: 'capital',
    label: vi ? 'Biểu 11' : 'Table 11',
    title: vi
      ? `TỶ LỆ GIAO CHI TIẾT VÀ GIẢI NGÂN VỐN TRUNG ƯƠNG CÁC CHƯƠNG TRÌNH MTQG NĂM ${years.join(', ')}`
      : `CENTRAL CAPITAL OF THE NATIONAL TARGET PROGRAMMES ALLOCATED IN DETAIL AND DISBURSED, ${years.join(', ')}`,
    subtitle: after
      ? vi ? `Theo huyện, thành phố cũ (trước 01/7/2025) · đến ngày ${date} · đơn vị tính: %` : `By former district (before 1 July 2025) · as of ${date} · per cent`
      : vi ? `Theo huyện, thành phố · đến ngày ${date} · đơn vị tính: %` : `By district · as of ${date} · per cent`,
    header: [
      [
        vi ? 'STT' : 'No.', vi ? 'Huyện, thành phố' : 'District', ...years.flatMap((y) => [vi ? `Năm ${y}` : `${y}`, null]), vi ? 'Nguồn số liệu giao chi tiết' : 'Source of the allocated share',
        ...(after ? [vi ? 'Xã, phường từ 01/7/2025 trên địa bàn' : 'Units of 1 July 2025 on its territory'] : []),
      ],
      ['', '', ...years.flatMap(() => (vi ? ['Giao chi tiết (%)', 'Giải ngân (%)'] : ['Allocated in detail (%)', 'Disbursed (%)'])), '', ...(after ? [''] : [])],
    ],
    rows,
    boldRows: [],
    formats: ['0', null, ...years.flatMap(() => ['0.0', '0.0']), null, ...(after ? [null] : [])],
    widths: [6, 22, ...years.flatMap(() => [14, 12]), 30, ...(after ? [60] : [])],
    notes: [
      ...(after ? [formerDistrictNote(lang)] : []),
      vi
        ? 'Nguồn: Báo cáo 002 (tình hình thực hiện các Chương trình MTQG): năm 2023 Đăk Hà 28,4 %, Đăk Tô 22,3 %, Kon Rẫy 56,2 %, Kon Plông 18,6 %, Ia H\'Drai 12,7 %; vốn năm 2022 chỉ Kon Plông (71,6 %) và Đăk Hà (66 %) chưa giao hết.'
        : 'Source: report 002 (national target programmes): 2023 Đăk Hà 28.4 %, Đăk Tô 22.3 %, Kon Rẫy 56.2 %, Kon Plông 18.6 %, Ia H\'Drai 12.7 %; of 2022\'s capital only Kon Plông (71.6 %) and Đăk Hà (66 %) had not allocated all.',
      vi
        ? 'Các tỷ lệ giao chi tiết ghi "minh họa" và mọi tỷ lệ giải ngân là số liệu minh họa (báo cáo không nêu), không mâu thuẫn với báo cáo.'
        : 'Allocated shares marked "illustrative" and every disbursed share are illustrative (the report is silent) and never contradict it.',
    ],
  };
}

export function recordTables(input: RecordTablesInput, lang: ReportLang): ReportTable[] {
  return [
    fundingTable(input.funding, input.district, lang, input.after),
    infrastructureTable(input.infrastructure, input.district, lang, input.after),
    plansTable(input.plans, input.standing, lang, input.after),
    capitalTable(input.capital, input.district, lang, input.after),
  ];
}
