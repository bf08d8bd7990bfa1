/**
 * The web app's one HTTP client: every request to the API goes through getJson() or send().
 * Relative URLs (the app is served by the API server, or by Vite with /api proxied), JSON both
 * ways, the session's CSRF token on writes, and one error type carrying the server's bilingual
 * message. It knows nothing of the session itself: auth/session.ts plugs in the CSRF token and
 * what to do on a 401 (connectSession), so this module has no dependency on any feature.
 */
import type { CSRF_HEADER as CsrfHeader } from '../../../server/auth/contract.ts';
import type { ApiError } from '../../../server/domain/api.ts';
import { isDatabaseUnavailable, noteApiResponse, retryAfterSeconds } from './outage.ts';

/** The contract's header name; typed against it so the two cannot drift (type-only import: no zod in this chunk). */
const CSRF_HEADER: typeof CsrfHeader = 'X-CSRF-Token';

export type Bilingual = { vi: string; en: string };

/**
 * A refused or failed request: the HTTP status, the server's error code, its message in both
 * languages, and the whole body (a 409 carries `current`, a 422 upload `rowErrors`).
 * `message` is the English text, for logs; show `text` in the user's language (errorText()).
 */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: Bilingual,
    readonly body: Record<string, unknown> | null = null,
  ) {
    super(text.en || text.vi || `HTTP ${status}`);
  }
}

/** One half of a "Tiếng Việt / English" message (the whole when it has no English half). */
export function halfOf(message: string, lang: 'vi' | 'en'): string {
  const parts = message.split(' / ');
  return (lang === 'en' ? parts[1] : parts[0]) ?? message;
}

/**
 * What to tell the user about a failure, in their language: the server's message when it sent
 * one, followed by the messages of its issues (which lô, which field; each "vi / en"), else
 * `fallback` (a network failure, a bug). Never the English Error.message in the Vietnamese UI.
 * @example setError(errorText(e, pick, t('info.error')))
 */
export function errorText(err: unknown, pick: (text: Bilingual) => string, fallback: string): string {
  if (!(err instanceof ApiRequestError)) return fallback;
  const head = pick(err.text) || err.text.vi || err.text.en;
  const issues = (err.body?.error as { issues?: { path?: string; message: string }[] } | undefined)?.issues ?? [];
  const extra = issues.map((i) => pick({ vi: halfOf(i.message, 'vi'), en: halfOf(i.message, 'en') })).filter((m) => m && m !== head);
  return extra.length ? `${head}: ${extra.join('; ')}` : head;
}

/** A query string from parameters, leaving out null, undefined and ''; '' when none is left. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') s.set(k, String(v));
  const str = s.toString();
  return str ? `?${str}` : '';
}

/** What the session lends the client: the CSRF token of the signed-in user, and what a 401 means. */
interface SessionHooks {
  csrf(): string | null | undefined;
  unauthorized(path: string): void;
}
let session: SessionHooks = { csrf: () => null, unauthorized: () => {} };

/** Called once by auth/session.ts. */
export function connectSession(hooks: SessionHooks): void {
  session = hooks;
}

async function failure(res: Response): Promise<ApiRequestError> {
  let body: (Partial<ApiError> & Record<string, unknown>) | null = null;
  try {
    body = (await res.json()) as ApiError & Record<string, unknown>;
  } catch {
    /* not JSON (a proxy's error page) */
  }
  const e = body?.error;
  return new ApiRequestError(
    res.status,
    e?.code ?? 'http_error',
    e?.message ?? { vi: `Lỗi máy chủ (${res.status})`, en: `Server error (${res.status})` },
    body,
  );
}

/** Reads retried while the database is down (the server's 503 + Retry-After): about half a minute. */
const OUTAGE_RETRIES = 10;

const wait = (ms: number, signal?: AbortSignal | null) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

/**
 * A read the network could not carry (no signal): the answer from an area prepared for offline
 * (web/src/offline/answers.ts, loaded only now — the service worker keeps its chunk), else the
 * network error as it was.
 */
async function offlineRead<T>(path: string, err: unknown): Promise<T> {
  if (!(err instanceof TypeError)) throw err;
  const { offlineAnswer } = await import('../offline/answers.ts');
  const answer = await offlineAnswer(path).catch(() => undefined);
  if (answer === undefined) throw err;
  return answer as T;
}

async function request<T>(path: string, init: RequestInit): Promise<T> {
  const isRead = !init.method || init.method === 'GET';
  let res: Response;
  try {
    res = await fetch(path, { ...init, credentials: 'same-origin' });
  } catch (err) {
    if (!isRead || init.signal?.aborted) throw err;
    return offlineRead<T>(path, err);
  }
  // The database is unavailable: the banner (DatabaseBanner) says so once; a read is retried after
  // the time the server asks. A write is not retried here: it fails, and its form keeps what was typed.
  for (let attempt = 0; isRead && isDatabaseUnavailable(res) && attempt < OUTAGE_RETRIES; attempt++) {
    noteApiResponse(res);
    await wait(retryAfterSeconds(res) * 1000, init.signal);
    res = await fetch(path, { ...init, credentials: 'same-origin' });
  }
  noteApiResponse(res);
  if (!res.ok) {
    const err = await failure(res);
    if (res.status === 401) session.unauthorized(path);
    throw err;
  }
  return (await res.json()) as T;
}

/**
 * GET as JSON. `cache: 'no-store'` for answers that must never come from the HTTP cache (the
 * tile data versions, which name the tiles to draw).
 */
export function getJson<T>(path: string, signal?: AbortSignal, options: { cache?: RequestCache } = {}): Promise<T> {
  return request<T>(path, { headers: { Accept: 'application/json' }, signal, ...(options.cache ? { cache: options.cache } : {}) });
}

/**
 * Sends a write (POST/PUT/PATCH/DELETE) as JSON with the session's CSRF token; returns the parsed answer.
 * @example await send<UserRecord>('PATCH', `/api/admin/users/${id}`, { version, disabled: true })
 */
export function send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body: unknown = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/json' };
  const csrf = session.csrf();
  if (csrf) headers[CSRF_HEADER] = csrf;
  return request<T>(path, { method, headers, body: JSON.stringify(body) });
}

/**
 * Sends raw bytes (a chunk of a resumable photo upload, web/src/outbox/upload.ts) with the
 * session's CSRF token and the given headers (Content-Range); returns the parsed answer.
 */
export function sendBytes<T>(method: 'PUT' | 'POST', path: string, bytes: Uint8Array, headers: Record<string, string> = {}): Promise<T> {
  const all: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/octet-stream', ...headers };
  const csrf = session.csrf();
  if (csrf) all[CSRF_HEADER] = csrf;
  return request<T>(path, { method, headers: all, body: bytes as Uint8Array<ArrayBuffer> });
}
