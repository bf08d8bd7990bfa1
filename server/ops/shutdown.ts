import type { Server } from 'node:http';
import type { ServerType } from '@hono/node-server';

/**
 * Graceful stop of the HTTP server: no new connections; requests being answered are finished
 * (their keep-alive connections are closed as soon as they fall idle); after graceMs whatever is
 * left is cut. Resolves when every connection is gone.
 */
export function closeGracefully(server: ServerType, graceMs = 10_000): Promise<void> {
  const http = server as Server;
  return new Promise((resolve) => {
    const idle = setInterval(() => http.closeIdleConnections?.(), 100);
    const force = setTimeout(() => http.closeAllConnections?.(), graceMs);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(force);
      resolve();
    });
    http.closeIdleConnections?.();
  });
}
