import type { Context } from 'hono';
import { authSettings } from '../auth/session.ts';

const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const first = (v: string | undefined) => v?.split(',')[0]?.trim() || undefined;

/**
 * The origin clients reach this server at, for absolute URLs handed out (TileJSON `tiles`).
 * X-Forwarded-Proto and X-Forwarded-Host are honoured only behind a trusted proxy
 * (AUTH_TRUST_PROXY): otherwise any client could make the server hand out URLs of its choosing.
 */
export function publicOrigin(c: Context): string {
  const own = new URL(c.req.url);
  if (!authSettings(c).trustProxy) return own.origin;
  const proto = first(c.req.header('x-forwarded-proto'))?.toLowerCase();
  const host = first(c.req.header('x-forwarded-host'));
  const scheme = proto === 'https' || proto === 'http' ? proto : own.protocol.slice(0, -1);
  return `${scheme}://${host && HOST.test(host) ? host : own.host}`;
}
