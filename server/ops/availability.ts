import type { Context, MiddlewareHandler } from 'hono';
import { errorBody } from '../http/errors.ts';
import type { DbHealth } from './db-health.ts';

/** Seconds a client is asked to wait before trying again while the database is down. */
export const RETRY_AFTER_SECONDS = 3;

/**
 * Paths that are answered while the database is down: liveness, readiness (it says 503 itself),
 * and tiles, which are served from the tile cache when they are there (a miss fails fast).
 */
const SERVED_WHEN_DOWN = /^\/api\/(health|ready)$|^\/api\/tiles\//;

export function databaseUnavailable(c: Context): Response {
  return c.json(
    errorBody(
      c,
      'database_unavailable',
      'Tạm thời không kết nối được cơ sở dữ liệu, vui lòng thử lại sau ít giây',
      'The database is unavailable for the moment, please try again in a few seconds',
    ),
    503,
    { 'Retry-After': String(RETRY_AFTER_SECONDS), 'Cache-Control': 'no-store' },
  );
}

/**
 * Fail fast while the database is unreachable: a request that would need it gets 503 with a
 * bilingual message and Retry-After at once, instead of waiting for a connection attempt. A
 * request that fails because the connection broke (the circuit was still closed) becomes the
 * same 503 rather than a 500, and opens the circuit.
 */
export function databaseAvailability(health: (c: Context) => DbHealth): MiddlewareHandler {
  return async (c, next) => {
    const h = health(c);
    if (!h.isUp && !SERVED_WHEN_DOWN.test(c.req.path)) return databaseUnavailable(c);
    await next();
    if (c.error && h.report(c.error)) c.res = databaseUnavailable(c);
  };
}
