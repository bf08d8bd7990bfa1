import { writeSync } from 'node:fs';
import type { Context, MiddlewareHandler } from 'hono';
import type { Config } from '../config.ts';
import { routeOf } from './metrics.ts';

export type LogLevel = Config['LOG_LEVEL'];

/** Where log lines go (stdout by default; tests pass their own). */
export type LogSink = (line: string) => void;

/**
 * Lines are gathered and written to stdout once per turn of the event loop (or every 64 KB), not
 * one write per request: stdout to a file or a pipe is a synchronous system call on Linux, and
 * writing each line alone cost 0.5-0.6 ms per request on a loaded machine — more than answering a
 * cached tile. Whatever is still gathered when the process exits is written synchronously then.
 */
export function bufferedStdout(write: (text: string) => void = (t) => process.stdout.write(t)): LogSink {
  let pending: string[] = [];
  let bytes = 0;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    bytes = 0;
    write(text);
  };
  process.once('exit', () => {
    if (pending.length === 0) return;
    try {
      writeSync(1, pending.join(''));
    } catch {
      /* stdout already closed */
    }
    pending = [];
  });
  return (line) => {
    pending.push(`${line}\n`);
    bytes += line.length + 1;
    if (bytes >= 65_536) flush();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
}

let stdoutSink: LogSink | undefined;

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
export function requestLog(level: LogLevel, sink?: LogSink): MiddlewareHandler {
  if (level === 'silent') return (_c, next) => next();
  const write = sink ?? (stdoutSink ??= bufferedStdout());
  return async (c, next) => {
    const t0 = performance.now();
    await next();
    const status = c.res.status;
    if (level === 'error' && status < 500) return;
    write(JSON.stringify(requestRecord(c, status, performance.now() - t0)));
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
