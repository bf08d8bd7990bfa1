import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiRequestError, connectSession, errorText, getJson, query, send } from './http.ts';

const pick = (t: { vi: string; en: string }) => t.vi;

describe('the web HTTP client', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('builds query strings without empty parameters', () => {
    expect(query({ year: 2020, district: null, compare: undefined, q: '', lang: 'vi' })).toBe('?year=2020&lang=vi');
    expect(query({ a: null })).toBe('');
    expect(query({ villages: 'a,b', q: 'TK 568 & K 3' })).toBe('?villages=a%2Cb&q=TK+568+%26+K+3');
  });

  it("carries the server's bilingual message, status, code and body; a 401 tells the session", async () => {
    const lost: string[] = [];
    connectSession({ csrf: () => 'tok', unauthorized: (p) => lost.push(p) });
    const body = { error: { code: 'conflict', message: { vi: 'Đã có người sửa', en: 'Changed by someone else' } }, current: { version: 3 } };
    const seen: RequestInit[] = [];
    vi.stubGlobal('fetch', async (_path: string, init: RequestInit) => {
      seen.push(init);
      return new Response(JSON.stringify(body), { status: init.method === 'PUT' ? 409 : 401 });
    });
    const err = await send('PUT', '/api/x', { a: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiRequestError);
    expect((err as ApiRequestError).status).toBe(409);
    expect((err as ApiRequestError).body?.current).toEqual({ version: 3 });
    expect(errorText(err, pick, 'fallback')).toBe('Đã có người sửa');
    expect(errorText(new TypeError('offline'), pick, 'fallback')).toBe('fallback');
    expect((seen[0]!.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok');
    await getJson('/api/y').catch(() => undefined);
    expect(lost).toEqual(['/api/y']);
  });

  it("passes getJson's cache option to fetch (the tile versions never come from the HTTP cache)", async () => {
    const seen: RequestInit[] = [];
    vi.stubGlobal('fetch', async (_path: string, init: RequestInit) => (seen.push(init), new Response('{"a":1}', { status: 200 })));
    expect(await getJson('/api/tiles/versions', undefined, { cache: 'no-store' })).toEqual({ a: 1 });
    await getJson('/api/y');
    expect(seen.map((i) => i.cache)).toEqual(['no-store', undefined]);
    expect(seen[0]!.credentials).toBe('same-origin');
  });

  it('answers a non-JSON failure with a bilingual server error', async () => {
    vi.stubGlobal('fetch', async () => new Response('<html>Bad gateway</html>', { status: 502 }));
    const err = (await getJson('/api/z').catch((e: unknown) => e)) as ApiRequestError;
    expect(err.text).toEqual({ vi: 'Lỗi máy chủ (502)', en: 'Server error (502)' });
  });
});
