import { TERMS } from '../domain/terms.ts';
import type { PlantingRow, PlantingStatsResponse } from '../domain/api.ts';
import type { ExportTable } from './forest-export.ts';

/**
 * The acceptance table of a planting year (report 000, section III) as an export table: one row
 * per commune or district and the total, the same numbers as /api/stats/planting.
 */
export function plantingTable(s: PlantingStatsResponse, lang: 'vi' | 'en'): ExportTable<PlantingRow> {
  const num = (x: number | string | null) => (x == null ? null : Number(x));
  const ha = (f: (r: PlantingRow) => number) => ({ value: (r: PlantingRow) => num(f(r)), numFmt: '0.00', width: 13 });
  // era=after: by unit of 1 July 2025 (xã, phường mới)
  const byVi = s.by === 'district' ? 'huyện' : s.by === 'unit2025' ? 'xã, phường (từ 1/7/2025)' : 'xã';
  const byEn = s.by === 'unit2025' ? 'commune or ward (from 1 July 2025)' : s.by;
  return {
    label: { vi: 'Biểu 01/LN', en: 'Table 01/F' },
    title: { vi: `Nghiệm thu rừng trồng năm ${s.plantingYear}`, en: `Acceptance of the ${s.plantingYear} planting` },
    notes: [
      {
        vi: `Theo ${byVi}; diện tích (ha); tỷ lệ sống bình quân theo diện tích đã kiểm tra. Đạt: > 85 %, trồng dặm: 50–85 %, không đạt: < 50 %.`,
        en: `By ${byEn}; areas in ha; survival weighted by inspected area. Accepted: > 85 %, replant: 50–85 %, rejected: < 50 %.`,
      },
    ],
    columns: [
      { header: { vi: 'Mã', en: 'Code' }, value: (r) => r.code, width: 8 },
      { header: { vi: s.by === 'district' ? 'Huyện' : s.by === 'unit2025' ? 'Xã, phường mới' : 'Xã', en: s.by === 'district' ? 'District' : s.by === 'unit2025' ? 'New commune/ward' : 'Commune' }, value: (r) => r.name, width: 18 },
      { header: { vi: 'Diện tích trồng', en: 'Planted' }, ...ha((r) => r.plantedHa) },
      { header: { vi: 'Đã kiểm tra', en: 'Inspected' }, ...ha((r) => r.inspectedHa) },
      { header: { vi: `${TERMS.accepted.vi} (> 85 %)`, en: `${TERMS.accepted.en} (> 85 %)` }, ...ha((r) => r.acceptedHa) },
      { header: { vi: 'Trồng dặm (50–85 %)', en: 'Replant (50–85 %)' }, ...ha((r) => r.replantHa) },
      { header: { vi: 'Không đạt (< 50 %)', en: 'Rejected (< 50 %)' }, ...ha((r) => r.rejectedHa) },
      { header: TERMS.notInspected, ...ha((r) => r.notInspectedHa) },
      { header: { vi: 'trong đó rút khỏi kế hoạch', en: 'of which withdrawn' }, ...ha((r) => r.withdrawnHa) },
      { header: { vi: 'Tỷ lệ sống (%)', en: 'Survival (%)' }, value: (r) => num(r.survivalPct), numFmt: '0.00', width: 12 },
      { header: { vi: 'Kế hoạch (ha)', en: 'Target (ha)' }, value: (r) => num(r.targetHa), numFmt: '0.00', width: 12 },
    ],
    rows: s.rows,
    total: { ...s.total, name: lang === 'vi' ? `Tổng cộng (${s.total.name})` : `Total (${s.total.name})` },
  };
}
