import type { Sql } from 'postgres';
import { sqlFile } from '../sql/load.ts';

/**
 * What both NTM aggregations (/api/stats/ntm and /api/ntm/tables) read from the same SQL files:
 * per-unit rows of stats/ntm-units.sql (a district, or the province when district_code is null)
 * and per-criterion counts of stats/ntm-criteria.sql.
 */
export interface NtmUnitRow {
  district_code: string | null;
  communes: number;
  total_criteria: number;
  band_19: number;
  band_15_18: number;
  band_10_14: number;
  band_5_9: number;
  band_0_4: number;
  recognised: number;
  meeting_not_recognised: number;
  level_ntm: number;
  level_advanced: number;
  level_model: number;
}

export interface NtmCriterionCount {
  district_code: string | null;
  criterion_no: number;
  met: number;
}

export const ntmUnitRows = (sql: Sql, year: number) => sql.unsafe<NtmUnitRow[]>(sqlFile('stats/ntm-units'), [year]);
export const ntmCriterionCounts = (sql: Sql, year: number) => sql.unsafe<NtmCriterionCount[]>(sqlFile('stats/ntm-criteria'), [year]);

/** Communes meeting each criterion of the set in one unit (0 for a criterion nobody meets). */
export function countsOfUnit(criteria: { no: number }[], counts: NtmCriterionCount[], districtCode: string | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of criteria) out[String(c.no)] = 0;
  for (const p of counts) if (p.district_code === districtCode) out[String(p.criterion_no)] = p.met;
  return out;
}
