import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { checkOrigin } from '../../server/auth/middleware.ts';
import { handleError } from '../../server/http/errors.ts';

/** checkOrigin alone, in a bare app (no database needed). */
function app(allowedOrigins: string[] = [], trustProxy = false) {
  const a = new Hono();
  a.use('*', async (c, next) => {
    c.set('deps', { auth: { allowedOrigins, trustProxy } } as never);
    await next();
  });
  a.post('/x', (c) => {
    checkOrigin(c);
    return c.json({ ok: true });
  });
  a.onError(handleError);
  return a;
}

const post = (headers: Record<string, string>, a = app()) => a.request('http://atlas.example:8080/x', { method: 'POST', headers });

describe('Origin check on writes', () => {
  it('lets same-origin browsers and header-less clients through', async () => {
    expect((await post({ Origin: 'http://atlas.example:8080' })).status).toBe(200);
    expect((await post({ Referer: 'http://atlas.example:8080/#/admin' })).status).toBe(200);
    expect((await post({})).status).toBe(200);
  });

  it('refuses other sites, opaque origins and cross-site fetch metadata', async () => {
    const attempts: Record<string, string>[] = [
      { Origin: 'http://evil.example' },
      { Origin: 'http://atlas.example:9999' },
      { Origin: 'https://atlas.example:8080.evil.example' },
      { Origin: 'null' },
      { Referer: 'http://evil.example/page' },
      { 'Sec-Fetch-Site': 'cross-site' },
    ];
    for (const headers of attempts) {
      const res = await post(headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      const body = (await res.json()) as { error: { code: string; message: { vi: string; en: string } } };
      expect(body.error.code).toBe('bad_origin');
      expect(body.error.message.vi).toBeTruthy();
    }
  });

  it('accepts configured extra origins (AUTH_ALLOWED_ORIGINS)', async () => {
    expect((await post({ Origin: 'https://portal.example' }, app(['https://portal.example']))).status).toBe(200);
  });

  it('trusts X-Forwarded-Host only from a trusted reverse proxy (AUTH_TRUST_PROXY)', async () => {
    expect((await post({ Origin: 'https://atlas.gov.example', 'X-Forwarded-Host': 'atlas.gov.example' }, app([], true))).status).toBe(200);
    expect((await post({ Origin: 'https://atlas.gov.example', 'X-Forwarded-Host': 'atlas.gov.example' })).status).toBe(403);
  });
});
