import { useSyncExternalStore } from 'react';
import { sessionStore, type SessionState } from './session.ts';

/** The session (loaded once from /api/auth/me, then kept in step with sign-in, sign-out and 401s). */
export function useSession(): SessionState {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.getSnapshot, sessionStore.getSnapshot);
}
