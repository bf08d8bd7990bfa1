/**
 * The revision of each map layer's data as this page knows it: the web's mirror of the server's
 * data versions (server/tiles/versions.ts, table data_version), keyed by the same layer ids.
 * A write made from this page bumps the layers it changed (bumpLayers), so tile URLs that carry
 * the revision change and maplibre fetches them again, and panels showing those data reload
 * (useLayerRevision in their request key). When the server tells its versions (setLayerVersions),
 * the page adopts them, so two pages that saw the same data ask for the same tile URLs.
 *
 * A tiny useSyncExternalStore store: no provider, importable from any chunk.
 */
import { useSyncExternalStore } from 'react';

/** Layer ids of the server's data_version table (migration 001): what a write can change. */
export type DataLayerId = 'communes' | 'districts' | 'tieukhu' | 'khoanh' | 'plots' | 'villages';

/** Every layer with a data version: the key that reloads the tile versions after any write. */
export const ALL_DATA_LAYERS: readonly DataLayerId[] = ['communes', 'districts', 'tieukhu', 'khoanh', 'plots', 'villages'];
/** The layers whose data a criteria write (an edit, an upload) changes. */
export const CRITERIA_LAYERS: readonly DataLayerId[] = ['communes', 'villages'];
/** The layers whose data a recorded inspection changes. */
export const INSPECTION_LAYERS: readonly DataLayerId[] = ['plots'];

let revisions: Readonly<Record<string, number>> = {};
const listeners = new Set<() => void>();

function publish(next: Record<string, number>): void {
  revisions = next;
  for (const l of listeners) l();
}

/** Tells every subscriber that the data of these layers changed (a write from this page committed). */
export function bumpLayers(ids: readonly DataLayerId[]): void {
  const next = { ...revisions };
  for (const id of ids) next[id] = (next[id] ?? 0) + 1;
  publish(next);
}

/** Adopts the server's data versions (never going back: a newer local bump wins until the server catches up). */
export function setLayerVersions(versions: Partial<Record<string, number>>): void {
  let changed = false;
  const next = { ...revisions };
  for (const [id, v] of Object.entries(versions)) {
    if (v != null && v > (next[id] ?? 0)) {
      next[id] = v;
      changed = true;
    }
  }
  if (changed) publish(next);
}

/** The revision of a layer's data now (0: as loaded), outside React. */
export function layerRevision(id: DataLayerId): number {
  return revisions[id] ?? 0;
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** The revision of a layer's data, re-rendering when it changes. */
export function useLayerRevision(id: DataLayerId): number {
  return useSyncExternalStore(
    subscribe,
    () => layerRevision(id),
    () => layerRevision(id),
  );
}

/** The sum of the revisions of several layers: changes whenever any of them changes (a request key). */
export function useLayersRevision(ids: readonly DataLayerId[]): number {
  const sum = () => ids.reduce((s, id) => s + layerRevision(id), 0);
  return useSyncExternalStore(subscribe, sum, sum);
}
