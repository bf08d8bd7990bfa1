import type { MiddlewareHandler } from 'hono';

/** What a client may send as its own request id (kept apart, never trusted as the audit id). */
const CLIENT_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The request id is the server's a fresh UUID for every request, stored in the
 * audit row and sent back in X-Request-Id. A client's X-Request-Id (a proxy's or a retrying app's)
 * is kept as `clientRequestId` when it is short and plain (for logs), and never becomes the
 * audit id, so a client cannot forge or collide audit request ids.
 */
export function serverRequestId(): MiddlewareHandler {
  return async (c, next) => {
    const id = crypto.randomUUID();
    c.set('requestId', id);
    const theirs = c.req.header('x-request-id');
    if (theirs !== undefined && CLIENT_ID.test(theirs)) c.set('clientRequestId', theirs);
    c.header('X-Request-Id', id);
    await next();
  };
}
