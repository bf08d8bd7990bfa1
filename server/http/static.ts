import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Hono, type Context } from 'hono';

/** One file of the build, with its precompressed copies (written at build time by vite.config.ts). */
interface Asset {
  type: string;
  immutable: boolean;
  /** representations by content coding: '' (identity), 'br', 'gzip' */
  bodies: Map<'' | 'br' | 'gzip', { bytes: Buffer; etag: string }>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.ico': 'image/x-icon',
};

/** Vite names the files of assets/ by their content hash: they never change under one URL. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else (index.html, favicon): the browser keeps it but asks every time (304 when unchanged). */
const REVALIDATE = 'no-cache';

const etagOf = (bytes: Buffer, coding: string) => `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}${coding ? `-${coding}` : ''}"`;

/** Reads the build into memory once (a few MB): every answer is then a lookup. Source maps are left out. */
function loadBuild(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((name) => {
      const p = path.join(d, name);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
  for (const file of walk(dir)) {
    if (/\.(br|gz|map)$/.test(file)) continue;
    const url = `/${path.relative(dir, file).split(path.sep).join('/')}`;
    const raw = readFileSync(file);
    const bodies: Asset['bodies'] = new Map([['', { bytes: raw, etag: etagOf(raw, '') }]]);
    for (const [ext, coding] of [['.br', 'br'], ['.gz', 'gzip']] as const) {
      if (existsSync(file + ext)) {
        const bytes = readFileSync(file + ext);
        bodies.set(coding, { bytes, etag: etagOf(raw, coding) });
      }
    }
    assets.set(url, { type: TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream', immutable: url.startsWith('/assets/'), bodies });
  }
  return assets;
}

/** The content codings the client accepts (q=0 refuses one). @example accepted('gzip, br;q=0.5') // Set {'gzip','br'} */
export function accepted(header: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) out.add(name === '*' ? 'br' : name);
  }
  return out;
}

function send(c: Context, asset: Asset): Response {
  const ok = accepted(c.req.header('accept-encoding'));
  const coding = (['br', 'gzip'] as const).find((k) => ok.has(k) && asset.bodies.has(k)) ?? '';
  const body = asset.bodies.get(coding)!;
  const headers: Record<string, string> = {
    'Content-Type': asset.type,
    'Cache-Control': asset.immutable ? IMMUTABLE : REVALIDATE,
    ETag: body.etag,
    'X-Content-Type-Options': 'nosniff',
  };
  if (asset.bodies.size > 1) headers.Vary = 'Accept-Encoding';
  if (coding) headers['Content-Encoding'] = coding;
  const inm = c.req.header('if-none-match');
  if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === body.etag)) return c.body(null, 304, headers);
  headers['Content-Length'] = String(body.bytes.length);
  if (c.req.method === 'HEAD') return c.body(null, 200, headers);
  return c.body(new Uint8Array(body.bytes), 200, headers);
}

/**
 * The built web app: hashed assets precompressed (brotli, gzip)
 * with a year's immutable caching, index.html revalidated on every load (no-cache + ETag), source
 * maps never served, and every other path a plain 404 (not the page). /api/* is answered by the
 * API before this.
 */
export function webApp(dir: string): Hono {
  const assets = loadBuild(dir);
  const app = new Hono();
  app.on(['GET', 'HEAD'], '*', (c) => {
    let p: string;
    try {
      p = decodeURIComponent(c.req.path);
    } catch {
      return c.text('Not found', 404);
    }
    if (p.endsWith('.map')) return c.text('Not found', 404);
    const asset = assets.get(p === '/' ? '/index.html' : p);
    if (asset) return send(c, asset);
    // The app's screens are hash routes (#/admin, #/ntm: web/src/lib/route.ts), so the page lives at
    // / only: any other path is a 404, never the page (a GIS client given a wrong URL, or a script
    // tag naming a missing file, would otherwise get HTML back and fail in a confusing way).
    return c.text('Not found', 404);
  });
  return app;
}
