/**
 * The tile layers' data versions (GET /api/tiles/versions), which the map puts in its tile URLs:
 * a write bumps its layer's version, so the next URLs are new and the browser may keep every
 * versioned tile for good (the server sends them immutable). Loaded with the page — a reload
 * always draws the last committed write — and again whenever `after` changes (the page's own
 * write counters: ntm/revision.ts, forest/forestStore.ts).
 */
import type { TileVersions } from '../../../server/domain/api.ts';
import { getJson } from '../api/http.ts';
import { useAsync } from '../state/useAsync.ts';

/** Never from the HTTP cache: a stale answer would name tiles older than the last write. */
const loadVersions = (signal: AbortSignal) => getJson<TileVersions>('/api/tiles/versions', signal, { cache: 'no-store' });

/**
 * The versions, reloaded when `after` changes; the previous ones stay while the next load runs.
 * status 'error': tile URLs go without a version (the server then has the browser revalidate).
 */
export function useTileVersions(after: string) {
  return useAsync<TileVersions>(`tile-versions:${after}`, loadVersions, { keepPrevious: true });
}
