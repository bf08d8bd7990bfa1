/**
 * Offline tiles for a presentation: the map's tile URLs are given the scheme `atlas-present://`
 * instead of http(s) (MapView's `origin`), so maplibre hands every tile request to the protocol
 * registered here (addProtocol; requests from its workers come back to this thread). The first
 * request of a URL goes to the network and its bytes are kept in memory; every later request —
 * the presentation revisiting a view, with or without a network — is answered from memory.
 *
 * Why memory and not the Cache API or a service worker: a meeting lasts an hour, a briefing of
 * a dozen views needs a few MB of tiles, and nothing should outlive the presentation (a later
 * data edit must show). The service worker of the offline-field work may later keep them longer.
 */
import { addProtocol, removeProtocol } from 'maplibre-gl';

export const PRESENT_SCHEME = 'atlas-present';

/** The origin the map's style is built with while presenting. @example 'atlas-present://localhost:8080' */
export const presentOrigin = () => `${PRESENT_SCHEME}://${location.host}`;

const toHttp = (url: string) => `${location.protocol}//${url.slice(PRESENT_SCHEME.length + 3)}`;

export interface TileStore {
  /** tiles held, and their bytes */
  stats(): { tiles: number; bytes: number };
  dispose(): void;
}

/** Registers the protocol; dispose() removes it and drops the tiles. */
export function openTileStore(): TileStore {
  const store = new Map<string, ArrayBuffer>();
  const pending = new Map<string, Promise<ArrayBuffer>>();
  const load = (url: string): Promise<ArrayBuffer> => {
    let p = pending.get(url);
    if (!p) {
      // not tied to the first caller's abort: another view may be waiting for the same tile
      p = fetch(url, { credentials: 'same-origin' })
        .then(async (res) => {
          // 204: an empty tile, kept as such
          if (!res.ok && res.status !== 204) throw new Error(`tile ${res.status}`);
          const buf = res.status === 204 ? new ArrayBuffer(0) : await res.arrayBuffer();
          store.set(url, buf);
          return buf;
        })
        .finally(() => pending.delete(url));
      pending.set(url, p);
    }
    return p;
  };
  addProtocol(PRESENT_SCHEME, async (params) => {
    const url = toHttp(params.url);
    const buf = store.get(url) ?? (await load(url));
    // maplibre transfers the buffer to a worker (detaching it): hand out a copy
    return { data: buf.slice(0) };
  });
  return {
    stats: () => ({ tiles: store.size, bytes: [...store.values()].reduce((n, b) => n + b.byteLength, 0) }),
    dispose() {
      removeProtocol(PRESENT_SCHEME);
      store.clear();
    },
  };
}
