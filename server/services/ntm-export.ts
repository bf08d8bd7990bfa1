/**
 * The seven NTM tables, defined once, laid out like the appendix tables of the provincial reports
 * (biểu): a numbered title, the year and scope, a header in Vietnamese (English with lang=en),
 * rows grouped by district with the province total in bold, and the source under the table.
 * The screen (GET /api/ntm/report, web/src/ntm/ReportTable.tsx), the CSV and the XLSX all render
 * these definitions, with the cell text and header geometry of server/domain/report-table.ts.
 *
 * CSV holds one table (domain/csv.ts: UTF-8 with BOM, the language's separator and decimal mark)
 * so it opens cleanly in a spreadsheet and reads back in a script; XLSX holds every table, one
 * sheet each, in the appendix layout of export/xlsx.ts (shared with the forest exports).
 */
import type { NtmTablesResponse } from '../domain/ntm.ts';
import type { VillageStatsResponse } from '../domain/api.ts';
import { headerLine, type ReportCell, type ReportLang, type ReportTable } from '../domain/report-table.ts';
import { digitsOf, toCsv } from '../domain/csv.ts';
import { appendixXlsx } from '../export/xlsx.ts';

export type Lang = ReportLang;
type Cell = ReportCell;
type L = { vi: string; en: string };

/** One appendix table, in one language (the shared definition of server/domain/report-table.ts). */
export type ExportTable = ReportTable;

const LEVEL_NAMES: Record<string, L> = {
  none: { vi: 'Chưa đạt chuẩn', en: 'Not yet' },
  ntm: { vi: 'Đạt chuẩn NTM', en: 'NTM' },
  advanced: { vi: 'NTM nâng cao', en: 'Advanced NTM' },
  model: { vi: 'NTM kiểu mẫu', en: 'Model NTM' },
  district_ntm: { vi: 'Huyện đạt chuẩn / hoàn thành nhiệm vụ NTM', en: 'Districts meeting the NTM standard' },
};
const pickL = (l: L, lang: Lang) => l[lang];

export { decimal } from '../domain/report-table.ts';

const scopeLine = (t: NtmTablesResponse, lang: Lang) =>
  t.scope.level === 'province'
    ? lang === 'vi' ? `Tỉnh ${t.scope.name}` : `${t.scope.name} province`
    : lang === 'vi' ? `${t.scope.name}` : `${t.scope.name}`;
const yearLine = (t: NtmTablesResponse, lang: Lang) =>
  lang === 'vi' ? `Năm ${t.year} (số liệu đến ngày ${t.asOf.split('-').reverse().join('/')})` : `${t.year} (status as of ${t.asOf})`;
const sourceNote = (t: NtmTablesResponse, lang: Lang) => (lang === 'vi' ? `Nguồn: ${t.source.vi}` : `Source: ${t.source.en}`);
const setNote = (t: NtmTablesResponse, lang: Lang) => (lang === 'vi' ? `Bộ tiêu chí: ${t.criteriaSet.name.vi}` : `Criteria set: ${t.criteriaSet.name.en}`);
const totalName = (t: NtmTablesResponse, lang: Lang) =>
  t.scope.level === 'province' ? (lang === 'vi' ? 'Toàn tỉnh' : 'Province') : lang === 'vi' ? `Toàn ${t.scope.name}` : `All of ${t.scope.name}`;
const columnsOf = (t: NtmTablesResponse) => (t.scope.level === 'province' ? t.units : []);

function criteriaTable(t: NtmTablesResponse, lang: Lang): ExportTable {
  const units = columnsOf(t);
  const vi = lang === 'vi';
  const goals = t.criterionTargets;
  const goalHeader = goals ? [vi ? `Mục tiêu ${goals.year} (số xã)` : `Target ${goals.year} (communes)`] : [];
  const header = [vi ? 'STT' : 'No.', vi ? 'Tiêu chí' : 'Criterion', totalName(t, lang), ...goalHeader, ...units.map((u) => u.name)];
  const rows: Cell[][] = t.criteria.map((k) => [
    k.no,
    pickL(k.name, lang),
    `${t.total.perCriterion[String(k.no)] ?? 0}/${t.total.communes}`,
    ...(goals ? [goals.perCriterion[String(k.no)] ?? ''] : []),
    ...units.map((u) => `${u.perCriterion[String(k.no)] ?? 0}/${u.communes}`),
  ]);
  return {
    id: 'criteria',
    label: vi ? 'Biểu 01' : 'Table 01',
    title: vi ? 'SỐ XÃ ĐẠT CHUẨN TỪNG TIÊU CHÍ NÔNG THÔN MỚI' : 'COMMUNES MEETING EACH NTM CRITERION',
    subtitle: `${scopeLine(t, lang)} · ${yearLine(t, lang)}`,
    header: [header],
    rows,
    boldRows: [],
    formats: header.map((_, i) => (i === 0 ? '0' : null)),
    widths: [6, 44, 12, ...goalHeader.map(() => 12), ...units.map(() => 11)],
    notes: [vi ? 'Ghi chú: số xã đạt chuẩn tiêu chí / tổng số xã trong chương trình NTM của đơn vị.' : 'Communes meeting the criterion / communes of the unit in the NTM programme.', setNote(t, lang), sourceNote(t, lang)],
  };
}

function bandsTable(t: NtmTablesResponse, lang: Lang): ExportTable {
  const vi = lang === 'vi';
  const units = columnsOf(t);
  const header1 = [vi ? 'STT' : 'No.', vi ? 'Đơn vị' : 'Unit', vi ? 'Tổng số xã' : 'Communes', vi ? 'Số xã theo số tiêu chí đạt' : 'Communes by criteria met', null, null, null, null, vi ? 'Tổng số tiêu chí đạt' : 'Criteria met (sum)', vi ? 'Bình quân tiêu chí/xã' : 'Average criteria per commune'];
  const header2 = ['', '', '', vi ? '19 tiêu chí' : '19', vi ? '15–18 tiêu chí' : '15–18', vi ? '10–14 tiêu chí' : '10–14', vi ? '5–9 tiêu chí' : '5–9', vi ? 'Dưới 5 tiêu chí' : 'Below 5', '', ''];
  const row = (i: number | string, name: string, u: NtmTablesResponse['total']): Cell[] => [
    i, name, u.communes, u.bands['19'], u.bands['15-18'], u.bands['10-14'], u.bands['5-9'], u.bands['0-4'], u.totalCriteria, u.averageCriteria,
  ];
  const rows = [...units.map((u, i) => row(i + 1, u.name, u)), row('', totalName(t, lang), t.total)];
  return {
    id: 'bands',
    label: vi ? 'Biểu 02' : 'Table 02',
    title: vi ? 'SỐ XÃ THEO SỐ TIÊU CHÍ NÔNG THÔN MỚI ĐẠT ĐƯỢC' : 'COMMUNES BY NUMBER OF NTM CRITERIA MET',
    subtitle: `${scopeLine(t, lang)} · ${yearLine(t, lang)}`,
    header: [header1, header2],
    rows,
    boldRows: [rows.length - 1],
    formats: ['0', null, '0', '0', '0', '0', '0', '0', '0', '0.0'],
    widths: [6, 24, 10, 10, 10, 10, 10, 10, 12, 14],
    notes: [setNote(t, lang), sourceNote(t, lang)],
  };
}

function levelsTable(t: NtmTablesResponse, lang: Lang): ExportTable {
  const vi = lang === 'vi';
  const units = columnsOf(t);
  const header = [
    vi ? 'STT' : 'No.', vi ? 'Đơn vị' : 'Unit', vi ? 'Tổng số xã' : 'Communes', vi ? 'Đạt 19/19 tiêu chí' : 'Meeting all criteria',
    vi ? 'Đã được công nhận đạt chuẩn NTM' : 'Recognised NTM', vi ? 'Đạt 19/19, chưa công nhận' : 'Meeting all, not yet recognised',
    vi ? 'NTM nâng cao' : 'Advanced NTM', vi ? 'NTM kiểu mẫu' : 'Model NTM',
  ];
  const row = (i: number | string, name: string, u: NtmTablesResponse['total']): Cell[] => [
    i, name, u.communes, u.meetingAll, u.levels.ntm, u.meetingNotRecognised, u.levels.advanced, u.levels.model,
  ];
  const rows: Cell[][] = [...units.map((u, i) => row(i + 1, u.name, u)), row('', totalName(t, lang), t.total)];
  const boldRows = [rows.length - 1];
  if (t.targets.length) {
    rows.push([]);
    boldRows.push(rows.length);
    rows.push(['', vi ? 'MỤC TIÊU' : 'TARGETS', vi ? 'Năm' : 'Year', vi ? 'Mức' : 'Level', vi ? 'Chỉ tiêu' : 'Target', vi ? `Đã đạt (năm ${t.year})` : `Reached (${t.year})`, vi ? 'Xã / ghi chú' : 'Communes / note', '']);
    t.targets.forEach((g, i) => {
      const target = g.maxCount != null && g.maxCount !== g.minCount ? `${g.minCount}–${g.maxCount}` : vi ? `${g.communes.length ? '' : 'từ '}${g.minCount}` : `${g.communes.length ? '' : '≥ '}${g.minCount}`;
      const detail = g.communes.length ? g.communes.map((c) => `${c.name} (${c.districtName})${c.reached ? ' ✓' : ''}`).join('; ') : g.note ? pickL(g.note, lang) : '';
      rows.push([i + 1, '', g.year, pickL(LEVEL_NAMES[g.level] ?? { vi: g.level, en: g.level }, lang), target.trim(), g.current ?? '', detail, '']);
    });
  }
  return {
    id: 'levels',
    label: vi ? 'Biểu 03' : 'Table 03',
    title: vi ? 'XÃ ĐẠT CHUẨN NÔNG THÔN MỚI, NÂNG CAO, KIỂU MẪU VÀ MỤC TIÊU' : 'NTM, ADVANCED AND MODEL COMMUNES AGAINST THE TARGETS',
    subtitle: `${scopeLine(t, lang)} · ${yearLine(t, lang)}`,
    header: [header],
    rows,
    boldRows,
    formats: ['0', null, '0', '0', '0', '0', null, '0'],
    widths: [6, 24, 10, 12, 14, 14, 40, 10],
    notes: [
      vi ? 'Số xã đã công nhận tính cộng dồn: xã nâng cao, kiểu mẫu cũng được tính là xã đạt chuẩn NTM. ✓: đã đạt mức mục tiêu.' : 'Recognised counts are cumulative: advanced and model communes also count as NTM. ✓: target level reached.',
      sourceNote(t, lang),
    ],
  };
}

function weakestTable(t: NtmTablesResponse, lang: Lang): ExportTable {
  const vi = lang === 'vi';
  const header = [vi ? 'Thứ tự' : 'Rank', vi ? 'Tiêu chí số' : 'Criterion no.', vi ? 'Tên tiêu chí' : 'Criterion', vi ? 'Số xã đạt' : 'Communes meeting it', vi ? 'Tổng số xã' : 'Communes', vi ? 'Tỷ lệ (%)' : 'Share (%)'];
  return {
    id: 'weakest',
    label: vi ? 'Biểu 04' : 'Table 04',
    title: vi ? 'CÁC TIÊU CHÍ CÓ TỶ LỆ XÃ ĐẠT THẤP NHẤT' : 'WEAKEST CRITERIA, RANKED',
    subtitle: `${scopeLine(t, lang)} · ${yearLine(t, lang)}`,
    header: [header],
    rows: t.weakest.map((w, i) => [i + 1, w.no, pickL(w.name, lang), w.met, w.of, w.share]),
    boldRows: [],
    formats: ['0', '0', null, '0', '0', '0.0'],
    widths: [8, 10, 44, 12, 12, 10],
    notes: [sourceNote(t, lang)],
  };
}

function communesTable(t: NtmTablesResponse, lang: Lang): ExportTable {
  const vi = lang === 'vi';
  const nos = t.criteria.map((k) => k.no);
  const header1 = [vi ? 'STT' : 'No.', vi ? 'Đơn vị' : 'Unit', vi ? 'Tiêu chí đạt chuẩn' : 'Criteria met', ...nos.slice(1).map(() => null), vi ? 'Tổng số tiêu chí đạt' : 'Total', vi ? 'Mức đạt chuẩn' : 'Level', vi ? 'Ngày công nhận' : 'Recognised on', vi ? 'Xếp hạng trong huyện' : 'Rank in district', vi ? 'Xếp hạng trong tỉnh' : 'Rank in province'];
  const header2 = ['', '', ...nos.map((n) => String(n)), '', '', '', '', ''];
  const rows: Cell[][] = [];
  const boldRows: number[] = [];
  const communeCodes: (string | null)[] = [];
  const roman = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];
  const districts = [...new Set(t.communes.map((c) => c.districtCode))];
  districts.forEach((d, di) => {
    const list = t.communes.filter((c) => c.districtCode === d);
    const sum = list.reduce((s, c) => s + c.criteriaMet, 0);
    boldRows.push(rows.length);
    communeCodes.push(null);
    rows.push([
      roman[di] ?? String(di + 1),
      list[0]!.districtName,
      ...nos.map((n) => list.filter((c) => c.met.includes(n)).length),
      sum,
      '', '', '', '',
    ]);
    list.forEach((c, i) => {
      const name = LEVEL_NAMES[c.level] ?? LEVEL_NAMES.none!;
      const level = c.level === 'none' && c.criteriaMet === nos.length ? (vi ? 'Đạt 19/19, chưa công nhận' : 'Meets all, not yet recognised') : pickL(name, lang);
      communeCodes.push(c.code);
      rows.push([i + 1, c.name, ...nos.map((n) => (c.met.includes(n) ? 'x' : '')), c.criteriaMet, level, c.recognisedOn ? c.recognisedOn.split('-').reverse().join('/') : '', c.rankInDistrict, c.rankInProvince]);
    });
  });
  boldRows.push(rows.length);
  communeCodes.push(null);
  rows.push(['', totalName(t, lang), ...nos.map((n) => t.total.perCriterion[String(n)] ?? 0), t.total.totalCriteria, '', '', '', '']);
  return {
    id: 'communes',
    label: vi ? 'Biểu 05' : 'Table 05',
    title: vi ? 'KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ QUỐC GIA VỀ XÃ NÔNG THÔN MỚI THEO TỪNG XÃ' : 'NTM CRITERIA MET BY EACH COMMUNE',
    subtitle: `${scopeLine(t, lang)} · ${yearLine(t, lang)}`,
    header: [header1, header2],
    rows,
    boldRows,
    formats: ['0', null, ...nos.map(() => null), '0', null, null, '0', '0'],
    widths: [6, 22, ...nos.map(() => 4), 10, 22, 12, 10, 10],
    notes: [vi ? 'x: xã đạt chuẩn tiêu chí. Dòng huyện: số xã đạt chuẩn từng tiêu chí.' : 'x: the commune meets the criterion. District rows: communes meeting each criterion.', setNote(t, lang), sourceNote(t, lang)],
    communeCodes,
  };
}

function changesTable(t: NtmTablesResponse, lang: Lang): ExportTable {
  const vi = lang === 'vi';
  const ch = t.changes;
  const from = ch?.from ?? t.year;
  const header = [vi ? 'STT' : 'No.', vi ? 'Huyện' : 'District', vi ? 'Xã' : 'Commune', vi ? `Số tiêu chí năm ${from}` : `Criteria ${from}`, vi ? `Số tiêu chí năm ${t.year}` : `Criteria ${t.year}`, vi ? 'Tăng (+) / giảm (−)' : 'Change', vi ? 'Tiêu chí đạt thêm' : 'Criteria gained', vi ? 'Tiêu chí không còn đạt' : 'Criteria lost'];
  const rows: Cell[][] = [];
  const boldRows: number[] = [];
  const block = (title: string, list: NonNullable<typeof ch>['gained']) => {
    boldRows.push(rows.length);
    rows.push(['', title, '', '', '', '', '', '']);
    list.forEach((c, i) => rows.push([i + 1, c.districtName, c.name, c.from, c.to, c.to - c.from, c.gained.join(', '), c.lost.join(', ')]));
  };
  if (ch) {
    block(vi ? `Xã đạt thêm tiêu chí (${ch.gained.length} xã)` : `Communes that gained criteria (${ch.gained.length})`, ch.gained);
    block(vi ? `Xã có tiêu chí không còn đạt (${ch.lost.length} xã)` : `Communes that lost criteria (${ch.lost.length})`, ch.lost);
  }
  return {
    id: 'changes',
    label: vi ? 'Biểu 06' : 'Table 06',
    title: vi ? `XÃ TĂNG, GIẢM TIÊU CHÍ NÔNG THÔN MỚI GIỮA NĂM ${from} VÀ NĂM ${t.year}` : `COMMUNES THAT GAINED OR LOST NTM CRITERIA, ${from}–${t.year}`,
    subtitle: scopeLine(t, lang),
    header: [header],
    rows,
    boldRows,
    formats: ['0', null, null, '0', '0', '+0;-0;0', null, null],
    widths: [6, 18, 20, 12, 12, 12, 30, 30],
    notes: ch
      ? [vi ? 'Tiêu chí được so sánh theo số thứ tự (bộ tiêu chí 2021–2025 giữ số thứ tự của bộ 2016–2020).' : 'Criteria compared by number (the 2021–2025 set keeps the numbers of 2016–2020).', sourceNote(t, lang)]
      : [vi ? 'Chọn năm so sánh (compare) để có biểu này.' : 'Choose a year to compare with (compare=) for this table.'],
  };
}

/** Village table (report 000): per commune/ward — or per district for the province. */
export interface VillageExportInput {
  stats: VillageStatsResponse;
  /** the groups of the province's rows: districts, or (era 'after') the units of 1 July 2025 */
  byDistrict: (VillageStatsResponse['byCommune'][number])[] | null;
  era?: 'after';
}

function villagesTable(t: NtmTablesResponse, v: VillageExportInput | null, lang: Lang): ExportTable {
  const vi = lang === 'vi';
  const s = v?.stats;
  const base = s?.baseline;
  const header = [
    vi ? 'STT' : 'No.',
    v?.era === 'after' ? (vi ? 'Xã, phường (từ 1/7/2025)' : 'Commune / ward (from 1 July 2025)') : vi ? (v?.byDistrict ? 'Huyện, thành phố' : 'Xã, phường') : v?.byDistrict ? 'District' : 'Commune / ward',
    vi ? 'Số thôn DTTS' : 'Ethnic-minority villages', vi ? 'Số thôn điểm' : 'Pilot villages', vi ? 'Tổng số tiêu chí đạt (thôn điểm)' : 'Criteria met (pilot villages)',
    vi ? 'Bình quân tiêu chí/thôn điểm' : 'Average per pilot village', base != null ? (vi ? `Tăng so với năm ${base}` : `Increase since ${base}`) : vi ? 'Tăng' : 'Increase',
    vi ? 'Thôn đạt 10/10 tiêu chí' : 'Villages at 10/10', vi ? 'Thôn được công nhận' : 'Recognised villages', vi ? 'Thôn kế hoạch đạt chuẩn trong năm' : 'Villages targeted this year',
  ];
  const rows: Cell[][] = [];
  const boldRows: number[] = [];
  if (s) {
    const list = v!.byDistrict ?? s.byCommune;
    list.forEach((g, i) =>
      rows.push([i + 1, g.name, g.villages, g.pilotVillages, g.criteriaMetTotal, g.averagePerPilot, g.increaseSinceBaseline ?? '', g.atTen.length, g.recognised.length, g.targeted]),
    );
    const tot = (name: string, g: VillageStatsResponse['total']) => [
      '', name, g.villages, g.pilotVillages, g.criteriaMetTotal, g.averagePerPilot, g.increaseSinceBaseline ?? '', g.atTen.length, g.recognised.length, g.targeted,
    ];
    if (!v!.byDistrict) {
      boldRows.push(rows.length);
      rows.push(tot(vi ? `Các xã (${s.inCommunes.units})` : `Communes (${s.inCommunes.units})`, s.inCommunes));
      boldRows.push(rows.length);
      rows.push(tot(vi ? `Các phường (${s.inWards.units})` : `Wards (${s.inWards.units})`, s.inWards));
    }
    boldRows.push(rows.length);
    rows.push(tot(v!.byDistrict ? (vi ? 'Toàn tỉnh' : 'Province') : vi ? `Toàn ${s.unit.name}` : `All of ${s.unit.name}`, s.total));
  }
  return {
    id: 'villages',
    label: vi ? 'Biểu 07' : 'Table 07',
    title: vi ? 'THÔN, LÀNG ĐỒNG BÀO DÂN TỘC THIỂU SỐ THEO BỘ TIÊU CHÍ THÔN NÔNG THÔN MỚI' : 'ETHNIC-MINORITY VILLAGES ON THE VILLAGE NTM CRITERIA',
    subtitle: s ? `${s.unit.name} · ${vi ? `Năm ${s.year}` : s.year}` : scopeLine(t, lang),
    header: [header],
    rows,
    boldRows,
    formats: ['0', null, '0', '0', '0', '0.0', '0', '0', '0', '0'],
    widths: [6, 22, 10, 10, 14, 12, 12, 12, 12, 12],
    notes: [
      vi ? 'Thôn điểm: thôn điểm của thành phố và của xã, phường. Bộ tiêu chí thôn gồm 10 tiêu chí.' : 'Pilot villages: city and commune/ward pilots. The village set has 10 criteria.',
      ...(s ? [] : [vi ? 'Không có số liệu thôn cho năm này.' : 'No village data for this year.']),
    ],
  };
}

// ---------- era=after: the units of 1 July 2025 ----------

type Unit2025 = NonNullable<NtmTablesResponse['units2025']>[number];
/** 'x/N' of a new unit's old xã; empty for a unit without an old xã in the NTM programme (wards) */
const ofXa = (x: number, u: { oldXa: number }) => (u.oldXa ? `${x}/${u.oldXa}` : '');
const eraLine = (lang: Lang) => (lang === 'vi' ? 'Theo đơn vị hành chính từ 1/7/2025' : 'By the units of 1 July 2025');
const eraNotes = (lang: Lang) =>
  lang === 'vi'
    ? ['Đơn vị mới (Nghị quyết 1677/NQ-UBTVQH15) chưa được đánh giá như một đơn vị: số liệu là số xã cũ của đơn vị, x/N = x trong N xã cũ thuộc chương trình NTM; không tính bình quân. Phường cũ, thị trấn không thuộc chương trình NTM.']
    : ['A new unit (Resolution 1677/NQ-UBTVQH15) was never assessed as one: figures count its old xã, x/N = x of its N old xã in the NTM programme; no average. Old wards and towns are outside the NTM programme.'];

function units2025CriteriaTable(t: NtmTablesResponse, units: Unit2025[], lang: Lang): ExportTable {
  const vi = lang === 'vi';
  const nos = t.criteria.map((k) => k.no);
  const header1 = [vi ? 'STT' : 'No.', vi ? 'Xã, phường (từ 1/7/2025)' : 'Commune / ward (from 1 July 2025)', vi ? 'Số xã cũ (NTM)' : 'Old xã (NTM)', vi ? 'Số xã cũ đạt từng tiêu chí' : 'Old xã meeting each criterion', ...nos.slice(1).map(() => null)];
  const header2 = ['', '', '', ...nos.map((n) => String(n))];
  const rows: Cell[][] = units.map((u, i) => [i + 1, u.name, u.oldXa, ...nos.map((n) => ofXa(u.perCriterion[String(n)] ?? 0, u))]);
  rows.push(['', vi ? 'Toàn tỉnh' : 'Province', t.total.communes, ...nos.map((n) => `${t.total.perCriterion[String(n)] ?? 0}/${t.total.communes}`)]);
  return {
    id: 'units2025_criteria',
    label: vi ? 'Biểu 01-M' : 'Table 01-N',
    title: vi ? 'SỐ XÃ CŨ ĐẠT CHUẨN TỪNG TIÊU CHÍ NÔNG THÔN MỚI, THEO XÃ, PHƯỜNG MỚI' : 'OLD XÃ MEETING EACH NTM CRITERION, BY NEW COMMUNE OR WARD',
    subtitle: `${scopeLine(t, lang)} · ${eraLine(lang)} · ${yearLine(t, lang)}`,
    header: [header1, header2],
    rows,
    boldRows: [rows.length - 1],
    formats: ['0', null, '0', ...nos.map(() => null)],
    widths: [6, 24, 10, ...nos.map(() => 6)],
    notes: [...eraNotes(lang), setNote(t, lang), sourceNote(t, lang)],
  };
}

function units2025LevelsTable(t: NtmTablesResponse, units: Unit2025[], lang: Lang): ExportTable {
  const vi = lang === 'vi';
  const all = t.criteria.length;
  const header = [
    vi ? 'STT' : 'No.', vi ? 'Xã, phường (từ 1/7/2025)' : 'Commune / ward (from 1 July 2025)', vi ? 'Số đơn vị cũ' : 'Old units', vi ? 'Số xã cũ (NTM)' : 'Old xã (NTM)',
    vi ? 'Có số liệu' : 'With a record', vi ? `Đạt ${all}/${all} tiêu chí` : `Meeting all ${all}`, vi ? 'Đạt chuẩn NTM' : 'NTM', vi ? 'NTM nâng cao' : 'Advanced NTM', vi ? 'NTM kiểu mẫu' : 'Model NTM',
    vi ? 'Tổng số tiêu chí đạt' : 'Criteria met (sum)',
  ];
  const rows: Cell[][] = units.map((u, i) => [
    i + 1, u.name, u.oldUnits, u.oldXa, ofXa(u.withData, u), ofXa(u.meetsAll, u), ofXa(u.levels.ntm, u), ofXa(u.levels.advanced, u), ofXa(u.levels.model, u), u.totalCriteria,
  ]);
  const n = t.total.communes;
  rows.push(['', vi ? 'Toàn tỉnh' : 'Province', units.reduce((s, u) => s + u.oldUnits, 0), n, `${units.reduce((s, u) => s + u.withData, 0)}/${n}`, `${t.total.meetingAll}/${n}`, `${t.total.levels.ntm}/${n}`, `${t.total.levels.advanced}/${n}`, `${t.total.levels.model}/${n}`, t.total.totalCriteria]);
  return {
    id: 'units2025_levels',
    label: vi ? 'Biểu 03-M' : 'Table 03-N',
    title: vi ? 'XÃ CŨ ĐẠT CHUẨN NÔNG THÔN MỚI, NÂNG CAO, KIỂU MẪU, THEO XÃ, PHƯỜNG MỚI' : 'OLD XÃ AT NTM, ADVANCED AND MODEL, BY NEW COMMUNE OR WARD',
    subtitle: `${scopeLine(t, lang)} · ${eraLine(lang)} · ${yearLine(t, lang)}`,
    header: [header],
    rows,
    boldRows: [rows.length - 1],
    formats: ['0', null, '0', '0', null, null, null, null, null, '0'],
    widths: [6, 24, 10, 10, 10, 12, 12, 12, 12, 12],
    notes: [
      ...eraNotes(lang),
      vi ? 'Số xã đã công nhận tính cộng dồn: xã nâng cao, kiểu mẫu cũng được tính là xã đạt chuẩn NTM.' : 'Recognised counts are cumulative: advanced and model communes also count as NTM.',
      sourceNote(t, lang),
    ],
  };
}

function units2025YearsTable(t: NtmTablesResponse, units: Unit2025[], lang: Lang): ExportTable {
  const vi = lang === 'vi';
  const years = units[0]?.years.map((y) => y.year) ?? [];
  const header1 = [vi ? 'STT' : 'No.', vi ? 'Xã, phường (từ 1/7/2025)' : 'Commune / ward (from 1 July 2025)', vi ? 'Số xã cũ (NTM)' : 'Old xã (NTM)', vi ? 'Số xã cũ đã được công nhận đạt chuẩn NTM, theo năm' : 'Old xã recognised NTM, by year', ...years.slice(1).map(() => null)];
  const header2 = ['', '', '', ...years.map(String)];
  const rows: Cell[][] = units.map((u, i) => [i + 1, u.name, u.oldXa, ...years.map((y) => ofXa(u.years.find((r) => r.year === y)?.ntm ?? 0, u))]);
  const n = t.total.communes;
  rows.push(['', vi ? 'Toàn tỉnh' : 'Province', n, ...years.map((y) => `${units.reduce((s, u) => s + (u.years.find((r) => r.year === y)?.ntm ?? 0), 0)}/${n}`)]);
  return {
    id: 'units2025_years',
    label: vi ? 'Biểu 06-M' : 'Table 06-N',
    title: vi ? 'QUÁ TRÌNH ĐẠT CHUẨN NÔNG THÔN MỚI CỦA CÁC XÃ CŨ, THEO XÃ, PHƯỜNG MỚI' : 'OLD XÃ RECOGNISED NTM YEAR BY YEAR, BY NEW COMMUNE OR WARD',
    subtitle: `${scopeLine(t, lang)} · ${eraLine(lang)} · ${years.length ? `${years[0]}–${years.at(-1)}` : ''}`,
    header: [header1, header2],
    rows,
    boldRows: [rows.length - 1],
    formats: ['0', null, '0', ...years.map(() => null)],
    widths: [6, 24, 10, ...years.map(() => 8)],
    notes: [
      ...eraNotes(lang),
      vi ? 'Năm không có số liệu đánh giá không có cột.' : 'Years without an assessment have no column.',
      sourceNote(t, lang),
    ],
  };
}

/** Every table of the tables response, in one language. */
export function exportTables(t: NtmTablesResponse, villages: VillageExportInput | null, lang: Lang): ExportTable[] {
  if (t.units2025) return [units2025CriteriaTable(t, t.units2025, lang), units2025LevelsTable(t, t.units2025, lang), units2025YearsTable(t, t.units2025, lang), weakestTable(t, lang), villagesTable(t, villages, lang)];
  return [criteriaTable(t, lang), bandsTable(t, lang), levelsTable(t, lang), weakestTable(t, lang), communesTable(t, lang), changesTable(t, lang), villagesTable(t, villages, lang)];
}

/**
 * One table as CSV: its header rows (merged cells repeated from the left) then its rows, in the
 * language's convention of every export (domain/csv.ts: 14,8 and ';' in Vietnamese).
 */
export function tableCsv(table: ExportTable, lang: Lang): string {
  return toCsv([headerLine(table.header), ...table.rows], lang, table.formats.map((f) => digitsOf(f ?? undefined)));
}

/** Every table as one XLSX workbook, one sheet per table (appendix layout, print-ready: export/xlsx.ts). */
export function tablesXlsx(tables: ExportTable[], lang: Lang): Promise<Uint8Array> {
  return appendixXlsx(tables, lang);
}

/** File name of an export: 'NTM_Bieu-01_62_2020.csv'. */
export function exportFileName(t: NtmTablesResponse, table: ExportTable | null, ext: 'csv' | 'xlsx'): string {
  const what = table ? table.label.replace(/\s+/g, '-').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D') : 'Bieu';
  return `NTM_${what}_${t.scope.code}_${t.year}${t.changes ? `_${t.changes.from}` : ''}${t.units2025 ? '_don-vi-2025' : ''}.${ext}`;
}

