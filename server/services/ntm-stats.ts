import type { Sql } from 'postgres';
import { cachedAggregate } from '../ops/agg-cache.ts';
import { sqlFile } from '../sql/load.ts';
import { PROVINCE_CODE } from '../domain/geo.ts';
import type { NtmStatsResponse, NtmUnitStats } from '../domain/api.ts';
import { ntmCriterionCounts, ntmUnitRows, unitBase, type NtmUnitRow } from './ntm-units.ts';
import { criteriaOf, requireAssessment } from './assessments.ts';

interface CommuneRow {
  code: string;
  name: string;
  district_code: string;
  criteria_met: number;
  level: string;
  recognised_on: Date | null;
}

/**
 * NTM attainment per province and district for a year, aggregated in SQL: the tables of
 * report 004 (communes meeting each criterion x/N, bands, average criteria per commune,
 * NTM communes) and the targets to read them against.
 */
export async function ntmStats(sql: Sql, year: number, by: 'province' | 'district', onlyDistrict?: string): Promise<NtmStatsResponse> {
  // cached by data version (server/ops/agg-cache.ts): recomputed only after a data change
  return cachedAggregate(sql, 'ntm-stats', [year, by, onlyDistrict], () => ntmStatsUncached(sql, year, by, onlyDistrict));
}

async function ntmStatsUncached(sql: Sql, year: number, by: 'province' | 'district', onlyDistrict?: string): Promise<NtmStatsResponse> {
  const assessment = await requireAssessment(sql, 'commune', year);
  const [criteria, units, perCriterion, communes, names] = await Promise.all([
    criteriaOf(sql, assessment.criteriaSetId),
    ntmUnitRows(sql, year),
    ntmCriterionCounts(sql, year),
    sql.unsafe<CommuneRow[]>(sqlFile('stats/ntm-communes'), [year]),
    sql<{ code: string; name: string }[]>`SELECT code, name FROM admin_unit WHERE level IN ('province', 'district')`,
  ]);
  const nameOf = new Map(names.map((n) => [n.code, n.name]));

  const build = (row: NtmUnitRow): NtmUnitStats => {
    const inUnit = communes.filter((c) => row.district_code === null || c.district_code === row.district_code);
    return {
      ...unitBase(row, criteria, perCriterion, nameOf),
      averageCriteria: Math.round((row.total_criteria / row.communes) * 100) / 100,
      meetingAll: row.band_19,
      levels: { ntm: row.level_ntm, advanced: row.level_advanced, model: row.level_model },
      recognised: row.recognised,
      belowTen: inUnit.filter((c) => c.criteria_met < 10).map((c) => ({ code: c.code, name: c.name, criteriaMet: c.criteria_met })),
      ntmCommunes: inUnit.filter((c) => c.recognised_on !== null).map((c) => ({ code: c.code, name: c.name })),
    };
  };

  const provinceRow = units.find((u) => u.district_code === null)!;
  const province = build(provinceRow);
  const districts =
    by === 'district'
      ? units
          .filter((u) => u.district_code !== null && (!onlyDistrict || u.district_code === onlyDistrict))
          .sort((a, b) => a.district_code!.localeCompare(b.district_code!))
          .map(build)
      : [];
  const weakest = Object.entries(province.perCriterion)
    .map(([no, met]) => ({ no: Number(no), met, of: province.communes }))
    .sort((a, b) => a.met - b.met || a.no - b.no);

  return {
    year,
    asOf: assessment.asOf,
    criteriaSetId: assessment.criteriaSetId,
    criteria,
    province,
    districts,
    weakest,
    targets: await ntmTargets(sql),
  };
}

async function ntmTargets(sql: Sql): Promise<NtmStatsResponse['targets']> {
  const named = await sql<{ year: number; level: string; code: string; name: string; district_code: string }[]>`
    SELECT t.year, t.level, u.code, u.name, u.parent_code AS district_code
    FROM ntm_commune_target t JOIN admin_unit u ON u.code = t.commune_code
    ORDER BY t.year, t.level, u.parent_code, u.code`;
  const counts = await sql<{ unit_code: string; year: number; level: string; min_count: number; max_count: number | null; note_vi: string | null; note_en: string | null }[]>`
    SELECT unit_code, year, level, min_count, max_count, note_vi, note_en FROM ntm_count_target ORDER BY year, level`;
  const out: NtmStatsResponse['targets'] = [];
  const groups = new Map<string, (typeof named)[number][]>();
  for (const n of named) {
    const key = `${n.year}|${n.level}`;
    groups.set(key, [...(groups.get(key) ?? []), n]);
  }
  for (const [key, list] of groups) {
    const [year, level] = key.split('|');
    out.push({
      year: Number(year),
      level: level!,
      unitCode: PROVINCE_CODE,
      minCount: list.length,
      maxCount: list.length,
      communes: list.map((c) => ({ code: c.code, name: c.name })),
      note: null,
    });
  }
  for (const c of counts) {
    out.push({
      year: c.year,
      level: c.level,
      unitCode: c.unit_code,
      minCount: c.min_count,
      maxCount: c.max_count,
      communes: [],
      note: c.note_vi ? { vi: c.note_vi, en: c.note_en ?? c.note_vi } : null,
    });
  }
  return out.sort((a, b) => a.year - b.year || a.level.localeCompare(b.level));
}
