/**
 * The dashboard's own messages, Vietnamese first (wording of the reports: "bình quân … tiêu chí/xã",
 * "thôn điểm", "nghiệm thu", "trồng dặm"). They travel in the dashboard's lazy chunk rather than in
 * web/src/i18n, so the map's first load does not carry them; the header button's two strings
 * (dash.open, dash.hint) are in web/src/i18n. Same {placeholder} rule as translate().
 */
import { useMemo } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { Lang, MessageKey, Params } from '../i18n/translate.ts';

export const dashVi = {
  'dash.title': 'Biểu đồ tổng hợp',
  'dash.scope': '{name} · năm {year}',
  'dash.close': 'Đóng biểu đồ',
  'dash.source': 'Nguồn: {source}. Số liệu như các bảng biểu của ứng dụng.',
  'dash.province': 'toàn tỉnh',
  'dash.communes': 'Số xã',
  'dash.levelsTitle': 'Số xã đạt chuẩn nông thôn mới qua các năm',
  'dash.levelsNote': 'Số xã được công nhận (lũy kế); vạch đen: mục tiêu năm 2025',
  'dash.levelBar': 'Năm {year} · {level}: {n} xã',
  'dash.levelTarget': 'Mục tiêu năm {year} · {level}: {n} xã trở lên',
  'dash.target2025': 'Mục tiêu năm 2025',
  'dash.t2023Title': 'Xã phấn đấu đạt chuẩn năm 2023',
  'dash.t2023Note': 'Số xã đăng ký và số xã đã đạt',
  'dash.planned': 'Đăng ký',
  'dash.reached': 'Đã đạt',
  'dash.plannedBar': '{level}: {n} xã đăng ký năm 2023',
  'dash.reachedBar': '{level}: đã đạt {n}/{of} xã',
  'dash.avgTitle': 'Số tiêu chí bình quân/xã, {name}',
  'dash.avgCriteria': 'Tiêu chí/xã',
  'dash.avgPoint': 'Năm {year}: bình quân đạt {n} tiêu chí/xã',
  'dash.criteriaMet': 'Số tiêu chí đạt',
  'dash.communeTitle': 'Số tiêu chí đạt của xã {name} qua các năm',
  'dash.communeYear': '{name}, năm {year}: đạt {n}/{of} tiêu chí',
  'dash.byDistrictTitle': 'Số tiêu chí bình quân/xã theo huyện, năm {year}',
  'dash.byCommuneTitle': 'Số tiêu chí đạt của các xã, {name}, năm {year}',
  'dash.unitAvg': '{name}: bình quân {n} tiêu chí/xã; {ntm}/{of} xã đạt chuẩn',
  'dash.communeMet': '{name}: đạt {n}/{of} tiêu chí',
  'dash.clickHint': 'Chọn một thanh để xem đơn vị đó trên bản đồ',
  'dash.weakTitle': 'Các tiêu chí đạt thấp nhất, năm {year}',
  'dash.weakBar': 'Tiêu chí {no} – {name}: {n}/{of} xã đạt',
  'dash.villagesTitle': 'Thôn điểm xây dựng thôn NTM, năm {year}',
  'dash.villagesNote': '{n} thôn điểm, bình quân {avg} tiêu chí/thôn (số sau thanh: thôn điểm · tiêu chí/thôn)',
  'dash.villageBar': '{name}: {n} thôn điểm, bình quân {avg} tiêu chí/thôn ({all} thôn đồng bào DTTS)',
  'dash.pilots': 'Số thôn điểm',
  'dash.cls.accepted': 'Nghiệm thu đạt',
  'dash.cls.replant': 'Trồng dặm',
  'dash.cls.rejected': 'Không đạt',
  'dash.cls.not_inspected': 'Chưa nghiệm thu',
  'dash.targetHa': 'Kế hoạch giao',
  'dash.ha': 'Diện tích (ha)',
  'dash.plantByDistrict': 'Kết quả trồng rừng năm {year} theo huyện',
  'dash.plantByCommune': 'Kết quả trồng rừng năm {year} theo xã',
  'dash.plantNote': 'Đã trồng {n} ha, nghiệm thu đạt {a} ha; vạch đen: kế hoạch giao',
  'dash.plantBar': '{name} · {cls}: {n} ha',
  'dash.plantTarget': '{name} · kế hoạch giao: {n} ha',
  'dash.noPlanting': 'Không có diện tích trồng năm {year} trong phạm vi này',
  'dash.plantYearsTitle': 'Trồng rừng qua các năm, {name}',
  // reports: NTM funding 2016–2020 (report 004)
  // from 1 July 2025 (era=after): per new commune or ward, counts of its old xã (issue 17)
  'dash.byUnit2025Title': 'Số xã cũ đạt chuẩn NTM theo xã, phường mới (từ 1/7/2025), năm {year}',
  'dash.byUnit2025Note': 'Mỗi đơn vị mới: số xã cũ đã được công nhận đạt chuẩn / số xã cũ thuộc chương trình NTM (không tính bình quân). Phường gồm toàn phường cũ không có trong biểu.',
  'dash.unit2025Bar': '{name}: {n}/{of} xã cũ đạt chuẩn NTM; {all}/{of} đạt đủ tiêu chí',
  'dash.xaCu': 'Số xã cũ',
  'dash.villagesByUnit2025': 'Thôn điểm theo xã, phường mới (từ 1/7/2025), năm {year}',
  'dash.plantByUnit2025': 'Nghiệm thu rừng trồng năm {year} theo xã, phường mới (từ 1/7/2025)',
  'fund.title': 'Nguồn vốn huy động xây dựng nông thôn mới giai đoạn {from} - {to}',
  'fund.note': 'Tổng nguồn vốn huy động {n} tỷ đồng (Báo cáo tổng kết giai đoạn 2016 - 2020)',
  'fund.unit': 'Tỷ đồng',
  'fund.bar': '{name}: {n} tỷ đồng ({pct}%)',
  'fund.tableCaption': 'Nguồn vốn huy động giai đoạn {from} - {to} (tỷ đồng)',
  'fund.source': 'Nguồn vốn',
  'fund.amount': 'Tỷ đồng',
  'fund.share': 'Tỷ lệ (%)',
  'fund.total': 'Tổng nguồn vốn huy động',
  'fund.otherSources': 'Các nguồn khác',
  'fund.state_budget_direct': 'Ngân sách Nhà nước hỗ trợ trực tiếp',
  'fund.central': 'Vốn ngân sách Trung ương',
  'fund.local_counterpart': 'Vốn đối ứng từ ngân sách địa phương',
  'fund.carried_over': 'Vốn giai đoạn trước chuyển qua',
  'fund.integrated_programmes': 'Vốn lồng ghép từ các chương trình, dự án khác',
  'fund.credit': 'Vốn tín dụng',
  'fund.enterprises': 'Vốn doanh nghiệp',
  'fund.people_and_community': 'Vốn huy động từ người dân và cộng đồng',
} as const;

export type DashKey = keyof typeof dashVi;

export const dashEn: Record<DashKey, string> = {
  'dash.title': 'Dashboard',
  'dash.scope': '{name} · {year}',
  'dash.close': 'Close the charts',
  'dash.source': 'Source: {source}. Figures as in the app’s tables.',
  'dash.province': 'the province',
  'dash.communes': 'Communes',
  'dash.levelsTitle': 'Communes meeting the NTM standard over the years',
  'dash.levelsNote': 'Communes recognised (cumulative); black tick: the 2025 target',
  'dash.levelBar': '{year} · {level}: {n} communes',
  'dash.levelTarget': '{year} target · {level}: at least {n} communes',
  'dash.target2025': '2025 target',
  'dash.t2023Title': 'Communes planned to reach the standard in 2023',
  'dash.t2023Note': 'Communes planned and communes that reached it',
  'dash.planned': 'Planned',
  'dash.reached': 'Reached',
  'dash.plannedBar': '{level}: {n} communes planned for 2023',
  'dash.reachedBar': '{level}: {n} of {of} communes reached',
  'dash.avgTitle': 'Average criteria per commune, {name}',
  'dash.avgCriteria': 'Criteria/commune',
  'dash.avgPoint': '{year}: {n} criteria per commune on average',
  'dash.criteriaMet': 'Criteria met',
  'dash.communeTitle': 'Criteria met by {name} over the years',
  'dash.communeYear': '{name}, {year}: {n} of {of} criteria met',
  'dash.byDistrictTitle': 'Average criteria per commune by district, {year}',
  'dash.byCommuneTitle': 'Criteria met by commune, {name}, {year}',
  'dash.unitAvg': '{name}: {n} criteria per commune; {ntm} of {of} communes at NTM',
  'dash.communeMet': '{name}: {n} of {of} criteria met',
  'dash.clickHint': 'Choose a bar to show that unit on the map',
  'dash.weakTitle': 'Criteria met by the fewest communes, {year}',
  'dash.weakBar': 'Criterion {no} – {name}: met by {n} of {of} communes',
  'dash.villagesTitle': 'Pilot villages of the village NTM programme, {year}',
  'dash.villagesNote': '{n} pilot villages, {avg} criteria per village on average (after each bar: pilots · criteria per village)',
  'dash.villageBar': '{name}: {n} pilot villages, {avg} criteria per village on average ({all} ethnic-minority villages)',
  'dash.pilots': 'Pilot villages',
  'dash.cls.accepted': 'Accepted',
  'dash.cls.replant': 'Replant',
  'dash.cls.rejected': 'Rejected',
  'dash.cls.not_inspected': 'Not inspected',
  'dash.targetHa': 'Target',
  'dash.ha': 'Area (ha)',
  'dash.plantByDistrict': 'Planting of {year} by district',
  'dash.plantByCommune': 'Planting of {year} by commune',
  'dash.plantNote': '{n} ha planted, {a} ha accepted; black tick: the target',
  'dash.plantBar': '{name} · {cls}: {n} ha',
  'dash.plantTarget': '{name} · target: {n} ha',
  'dash.noPlanting': 'No planting in {year} within this scope',
  'dash.plantYearsTitle': 'Planting over the years, {name}',
  // from 1 July 2025 (era=after): per new commune or ward, counts of its old xã (issue 17)
  'dash.byUnit2025Title': 'Old xã at NTM by new commune or ward (from 1 July 2025), {year}',
  'dash.byUnit2025Note': 'Each new unit: its old xã recognised NTM / its old xã in the NTM programme (no average). Units made only of old wards are left out.',
  'dash.unit2025Bar': '{name}: {n} of {of} old xã at NTM; {all} of {of} meeting all criteria',
  'dash.xaCu': 'Old xã',
  'dash.villagesByUnit2025': 'Pilot villages by new commune or ward (from 1 July 2025), {year}',
  'dash.plantByUnit2025': 'Acceptance of the {year} planting by new commune or ward (from 1 July 2025)',
  // reports: NTM funding 2016–2020 (report 004)
  'fund.title': 'Funding mobilised for new rural development, {from}–{to}',
  'fund.note': '{n} billion VND mobilised in total (2016–2020 review report)',
  'fund.unit': 'Billion VND',
  'fund.bar': '{name}: {n} billion VND ({pct}%)',
  'fund.tableCaption': 'Funding mobilised {from}–{to} (billion VND)',
  'fund.source': 'Source',
  'fund.amount': 'Billion VND',
  'fund.share': 'Share (%)',
  'fund.total': 'Total funding mobilised',
  'fund.otherSources': 'Other sources',
  'fund.state_budget_direct': 'State budget, direct support',
  'fund.central': 'Central budget',
  'fund.local_counterpart': 'Local budget counterpart',
  'fund.carried_over': 'Carried over from the previous period',
  'fund.integrated_programmes': 'Integrated from other programmes and projects',
  'fund.credit': 'Credit',
  'fund.enterprises': 'Enterprises',
  'fund.people_and_community': 'People and community',
};

const DICTS: Record<Lang, Record<DashKey, string>> = { vi: dashVi, en: dashEn };

const isDashKey = (k: string): k is DashKey => Object.prototype.hasOwnProperty.call(dashVi, k);

/** The message of a dashboard key in a language, with {placeholders} filled. */
export function dashText(lang: Lang, key: DashKey, params?: Params): string {
  const msg = DICTS[lang][key] ?? dashVi[key];
  return params ? msg.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : msg;
}

/** useI18n() whose t() also knows the dashboard's keys. */
export function useDashI18n() {
  const i = useI18n();
  return useMemo(
    () => ({ ...i, t: (key: DashKey | MessageKey, params?: Params) => (isDashKey(key) ? dashText(i.lang, key, params) : i.t(key, params)) }),
    [i],
  );
}
