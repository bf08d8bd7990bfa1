/**
 * The NTM endpoints: tables (JSON), export links, village and district figures, the criteria
 * upload and single-criterion edits — typed and thin, over the one client of api/http.ts
 * (a commune's or village's record is api.commune / api.village of api/client.ts).
 */
import type { NtmStatsResponse } from '../../../server/domain/api.ts';
import type { CriterionStatusRecord } from '../../../server/auth/contract.ts';
import type { CriteriaUploadResult, NtmTableId, NtmTablesResponse, VillageStatsWithDistricts } from '../../../server/domain/ntm.ts';
import { getJson, query as qs, send } from '../api/http.ts';

export interface TablesParams {
  year: number;
  district: string | null;
  compare: number | null;
}

export const ntmApi = {
  tables: (p: TablesParams, signal?: AbortSignal) => getJson<NtmTablesResponse>(`/api/ntm/tables${qs({ year: p.year, district: p.district, compare: p.compare })}`, signal),
  villages: (unit: string, year: number, baseline: number | null, signal?: AbortSignal) =>
    getJson<VillageStatsWithDistricts>(`/api/stats/villages${qs({ unit, year, baseline })}`, signal),
  districtStats: (year: number, district: string, signal?: AbortSignal) =>
    getJson<NtmStatsResponse>(`/api/stats/ntm${qs({ year, by: 'district', district })}`, signal),
  csvUrl: (p: TablesParams, table: NtmTableId, lang: 'vi' | 'en') =>
    `/api/ntm/tables.csv${qs({ year: p.year, district: p.district, compare: p.compare, table, lang })}`,
  xlsxUrl: (p: TablesParams, lang: 'vi' | 'en') => `/api/ntm/tables.xlsx${qs({ year: p.year, district: p.district, compare: p.compare, lang })}`,
  upload: (csv: string, fileName: string) => send<CriteriaUploadResult>('POST', '/api/ntm/criteria/upload', { csv, fileName }),
  setCriterion: (
    kind: 'commune' | 'village',
    code: string,
    year: number,
    no: number,
    body: { met: boolean; evidence: string | null; evidenceDate: string | null; version: number },
  ) => send<CriterionStatusRecord>('PUT', `/api/${kind === 'commune' ? 'communes' : 'villages'}/${encodeURIComponent(code)}/criteria/${year}/${no}`, body),
};
