import type { Sql } from 'postgres';
import type { InspectionOut, PlotDetail } from '../domain/api.ts';
import type { SurvivalClass } from '../domain/classes.ts';
import { notFound } from '../http/errors.ts';
import { isoDate } from './assessments.ts';
import { photoOut } from './inspections.ts';

export const plotLabel = (tk: number, khoanh: number, lo: string) => `TK ${tk} · K ${khoanh} · L ${lo}`;

/** A lô with its inventory attributes, plantings and the full inspection history. */
export async function plotDetail(sql: Sql, id: number): Promise<PlotDetail> {
  const [p] = await sql<{ id: string; tk: number; khoanh: number; lo: string; commune_code: string; commune_name: string; district_code: string; district_name: string; dtich: number; ldlr: string; forest_function: PlotDetail['forestFunction']; churung: string | null; owner_kind: string | null; namtr: number | null; loaicay: string | null; cx: number; cy: number; xmin: number; ymin: number; xmax: number; ymax: number }[]>`
    SELECT p.id, p.tk, p.khoanh, p.lo, c.code AS commune_code, c.name AS commune_name, d.code AS district_code, d.name AS district_name,
           p.dtich, p.ldlr, p.forest_function, p.churung, p.owner_kind, p.namtr, p.loaicay,
           ST_X(ST_PointOnSurface(p.geom)) AS cx, ST_Y(ST_PointOnSurface(p.geom)) AS cy,
           ST_XMin(p.geom) AS xmin, ST_YMin(p.geom) AS ymin, ST_XMax(p.geom) AS xmax, ST_YMax(p.geom) AS ymax
    FROM forest_plot p JOIN admin_unit c ON c.code = p.commune_code JOIN admin_unit d ON d.code = c.parent_code
    WHERE p.id = ${id}`;
  if (!p) throw notFound({ vi: `lô có mã ${id}`, en: `Plot ${id}` });
  const plantings = await sql<{ id: string; year: number; area_ha: number; species: string; funding: 'state' | 'self'; household: string | null; density_per_ha: number; withdrawn_on: Date | null; withdrawn_reason: string | null }[]>`
    SELECT id, year, area_ha, species, funding, household, density_per_ha, withdrawn_on, withdrawn_reason
    FROM planting WHERE plot_id = ${id} ORDER BY year`;
  const inspections = await sql<{ id: string; planting_id: string; inspected_on: Date; stage: number; team: string | null; survival_pct: number; result: InspectionOut['result']; lon: number | null; lat: number | null; note: string | null; recorded_by: string | null; plots: { no: number; area_m2: number; planted: number; surviving: number }[]; photos: { no: number; caption: string | null }[] }[]>`
    SELECT i.id, i.planting_id, i.inspected_on, i.stage, i.team, i.survival_pct, i.result, i.note,
           ST_X(i.gps) AS lon, ST_Y(i.gps) AS lat,
           (SELECT u.display_name FROM app_user u WHERE u.id = i.created_by) AS recorded_by,
           coalesce((SELECT json_agg(json_build_object('no', s.no, 'area_m2', s.area_m2, 'planted', s.planted, 'surviving', s.surviving) ORDER BY s.no)
                     FROM sample_plot s WHERE s.inspection_id = i.id), '[]') AS plots,
           coalesce((SELECT json_agg(json_build_object('no', f.no, 'caption', f.caption) ORDER BY f.no)
                     FROM inspection_photo f WHERE f.inspection_id = i.id), '[]') AS photos
    FROM inspection i WHERE i.plot_id = ${id}
    ORDER BY i.inspected_on, i.id`;
  const plans = await sql<{ id: string; name: string; year: number }[]>`
    SELECT pp.id, pp.name, pp.year FROM planting_plan_site ps JOIN planting_plan pp ON pp.id = ps.plan_id
    WHERE ps.plot_id = ${id} ORDER BY pp.year DESC, pp.id`;
  return {
    plans: plans.map((x) => ({ id: Number(x.id), name: x.name, year: x.year })),
    id: Number(p.id),
    tk: p.tk,
    khoanh: p.khoanh,
    lo: p.lo,
    label: plotLabel(p.tk, p.khoanh, p.lo),
    commune: { code: p.commune_code, name: p.commune_name },
    district: { code: p.district_code, name: p.district_name },
    dtich: p.dtich,
    ldlr: p.ldlr,
    forestFunction: p.forest_function,
    churung: p.churung,
    ownerKind: p.owner_kind,
    namtr: p.namtr,
    loaicay: p.loaicay,
    centroid: [p.cx, p.cy],
    bbox: [p.xmin, p.ymin, p.xmax, p.ymax],
    plantings: plantings.map((g) => {
      const own: InspectionOut[] = inspections
        .filter((i) => i.planting_id === g.id)
        .map((i) => ({
          id: Number(i.id),
          plantingId: Number(i.planting_id),
          inspectedOn: isoDate(i.inspected_on),
          stage: i.stage,
          team: i.team,
          survivalPct: i.survival_pct,
          result: i.result,
          gps: i.lon === null || i.lat === null ? null : [i.lon, i.lat],
          note: i.note,
          samplePlots: i.plots.map((s) => ({ no: s.no, areaM2: Number(s.area_m2), planted: s.planted, surviving: s.surviving })),
          photos: i.photos.map((f) => photoOut(Number(i.id), f)),
          recordedBy: i.recorded_by,
        }));
      const latest = own.at(-1);
      const cls: SurvivalClass = g.withdrawn_on ? 'withdrawn' : latest ? latest.result : 'not_inspected';
      return {
        id: Number(g.id),
        year: g.year,
        areaHa: g.area_ha,
        species: g.species,
        funding: g.funding,
        household: g.household,
        densityPerHa: g.density_per_ha,
        withdrawnOn: g.withdrawn_on ? isoDate(g.withdrawn_on) : null,
        withdrawnReason: g.withdrawn_reason,
        cls,
        inspections: own,
      };
    }),
  };
}
