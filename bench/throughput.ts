/**
 * Cached tiles: a second process (this one, with autocannon) hammers the server process over
 * loopback with tiles it has already rendered once, so every answer comes from the tile cache.
 */
import autocannon from 'autocannon';
import type { TileAddress } from './addresses.ts';

export interface ThroughputResult {
  urls: number;
  connections: number;
  seconds: number;
  requestsPerSec: number;
  latencyP50: number;
  latencyP99: number;
  errors: number;
  non2xx: number;
  bytesPerSec: number;
}

/** Warms the cache with the URLs, then runs autocannon over them for `seconds`. */
export async function benchThroughput(baseUrl: string, tiles: { layer: string; a: TileAddress; qs: string }[], seconds = 10, connections = 32): Promise<ThroughputResult> {
  const paths = tiles.map((t) => `/api/tiles/${t.layer}/${t.a[0]}/${t.a[1]}/${t.a[2]}.mvt${t.qs}`);
  for (const p of paths) {
    const res = await fetch(baseUrl + p, { headers: { 'Accept-Encoding': 'gzip' } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${p}: HTTP ${res.status}`);
  }
  const result = await autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    headers: { 'accept-encoding': 'gzip' },
    requests: paths.map((p) => ({ method: 'GET' as const, path: p })),
  });
  return {
    urls: paths.length,
    connections,
    seconds,
    requestsPerSec: result.requests.average,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    bytesPerSec: result.throughput.average,
  };
}
