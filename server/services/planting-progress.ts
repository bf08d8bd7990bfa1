import type { Sql } from 'postgres';
import { cachedAggregate } from '../ops/agg-cache.ts';
import { sqlFile } from '../sql/load.ts';
import type { ProgressResponse, ProgressRow } from '../domain/forest.ts';
import { HttpError, notFound } from '../http/errors.ts';
import type { Era } from '../domain/era.ts';

interface Row {
  code: string;
  name: string;
  level: ProgressRow['level'];
  target_ha: number | null;
  planted_ha: number;
  source: string | null;
  is_total: boolean;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function toRow(r: Row): ProgressRow {
  const target = r.target_ha == null ? null : Number(r.target_ha);
  const planted = round2(Number(r.planted_ha));
  return {
    code: r.code,
    name: r.name,
    level: r.level,
    targetHa: target,
    plantedHa: planted,
    pct: target ? Math.round((1000 * planted) / target) / 10 : null,
    source: r.source,
  };
}

/**
 * Planting of a year against the year's targets (planting_target): the province by district, or
 * a district by commune, with the unit's own target and total. With era 'after', the province by
 * unit of 1 July 2025 (targets were set per old unit, so only the province's total has one).
 */
export async function plantingProgress(sql: Sql, year: number, unit = '62', era: Era = 'before'): Promise<ProgressResponse> {
  if (era === 'after' && unit !== '62') {
    throw new HttpError(400, 'invalid_input', 'Từ 1/7/2025 không còn cấp huyện: tiến độ trồng rừng theo xã, phường mới chỉ có cho toàn tỉnh (bỏ tham số unit)', 'There are no districts from 1 July 2025: progress by new unit is for the province only (leave out unit)');
  }
  // cached by data version (server/ops/agg-cache.ts): recomputed only after a data change
  if (era === 'after') return cachedAggregate(sql, 'planting-progress-2025', [year], () => plantingProgress2025(sql, year));
  return cachedAggregate(sql, 'planting-progress', [year, unit], () => plantingProgressUncached(sql, year, unit));
}

async function plantingProgress2025(sql: Sql, year: number): Promise<ProgressResponse> {
  const rows = await sql.unsafe<Row[]>(sqlFile('units2025/planting-progress'), [year]);
  const total = rows.find((r) => r.is_total);
  if (!total) throw notFound({ vi: 'đơn vị hành chính 62', en: 'Administrative unit 62' });
  return { year, unit: { code: total.code, name: total.name }, total: toRow(total), rows: rows.filter((r) => !r.is_total).map(toRow) };
}

async function plantingProgressUncached(sql: Sql, year: number, unit = '62'): Promise<ProgressResponse> {
  const rows = await sql.unsafe<Row[]>(sqlFile('stats/planting-progress'), [year, unit]);
  const total = rows.find((r) => r.is_total);
  if (!total) throw notFound({ vi: `đơn vị hành chính ${unit}`, en: `Administrative unit ${unit}` });
  return {
    year,
    unit: { code: total.code, name: total.name },
    total: toRow(total),
    rows: rows.filter((r) => !r.is_total).map(toRow),
  };
}
