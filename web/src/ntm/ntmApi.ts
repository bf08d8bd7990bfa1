/**
 * The NTM endpoints: the tables laid out (report), export links, district figures, the criteria
 * upload and single-criterion edits — typed and thin, over the one client of api/http.ts
 * (a commune's or village's record is api.commune / api.village of api/client.ts).
 */
import type { NtmStatsResponse } from '../../../server/domain/api.ts';
import type { CriterionStatusRecord } from '../../../server/auth/contract.ts';
import type { CriteriaUploadResult, NtmTableId } from '../../../server/domain/ntm.ts';
import type { NtmReportResponse } from '../../../server/domain/report-table.ts';
import { getJson, query as qs, send } from '../api/http.ts';
import type { Era } from '../layers/units2025/era.ts';

export type UploadEncoding = 'auto' | 'utf-8' | 'windows-1258' | 'tcvn3' | 'vni';

export interface TablesParams {
  year: number;
  district: string | null;
  compare: number | null;
  /** which map of units (web/src/layers/units2025/era.ts); 'after': per unit of 1 July 2025, no district nor compare */
  era?: Era;
}

/** The API's era parameter: only 'after' is sent, so the report era's links stay as they were. */
const eraParam = (p: TablesParams) => (p.era === 'after' ? 'after' : null);

export const ntmApi = {
  /** The figures and the seven tables laid out in one language: what the screen shows, as the files hold it. */
  report: (p: TablesParams, lang: 'vi' | 'en', signal?: AbortSignal) =>
    getJson<NtmReportResponse>(`/api/ntm/report${qs({ year: p.year, district: p.district, compare: p.compare, era: eraParam(p), lang })}`, signal),
  districtStats: (year: number, district: string, signal?: AbortSignal) =>
    getJson<NtmStatsResponse>(`/api/stats/ntm${qs({ year, by: 'district', district })}`, signal),
  csvUrl: (p: TablesParams, table: NtmTableId, lang: 'vi' | 'en') =>
    `/api/ntm/tables.csv${qs({ year: p.year, district: p.district, compare: p.compare, era: eraParam(p), table, lang })}`,
  xlsxUrl: (p: TablesParams, lang: 'vi' | 'en') => `/api/ntm/tables.xlsx${qs({ year: p.year, district: p.district, compare: p.compare, era: eraParam(p), lang })}`,
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
