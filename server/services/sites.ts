/**
 * The site finder: runs server/sql/planner/site-search.sql — one query per search — and
 * shapes its rows into the answer of POST /api/sites/search.
 */
import type { Sql } from 'postgres';
import type { MultiPolygon } from 'geojson';
import { sqlFile } from '../sql/load.ts';
import type { ForestFunction, OwnerKind, SiteRow, SiteSearch, SiteSearchResponse } from '../domain/planner.ts';
import { plotLabel } from '../domain/forest.ts';

interface Row {
  unit_code: string | null;
  unit_name: string | null;
  target_ha: number | null;
  planned_ha: number;
  id: string | null;
  tk: number;
  khoanh: number;
  lo: string;
  commune_code: string;
  commune_name: string;
  area_ha: number;
  ldlr: string;
  forest_function: ForestFunction;
  owner_kind: OwnerKind | null;
  churung: string | null;
  last_planted: number | null;
  rejected: boolean;
  village_code: string | null;
  village_name: string | null;
  village_m: number | null;
  point_m: number | null;
  planned: boolean;
  c_area: number | null;
  c_access: number;
  c_point: number | null;
  c_bare: number;
  score: number | null;
  n: string;
  total_ha: number;
  cx: number;
  cy: number;
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
  geojson: string | null;
}

const arr = <T>(v: readonly T[] | undefined): T[] | null => (v && v.length ? [...v] : null);
const r4 = (v: number) => Math.round(v * 10_000) / 10_000;

/** The bound parameters of site-search.sql, in order. */
export function siteSearchParams(q: SiteSearch): unknown[] {
  return [
    q.year,
    q.district ?? null,
    arr(q.communes),
    arr(q.tieuKhu),
    arr(q.ldlr),
    arr(q.functions),
    arr(q.ownerKinds),
    q.areaMin ?? null,
    q.areaMax ?? null,
    q.notPlantedYears ?? null,
    q.rejected,
    q.villageKm ?? null,
    q.point?.lon ?? null,
    q.point?.lat ?? null,
    q.point?.km ?? null,
    q.excludePlanned,
    q.planId ?? null,
    q.weights.area,
    q.weights.access,
    q.weights.point,
    q.weights.bare,
    q.limit,
    q.geometry,
  ];
}

/** Runs a site search: the matching lô (best score first, at most `limit`), the totals and the target. */
export async function searchSites(sql: Sql, q: SiteSearch): Promise<SiteSearchResponse> {
  const rows = await sql.unsafe<Row[]>(sqlFile('planner/site-search'), siteSearchParams(q) as never[]);
  const head = rows[0];
  const hits = rows.filter((r) => r.id != null);
  const count = hits.length ? Number(hits[0]!.n) : 0;
  const out: SiteRow[] = hits.map((r) => ({
    plotId: Number(r.id),
    label: plotLabel(r.tk, r.khoanh, r.lo),
    tk: r.tk,
    khoanh: r.khoanh,
    lo: r.lo,
    communeCode: r.commune_code,
    communeName: r.commune_name,
    areaHa: r.area_ha,
    ldlr: r.ldlr,
    forestFunction: r.forest_function,
    ownerKind: r.owner_kind,
    churung: r.churung,
    lastPlanted: r.last_planted,
    rejectedNotReplanted: r.rejected,
    nearestVillage: r.village_code ? { code: r.village_code, name: r.village_name ?? '', distanceM: r.village_m ?? 0 } : null,
    pointDistanceM: r.point_m,
    planned: r.planned,
    components: { area: r4(r.c_area ?? 0), access: r4(r.c_access), point: r.c_point == null ? null : r4(r.c_point), bare: r.c_bare },
    score: r.score ?? 0,
    center: [r.cx, r.cy],
    bbox: [r.xmin, r.ymin, r.xmax, r.ymax],
    geometry: r.geojson ? (JSON.parse(r.geojson) as MultiPolygon) : null,
  }));
  return {
    year: q.year,
    count,
    totalAreaHa: hits.length ? Math.round(hits[0]!.total_ha * 100) / 100 : 0,
    target: head?.unit_code
      ? { unitCode: head.unit_code, unitName: head.unit_name ?? head.unit_code, year: q.year, targetHa: head.target_ha, plannedHa: Math.round(head.planned_ha * 100) / 100 }
      : null,
    rows: out,
    truncated: count > out.length,
  };
}

/** Districts and communes, the finder's choices (districts first, by name). */
export async function siteUnits(sql: Sql): Promise<{ code: string; name: string; level: 'district' | 'commune'; parentCode: string | null }[]> {
  const rows = await sql<{ code: string; name: string; level: 'district' | 'commune'; parent_code: string | null }[]>`
    SELECT code, name, level, parent_code FROM admin_unit WHERE level IN ('district', 'commune') ORDER BY level DESC, name`;
  return rows.map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parent_code }));
}
