import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Config } from '../config.ts';

export type HttpLimits = Pick<Config, 'HTTP_REQUEST_TIMEOUT_MS' | 'HTTP_HEADERS_TIMEOUT_MS' | 'HTTP_KEEP_ALIVE_TIMEOUT_MS'>;

/**
 * The node HTTP server of the atlas, with limits a hostile or broken client cannot hold open
 * a request whose headers do not arrive within HTTP_HEADERS_TIMEOUT_MS, or whose
 * body does not arrive within HTTP_REQUEST_TIMEOUT_MS (a Content-Length announcing more than is
 * sent), gets 408 and its connection is closed. Node checks these deadlines on an interval, kept
 * short here so they hold to about a second.
 */
export function listen(app: Hono, opts: { port: number; hostname?: string } & HttpLimits): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const s = serve(
      {
        fetch: app.fetch,
        port: opts.port,
        hostname: opts.hostname,
        serverOptions: {
          requestTimeout: opts.HTTP_REQUEST_TIMEOUT_MS,
          headersTimeout: Math.min(opts.HTTP_HEADERS_TIMEOUT_MS, opts.HTTP_REQUEST_TIMEOUT_MS),
          keepAliveTimeout: opts.HTTP_KEEP_ALIVE_TIMEOUT_MS,
          connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(opts.HTTP_HEADERS_TIMEOUT_MS / 2))),
        },
      },
      () => resolve(s),
    );
    s.once('error', reject);
  });
}

/**
 * A refused body (413) ends its connection: the client announced a body the server will not read,
 * so the connection says `close` instead of announcing keep-alive and leaving the rest of the
 * body to be taken for the next request. Mounted first in app.ts.
 */
export function closeAfterRefusedBody() {
  return async (c: import('hono').Context, next: () => Promise<void>) => {
    await next();
    if (c.res.status === 413) c.res.headers.set('Connection', 'close');
  };
}
