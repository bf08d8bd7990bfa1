/**
 * Whether the dashboard beside the map is open: a tiny store, so the header button (main bundle)
 * and the map page share it without a prop through the layout. The dashboard itself, with its
 * chart library, loads only when this turns true (App.tsx).
 */
import { useSyncExternalStore } from 'react';

let open = false;
const listeners = new Set<() => void>();

export function setDashboardOpen(next: boolean): void {
  if (next === open) return;
  open = next;
  for (const l of listeners) l();
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
