/**
 * The map's reads of the HTTP contract (server/domain/api.ts): meta, villages, details, search,
 * locate — typed and thin, over the one client of api/http.ts.
 */
import type { FeatureCollection, Point } from 'geojson';
import type {
  CommuneDetail,
  LocateResponse,
  MetaResponse,
  PlotDetail,
  SearchResponse,
  VillageDetail,
  VillageFeatureProps,
} from '../../../server/domain/api.ts';
import { getJson as get, query as q } from './http.ts';

export type VillageCollection = FeatureCollection<Point, VillageFeatureProps>;

export const api = {
  meta: (signal?: AbortSignal) => get<MetaResponse>('/api/meta', signal),
  villages: (year: number | null, signal?: AbortSignal) => get<VillageCollection>(`/api/villages${q({ year })}`, signal),
  commune: (code: string, year: number | null, signal?: AbortSignal) =>
    get<CommuneDetail>(`/api/communes/${encodeURIComponent(code)}${q({ year })}`, signal),
  village: (code: string, year: number | null, signal?: AbortSignal) =>
    get<VillageDetail>(`/api/villages/${encodeURIComponent(code)}${q({ year })}`, signal),
  plot: (id: string, signal?: AbortSignal) => get<PlotDetail>(`/api/plots/${encodeURIComponent(id)}`, signal),
  search: (text: string, signal?: AbortSignal) => get<SearchResponse>(`/api/search${q({ q: text })}`, signal),
  locate: (lon: number, lat: number, signal?: AbortSignal) => get<LocateResponse>(`/api/locate${q({ lon, lat })}`, signal),
};
