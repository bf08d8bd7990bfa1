import type { Sql } from 'postgres';
import { FUNDING_TERMS } from '../domain/terms.ts';
import { sqlFile } from '../sql/load.ts';
import { treesToAdd, type WorklistQuery, type WorklistResponse, type WorklistRow } from '../domain/forest.ts';
import { plotLabel } from '../domain/forest.ts';
import type { ExportTable } from './forest-export.ts';
import { toVn2000 } from '../geo/vn2000.ts';

interface Row {
  plot_id: string;
  tk: number;
  khoanh: number;
  lo: string;
  commune_code: string;
  commune_name: string;
  district_code: string;
  district_name: string;
  unit_2025_code: string | null;
  unit_2025_name: string | null;
  planting_id: string;
  planting_year: number;
  funding: 'state' | 'self';
  household: string | null;
  species: string;
  area_ha: number;
  density_per_ha: number;
  survival_pct: number;
  result: 'replant' | 'rejected';
  inspected_on: string;
  cx: number;
  cy: number;
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * The lô whose latest inspection orders replanting (trồng dặm) — and the rejected ones on request —
 * under the filters, with the area and the trees to add (area × design density × dead share).
 */
export async function replantWorklist(sql: Sql, q: WorklistQuery): Promise<WorklistResponse> {
  const includeRejected = q.includeRejected ?? false;
  const rows = await sql.unsafe<Row[]>(sqlFile('stats/planting-worklist'), [
    q.plantingYear ?? null,
    q.unit ?? null,
    q.funding ?? null,
    includeRejected,
    q.limit + 1,
    q.unit2025 ?? null,
  ]);
  const truncated = rows.length > q.limit;
  const out: WorklistRow[] = rows.slice(0, q.limit).map((r) => ({
    plotId: Number(r.plot_id),
    label: plotLabel(r.tk, r.khoanh, r.lo),
    tk: r.tk,
    khoanh: r.khoanh,
    lo: r.lo,
    commune: { code: r.commune_code, name: r.commune_name },
    district: { code: r.district_code, name: r.district_name },
    unit2025: r.unit_2025_code ? { code: r.unit_2025_code, fullName: r.unit_2025_name ?? '' } : null,
    plantingId: Number(r.planting_id),
    plantingYear: r.planting_year,
    funding: r.funding,
    household: r.household,
    species: r.species,
    areaHa: r.area_ha,
    densityPerHa: r.density_per_ha,
    survivalPct: r.survival_pct,
    result: r.result,
    inspectedOn: r.inspected_on,
    treesToAdd: treesToAdd(r.area_ha, r.density_per_ha, r.survival_pct),
    center: [r.cx, r.cy],
    bbox: [r.xmin, r.ymin, r.xmax, r.ymax],
  }));
  return {
    filter: { plantingYear: q.plantingYear, unit: q.unit, funding: q.funding, includeRejected, ...(q.unit2025 ? { unit2025: q.unit2025 } : {}) },
    rows: out,
    totals: {
      plots: out.length,
      areaHa: round2(out.reduce((s, r) => s + r.areaHa, 0)),
      treesToAdd: out.reduce((s, r) => s + r.treesToAdd, 0),
    },
    truncated,
  };
}

const FUNDING = FUNDING_TERMS;
const RESULT = { replant: { vi: 'Trồng dặm', en: 'Replant' }, rejected: { vi: 'Không đạt', en: 'Rejected' } } as const;

/** The worklist as an export table (CSV / XLSX) in one language. */
export function worklistTable(w: WorklistResponse, lang: 'vi' | 'en'): ExportTable<WorklistRow | null> {
  const v = <T,>(f: (r: WorklistRow) => T) => (r: WorklistRow | null) => (r ? f(r) : null);
  const filters = [
    w.filter.plantingYear ? (lang === 'vi' ? `năm trồng ${w.filter.plantingYear}` : `planting year ${w.filter.plantingYear}`) : null,
    w.filter.unit ? (lang === 'vi' ? `đơn vị ${w.filter.unit}` : `unit ${w.filter.unit}`) : null,
    w.filter.funding ? FUNDING[w.filter.funding][lang] : null,
    w.filter.unit2025 ? (lang === 'vi' ? `đơn vị từ 7/2025 ${w.filter.unit2025}` : `unit from 7/2025 ${w.filter.unit2025}`) : null,
  ].filter(Boolean);
  return {
    label: { vi: 'Biểu 02/LN', en: 'Table 02/F' },
    title: { vi: 'Danh sách lô cần trồng dặm', en: 'Replanting worklist' },
    notes: [
      { vi: `Bộ lọc: ${filters.join(', ') || 'tất cả'}`, en: `Filters: ${filters.join(', ') || 'all'}` },
      {
        vi: 'Số cây cần trồng dặm = diện tích (ha) × mật độ thiết kế (cây/ha) × (100 − tỷ lệ sống %) / 100',
        en: 'Trees to add = area (ha) × design density (trees/ha) × (100 − survival %) / 100',
      },
    ],
    columns: [
      { header: { vi: 'Lô', en: 'Lô' }, value: (r) => (r ? r.label : lang === 'vi' ? 'Tổng cộng' : 'Total'), width: 22 },
      { header: { vi: 'Huyện', en: 'District' }, value: v((r) => r.district.name), width: 16 },
      { header: { vi: 'Xã', en: 'Commune' }, value: v((r) => r.commune.name), width: 16 },
      { header: { vi: 'Xã/phường từ 7/2025', en: 'Commune/ward from 7/2025' }, value: v((r) => r.unit2025?.fullName ?? null), width: 20 },
      { header: { vi: 'Năm trồng', en: 'Planting year' }, value: v((r) => r.plantingYear), width: 11 },
      { header: { vi: 'Hộ trồng', en: 'Household' }, value: v((r) => r.household), width: 20 },
      { header: { vi: 'Loài cây', en: 'Species' }, value: v((r) => r.species), width: 14 },
      { header: { vi: 'Nguồn vốn', en: 'Funding' }, value: v((r) => FUNDING[r.funding][lang]), width: 18 },
      { header: { vi: 'Diện tích (ha)', en: 'Area (ha)' }, value: (r) => (r ? r.areaHa : w.totals.areaHa), numFmt: '0.00', width: 12 },
      { header: { vi: 'Mật độ (cây/ha)', en: 'Density (trees/ha)' }, value: v((r) => r.densityPerHa), numFmt: '0', width: 13 },
      { header: { vi: 'Tỷ lệ sống (%)', en: 'Survival (%)' }, value: v((r) => r.survivalPct), numFmt: '0.00', width: 12 },
      { header: { vi: 'Kết quả', en: 'Result' }, value: v((r) => RESULT[r.result][lang]), width: 12 },
      { header: { vi: 'Ngày kiểm tra', en: 'Inspected on' }, value: v((r) => r.inspectedOn), width: 12 },
      { header: { vi: 'Số cây cần trồng dặm', en: 'Trees to add' }, value: (r) => (r ? r.treesToAdd : w.totals.treesToAdd), numFmt: '#,##0', width: 14 },
      { header: { vi: 'Kinh độ', en: 'Longitude' }, value: v((r) => Number(r.center[0].toFixed(6))), numFmt: '0.000000', width: 12 },
      { header: { vi: 'Vĩ độ', en: 'Latitude' }, value: v((r) => Number(r.center[1].toFixed(6))), numFmt: '0.000000', width: 12 },
      // VN-2000 plane coordinates of the same point (Kon Tum's zone, X = northing), as field staff read them
      { header: { vi: 'Tọa độ X (VN-2000)', en: 'X (VN-2000)' }, value: v((r) => round2(toVn2000(r.center[0], r.center[1]).x)), numFmt: '0.00', width: 14 },
      { header: { vi: 'Tọa độ Y (VN-2000)', en: 'Y (VN-2000)' }, value: v((r) => round2(toVn2000(r.center[0], r.center[1]).y)), numFmt: '0.00', width: 14 },
    ],
    rows: w.rows,
    total: null,
  };
}
