/**
 * Whether the dashboard beside the map is open: a tiny store, so the header button (main bundle)
 * and the map page share it without a prop through the layout. The dashboard itself, with its
 * chart library, loads only when this turns true (App.tsx).
 */
import { useSyncExternalStore } from 'react';

let open = false;
const listeners = new Set<() => void>();
/** Where an open/close request goes when the map page is up: its URL state ('dash=1'). */
let writer: ((next: boolean) => void) | null = null;

/** Opens or closes the dashboard: through the URL when the map page has bound it, else here. */
export function setDashboardOpen(next: boolean): void {
  if (writer) writer(next);
  else showDashboard(next);
}

/** The map page's URL state says whether the dashboard is open: the store follows it. */
export function showDashboard(next: boolean): void {
  if (next === open) return;
  open = next;
  for (const l of listeners) l();
}

/** The map page routes open/close requests into its URL state; returns the unbinding. */
export function bindDashboardUrl(w: (next: boolean) => void): () => void {
  writer = w;
  return () => {
    if (writer === w) writer = null;
  };
}

export function useDashboardOpen(): boolean {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => open,
  );
}
