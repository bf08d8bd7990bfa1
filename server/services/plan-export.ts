/**
 * A planting plan as files: CSV and XLSX (the lô table with a total row, plan details
 * above it in the spreadsheet) through forest-export.ts, and GeoJSON (one Feature per lô, full
 * outline, plan details as the collection's `plan` member).
 */
import type { Sql } from 'postgres';
import type { Feature, FeatureCollection, MultiPolygon } from 'geojson';
import { FUNDING_TERMS } from '../domain/terms.ts';
import type { PlanRecord, PlanSite } from '../domain/planner.ts';
import type { ExportLang, ExportTable } from './forest-export.ts';
import { toVn2000 } from '../geo/vn2000.ts';

const FUNDING = FUNDING_TERMS;

type Row = PlanSite | { total: true; areaHa: number; lotAreaHa: number; count: number };
const isTotal = (r: Row): r is Extract<Row, { total: true }> => 'total' in r;

/** The plan's lô as an export table (one row per lô, a total row). */
export function planTable(p: PlanRecord, lang: ExportLang): ExportTable<Row> {
  const vi = lang === 'vi';
  const fund = p.funding ? FUNDING[p.funding][lang] : '—';
  const total = p.sites.reduce((s, x) => s + x.areaHa, 0);
  return {
    label: { vi: 'Biểu 03/LN', en: 'Table 03/F' },
    title: { vi: `Kế hoạch trồng rừng ${p.year}`, en: `Planting plan ${p.year}` },
    notes: [
      { vi: `${p.name} — ${p.unitName}, năm ${p.year}`, en: `${p.name} — ${p.unitName}, ${p.year}` },
      { vi: `Loài cây: ${p.species ?? '—'}; nguồn vốn: ${fund}; số hộ: ${p.households ?? '—'}`, en: `Species: ${p.species ?? '—'}; funding: ${fund}; households: ${p.households ?? '—'}` },
      {
        vi: `Tổng diện tích ${total.toFixed(2)} ha${p.targetHa != null ? ` / chỉ tiêu ${p.targetHa} ha` : ''} (phiên bản ${p.version})`,
        en: `Total ${total.toFixed(2)} ha${p.targetHa != null ? ` / target ${p.targetHa} ha` : ''} (version ${p.version})`,
      },
      ...(p.note ? [{ vi: p.note, en: p.note }] : []),
    ],
    columns: [
      { header: { vi: 'Lô', en: 'Lô' }, value: (r) => (isTotal(r) ? (vi ? `Tổng (${r.count} lô)` : `Total (${r.count} lô)`) : r.label), width: 22 },
      { header: { vi: 'Mã lô', en: 'Lô id' }, value: (r) => (isTotal(r) ? null : r.plotId), width: 12 },
      { header: { vi: 'Xã', en: 'Commune' }, value: (r) => (isTotal(r) ? null : r.communeName), width: 16 },
      // the unit the plan was made in, from 1 July 2025 (empty for plans made before, and for district plans)
      { header: { vi: 'Đơn vị từ 7/2025', en: 'Unit from 7/2025' }, value: (r) => (isTotal(r) ? null : (p.unit2025?.fullName ?? null)), width: 20 },
      { header: { vi: 'Loại đất loại rừng', en: 'Land type' }, value: (r) => (isTotal(r) ? null : r.ldlr), width: 10 },
      { header: { vi: 'Diện tích lô (ha)', en: 'Lô area (ha)' }, value: (r) => Math.round(r.lotAreaHa * 100) / 100, numFmt: '0.00', width: 14 },
      { header: { vi: 'Diện tích trồng (ha)', en: 'Planting area (ha)' }, value: (r) => Math.round(r.areaHa * 100) / 100, numFmt: '0.00', width: 16 },
      { header: { vi: 'Kinh độ', en: 'Longitude' }, value: (r) => (isTotal(r) ? null : Math.round(r.center[0] * 1e6) / 1e6), numFmt: '0.000000', width: 12 },
      { header: { vi: 'Vĩ độ', en: 'Latitude' }, value: (r) => (isTotal(r) ? null : Math.round(r.center[1] * 1e6) / 1e6), numFmt: '0.000000', width: 12 },
      { header: { vi: 'Tọa độ X (VN-2000)', en: 'X (VN-2000)' }, value: (r) => (isTotal(r) ? null : Math.round(toVn2000(r.center[0], r.center[1]).x * 100) / 100), numFmt: '0.00', width: 14 },
      { header: { vi: 'Tọa độ Y (VN-2000)', en: 'Y (VN-2000)' }, value: (r) => (isTotal(r) ? null : Math.round(toVn2000(r.center[0], r.center[1]).y * 100) / 100), numFmt: '0.00', width: 14 },
    ],
    rows: p.sites,
    total: { total: true, areaHa: total, lotAreaHa: p.sites.reduce((s, x) => s + x.lotAreaHa, 0), count: p.sites.length },
  };
}

/** The plan's lô with their full outlines, as a GeoJSON FeatureCollection. */
export async function planGeoJson(sql: Sql, p: PlanRecord): Promise<FeatureCollection<MultiPolygon> & { plan: Omit<PlanRecord, 'sites'> }> {
  const geoms = await sql<{ plot_id: string; geojson: string }[]>`
    SELECT s.plot_id, ST_AsGeoJSON(p.geom, 7) AS geojson
    FROM planting_plan_site s JOIN forest_plot p ON p.id = s.plot_id WHERE s.plan_id = ${p.id}`;
  const byId = new Map(geoms.map((g) => [Number(g.plot_id), JSON.parse(g.geojson) as MultiPolygon]));
  const { sites, ...plan } = p;
  const features: Feature<MultiPolygon>[] = sites.map((s) => ({
    type: 'Feature',
    id: s.plotId,
    geometry: byId.get(s.plotId)!,
    properties: { plotId: s.plotId, label: s.label, communeCode: s.communeCode, communeName: s.communeName, ldlr: s.ldlr, forestFunction: s.forestFunction, lotAreaHa: s.lotAreaHa, areaHa: s.areaHa },
  }));
  return { type: 'FeatureCollection', plan, features };
}
