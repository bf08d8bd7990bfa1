/**
 * The dashboard's reads: the API's existing tables, nothing of its own. Every number a chart
 * shows is a cell of one of these answers (test/e2e/dashboard.test.ts compares them).
 */
import type { PlantingStatsResponse } from '../../../server/domain/api.ts';
import type { NtmTablesResponse, VillageStatsWithDistricts } from '../../../server/domain/ntm.ts';
import type { NtmFundingResponse } from '../../../server/domain/reports.ts';
import { getJson, query } from '../api/http.ts';

export const dashboardApi = {
  /** NTM tables of a year for the province (by district) or one district (by commune). */
  ntm: (year: number, district: string | null, signal?: AbortSignal) =>
    getJson<NtmTablesResponse>(`/api/ntm/tables${query({ year, district })}`, signal),
  /** Village figures of a year for the province ('62') or a district: per district and per commune. */
  villages: (year: number, unit: string, signal?: AbortSignal) =>
    getJson<VillageStatsWithDistricts>(`/api/stats/villages${query({ year, unit })}`, signal),
  /** Planting of a year and its inspections' results, by district or commune, within a unit. */
  planting: (plantingYear: number, by: 'district' | 'commune', unit: string | null, signal?: AbortSignal) =>
    getJson<PlantingStatsResponse>(`/api/stats/planting${query({ plantingYear, by, unit })}`, signal),
  /** NTM funding of a programme period by source (report 004), province-wide. */
  ntmFunding: (from: number, to: number, signal?: AbortSignal) => getJson<NtmFundingResponse>(`/api/reports/ntm-funding${query({ from, to })}`, signal),
};
