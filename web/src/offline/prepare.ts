/**
 * Preparing an area for offline, in two steps the inspector sees: plan (fetch the area's package,
 * list its tiles, estimate the size from a sample of them) and download (the tiles, four at a
 * time, with progress; a tile already stored is not fetched again, so a download cut short — the
 * signal lost, the tab closed — resumes where it stopped). Storage is asked to be persistent, so
 * the browser does not evict it when the phone runs short. docs/offline.md.
 */
import type { MetaResponse } from '../../../server/domain/api.ts';
import type { OfflinePackage } from '../../../server/domain/offline.ts';
import { getJson, query, send } from '../api/http.ts';
import type { TileSourceTemplate } from '../map/MapView.tsx';
import { OFFLINE_STAND_IN_HEADER, PREPARED_TILES_CACHE, tileKey } from './cacheNames.ts';
import { areaId, getArea, putArea, storePackage, type PreparedArea } from './store.ts';
import { padBbox, tileUrlsFor } from './tiles.ts';

/** A tiểu khu, a commune, or an area drawn on the map (its closed ring, [lon, lat]). */
export type AreaChoice = { kind: 'tieukhu'; code: string } | { kind: 'commune'; code: string } | { kind: 'drawn'; ring: [number, number][] };

/** The choice that made a prepared area (to update or resume it). */
export function choiceOf(a: PreparedArea): AreaChoice {
  if (a.kind === 'drawn') return { kind: 'drawn', ring: a.ring ?? [] };
  return { kind: a.kind, code: a.code };
}

/** The package of the choice: a GET for a tiểu khu or a commune, a POST for a drawn polygon (too long for a query). */
function fetchPackage(choice: AreaChoice, signal?: AbortSignal): Promise<OfflinePackage> {
  if (choice.kind === 'drawn') return send<OfflinePackage>('POST', '/api/offline/package', { polygon: { type: 'Polygon', coordinates: [choice.ring] } });
  const q = choice.kind === 'tieukhu' ? { tieuKhu: choice.code } : { commune: choice.code };
  return getJson<OfflinePackage>(`/api/offline/package${query(q)}`, signal, { cache: 'no-store' });
}

export interface AreaPlan {
  area: PreparedArea;
  pkg: OfflinePackage;
  /** tile URLs to fetch (the map's own, data version included) */
  tileUrls: string[];
  /** bytes the download will take, estimated from the package and a sample of tiles */
  estimatedBytes: number;
}

export interface Progress {
  done: number;
  total: number;
  bytes: number;
}

/** How many tiles are fetched to estimate the rest's size. */
const SAMPLE = 8;
const PARALLEL = 4;

export async function planArea(choice: AreaChoice, sources: readonly TileSourceTemplate[], signal?: AbortSignal): Promise<AreaPlan> {
  const pkg = await fetchPackage(choice, signal);
  const packageBytes = new Blob([JSON.stringify(pkg)]).size;
  // a drawn area: the tiles meeting its outline; a tiểu khu or commune: its box and a tenth more
  const tileUrls = choice.kind === 'drawn' ? tileUrlsFor(pkg.area.bbox, sources, undefined, choice.ring) : tileUrlsFor(padBbox(pkg.area.bbox, 0.1), sources);
  const id = areaId(pkg.area.kind, pkg.area.code);
  const previous = await getArea(id);
  const area: PreparedArea = {
    id,
    kind: pkg.area.kind,
    code: pkg.area.code,
    label: pkg.area.label,
    bbox: pkg.area.bbox,
    preparedAt: pkg.generatedAt,
    dataVersions: pkg.dataVersions,
    tiles: tileUrls.map(tileKey),
    tilesDone: 0,
    bytes: packageBytes,
    status: 'downloading',
    ...(choice.kind === 'drawn' ? { ring: choice.ring, areaHa: pkg.area.areaHa } : {}),
  };
  // a sample spread over the list (all zooms), stored at once: the estimate's work is not lost
  const step = Math.max(1, Math.floor(tileUrls.length / SAMPLE));
  const sample = tileUrls.filter((_, i) => i % step === 0).slice(0, SAMPLE);
  const cache = await caches.open(PREPARED_TILES_CACHE);
  let sampleBytes = 0;
  for (const url of sample) sampleBytes += await fetchTile(cache, url, signal);
  const estimatedBytes = packageBytes + Math.round((sampleBytes / Math.max(1, sample.length)) * tileUrls.length);
  return { area: previous?.status === 'downloading' ? { ...area, tilesDone: previous.tilesDone } : area, pkg, tileUrls, estimatedBytes };
}

/** Downloads a planned area; resumable: stored tiles are skipped. */
export async function downloadArea(plan: AreaPlan, onProgress: (p: Progress) => void, signal?: AbortSignal): Promise<PreparedArea> {
  await requestPersistentStorage();
  await keepAppStart(signal);
  const area = { ...plan.area, status: 'downloading' as const };
  await putArea(area);
  await storePackage(area.id, plan.pkg);
  const cache = await caches.open(PREPARED_TILES_CACHE);
  let done = 0;
  let bytes = area.bytes;
  let next = 0;
  onProgress({ done, total: plan.tileUrls.length, bytes });
  const worker = async () => {
    while (next < plan.tileUrls.length) {
      signal?.throwIfAborted();
      const url = plan.tileUrls[next++]!;
      bytes += await fetchTile(cache, url, signal);
      done++;
      onProgress({ done, total: plan.tileUrls.length, bytes });
      // the count is saved as it goes: a list of prepared areas shows how far a cut download got
      if (done % 50 === 0) await putArea({ ...area, tilesDone: done, bytes });
    }
  };
  try {
    await Promise.all(Array.from({ length: PARALLEL }, worker));
  } catch (err) {
    // cut (signal lost, stopped): the list shows how far it got, and "Tải tiếp" skips what is stored
    await putArea({ ...area, tilesDone: done, bytes });
    throw err;
  }
  const ready: PreparedArea = { ...area, tilesDone: done, bytes, status: 'ready' };
  await putArea(ready);
  return ready;
}

/**
 * The reads the app makes when it starts, asked again through the service worker so it keeps
 * them (web/src/sw.ts): a page first opened before the worker took control — the first visit —
 * fetched them past it, and an offline start without /api/meta draws no map.
 */
async function keepAppStart(signal?: AbortSignal): Promise<void> {
  const meta = await getJson<MetaResponse>('/api/meta', signal, { cache: 'no-store' });
  const shown = Number(new URLSearchParams(location.hash.slice(1)).get('year'));
  const years = [...new Set([meta.village.latestYear, meta.commune.latestYear, shown])].filter((y) => meta.village.years.includes(y));
  const reads = ['/api/auth/me', '/api/tiles/versions', '/api/forest/units', ...years.map((year) => `/api/villages${query({ year })}`)];
  await Promise.all(reads.map((path) => fetch(path, { signal, credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } }).catch(() => undefined)));
}

/**
 * The signal went during a download: the area stays unfinished (the tiles down so far kept) and
 * "Tải tiếp" finishes it once the signal is back.
 */
export class SignalLostError extends Error {
  constructor(url: string) {
    super(`no network for ${url}`);
    this.name = 'SignalLostError';
  }
}

/** Stores one tile unless it is there already; the bytes it takes (0 for an empty tile). */
async function fetchTile(cache: Cache, url: string, signal?: AbortSignal): Promise<number> {
  const key = tileKey(url);
  const stored = await cache.match(key);
  if (stored) return Number(stored.headers.get('X-Atlas-Bytes') ?? 0);
  let res: Response;
  try {
    res = await fetch(url, { signal, credentials: 'same-origin' });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new SignalLostError(url); // no service worker in between: the fetch itself fails
  }
  // the service worker's stand-in (it could not reach the server), not an empty tile: nothing was downloaded
  if (res.headers.get(OFFLINE_STAND_IN_HEADER)) throw new SignalLostError(url);
  if (res.status === 204) return 0;
  if (!res.ok) throw new Error(`tile ${url}: HTTP ${res.status}`);
  const body = await res.arrayBuffer();
  const headers = new Headers(res.headers);
  headers.set('X-Atlas-Bytes', String(body.byteLength));
  await cache.put(key, new Response(body, { status: 200, headers }));
  return body.byteLength;
}

/** Asks the browser not to evict the prepared data under storage pressure (granted to installed apps). */
export async function requestPersistentStorage(): Promise<boolean> {
  try {
    return (await navigator.storage?.persist?.()) ?? false;
  } catch {
    return false;
  }
}

/** The layers whose data a prepared area holds: a newer version of one of them online makes it stale. */
export const PREPARED_LAYERS = ['plots', 'khoanh', 'tieukhu', 'communes', 'tkplanting'] as const;

/** Whether the area was made at older data than the server has now. */
export function isStale(area: PreparedArea, current: Record<string, number> | null | undefined): boolean {
  if (!current) return false;
  return PREPARED_LAYERS.some((l) => current[l] !== undefined && area.dataVersions[l] !== undefined && current[l] > area.dataVersions[l]!);
}
