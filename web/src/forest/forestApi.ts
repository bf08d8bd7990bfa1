/**
 * The forest endpoints: inspections, worklist, file links, units with plantings — typed and thin,
 * over the one client of api/http.ts (a lô's record is api.plot of api/client.ts).
 */
import type { TieuKhuDetail } from '../../../server/domain/api.ts';
import type { InspectionBody, InspectionResponse, WorklistResponse, ForestUnit } from '../../../server/domain/forest.ts';
import { getJson, query as qs, send } from '../api/http.ts';

export interface WorklistParams {
  plantingYear?: number | null;
  unit?: string | null;
  funding?: string | null;
  includeRejected?: boolean;
}

export const forestApi = {
  recordInspection: (body: InspectionBody) => send<InspectionResponse>('POST', '/api/inspections', body),
  worklist: (p: WorklistParams, signal?: AbortSignal) => getJson<WorklistResponse>(`/api/forest/worklist${qs({ ...p })}`, signal),
  worklistFileUrl: (p: WorklistParams, format: 'csv' | 'xlsx' | 'gpkg' | 'shp.zip' | 'kml' | 'gpx', lang: string) => `/api/forest/worklist.${format}${qs({ ...p, lang })}`,
  plantingFileUrl: (plantingYear: number, unit: string | null, format: 'csv' | 'xlsx', lang: string) =>
    `/api/forest/planting.${format}${qs({ plantingYear, unit, lang, by: 'commune' })}`,
  units: (signal?: AbortSignal) => getJson<ForestUnit[]>('/api/forest/units', signal),
  tieuKhu: (no: number, signal?: AbortSignal) => getJson<TieuKhuDetail>(`/api/tieukhu/${no}`, signal),
};
