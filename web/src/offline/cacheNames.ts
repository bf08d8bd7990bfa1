/**
 * Names and keys shared by the page and the service worker (web/src/sw.ts): the caches the
 * offline map reads, and how a tile URL is keyed there. Pure, no imports: the service worker
 * bundles it too.
 */

/** Tiles of prepared areas: kept until the area is removed (never expired by the browser's LRU). */
export const PREPARED_TILES_CACHE = 'atlas-prepared-tiles';
/** API answers seen online (meta, session, versions, villages…): the last of each, to open offline. */
export const RECENT_API_CACHE = 'atlas-api-recent';
/** Tiles seen online: the last few thousand, so a place just looked at still draws offline. */
export const RECENT_TILES_CACHE = 'atlas-tiles-recent';

/**
 * The key a tile is stored under: its URL without the data version (`v=`), so a tile prepared at
 * one version is found when the map asks with the same filters; staleness is the prepared area's
 * business (it knows the versions it was made at), not the URL's.
 * @example tileKey('https://h/api/tiles/plots/14/1/2.mvt?year=2023&v=7') // 'https://h/api/tiles/plots/14/1/2.mvt?year=2023'
 */
export function tileKey(url: string): string {
  const u = new URL(url);
  u.searchParams.delete('v');
  u.searchParams.sort();
  return u.toString();
}

/**
 * The header of the service worker's stand-in for a tile it could not get (no network, nothing
 * kept): an empty 204 the map draws as nothing. A download must not take it for a tile the server
 * has nothing in (also an empty 204, without this header).
 */
export const OFFLINE_STAND_IN_HEADER = 'X-Atlas-Offline';

/** Whether a URL is a vector tile of the atlas. */
export function isTileUrl(url: URL): boolean {
  return url.pathname.startsWith('/api/tiles/') && url.pathname.endsWith('.mvt');
}
