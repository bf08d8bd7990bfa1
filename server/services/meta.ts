import type { Sql } from 'postgres';
import type { CriteriaSetInfo, MetaResponse } from '../domain/api.ts';
import { PROVINCE_BOUNDS, PROVINCE_CENTER } from '../domain/geo.ts';
import { listAssessments } from './assessments.ts';
import { readThresholds } from './settings.ts';

/** What the deployment tells the web app beside the data (GET /api/meta). */
export interface MetaDeployment {
  database: MetaResponse['database'];
  nativeMvt: boolean;
  basemapStyleUrl: string;
}

/** GET /api/meta: the years with data, the criteria sets, the survival thresholds and the deployment. */
export async function metaResponse(sql: Sql, d: MetaDeployment): Promise<MetaResponse> {
  const [assessments, sets, criteria, plantingYears, thresholds, targetYears] = await Promise.all([
    listAssessments(sql),
    sql<{ id: string; scope: 'commune' | 'village'; year_from: number; year_to: number; name_vi: string; name_en: string }[]>`
      SELECT id, scope, year_from, year_to, name_vi, name_en FROM criteria_set ORDER BY scope, year_from`,
    sql<{ set_id: string; no: number; name_vi: string; name_en: string }[]>`SELECT set_id, no, name_vi, name_en FROM criterion ORDER BY set_id, no`,
    sql<{ year: number }[]>`SELECT DISTINCT year FROM planting ORDER BY year`,
    readThresholds(sql),
    sql<{ year: number }[]>`SELECT DISTINCT year FROM ntm_commune_target ORDER BY year`,
  ]);
  const years = (scope: 'commune' | 'village') => assessments.filter((a) => a.scope === scope).map((a) => a.year);
  const criteriaSets: CriteriaSetInfo[] = sets.map((s) => ({
    id: s.id,
    scope: s.scope,
    yearFrom: s.year_from,
    yearTo: s.year_to,
    name: { vi: s.name_vi, en: s.name_en },
    criteria: criteria.filter((k) => k.set_id === s.id).map((k) => ({ no: k.no, name: { vi: k.name_vi, en: k.name_en } })),
  }));
  const communeYears = years('commune');
  const villageYears = years('village');
  return {
    demo: true,
    database: d.database,
    mvt: d.nativeMvt ? 'native' : 'encoded',
    bounds: PROVINCE_BOUNDS,
    center: PROVINCE_CENTER,
    commune: { years: communeYears, latestYear: communeYears.at(-1) ?? 0, targetYears: targetYears.map((t) => t.year) },
    village: { years: villageYears, latestYear: villageYears.at(-1) ?? 0 },
    planting: { years: plantingYears.map((p) => p.year) },
    criteriaSets,
    assessments,
    thresholds,
    basemapStyleUrl: d.basemapStyleUrl,
  };
}
