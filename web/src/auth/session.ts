/**
 * The signed-in user, shared by every component without a provider: a tiny store over
 * /api/auth/me (useSyncExternalStore-compatible), sign-in / sign-out and password change.
 * Requests go through the one client (api/http.ts), to which this store lends the CSRF token.
 */
import type { MeResponse, Role } from '../../../server/auth/contract.ts';
import { connectSession, getJson, send } from '../api/http.ts';

export interface SessionState {
  status: 'loading' | 'ready' | 'error';
  me: MeResponse | null;
  /** set when the server said the session had expired (the sign-in dialog says so) */
  expired: boolean;
  /** days the server keeps a session remembered on a device; 0: the sign-in form does not offer it */
  deviceDays: number;
}

let state: SessionState = { status: 'loading', me: null, expired: false, deviceDays: 0 };
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();

function set(next: Partial<SessionState>) {
  state = { ...state, ...next };
  for (const l of listeners) l();
}

/** Reloads the session from the server (at start, after a 401, after sign-out elsewhere). */
export function refreshSession(): Promise<void> {
  loading ??= (async () => {
    try {
      const me = await getJson<MeResponse>('/api/auth/me');
      set({ status: 'ready', me: me.user ? me : null, expired: me.sessionExpired || (state.me != null && !me.user), deviceDays: me.deviceDays ?? 0 });
    } catch {
      set({ status: 'error' });
    } finally {
      loading = null;
    }
  })();
  return loading;
}

export const sessionStore = {
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    if (state.status === 'loading' && !loading) void refreshSession();
    return () => listeners.delete(listener);
  },
  getSnapshot: (): SessionState => state,
};

// A 401 means the session is gone: the store reloads, so the UI shows the signed-out state.
// (A refused sign-in and the session probe itself are not a lost session.)
connectSession({
  csrf: () => state.me?.csrf,
  unauthorized: (path) => {
    if (path !== '/api/auth/login' && path !== '/api/auth/me') void refreshSession();
  },
});

/** Signs in; resolves with the new session, rejects with the server's message (401, 429). */
export async function signIn(username: string, password: string, remember = false): Promise<MeResponse> {
  const me = await send<MeResponse>('POST', '/api/auth/login', remember ? { username, password, remember } : { username, password });
  set({ status: 'ready', me, expired: false });
  keepSessionForOffline();
  return me;
}

/**
 * Asks /api/auth/me once more after signing in or out: the service worker keeps the last answer
 * (web/src/sw.ts), so an app opened with no signal starts as it was left — an inspector signed in.
 */
function keepSessionForOffline(): void {
  void getJson<MeResponse>('/api/auth/me').catch(() => {});
}

/** Signs out (the server forgets the session) and returns to the anonymous state. */
export async function signOut(): Promise<void> {
  try {
    await send('POST', '/api/auth/logout');
  } finally {
    set({ status: 'ready', me: null, expired: false });
    keepSessionForOffline();
  }
}

/** Replaces one's own password; the session stays, other sessions end. */
export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  const me = await send<MeResponse>('POST', '/api/auth/password', { currentPassword, newPassword });
  set({ me });
}

/** Whether the session holds a role. */
export function hasRole(me: MeResponse | null, role: Role): boolean {
  return me?.roles.includes(role) ?? false;
}
