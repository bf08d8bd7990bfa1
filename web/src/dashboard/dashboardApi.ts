/**
 * The dashboard's reads: the API's existing tables, nothing of its own. Every number a chart
 * shows is a cell of one of these answers (test/e2e/dashboard.test.ts compares them).
 */
import type { PlantingStatsResponse } from '../../../server/domain/api.ts';
import type { NtmTablesResponse, VillageStatsWithDistricts } from '../../../server/domain/ntm.ts';
import type { NtmFundingResponse } from '../../../server/domain/reports.ts';
import type { Unit2025Detail, Unit2025Summary } from '../../../server/domain/units-2025.ts';
import { getJson, query } from '../api/http.ts';
import type { Era } from '../layers/units2025/era.ts';

export const dashboardApi = {
  /** NTM tables of a year for the province (by district; era 'after': by unit of 1 July 2025) or one district (by commune). */
  ntm: (year: number, district: string | null, signal?: AbortSignal, era: Era = 'before') =>
    getJson<NtmTablesResponse>(`/api/ntm/tables${query({ year, district, era: era === 'after' ? era : null })}`, signal),
  /** Village figures of a year for the province ('62') or a district: per district and per commune. */
  villages: (year: number, unit: string, signal?: AbortSignal, era: Era = 'before') =>
    getJson<VillageStatsWithDistricts>(`/api/stats/villages${query({ year, unit, era: era === 'after' ? era : null })}`, signal),
  /** Planting of a year and its inspections' results, by district or commune, within a unit. */
  planting: (plantingYear: number, by: 'district' | 'commune', unit: string | null, signal?: AbortSignal, era: Era = 'before') =>
    getJson<PlantingStatsResponse>(`/api/stats/planting${query({ plantingYear, by: era === 'after' ? null : by, unit, era: era === 'after' ? era : null })}`, signal),
  /** The 40 units of 1 July 2025 with their old units' codes. */
  units2025: (signal?: AbortSignal) => getJson<Unit2025Summary[]>('/api/units2025', signal),
  /** One unit of 1 July 2025: its old units' NTM history, villages and planting. */
  unit2025: (code: string, signal?: AbortSignal) => getJson<Unit2025Detail>(`/api/units2025/${encodeURIComponent(code)}`, signal),
  /** NTM funding of a programme period by source (report 004), province-wide. */
  ntmFunding: (from: number, to: number, signal?: AbortSignal) => getJson<NtmFundingResponse>(`/api/reports/ntm-funding${query({ from, to })}`, signal),
};
