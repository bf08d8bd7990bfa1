/**
 * Client of the forest endpoints (issue 5): inspections, worklist, progress, units with plantings.
 * Reads go through getJson, the write through send() (CSRF token, JSON) of auth/session.ts.
 */
import type { PlotDetail, TieuKhuDetail } from '../../../server/domain/api.ts';
import type { InspectionBody, InspectionResponse, WorklistResponse, ForestUnit } from '../../../server/domain/forest.ts';
import { getJson, send } from '../auth/session.ts';

const qs = (params: Record<string, string | number | boolean | null | undefined>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') s.set(k, String(v));
  const str = s.toString();
  return str ? `?${str}` : '';
};

export interface WorklistParams {
  plantingYear?: number | null;
  unit?: string | null;
  funding?: string | null;
  includeRejected?: boolean;
}

export const forestApi = {
  plot: (id: number | string, signal?: AbortSignal) => getJson<PlotDetail>(`/api/plots/${encodeURIComponent(String(id))}`, signal),
  recordInspection: (body: InspectionBody) => send<InspectionResponse>('POST', '/api/inspections', body),
  worklist: (p: WorklistParams, signal?: AbortSignal) => getJson<WorklistResponse>(`/api/forest/worklist${qs({ ...p })}`, signal),
  worklistFileUrl: (p: WorklistParams, format: 'csv' | 'xlsx', lang: string) => `/api/forest/worklist.${format}${qs({ ...p, lang })}`,
  plantingFileUrl: (plantingYear: number, unit: string | null, format: 'csv' | 'xlsx', lang: string) =>
    `/api/forest/planting.${format}${qs({ plantingYear, unit, lang, by: 'commune' })}`,
  units: (signal?: AbortSignal) => getJson<ForestUnit[]>('/api/forest/units', signal),
  tieuKhu: (no: number, signal?: AbortSignal) => getJson<TieuKhuDetail>(`/api/tieukhu/${no}`, signal),
};
