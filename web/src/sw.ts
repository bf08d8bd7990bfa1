/// <reference lib="webworker" />
/**
 * The service worker: the app opens with no network (the app shell is precached by Workbox from
 * the build's manifest), the last answer of each API read is kept for the next offline start, and
 * tiles come from the network first, else from the tiles of prepared areas (web/src/offline), else
 * from the tiles seen lately. Writes (POST/PUT/…) are never touched: the inspection outbox
 * (web/src/outbox) owns sending them. docs/offline.md.
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';
import { ExpirationPlugin } from 'workbox-expiration';
import { isTileUrl, OFFLINE_STAND_IN_HEADER, PREPARED_TILES_CACHE, RECENT_API_CACHE, RECENT_TILES_CACHE, tileKey } from './offline/cacheNames.ts';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// the app is one page (screens are #/ routes): a navigation to / opens the precached shell offline
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { allowlist: [/^\/$/, /^\/index\.html$/] }));

/** Whatever the network gave: an empty tile draws nothing instead of an error in the console. */
const EMPTY_TILE = () => new Response(null, { status: 204, headers: { [OFFLINE_STAND_IN_HEADER]: 'missing' } });

/** A tile: network first (kept among the tiles seen lately); offline, that copy, else the prepared areas' one. */
registerRoute(
  ({ url, request }) => request.method === 'GET' && url.origin === self.location.origin && isTileUrl(url),
  new NetworkFirst({
    cacheName: RECENT_TILES_CACHE,
    plugins: [
      { cacheKeyWillBeUsed: async ({ request }) => tileKey(request.url) },
      new ExpirationPlugin({ maxEntries: 4000, maxAgeSeconds: 30 * 24 * 3600 }),
      {
        handlerDidError: async ({ request }) => (await (await caches.open(PREPARED_TILES_CACHE)).match(tileKey(request.url))) ?? EMPTY_TILE(),
      },
    ],
  }),
);

/**
 * Other reads of the API: network first, the last answer kept for an offline start. File exports,
 * the OGC service and import jobs are left to the network (large, or meaningless offline).
 */
const NOT_KEPT = /\.(csv|xlsx|gpkg|zip|kml|gpx|pdf)$|^\/api\/(ogc|import|admin|offline)\b/;
registerRoute(
  ({ url, request }) => request.method === 'GET' && url.origin === self.location.origin && url.pathname.startsWith('/api/') && !NOT_KEPT.test(url.pathname),
  new NetworkFirst({ cacheName: RECENT_API_CACHE, plugins: [new ExpirationPlugin({ maxEntries: 400, maxAgeSeconds: 30 * 24 * 3600 })] }),
);

// a new version of the app takes over at once (the page reloads its data from the API anyway)
self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));
