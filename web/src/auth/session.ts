/**
 * The signed-in user, shared by every component without a provider: a tiny store over
 * /api/auth/me (useSyncExternalStore-compatible), sign-in / sign-out, and `send()`, the one way
 * the web app writes: JSON, with the session's CSRF token in the X-CSRF-Token header.
 */
import type { CSRF_HEADER as CsrfHeader, MeResponse, Role } from '../../../server/auth/contract.ts';
import type { ApiError } from '../../../server/domain/api.ts';

/** The contract's header name; typed against it so the two cannot drift (type-only import: no zod in this chunk). */
const CSRF_HEADER: typeof CsrfHeader = 'X-CSRF-Token';

/** A refused or failed request, with the server's bilingual message and the whole body (409: `current`). */
export class ApiSendError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: { vi: string; en: string },
    readonly body: Record<string, unknown> | null,
  ) {
    super(text.en || text.vi || `HTTP ${status}`);
  }
}

export interface SessionState {
  status: 'loading' | 'ready' | 'error';
  me: MeResponse | null;
  /** set when the server said the session had expired (the sign-in dialog says so) */
  expired: boolean;
}

let state: SessionState = { status: 'loading', me: null, expired: false };
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();

function set(next: Partial<SessionState>) {
  state = { ...state, ...next };
  for (const l of listeners) l();
}

async function failure(res: Response): Promise<ApiSendError> {
  let body: (Partial<ApiError> & Record<string, unknown>) | null = null;
  try {
    body = (await res.json()) as ApiError & Record<string, unknown>;
  } catch {
    /* not JSON */
  }
  const e = body?.error;
  return new ApiSendError(
    res.status,
    e?.code ?? 'http_error',
    e?.message ?? { vi: `Lỗi máy chủ (${res.status})`, en: `Server error (${res.status})` },
    body,
  );
}

/** Reloads the session from the server (at start, after a 401, after sign-out elsewhere). */
export function refreshSession(): Promise<void> {
  loading ??= (async () => {
    try {
      const res = await fetch('/api/auth/me', { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (!res.ok) throw await failure(res);
      const me = (await res.json()) as MeResponse;
      set({ status: 'ready', me: me.user ? me : null, expired: me.sessionExpired || (state.me != null && !me.user) });
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

/**
 * Sends a write (POST/PUT/PATCH/DELETE) as JSON with the CSRF token; returns the parsed answer.
 * A 401 means the session is gone: the store reloads, so the UI shows the signed-out state.
 * @example await send<UserRecord>('PATCH', `/api/admin/users/${id}`, { version, disabled: true })
 */
export async function send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body: unknown = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/json' };
  const csrf = state.me?.csrf;
  if (csrf) headers[CSRF_HEADER] = csrf;
  const res = await fetch(path, { method, headers, body: JSON.stringify(body), credentials: 'same-origin' });
  if (!res.ok) {
    const err = await failure(res);
    if (res.status === 401 && path !== '/api/auth/login') void refreshSession();
    throw err;
  }
  return (await res.json()) as T;
}

/** GET as JSON (admin lists, audit pages), with the same error shape as send(). */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin', signal });
  if (!res.ok) {
    const err = await failure(res);
    if (res.status === 401) void refreshSession();
    throw err;
  }
  return (await res.json()) as T;
}

/** Signs in; resolves with the new session, rejects with the server's message (401, 429). */
export async function signIn(username: string, password: string): Promise<MeResponse> {
  const me = await send<MeResponse>('POST', '/api/auth/login', { username, password });
  set({ status: 'ready', me, expired: false });
  return me;
}

/** Signs out (the server forgets the session) and returns to the anonymous state. */
export async function signOut(): Promise<void> {
  try {
    await send('POST', '/api/auth/logout');
  } finally {
    set({ status: 'ready', me: null, expired: false });
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
