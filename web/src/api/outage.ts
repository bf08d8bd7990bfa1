/**
 * The database-outage state the web app shares: any API answer 503 with Retry-After
 * (the server's "database unavailable") marks the database as down; the banner
 * (DatabaseBanner.tsx) says so once, polls /api/ready and marks it back up. Reads are retried by
 * the API client; forms keep what was typed, since a failed write leaves them as they are.
 */
import { useSyncExternalStore } from 'react';

export interface OutageState {
  down: boolean;
  /** seconds the server asked to wait before trying again */
  retryAfterSec: number;
  /** when the database came back (ms since epoch), to show "connected again" for a moment */
  recoveredAt: number | null;
}

let state: OutageState = { down: false, retryAfterSec: 3, recoveredAt: null };
const listeners = new Set<() => void>();

function set(next: OutageState): void {
  state = next;
  for (const l of listeners) l();
}

/** True when the answer is the server's "database unavailable" (503 with Retry-After). */
export function isDatabaseUnavailable(res: Response): boolean {
  return res.status === 503 && res.headers.has('Retry-After');
}

/** Seconds to wait before retrying, from Retry-After (1 to 10). */
export function retryAfterSeconds(res: Response): number {
  const n = Number(res.headers.get('Retry-After'));
  return Number.isFinite(n) ? Math.min(10, Math.max(1, n)) : 3;
}

/** Call with every API answer: a 503 marks the database down, a success while down marks it back up. */
export function noteApiResponse(res: Response): void {
  if (isDatabaseUnavailable(res)) {
    if (!state.down) set({ down: true, retryAfterSec: retryAfterSeconds(res), recoveredAt: null });
  } else if (state.down && res.ok) {
    markRecovered();
  }
}

export function markRecovered(): void {
  if (state.down) set({ ...state, down: false, recoveredAt: Date.now() });
}

export function useDatabaseOutage(): OutageState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}
