/**
 * What the phone keeps of prepared areas, in IndexedDB (through `idb`, a 1 KB promise wrapper):
 * the areas (what, when, at which data versions, how big, how far the download got), and their
 * lô, tiểu khu, khoảnh, communes and search entries — each record tagged with the areas that hold
 * it, so removing one area keeps what another still needs. The tiles themselves are in the Cache
 * Storage (PREPARED_TILES_CACHE), where the service worker finds them.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { PlotDetail, TieuKhuDetail } from '../../../server/domain/api.ts';
import type { AreaGeometry, OfflinePackage, OfflineSearchEntry } from '../../../server/domain/offline.ts';
import { PREPARED_TILES_CACHE } from './cacheNames.ts';

export interface PreparedArea {
  /** 'tieukhu:568', 'commune:23350', 'drawn:3fa0c1d2e4b5' */
  id: string;
  kind: OfflinePackage['area']['kind'];
  code: string;
  label: string;
  bbox: [number, number, number, number];
  preparedAt: string;
  dataVersions: Record<string, number>;
  /** the tile keys of the area (tileKey), downloaded or still to download */
  tiles: string[];
  /** how many of them are stored */
  tilesDone: number;
  /** bytes stored: the package and the tiles downloaded */
  bytes: number;
  status: 'downloading' | 'ready';
  /** a drawn area: its outline (closed ring, [lon, lat]) — asked again to update or resume — and its size */
  ring?: [number, number][];
  areaHa?: number;
}

type Tagged<T> = T & { areas: string[] };

interface OfflineDb extends DBSchema {
  areas: { key: string; value: PreparedArea };
  plots: { key: number; value: Tagged<{ id: number; detail: PlotDetail; geometry: AreaGeometry }> };
  tieukhu: { key: number; value: Tagged<{ tk: number; detail: TieuKhuDetail; geometry: AreaGeometry }> };
  khoanh: { key: string; value: Tagged<{ key: string; tk: number; khoanh: number; geometry: AreaGeometry }> };
  communes: { key: string; value: Tagged<OfflinePackage['communes'][number]> };
  search: { key: string; value: Tagged<OfflineSearchEntry & { key: string }> };
}

type Store = 'plots' | 'tieukhu' | 'khoanh' | 'communes' | 'search';
const STORES: Store[] = ['plots', 'tieukhu', 'khoanh', 'communes', 'search'];

let db: Promise<IDBPDatabase<OfflineDb>> | undefined;

export function offlineDb(): Promise<IDBPDatabase<OfflineDb>> {
  db ??= openDB<OfflineDb>('atlas-offline', 1, {
    upgrade(d) {
      d.createObjectStore('areas', { keyPath: 'id' });
      d.createObjectStore('plots', { keyPath: 'id' });
      d.createObjectStore('tieukhu', { keyPath: 'tk' });
      d.createObjectStore('khoanh', { keyPath: 'key' });
      d.createObjectStore('communes', { keyPath: 'code' });
      d.createObjectStore('search', { keyPath: 'key' });
    },
  });
  return db;
}

export const areaId = (kind: PreparedArea['kind'], code: string) => `${kind}:${code}`;

export async function listAreas(): Promise<PreparedArea[]> {
  const all = await (await offlineDb()).getAll('areas');
  return all.sort((a, b) => b.preparedAt.localeCompare(a.preparedAt));
}

export async function getArea(id: string): Promise<PreparedArea | undefined> {
  return (await offlineDb()).get('areas', id);
}

export async function putArea(area: PreparedArea): Promise<void> {
  await (await offlineDb()).put('areas', area);
}

/** Stores a package's records for the area, in one transaction (all or nothing). */
export async function storePackage(area: string, pkg: OfflinePackage): Promise<void> {
  const d = await offlineDb();
  const tx = d.transaction(STORES, 'readwrite');
  const tag = async <S extends Store>(store: S, value: OfflineDb[S]['value'] extends Tagged<infer T> ? T : never, key: OfflineDb[S]['key']) => {
    const s = tx.objectStore(store);
    const old = (await s.get(key as never)) as { areas: string[] } | undefined;
    const areas = [...new Set([...(old?.areas ?? []), area])];
    await s.put({ ...(value as object), areas } as never);
  };
  const work: Promise<unknown>[] = [];
  for (const p of pkg.plots) work.push(tag('plots', { id: p.detail.id, detail: p.detail, geometry: p.geometry }, p.detail.id));
  for (const t of pkg.tieuKhu) work.push(tag('tieukhu', { tk: t.detail.tk, detail: t.detail, geometry: t.geometry }, t.detail.tk));
  for (const k of pkg.khoanh) work.push(tag('khoanh', { key: `${k.tk}/${k.khoanh}`, ...k }, `${k.tk}/${k.khoanh}`));
  for (const c of pkg.communes) work.push(tag('communes', c, c.code));
  for (const e of pkg.search) work.push(tag('search', { ...e, key: `${e.hit.kind}:${e.hit.id}` }, `${e.hit.kind}:${e.hit.id}`));
  await Promise.all([...work, tx.done]);
}

/** Removes an area: its records and tiles that no other prepared area holds. */
export async function removeArea(id: string): Promise<void> {
  const d = await offlineDb();
  const area = await d.get('areas', id);
  const others = (await d.getAll('areas')).filter((a) => a.id !== id);
  const tx = d.transaction([...STORES, 'areas'], 'readwrite');
  for (const store of STORES) {
    let cursor = await tx.objectStore(store).openCursor();
    while (cursor) {
      const v = cursor.value as { areas: string[] };
      if (v.areas.includes(id)) {
        const rest = v.areas.filter((a) => a !== id);
        if (rest.length === 0) await cursor.delete();
        else await cursor.update({ ...cursor.value, areas: rest } as never);
      }
      cursor = await cursor.continue();
    }
  }
  await tx.objectStore('areas').delete(id);
  await tx.done;
  if (area) {
    const kept = new Set(others.flatMap((a) => a.tiles));
    const cache = await caches.open(PREPARED_TILES_CACHE);
    await Promise.all(area.tiles.filter((k) => !kept.has(k)).map((k) => cache.delete(k)));
  }
}

export async function allOf<S extends Store>(store: S): Promise<OfflineDb[S]['value'][]> {
  return (await offlineDb()).getAll(store);
}

export async function oneOf<S extends Store>(store: S, key: OfflineDb[S]['key']): Promise<OfflineDb[S]['value'] | undefined> {
  return (await offlineDb()).get(store, key);
}
