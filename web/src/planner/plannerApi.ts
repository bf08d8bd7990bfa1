/**
 * The planner endpoints: site search, village buffers, plans, area analysis — typed and thin,
 * over the one client of api/http.ts.
 */
import type { FeatureCollection, MultiPolygon, Point } from 'geojson';
import type { VillageFeatureProps } from '../../../server/domain/api.ts';
import type { AreaAnalysis, BufferResponse, PlanBodyInput, PlanRecord, PlanSummary, SiteSearchInput, SiteSearchResponse } from '../../../server/domain/planner.ts';
import { getJson, query, send } from '../api/http.ts';

export interface PlannerUnit {
  code: string;
  name: string;
  level: 'district' | 'commune';
  parentCode: string | null;
}

export const plannerApi = {
  units: (signal?: AbortSignal) => getJson<PlannerUnit[]>('/api/sites/units', signal),
  search: (body: SiteSearchInput) => send<SiteSearchResponse>('POST', '/api/sites/search', body),
  buffer: (villages: string[], km: number) => getJson<BufferResponse>(`/api/sites/buffer${query({ villages: villages.join(','), km })}`),
  villages: (commune: string, signal?: AbortSignal) => getJson<FeatureCollection<Point, VillageFeatureProps>>(`/api/villages${query({ commune })}`, signal),
  plans: (year: number | null, signal?: AbortSignal) => getJson<PlanSummary[]>(`/api/plans${query({ year: year || null })}`, signal),
  plan: (id: number) => getJson<PlanRecord>(`/api/plans/${id}`),
  planGeometry: (id: number) => getJson<FeatureCollection<MultiPolygon, { plotId: number }>>(`/api/plans/${id}.geojson`),
  createPlan: (body: PlanBodyInput) => send<PlanRecord>('POST', '/api/plans', body),
  updatePlan: (id: number, body: PlanBodyInput) => send<PlanRecord>('PUT', `/api/plans/${id}`, body),
  deletePlan: (id: number, version: number) => send<{ deleted: boolean }>('DELETE', `/api/plans/${id}${query({ version })}`),
  planFileUrl: (id: number, format: 'csv' | 'xlsx' | 'geojson', lang: string) => `/api/plans/${id}.${format}${query({ lang })}`,
  area: (body: unknown) => send<AreaAnalysis>('POST', '/api/stats/area', body),
};
