import type { Sql } from 'postgres';
import type { OldUnit, Unit2025Detail, Unit2025Summary } from '../domain/units-2025.ts';
import { notFound } from '../http/errors.ts';
import { sqlFile } from '../sql/load.ts';
import { isoDate } from './assessments.ts';

/**
 * The units of 1 July 2025 (migration 044): the list, and one unit with the history of its old
 * units — NTM year by year, villages, forest and planting — aggregated from the old units' own
 * records (server/sql/units2025/*.sql). Counts and sums only: a merged unit was never assessed.
 */
export async function listUnits2025(sql: Sql): Promise<Unit2025Summary[]> {
  const rows = await sql<{ code: string; name: string; full_name: string; kind: 'xa' | 'phuong'; old_codes: string[] }[]>`
    SELECT n.code, n.name, n.full_name, n.kind,
           coalesce(array_agg(s.old_code ORDER BY s.old_code) FILTER (WHERE s.old_code IS NOT NULL), '{}') AS old_codes
    FROM admin_unit_2025 n LEFT JOIN admin_unit_succession s ON s.new_code = n.code
    GROUP BY n.code ORDER BY n.code`;
  return rows.map((r) => ({ code: r.code, name: r.name, fullName: r.full_name, kind: r.kind, oldCodes: r.old_codes }));
}

interface UnitRow {
  code: string;
  name: string;
  full_name: string;
  kind: 'xa' | 'phuong';
  province_name: string;
  effective_from: Date;
  area_ha: number | null;
  old_units: OldUnit[];
  villages: number;
  villages_ethnic_minority: number;
  villages_pilot: number;
  plots: number;
  plots_area_ha: number;
}

interface NtmYearRow {
  year: number;
  old_xa: number;
  with_data: number;
  meets_all: number;
  total_criteria: number;
  level_ntm: number;
  level_advanced: number;
  level_model: number;
  per_criterion: Record<string, number>;
}

interface PlantingRow {
  year: number;
  plantings: number;
  planted_ha: number;
  accepted_ha: number;
  replant_ha: number;
  rejected_ha: number;
  not_inspected_ha: number;
  withdrawn_ha: number;
}

export async function unit2025Detail(sql: Sql, code: string): Promise<Unit2025Detail> {
  const [u] = await sql.unsafe<UnitRow[]>(sqlFile('units2025/unit'), [code]);
  if (!u) throw notFound({ vi: `xã/phường (từ 1/7/2025) có mã ${code}`, en: `Commune or ward (from 1 July 2025) ${code}` });
  const [ntm, planting] = await Promise.all([
    sql.unsafe<NtmYearRow[]>(sqlFile('units2025/ntm-years'), [code]),
    sql.unsafe<PlantingRow[]>(sqlFile('units2025/planting'), [code]),
  ]);
  return {
    code: u.code,
    name: u.name,
    fullName: u.full_name,
    kind: u.kind,
    provinceName: u.province_name,
    effectiveFrom: isoDate(u.effective_from),
    areaHa: u.area_ha,
    oldUnits: u.old_units,
    villages: { total: u.villages, ethnicMinority: u.villages_ethnic_minority, pilot: u.villages_pilot },
    forest: { plots: u.plots, areaHa: u.plots_area_ha },
    ntm: ntm.map((r) => ({
      year: r.year,
      oldXa: r.old_xa,
      withData: r.with_data,
      meetsAll: r.meets_all,
      totalCriteria: r.total_criteria,
      levelNtm: r.level_ntm,
      levelAdvanced: r.level_advanced,
      levelModel: r.level_model,
      perCriterion: r.per_criterion,
    })),
    planting: planting.map((r) => ({
      year: r.year,
      plantings: r.plantings,
      plantedHa: r.planted_ha,
      acceptedHa: r.accepted_ha,
      replantHa: r.replant_ha,
      rejectedHa: r.rejected_ha,
      notInspectedHa: r.not_inspected_ha,
      withdrawnHa: r.withdrawn_ha,
    })),
  };
}
