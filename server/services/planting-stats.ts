import type { Sql } from 'postgres';
import { cachedAggregate } from '../ops/agg-cache.ts';
import { sqlFile } from '../sql/load.ts';
import type { PlantingRow, PlantingStatsResponse } from '../domain/api.ts';
import type { ForestUnit } from '../domain/forest.ts';
import type { Era } from '../domain/era.ts';
import { notFound } from '../http/errors.ts';

interface Row {
  code: string | null;
  name: string | null;
  is_total: boolean;
  planted_ha: number;
  inspected_ha: number;
  accepted_ha: number;
  replant_ha: number;
  rejected_ha: number;
  not_inspected_ha: number;
  withdrawn_ha: number;
  survival_pct: number | null;
  target_ha: number | null;
}

const toRow = (r: Row, code: string, name: string): PlantingRow => ({
  code,
  name,
  plantedHa: r.planted_ha,
  inspectedHa: r.inspected_ha,
  acceptedHa: r.accepted_ha,
  replantHa: r.replant_ha,
  rejectedHa: r.rejected_ha,
  notInspectedHa: r.not_inspected_ha,
  withdrawnHa: r.withdrawn_ha,
  survivalPct: r.survival_pct,
  targetHa: r.target_ha,
});

/**
 * Acceptance of one planting year by commune or district (report 000, section III): planted,
 * inspected, accepted (> 85 %), replant (50–85 %), rejected (< 50 %), not inspected (incl.
 * withdrawn) area and area-weighted survival, with the unit's target for that year.
 * With era 'after', by unit of 1 July 2025 (`by` does not apply; `unit` is a new unit), the
 * same rule summed over each new unit's old communes.
 */
export async function plantingStats(sql: Sql, plantingYear: number, by: 'commune' | 'district', unit?: string, era: Era = 'before'): Promise<PlantingStatsResponse> {
  // cached by data version (server/ops/agg-cache.ts): recomputed only after a data change
  if (era === 'after') return cachedAggregate(sql, 'planting-stats-2025', [plantingYear, unit], () => plantingStats2025(sql, plantingYear, unit));
  return cachedAggregate(sql, 'planting-stats', [plantingYear, by, unit], () => plantingStatsUncached(sql, plantingYear, by, unit));
}

async function plantingStats2025(sql: Sql, plantingYear: number, unit?: string): Promise<PlantingStatsResponse> {
  let unitName = 'Tỉnh Kon Tum';
  if (unit) {
    const [u] = await sql<{ full_name: string }[]>`SELECT full_name FROM admin_unit_2025 WHERE code = ${unit}`;
    if (!u) throw notFound({ vi: `xã/phường (từ 1/7/2025) có mã ${unit}`, en: `Commune or ward (from 1 July 2025) ${unit}` });
    unitName = u.full_name;
  }
  const rows = await sql.unsafe<Row[]>(sqlFile('units2025/planting-stats'), [plantingYear, unit ?? null]);
  const totalRow = rows.find((r) => r.is_total);
  const empty: Row = {
    code: null, name: null, is_total: true, planted_ha: 0, inspected_ha: 0, accepted_ha: 0, replant_ha: 0,
    rejected_ha: 0, not_inspected_ha: 0, withdrawn_ha: 0, survival_pct: null, target_ha: null,
  };
  if (!totalRow && !unit) {
    const [t] = await sql<{ target_ha: number }[]>`SELECT target_ha FROM planting_target WHERE unit_code = '62' AND year = ${plantingYear}`;
    empty.target_ha = t?.target_ha ?? null;
  }
  return {
    plantingYear,
    by: 'unit2025',
    rows: rows.filter((r) => !r.is_total).map((r) => toRow(r, r.code!, r.name ?? r.code!)),
    total: toRow(totalRow ?? empty, unit ?? '62', unitName),
  };
}

async function plantingStatsUncached(sql: Sql, plantingYear: number, by: 'commune' | 'district', unit?: string): Promise<PlantingStatsResponse> {
  const rows = await sql.unsafe<Row[]>(sqlFile('stats/planting'), [plantingYear, by, unit ?? null]);
  const totalRow = rows.find((r) => r.is_total);
  let unitName = 'Tỉnh Kon Tum';
  if (unit) {
    const [u] = await sql<{ name: string }[]>`SELECT name FROM admin_unit WHERE code = ${unit}`;
    unitName = u?.name ?? unit;
  }
  const empty: Row = {
    code: null, name: null, is_total: true, planted_ha: 0, inspected_ha: 0, accepted_ha: 0, replant_ha: 0,
    rejected_ha: 0, not_inspected_ha: 0, withdrawn_ha: 0, survival_pct: null, target_ha: null,
  };
  if (!totalRow) {
    const [t] = await sql<{ target_ha: number }[]>`
      SELECT target_ha FROM planting_target WHERE unit_code = ${unit ?? '62'} AND year = ${plantingYear}`;
    empty.target_ha = t?.target_ha ?? null;
  }
  return {
    plantingYear,
    by,
    rows: rows.filter((r) => !r.is_total).map((r) => toRow(r, r.code!, r.name ?? r.code!)),
    total: toRow(totalRow ?? empty, unit ?? '62', unitName),
  };
}

/** Districts and communes with planted forest (the forest reports' filter choices). */
export async function plantedUnits(sql: Sql): Promise<ForestUnit[]> {
  const rows = await sql<{ code: string; name: string; level: 'district' | 'commune'; parent_code: string | null }[]>`
    WITH c AS (SELECT DISTINCT p.commune_code AS code FROM planting g JOIN forest_plot p ON p.id = g.plot_id)
    SELECT u.code, u.name, u.level, u.parent_code FROM admin_unit u JOIN c ON c.code = u.code
    UNION
    SELECT d.code, d.name, d.level, d.parent_code FROM admin_unit d WHERE d.code IN (SELECT a.parent_code FROM admin_unit a JOIN c ON c.code = a.code)
    ORDER BY 4 NULLS FIRST, 2`;
  return rows.map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parent_code }));
}
