import type { Sql } from 'postgres';
import type { PlotDetail } from '../domain/api.ts';
import { plotLabel } from '../domain/forest.ts';
import type { SurvivalClass } from '../domain/classes.ts';
import { notFound } from '../http/errors.ts';
import { inspectionColumns, toInspectionOut, unit2025Column, type InspectionOutRow } from './inspections.ts';
import type { Unit2025Ref } from '../domain/units-2025.ts';

interface PlotRow { id: string; tk: number; khoanh: number; lo: string; commune_code: string; commune_name: string; district_code: string; district_name: string; commune_2025: Unit2025Ref | null; dtich: number; ldlr: string; forest_function: PlotDetail['forestFunction']; churung: string | null; owner_kind: string | null; namtr: number | null; loaicay: string | null; cx: number; cy: number; xmin: number; ymin: number; xmax: number; ymax: number }
interface PlantingRow { plot_id: string; id: string; year: number; area_ha: number; species: string; funding: 'state' | 'self'; household: string | null; density_per_ha: number; withdrawn_on: string | null; withdrawn_reason: string | null; cls: SurvivalClass }

/** A lô with its inventory attributes, plantings and the full inspection history. */
export async function plotDetail(sql: Sql, id: number): Promise<PlotDetail> {
  const [d] = await plotDetails(sql, [id]);
  if (!d) throw notFound({ vi: `lô có mã ${id}`, en: `Plot ${id}` });
  return d;
}

/**
 * Many lô at once, in four queries whatever their number (the offline package of a tiểu khu or a
 * commune), in the order of `ids`; unknown ids are left out.
 */
export async function plotDetails(sql: Sql, ids: readonly number[]): Promise<PlotDetail[]> {
  if (ids.length === 0) return [];
  const idList = ids.map(String);
  const rows = await sql<PlotRow[]>`
    SELECT p.id, p.tk, p.khoanh, p.lo, c.code AS commune_code, c.name AS commune_name, d.code AS district_code, d.name AS district_name,
           ${unit2025Column(sql, sql`(SELECT s.new_code FROM admin_unit_succession s WHERE s.old_code = c.code)`)} AS commune_2025,
           p.dtich, p.ldlr, p.forest_function, p.churung, p.owner_kind, p.namtr, p.loaicay,
           ST_X(ST_PointOnSurface(p.geom)) AS cx, ST_Y(ST_PointOnSurface(p.geom)) AS cy,
           ST_XMin(p.geom) AS xmin, ST_YMin(p.geom) AS ymin, ST_XMax(p.geom) AS xmax, ST_YMax(p.geom) AS ymax
    FROM forest_plot p JOIN admin_unit c ON c.code = p.commune_code JOIN admin_unit d ON d.code = c.parent_code
    WHERE p.id = ANY(${idList}::bigint[])`;
  const plantings = await sql<PlantingRow[]>`
    SELECT g.plot_id, g.id, g.year, g.area_ha, g.species, g.funding, g.household, g.density_per_ha, g.withdrawn_on::text AS withdrawn_on, g.withdrawn_reason,
           atlas_planting_class(g.withdrawn_on, (SELECT li.result FROM atlas_latest_inspection(g.id) li)) AS cls
    FROM planting g WHERE g.plot_id = ANY(${idList}::bigint[]) ORDER BY g.plot_id, g.year, g.id`;
  const inspections = await sql<InspectionOutRow[]>`
    SELECT ${inspectionColumns(sql)} FROM inspection i WHERE i.plot_id = ANY(${idList}::bigint[])
    ORDER BY i.inspected_on, i.id`;
  const plans = await sql<{ plot_id: string; id: string; name: string; year: number }[]>`
    SELECT ps.plot_id, pp.id, pp.name, pp.year FROM planting_plan_site ps JOIN planting_plan pp ON pp.id = ps.plan_id
    WHERE ps.plot_id = ANY(${idList}::bigint[]) ORDER BY pp.year DESC, pp.id`;
  // grouped once: a commune's package holds thousands of lô, and a filter per lô would be quadratic
  const byId = new Map(rows.map((p) => [p.id, p]));
  const plantingsOf = groupBy(plantings, (g) => g.plot_id);
  const inspectionsOf = groupBy(inspections, (i) => String(i.planting_id));
  const plansOf = groupBy(plans, (x) => x.plot_id);
  return idList.flatMap((key) => {
    const p = byId.get(key);
    return p ? [toPlotDetail(p, plantingsOf.get(key) ?? [], inspectionsOf, plansOf.get(key) ?? [])] : [];
  });
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}


function toPlotDetail(p: PlotRow, plantings: PlantingRow[], inspectionsOf: Map<string, InspectionOutRow[]>, plans: { id: string; name: string; year: number }[]): PlotDetail {
  return {
    plans: plans.map((x) => ({ id: Number(x.id), name: x.name, year: x.year })),
    id: Number(p.id),
    tk: p.tk,
    khoanh: p.khoanh,
    lo: p.lo,
    label: plotLabel(p.tk, p.khoanh, p.lo),
    commune: { code: p.commune_code, name: p.commune_name },
    district: { code: p.district_code, name: p.district_name },
    commune2025: p.commune_2025,
    dtich: p.dtich,
    ldlr: p.ldlr,
    forestFunction: p.forest_function,
    churung: p.churung,
    ownerKind: p.owner_kind,
    namtr: p.namtr,
    loaicay: p.loaicay,
    centroid: [p.cx, p.cy],
    bbox: [p.xmin, p.ymin, p.xmax, p.ymax],
    plantings: plantings.map((g) => ({
      id: Number(g.id),
      year: g.year,
      areaHa: g.area_ha,
      species: g.species,
      funding: g.funding,
      household: g.household,
      densityPerHa: g.density_per_ha,
      withdrawnOn: g.withdrawn_on,
      withdrawnReason: g.withdrawn_reason,
      // the class by the one rule (migration 013), as the tiles and the worklist show it
      cls: g.cls,
      inspections: (inspectionsOf.get(String(g.id)) ?? []).map(toInspectionOut),
    })),
  };
}
