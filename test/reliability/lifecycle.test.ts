/**
 * Operations of one server process (issue 13): one JSON log line per request, Prometheus metrics
 * at /metrics (requests per route, database, tile and aggregation cache hits), and a graceful stop
 * on SIGTERM that finishes the request being answered.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyTemplate, removeDir } from '../helpers/template.ts';
import { spawnServer, type ChildServer } from './helpers/child.ts';

describe('one server process: logs, metrics, graceful shutdown', () => {
  let dataDir: string;
  let server: ChildServer;

  beforeAll(async () => {
    dataDir = copyTemplate();
    server = await spawnServer({ DATA_DIR: dataDir, LOG_LEVEL: 'info' });
  }, 180_000);

  afterAll(async () => {
    if (server && server.proc.exitCode === null && server.proc.signalCode === null) {
      server.proc.kill('SIGKILL');
      await server.exited;
    }
    removeDir(dataDir);
  });

  it('logs one JSON line per request with request id, route, status and duration', async () => {
    const res = await fetch(`${server.url}/api/stats/ntm?year=2020`, { headers: { 'X-Request-Id': 'ops-log-check' } });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    const missing = await fetch(`${server.url}/api/no-such-thing`);
    await missing.arrayBuffer();
    await new Promise((r) => setTimeout(r, 200));
    const lines = server
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const stats = lines.find((l) => l.msg === 'request' && l.path === '/api/stats/ntm');
    expect(stats).toMatchObject({ method: 'GET', route: '/api/stats/ntm', status: 200, user: null });
    expect(typeof stats!.requestId).toBe('string');
    expect(typeof stats!.ms).toBe('number');
    expect(lines.find((l) => l.path === '/api/no-such-thing')).toMatchObject({ status: 404, level: 'warn' });
  });

  it('exposes Prometheus metrics: requests per route, database, tile and aggregation cache hits', async () => {
    for (let i = 0; i < 2; i++) await (await fetch(`${server.url}/api/stats/ntm?year=2020`)).arrayBuffer();
    const tile = `${server.url}/api/tiles/districts/8/204/117.mvt`;
    for (let i = 0; i < 2; i++) await (await fetch(tile)).arrayBuffer();
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    const value = (re: RegExp) => Number(re.exec(text)?.[1] ?? NaN);
    expect(value(/^atlas_http_requests_total\{method="GET",route="\/api\/stats\/ntm",status="200"\} (\d+)/m)).toBeGreaterThanOrEqual(3);
    expect(text).toMatch(/^atlas_http_request_duration_seconds_bucket\{le="0.1",method="GET",route="\/api\/stats\/ntm"\}/m);
    expect(value(/^atlas_aggregation_cache_lookups\{result="hit"\} (\d+)/m)).toBeGreaterThanOrEqual(2);
    expect(value(/^atlas_tile_cache_lookups\{result="hit"\} (\d+)/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^atlas_db_up (\d+)/m)).toBe(1);
    expect(value(/^atlas_db_pool_max (\d+)/m)).toBe(1);
    expect(text).toMatch(/^atlas_process_resident_memory_bytes \d+/m);
  });

  it('finishes the request in flight on SIGTERM, then exits 0', async () => {
    const { port } = new URL(server.url);
    const body = JSON.stringify({ username: 'nobody-at-all', password: 'wrong password' });
    // a request whose body is still arriving when the signal comes
    const answer = new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/auth/login', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        server.proc.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 500);
      }, 200);
    });
    expect(await answer).toBe(401);
    expect(await server.exited).toBe('0');
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
  });
});
