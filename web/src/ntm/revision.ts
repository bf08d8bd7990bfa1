import { useSyncExternalStore } from 'react';

/**
 * A counter bumped after every criteria write from this page (an edit, an upload). The map adds
 * it to the commune tile URLs, so maplibre fetches them again — the server's tile cache key
 * already changed with the data version — and panels reload what they show.
 */
let revision = 0;
const listeners = new Set<() => void>();

export function bumpNtmRevision(): void {
  revision++;
  for (const l of listeners) l();
}

export function ntmRevision(): number {
  return revision;
}

/** The current revision, re-rendering when it changes. */
export function useNtmRevision(): number {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    ntmRevision,
    ntmRevision,
  );
}
