import type { Sql } from 'postgres';
import { cachedAggregate } from '../ops/agg-cache.ts';
import { sqlFile } from '../sql/load.ts';
import { notFound } from '../http/errors.ts';
import type { VillageGroupStats } from '../domain/api.ts';
import type { VillageStatsWithDistricts } from '../domain/ntm.ts';

export type { VillageStatsWithDistricts };
import { requireAssessment } from './assessments.ts';
import type { Era } from '../domain/era.ts';

interface VillageRow {
  code: string;
  name: string;
  pilot_tier: 'city' | 'commune' | 'other' | null;
  commune_code: string;
  commune_name: string;
  commune_kind: string;
  district_code: string;
  district_name: string;
  met_now: number;
  scored_now: number;
  met_baseline: number;
  recognised: boolean;
  targeted: boolean;
}

const isPilot = (v: VillageRow) => v.pilot_tier === 'city' || v.pilot_tier === 'commune';
const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Ethnic-minority village statistics as report 000 states them: villages, pilot villages
 * (thôn điểm: city and commune/ward pilots), criteria met by pilot villages and the average per
 * pilot village, its increase since a baseline year, villages at 10/10 and recognised ones.
 */
export function groupStats(rows: VillageRow[], hasBaseline: boolean): VillageGroupStats {
  const pilots = rows.filter(isPilot);
  const total = pilots.reduce((s, v) => s + v.met_now, 0);
  const baseline = pilots.reduce((s, v) => s + v.met_baseline, 0);
  return {
    villages: rows.length,
    pilotVillages: pilots.length,
    criteriaMetTotal: total,
    averagePerPilot: pilots.length ? round1(total / pilots.length) : 0,
    increaseSinceBaseline: hasBaseline ? total - baseline : null,
    atTen: rows
      .filter((v) => v.scored_now > 0 && v.met_now === v.scored_now)
      .map((v) => ({ code: v.code, name: v.name, communeName: v.commune_name, pilotTier: v.pilot_tier })),
    recognised: rows.filter((v) => v.recognised).map((v) => ({ code: v.code, name: v.name, communeName: v.commune_name })),
    targeted: rows.filter((v) => v.targeted).length,
  };
}

/**
 * Village statistics of a unit (province, district or commune) for a year, per commune/ward and
 * per district (`byDistrict`, one row for a district or commune), with the increase since a
 * baseline year.
 */
export async function villageStats(sql: Sql, unit: string, year: number, baseline?: number, era: Era = 'before'): Promise<VillageStatsWithDistricts> {
  // cached by data version (server/ops/agg-cache.ts): recomputed only after a data change
  if (era === 'after') return cachedAggregate(sql, 'village-stats-2025', [unit, year, baseline], () => villageStats2025(sql, unit, year, baseline));
  return cachedAggregate(sql, 'village-stats', [unit, year, baseline], () => villageStatsUncached(sql, unit, year, baseline));
}

/**
 * The same figures grouped by unit of 1 July 2025 (byUnit2025; no districts, byDistrict empty),
 * for the province or one new unit: each village counted in the new unit its old commune joined.
 */
async function villageStats2025(sql: Sql, unit: string, year: number, baseline?: number): Promise<VillageStatsWithDistricts> {
  await requireAssessment(sql, 'village', year);
  if (baseline !== undefined) await requireAssessment(sql, 'village', baseline);
  const [[u], units] = await Promise.all([
    unit === '62'
      ? sql<{ code: string; name: string }[]>`SELECT code, name FROM admin_unit WHERE code = '62'`
      : sql<{ code: string; name: string }[]>`SELECT code, full_name AS name FROM admin_unit_2025 WHERE code = ${unit}`,
    sql<{ old_code: string; new_code: string; name: string; kind: string }[]>`
      SELECT s.old_code, s.new_code, n.full_name AS name, n.kind FROM admin_unit_succession s JOIN admin_unit_2025 n ON n.code = s.new_code`,
  ]);
  if (!u) throw notFound({ vi: `xã/phường (từ 1/7/2025) có mã ${unit}`, en: `Commune or ward (from 1 July 2025) ${unit}` });
  const newOf = new Map(units.map((s) => [s.old_code, s]));
  const all = await sql.unsafe<VillageRow[]>(sqlFile('stats/villages'), ['62', year, baseline ?? null]);
  const rows = unit === '62' ? all : all.filter((v) => newOf.get(v.commune_code)?.new_code === unit);
  const has = baseline !== undefined;
  const unitsOf = (list: VillageRow[]) => new Set(list.map((v) => v.commune_code)).size;
  const rural = rows.filter((v) => v.commune_kind === 'xa');
  const urban = rows.filter((v) => v.commune_kind !== 'xa');
  const byCommune = [...new Set(rows.map((v) => v.commune_code))].map((code) => {
    const list = rows.filter((v) => v.commune_code === code);
    return { code, name: list[0]!.commune_name, kind: list[0]!.commune_kind, ...groupStats(list, has) };
  });
  const codes = [...new Set(rows.map((v) => newOf.get(v.commune_code)?.new_code).filter((c): c is string => c != null))].sort();
  const byUnit2025 = codes.map((code) => {
    const list = rows.filter((v) => newOf.get(v.commune_code)?.new_code === code);
    const n = newOf.get(list[0]!.commune_code)!;
    return { code, name: n.name, kind: n.kind, ...groupStats(list, has) };
  });
  return {
    year,
    baseline: baseline ?? null,
    unit: u,
    byDistrict: [],
    byUnit2025,
    total: { ...groupStats(rows, has), units: unitsOf(rows) },
    inCommunes: { ...groupStats(rural, has), units: unitsOf(rural) },
    inWards: { ...groupStats(urban, has), units: unitsOf(urban) },
    byCommune,
  };
}

async function villageStatsUncached(sql: Sql, unit: string, year: number, baseline?: number): Promise<VillageStatsWithDistricts> {
  await requireAssessment(sql, 'village', year);
  if (baseline !== undefined) await requireAssessment(sql, 'village', baseline);
  const [u] = await sql<{ code: string; name: string }[]>`SELECT code, name FROM admin_unit WHERE code = ${unit}`;
  if (!u) throw notFound({ vi: `đơn vị hành chính ${unit}`, en: `Administrative unit ${unit}` });
  const rows = await sql.unsafe<VillageRow[]>(sqlFile('stats/villages'), [unit, year, baseline ?? null]);
  const has = baseline !== undefined;
  const unitsOf = (list: VillageRow[]) => new Set(list.map((v) => v.commune_code)).size;
  const rural = rows.filter((v) => v.commune_kind === 'xa');
  const urban = rows.filter((v) => v.commune_kind !== 'xa');
  const byCommune = [...new Set(rows.map((v) => v.commune_code))].map((code) => {
    const list = rows.filter((v) => v.commune_code === code);
    return { code, name: list[0]!.commune_name, kind: list[0]!.commune_kind, ...groupStats(list, has) };
  });
  const byDistrict = [...new Set(rows.map((v) => v.district_code))].sort().map((code) => {
    const list = rows.filter((v) => v.district_code === code);
    return { code, name: list[0]!.district_name, kind: 'district', ...groupStats(list, has) };
  });
  return {
    year,
    baseline: baseline ?? null,
    unit: u,
    byDistrict,
    total: { ...groupStats(rows, has), units: unitsOf(rows) },
    inCommunes: { ...groupStats(rural, has), units: unitsOf(rural) },
    inWards: { ...groupStats(urban, has), units: unitsOf(urban) },
    byCommune,
  };
}
