import type { Context, MiddlewareHandler } from 'hono';
import { authErrors } from './errors.ts';
import { signedInUser } from './guards.ts';
import { authSettings, currentUser } from './session.ts';
import { safeEqual } from './tokens.ts';
import { CSRF_HEADER } from './contract.ts';

export { CSRF_HEADER };
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * One gate for every /api request (mounted in app.ts):
 * - writes (POST/PUT/PATCH/DELETE): the Origin (or Referer) must be this server's, and a request
 *   carrying a session must carry its CSRF token in X-CSRF-Token (sign-in itself excepted);
 *   anonymous writes pass on to the route, which refuses them with 401;
 * - reads: when REQUIRE_LOGIN_FOR_READ is set, everything but /api/health and /api/auth/* needs a
 *   session, and answers that said `Cache-Control: public` (tiles) become `private` so no shared
 *   cache hands them to someone who is not signed in.
 *
 * @example app.use('/api/*', authGate()) // after the middleware that sets c.var.deps and c.var.sql
 */
export function authGate(): MiddlewareHandler {
  return async (c, next) => {
    const path = c.req.path;
    const loginForRead = c.var.deps.config.REQUIRE_LOGIN_FOR_READ;
    if (UNSAFE.has(c.req.method)) {
      checkOrigin(c);
      if (path !== '/api/auth/login') {
        const user = await currentUser(c);
        if (user && !safeEqual(c.req.header(CSRF_HEADER) ?? '', user.csrf)) throw authErrors.csrf();
      }
    } else if (loginForRead && path !== '/api/health' && path !== '/api/ready' && !path.startsWith('/api/auth/')) {
      await signedInUser(c);
    }
    await next();
    if (loginForRead) {
      const cc = c.res.headers.get('Cache-Control');
      if (cc && /\bpublic\b/.test(cc)) c.res.headers.set('Cache-Control', cc.replace(/\bpublic\b/, 'private'));
    }
  };
}

function originOf(value: string): string | null {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

/**
 * Browsers send Origin with every cross-origin write and with same-origin POST/PUT/PATCH/DELETE;
 * it must name this server (its Host, or X-Forwarded-Host only when AUTH_TRUST_PROXY says a proxy
 * sets it — otherwise any client could name the origin it wants) or an origin listed in
 * AUTH_ALLOWED_ORIGINS. Requests with neither Origin nor Referer come from non-browser clients,
 * which cannot ride on a victim's cookies; they still need the CSRF token when they use a session.
 */
export function checkOrigin(c: Context): void {
  if (c.req.header('sec-fetch-site') === 'cross-site') throw authErrors.origin();
  const header = c.req.header('origin') ?? c.req.header('referer');
  if (header === undefined) return;
  const origin = originOf(header);
  if (!origin) throw authErrors.origin(); // 'null' (sandboxed frames, file:) and junk
  if (authSettings(c).allowedOrigins.includes(origin)) return;
  const host = new URL(origin).host.toLowerCase();
  const forwarded = authSettings(c).trustProxy ? (c.req.header('x-forwarded-host')?.split(',') ?? []) : [];
  const own = [new URL(c.req.url).host, c.req.header('host'), ...forwarded]
    .filter((h): h is string => Boolean(h))
    .map((h) => h.trim().toLowerCase());
  if (!own.includes(host)) throw authErrors.origin();
}
