/**
 * What the forest panels share without a provider: the revision of the lô data (bumped after an
 * inspection is recorded, so the map reloads the lô tiles and panels reload their record).
 * A tiny useSyncExternalStore-compatible store, like auth/session.ts.
 */
import { useSyncExternalStore } from 'react';

let revision = 0;
const listeners = new Set<() => void>();

/** Tells every subscriber that lô data changed (an inspection was recorded). */
export function notifyPlotsChanged(): void {
  revision += 1;
  for (const l of listeners) l();
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** The current lô data revision (0 at load). */
export function usePlotsRevision(): number {
  return useSyncExternalStore(subscribe, () => revision, () => revision);
}
