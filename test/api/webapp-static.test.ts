/**
 * Serving the web app (issue 12): hashed assets precompressed with immutable caching, index.html
 * revalidated, no source maps, app routes → the page, unknown /api paths → JSON 404. Over a small
 * build made in the test (the real one is made by `npm run build`; vite.config.ts writes the .br/.gz).
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webApp } from '../../server/http/static.ts';
import { TARGET, testApi } from '../helpers/api.ts';

let dir: string;
let site: Hono;
const JS = `export const atlas = ${JSON.stringify('bản đồ '.repeat(400))};\n`;
const HTML = `<!doctype html><html lang="vi"><head><script type="module" src="/assets/index-AbC123.js"></script></head><body>${' '.repeat(600)}</body></html>`;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'atlas-static-'));
  mkdirSync(path.join(dir, 'assets'));
  const put = (name: string, text: string, compressed = true) => {
    writeFileSync(path.join(dir, name), text);
    if (!compressed) return;
    writeFileSync(path.join(dir, `${name}.br`), brotliCompressSync(Buffer.from(text)));
    writeFileSync(path.join(dir, `${name}.gz`), gzipSync(Buffer.from(text)));
  };
  put('index.html', HTML);
  put('assets/index-AbC123.js', JS);
  put('assets/index-AbC123.js.map', '{"version":3,"sources":["web/src/secret.ts"]}', false);
  put('favicon.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>', false);
  const { app } = await testApi();
  site = new Hono();
  site.route('/', app);
  site.route('/', webApp(dir));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const get = (p: string, headers: Record<string, string> = {}) => site.request(`http://localhost${p}`, { headers });

describe(`serving the web app (${TARGET})`, () => {
  it('sends a hashed asset brotli-compressed when accepted, gzip otherwise, with immutable caching', async () => {
    const br = await get('/assets/index-AbC123.js', { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    expect(br.headers.get('cache-control')).toMatch(/max-age=31536000/);
    expect(br.headers.get('cache-control')).toMatch(/immutable/);
    expect(br.headers.get('content-type')).toMatch(/javascript/);
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(JS);
    const gz = await get('/assets/index-AbC123.js', { 'Accept-Encoding': 'gzip' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    const plain = await get('/assets/index-AbC123.js', { 'Accept-Encoding': 'br;q=0' });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(JS);
  });

  it('sends the page with revalidation (no-cache + ETag, 304 when unchanged)', async () => {
    const res = await get('/', { 'Accept-Encoding': 'br' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[^"]+"$/);
    const again = await get('/', { 'Accept-Encoding': 'br', 'If-None-Match': etag! });
    expect(again.status).toBe(304);
    const index = await get('/index.html', { 'Accept-Encoding': 'identity' });
    expect([index.status, index.headers.get('cache-control')]).toEqual([200, 'no-cache']);
    expect(await index.text()).toBe(HTML);
  });

  it('answers non-API paths that are not app routes with a plain 404, not the web page', async () => {
    // the app's screens are hash routes (#/admin, #/ntm): the page lives at / only, so a GIS
    // client pointed at a wrong URL (OAPIF:http://host/ogc) gets a 404 instead of HTML
    for (const p of ['/ke-hoach', '/ogc', '/collections', '/admin', '/wfs?service=WFS', '/a/b/c', '/API/meta', '/index.htm']) {
      const res = await get(p, { Accept: 'application/json' });
      expect(res.status, p).toBe(404);
      expect(res.headers.get('content-type'), p).not.toMatch(/html/);
      expect(await res.text(), p).not.toContain('<html');
    }
    const withHash = await get('/?year=2023', { 'Accept-Encoding': 'identity' });
    expect(withHash.status).toBe(200);
  });

  it('never serves source maps, and a missing file is a 404, not the page', async () => {
    expect((await get('/assets/index-AbC123.js.map')).status).toBe(404);
    expect((await get('/assets/index-Gone99.js')).status).toBe(404);
    expect((await get('/robots.txt')).status).toBe(404);
  });

  it('answers unknown /api paths with a JSON 404', async () => {
    for (const p of ['/api/nothing-here', '/api/', '/api/nothing/deeper.js']) {
      const res = await get(p);
      expect(res.status, p).toBe(404);
      expect(res.headers.get('content-type'), p).toMatch(/^application\/json/);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
  });
});
