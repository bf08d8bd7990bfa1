import type { Context, MiddlewareHandler } from 'hono';
import type { Config } from '../config.ts';
import { routeOf } from './metrics.ts';

export type LogLevel = Config['LOG_LEVEL'];

/** Where log lines go (stdout by default; tests pass their own). */
export type LogSink = (line: string) => void;

const stdoutSink: LogSink = (line) => process.stdout.write(`${line}\n`);

/** An error and its causes as plain JSON (message, code, stack of the first). */
export function errorJson(err: unknown, depth = 0): Record<string, unknown> | string {
  if (!(err instanceof Error)) return String(err);
  const e = err as Error & { code?: unknown };
  return {
    name: e.name,
    message: e.message,
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(depth === 0 && e.stack ? { stack: e.stack } : {}),
    ...(e.cause !== undefined && depth < 3 ? { cause: errorJson(e.cause, depth + 1) } : {}),
  };
}

/**
 * One JSON line per request: time, request id, user, method, route pattern, path, status,
 * duration; a failed request (5xx) carries its error with its cause. LOG_LEVEL 'info' (default)
 * logs every request, 'error' only 5xx, 'silent' nothing. Query strings are left out (they may
 * carry search text).
 */
export function requestLog(level: LogLevel, sink: LogSink = stdoutSink): MiddlewareHandler {
  return async (c, next) => {
    if (level === 'silent') return next();
    const t0 = performance.now();
    await next();
    const status = c.res.status;
    if (level === 'error' && status < 500) return;
    sink(JSON.stringify(requestRecord(c, status, performance.now() - t0)));
  };
}

function requestRecord(c: Context, status: number, ms: number): Record<string, unknown> {
  const user = c.get('user');
  return {
    time: new Date().toISOString(),
    level: status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info',
    msg: 'request',
    requestId: c.get('requestId') ?? null,
    user: user ? user.username : null,
    method: c.req.method,
    route: routeOf(c),
    path: c.req.path,
    status,
    ms: Math.round(ms * 10) / 10,
    ...(status >= 500 && c.error ? { error: errorJson(c.error) } : {}),
  };
}
