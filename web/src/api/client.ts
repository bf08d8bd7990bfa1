/**
 * Typed client of the HTTP contract (server/domain/api.ts). Relative URLs: the app is served by
 * the API server, or by Vite with /api proxied.
 */
import type { FeatureCollection, Point } from 'geojson';
import type {
  ApiError,
  CommuneDetail,
  LocateResponse,
  MetaResponse,
  PlotDetail,
  SearchResponse,
  VillageDetail,
  VillageFeatureProps,
} from '../../../server/domain/api.ts';
import { isDatabaseUnavailable, noteApiResponse, retryAfterSeconds } from './outage.ts';

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: { vi: string; en: string },
  ) {
    super(text.en || text.vi || `HTTP ${status}`);
  }
}

/** Reads retried while the database is down (the server's 503 + Retry-After): about half a minute. */
const OUTAGE_RETRIES = 10;

const wait = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
  let res = await fetch(path, { signal, headers: { Accept: 'application/json' } });
  // ops: the database is unavailable: say so (DatabaseBanner) and retry after the time the server asks
  for (let attempt = 0; isDatabaseUnavailable(res) && attempt < OUTAGE_RETRIES; attempt++) {
    noteApiResponse(res);
    await wait(retryAfterSeconds(res) * 1000, signal);
    res = await fetch(path, { signal, headers: { Accept: 'application/json' } });
  }
  noteApiResponse(res);
  if (!res.ok) {
    let body: Partial<ApiError> | null = null;
    try {
      body = (await res.json()) as ApiError;
    } catch {
      /* not JSON */
    }
    const e = body?.error;
    throw new ApiRequestError(res.status, e?.code ?? 'http_error', e?.message ?? { vi: `Lỗi máy chủ (${res.status})`, en: `Server error (${res.status})` });
  }
  return (await res.json()) as T;
}

const q = (params: Record<string, string | number | null | undefined>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') s.set(k, String(v));
  const str = s.toString();
  return str ? `?${str}` : '';
};

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
