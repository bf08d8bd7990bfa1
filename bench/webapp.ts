/**
 * The web app: its initial JavaScript (what index.html loads before anything is lazily imported,
 * gzipped) from a fresh production build, and the time until the map reports `idle` in headless
 * Chromium (the app's test hook window.__atlas), served by this process from that build with
 * /api proxied to the server process.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH as CHROMIUM } from '../scripts/chromium.ts';
import { ROOT } from '../server/config.ts';
import { webApp } from '../server/http/static.ts';
import { percentile } from './stats.ts';


export interface WebBuild {
  dir: string;
  initialJsGzip: number;
  allJsGzip: number;
  initialFiles: string[];
}

/** Builds the app into a temporary folder and sums the gzipped JS index.html loads up front. */
export function buildWeb(): WebBuild {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'atlas-bench-web-'));
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', dir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stderr}`);
  const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"|<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)].map((m) => (m[1] ?? m[2]).replace(/^\//, ''));
  const gz = (f: string) => gzipSync(readFileSync(path.join(dir, f)), { level: 9 }).length;
  const all: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = path.join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.js')) all.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return { dir, initialFiles: initial, initialJsGzip: initial.reduce((s, f) => s + gz(f), 0), allJsGzip: all.reduce((s, f) => s + gz(f), 0) };
}

export interface MapIdleResult {
  view: string;
  runs: number[];
  p50: number;
  max: number;
}

/** Serves the build and proxies /api to the server process; returns the local URL and a stop function. */
export async function serveBuild(dir: string, apiUrl: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const app = new Hono();
  app.all('/api/*', async (c) => {
    const u = new URL(c.req.url);
    const res = await fetch(apiUrl + u.pathname + u.search, { method: c.req.method, headers: c.req.raw.headers, body: ['GET', 'HEAD'].includes(c.req.method) ? undefined : await c.req.arrayBuffer() });
    const headers = new Headers(res.headers);
    headers.delete('content-encoding'); // fetch decoded it
    headers.delete('content-length');
    return new Response(await res.arrayBuffer(), { status: res.status, headers });
  });
  app.route('/', webApp(dir)); // as the server sends it: precompressed, cached by hash
  return new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, stop: () => new Promise((done) => s.close(() => done())) }),
    );
  });
}

/** Time from navigation to window.__atlas.idle, `runs` times in fresh browser contexts, per view (URL hash). */
export async function benchMapIdle(dir: string, apiUrl: string, views: Record<string, string>, runs = 3): Promise<MapIdleResult[]> {
  const site = await serveBuild(dir, apiUrl);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const out: MapIdleResult[] = [];
  try {
    for (const [view, hash] of Object.entries(views)) {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await ctx.newPage();
        const t0 = Date.now();
        await page.goto(`${site.url}/${hash}`);
        await page.waitForFunction(() => (window as unknown as { __atlas?: { idle: boolean } }).__atlas?.idle === true, undefined, { timeout: 60_000, polling: 50 });
        times.push(Date.now() - t0);
        await ctx.close();
      }
      out.push({ view, runs: times, p50: percentile(times, 50), max: Math.max(...times) });
    }
  } finally {
    await browser.close();
    await site.stop();
  }
  return out;
}

export interface SlowMobileResult {
  /** the emulated connection */
  network: { downKbps: number; upKbps: number; rttMs: number };
  runs: number[];
  p50: number;
  max: number;
  /** JavaScript fetched before the map was idle: bytes over the wire (brotli) and gzip -9 of the same files */
  jsWireBytes: number;
  jsGzipBytes: number;
  jsFiles: string[];
  /** everything over the wire before idle (page, scripts, styles, API, tiles) */
  totalWireBytes: number;
}

/** Slow rural mobile, as in the mountain districts: 1.6 Mbit/s down, 300 ms round trip. */
export const SLOW_MOBILE = { downKbps: 1600, upKbps: 750, rttMs: 300 };

/**
 * Cold loads (fresh browser context: empty cache) to map idle under Chromium's network emulation
 * (CDP Network.emulateNetworkConditions), and the JavaScript the page fetched before the map was
 * idle — over the wire and as gzip -9 of the same files (the measure).
 */
export async function benchSlowMobile(dir: string, apiUrl: string, runs = 2): Promise<SlowMobileResult> {
  const site = await serveBuild(dir, apiUrl);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const times: number[] = [];
  let js = new Map<string, number>();
  let total = 0;
  try {
    for (let i = 0; i < runs; i++) {
      const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
      const page = await ctx.newPage();
      const cdp = await ctx.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: SLOW_MOBILE.rttMs,
        downloadThroughput: (SLOW_MOBILE.downKbps * 1000) / 8,
        uploadThroughput: (SLOW_MOBILE.upKbps * 1000) / 8,
      });
      const kinds = new Map<string, { url: string; type: string }>();
      const runJs = new Map<string, number>();
      let runTotal = 0;
      let idle = false;
      cdp.on('Network.responseReceived', (e) => kinds.set(e.requestId, { url: e.response.url, type: e.type }));
      cdp.on('Network.loadingFinished', (e) => {
        if (idle) return;
        runTotal += e.encodedDataLength;
        const k = kinds.get(e.requestId);
        if (k?.type === 'Script') runJs.set(new URL(k.url).pathname, e.encodedDataLength);
      });
      const t0 = Date.now();
      await page.goto(site.url + '/');
      await page.waitForFunction(() => (window as unknown as { __atlas?: { idle: boolean } }).__atlas?.idle === true, undefined, { timeout: 120_000, polling: 100 });
      times.push(Date.now() - t0);
      idle = true;
      js = runJs;
      total = runTotal;
      await ctx.close();
    }
  } finally {
    await browser.close();
    await site.stop();
  }
  const gz = (p: string) => gzipSync(readFileSync(path.join(dir, p.replace(/^\//, ''))), { level: 9 }).length;
  return {
    network: SLOW_MOBILE,
    runs: times,
    p50: percentile(times, 50),
    max: Math.max(...times),
    jsWireBytes: [...js.values()].reduce((a, b) => a + b, 0),
    jsGzipBytes: [...js.keys()].reduce((a, p) => a + gz(p), 0),
    jsFiles: [...js.keys()],
    totalWireBytes: total,
  };
}
