import type { Sql } from 'postgres';
import { sqlFile } from '../sql/load.ts';
import { PROVINCE_CODE } from '../domain/geo.ts';

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

/**
 * The figures of a unit both NTM aggregations show alike: its code and name, communes in the
 * programme, communes meeting each criterion, the bands and the criteria met in total.
 */
export function unitBase(row: NtmUnitRow, criteria: { no: number }[], counts: NtmCriterionCount[], nameOf: Map<string, string>) {
  const code = row.district_code ?? PROVINCE_CODE;
  return {
    code,
    name: nameOf.get(code) ?? code,
    communes: row.communes,
    perCriterion: countsOfUnit(criteria, counts, row.district_code),
    bands: { '19': row.band_19, '15-18': row.band_15_18, '10-14': row.band_10_14, '5-9': row.band_5_9, '0-4': row.band_0_4 },
    totalCriteria: row.total_criteria,
  };
}
