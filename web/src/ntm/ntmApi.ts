/**
 * Client of the NTM API: tables (JSON), export links, the criteria upload and single-criterion
 * edits. Writes go through the session's send() (CSRF token, JSON body).
 */
import type { CommuneDetail, NtmStatsResponse, VillageDetail } from '../../../server/domain/api.ts';
import type { CriterionStatusRecord } from '../../../server/auth/contract.ts';
import type { CriteriaUploadResult, NtmTableId, NtmTablesResponse, VillageStatsWithDistricts } from '../../../server/domain/ntm.ts';
import { getJson, send } from '../auth/session.ts';

export type UploadEncoding = 'auto' | 'utf-8' | 'windows-1258' | 'tcvn3' | 'vni';

export interface TablesParams {
  year: number;
  district: string | null;
  compare: number | null;
}

const qs = (params: Record<string, string | number | null | undefined>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') s.set(k, String(v));
  const str = s.toString();
  return str ? `?${str}` : '';
};

export const ntmApi = {
  tables: (p: TablesParams, signal?: AbortSignal) => getJson<NtmTablesResponse>(`/api/ntm/tables${qs({ year: p.year, district: p.district, compare: p.compare })}`, signal),
  villages: (unit: string, year: number, baseline: number | null, signal?: AbortSignal) =>
    getJson<VillageStatsWithDistricts>(`/api/stats/villages${qs({ unit, year, baseline })}`, signal),
  districtStats: (year: number, district: string, signal?: AbortSignal) =>
    getJson<NtmStatsResponse>(`/api/stats/ntm${qs({ year, by: 'district', district })}`, signal),
  commune: (code: string, year: number, signal?: AbortSignal) => getJson<CommuneDetail>(`/api/communes/${encodeURIComponent(code)}${qs({ year })}`, signal),
  village: (code: string, year: number, signal?: AbortSignal) => getJson<VillageDetail>(`/api/villages/${encodeURIComponent(code)}${qs({ year })}`, signal),
  csvUrl: (p: TablesParams, table: NtmTableId, lang: 'vi' | 'en') =>
    `/api/ntm/tables.csv${qs({ year: p.year, district: p.district, compare: p.compare, table, lang })}`,
  xlsxUrl: (p: TablesParams, lang: 'vi' | 'en') => `/api/ntm/tables.xlsx${qs({ year: p.year, district: p.district, compare: p.compare, lang })}`,
  /** the file's bytes, base64: the server finds their encoding (UTF-8, Windows-1258, TCVN3, VNI) */
  upload: (file: string, fileName: string, encoding: UploadEncoding = 'auto') =>
    send<CriteriaUploadResult>('POST', '/api/ntm/criteria/upload', { file, fileName, encoding }),
  setCriterion: (
    kind: 'commune' | 'village',
    code: string,
    year: number,
    no: number,
    body: { met: boolean; evidence: string | null; evidenceDate: string | null; version: number },
  ) => send<CriterionStatusRecord>('PUT', `/api/${kind === 'commune' ? 'communes' : 'villages'}/${encodeURIComponent(code)}/criteria/${year}/${no}`, body),
};
