/**
 * Load scenario: many clients at once against the server process, a mix of 80 % tiles
 * (many addresses, so the tile cache is both hit and filled) and 20 % statistics (NTM tables and
 * statistics, village statistics, planting tables and progress: the aggregation cache). Run twice
 * back to back; the server's memory (from its /metrics) before, between and after says whether
 * it grows from run to run.
 */
import autocannon from 'autocannon';
import type { TileAddress } from './addresses.ts';

export interface LoadRun {
  requests: number;
  requestsPerSec: number;
  latencyP50: number;
  latencyP95: number;
  latencyP99: number;
  latencyMax: number;
  errors: number;
  non2xx: number;
}

export interface LoadResult {
  label: string;
  connections: number;
  seconds: number;
  tileUrls: number;
  statsUrls: number;
  runs: LoadRun[];
  /** server process memory (MB) at the start, after the warm-up (every address once), after each run */
  rssMb: number[];
  heapUsedMb: number[];
  /** V8 heap reserved (total), memory outside the V8 heap (external: buffers, WebAssembly), PGlite's WebAssembly memory */
  heapTotalMb: number[];
  externalMb: number[];
  wasmMb: number[];
  /** bytes held by the tile and aggregation caches after the last run */
  tileCacheMb: number;
  aggregationCacheMb: number;
  memory: MemoryVerdict;
  /** the server's own timing of the measured runs per route (from /metrics), slowest total first */
  routes: RouteTime[];
  /** hit ratios over the whole scenario, from the server's /metrics */
  tileCacheHitRatio: number | null;
  aggregationCacheHitRatio: number | null;
}

/** The statistics a meeting opens: every NTM table, planting table and village statistic of the years held. */
export function statsPaths(years: { commune: number[]; village: number[]; planting: number[] }): string[] {
  const p: string[] = [];
  for (const y of years.commune) {
    p.push(`/api/ntm/tables?year=${y}`, `/api/ntm/tables?year=${y}&district=616`, `/api/stats/ntm?year=${y}&by=district`, `/api/stats/ntm?year=${y}&district=608`);
  }
  for (const y of years.village) p.push(`/api/stats/villages?year=${y}`, `/api/stats/villages?year=${y}&unit=608`);
  for (const y of years.planting) {
    p.push(`/api/stats/planting?plantingYear=${y}&by=district`, `/api/stats/planting?plantingYear=${y}&by=commune`, `/api/forest/progress?year=${y}`);
  }
  return p;
}

/** The server's /metrics as name → value (atlas_* series only). */
export async function metric(baseUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^(atlas_[a-z_]+(?:\{[^}]*\})?) ([\d.e+-]+)$/.exec(line);
    if (m) out[m[1]!] = Number(m[2]);
  }
  return out;
}

const ratio = (m: Record<string, number>, name: string) => {
  const hit = m[`${name}{result="hit"}`] ?? 0;
  const miss = m[`${name}{result="miss"}`] ?? 0;
  return hit + miss > 0 ? Math.round((1000 * hit) / (hit + miss)) / 1000 : null;
};

export const mb = (bytes: number | undefined) => Math.round((bytes ?? 0) / 1048576);

export interface RouteTime {
  route: string;
  requests: number;
  meanMs: number;
  /** the histogram bucket holding the 95th percentile (upper bound, ms): the server's time, without the queueing in front of it */
  p95BucketMs: number;
  /** share of the server's total request time */
  share: number;
}

/** Per-route request counts and durations between two scrapes of /metrics. */
export function routeTimes(before: Record<string, number>, after: Record<string, number>): RouteTime[] {
  const d = (k: string) => (after[k] ?? 0) - (before[k] ?? 0);
  const routes = new Map<string, { count: number; sum: number; buckets: [number, number][] }>();
  for (const k of Object.keys(after)) {
    const m = /^atlas_http_request_duration_seconds_(sum|count|bucket)\{(.*)\}$/.exec(k);
    if (!m) continue;
    const labels = Object.fromEntries([...m[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    const name = `${labels.method} ${labels.route}`;
    const r = routes.get(name) ?? { count: 0, sum: 0, buckets: [] };
    if (m[1] === 'sum') r.sum = d(k);
    else if (m[1] === 'count') r.count = d(k);
    else r.buckets.push([labels.le === '+Inf' ? Infinity : Number(labels.le), d(k)]);
    routes.set(name, r);
  }
  const total = [...routes.values()].reduce((a, r) => a + r.sum, 0);
  return [...routes]
    .filter(([, r]) => r.count > 0)
    .map(([route, r]) => {
      const b = r.buckets.sort((x, y) => x[0] - y[0]).find(([, n]) => n >= 0.95 * r.count);
      return {
        route,
        requests: r.count,
        meanMs: Math.round((10000 * r.sum) / r.count) / 10,
        p95BucketMs: b ? b[0] * 1000 : Infinity,
        share: total > 0 ? Math.round((1000 * r.sum) / total) / 1000 : 0,
      };
    })
    .sort((a, b) => b.share - a.share);
}

export interface MemoryVerdict {
  flat: boolean;
  /** growth (MB) over the last run of RSS outside V8's heap, and of heap used */
  lastRssGrowthMb: number;
  lastHeapGrowthMb: number;
  text: string;
}

/** One reading of the server's memory (MB), taken after a full garbage collection. */
export interface MemoryReading {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  wasm: number;
}

/**
 * Flat = from the second-to-last run to the last one (identical work after the warm-up) neither
 * what the server keeps in JavaScript nor what it holds outside V8's heap grew:
 * - V8 heap used, read after a full collection (ServerProcess.collect): by less than FLAT_HEAP_MB;
 * - resident memory outside V8's heap (RSS − heap total: PGlite's WebAssembly memory, buffers,
 *   the allocator's arenas): by less than FLAT_RSS_MB.
 * V8's own reserve (heap total − heap used) is left out: V8 sizes its young generation by the
 * allocation rate and gives pages back when it sees fit, so RSS moved ±60 MB between equal runs
 * without a trend (embedded, six runs: 1042, 1094, 1071, 991, 1022, 1086 MB) while RSS − heap total
 * stayed at 835, 835, 835, 829, 835, 836 MB and heap used at 100, 111, 118, 88, 93, 95 MB.
 * Why these bounds: a run serves 10⁴–10⁵ requests, so a leak of even 0.1 KB per request shows as
 * ≥ 1–10 MB per run; 16 MB outside the heap is the caches' slack (tile entries churned by the
 * random addresses), 1–2 % of the embedded server's resident memory. Fewer than two runs: no verdict.
 */
export const FLAT_RSS_MB = 16;
export const FLAT_HEAP_MB = 8;

export function memoryVerdict(readings: MemoryReading[]): MemoryVerdict {
  if (readings.length < 2) return { flat: false, lastRssGrowthMb: 0, lastHeapGrowthMb: 0, text: 'no verdict (one run)' };
  const [before, after] = readings.slice(-2) as [MemoryReading, MemoryReading];
  const native = after.rss - after.heapTotal - (before.rss - before.heapTotal);
  const heap = after.heapUsed - before.heapUsed;
  const wasm = after.wasm - before.wasm;
  const flat = native < FLAT_RSS_MB && heap < FLAT_HEAP_MB;
  const signed = (n: number) => `${n >= 0 ? '+' : ''}${n}`;
  return {
    flat,
    lastRssGrowthMb: native,
    lastHeapGrowthMb: heap,
    text:
      `${flat ? 'flat' : 'GROWING'}: last run RSS outside V8's heap ${signed(native)} MB (bound ${FLAT_RSS_MB}), heap used ${signed(heap)} MB (bound ${FLAT_HEAP_MB}); RSS ${signed(after.rss - before.rss)} MB` +
      (readings.some((r) => r.wasm > 0) ? `, WebAssembly ${signed(wasm)} MB (high-water ${Math.max(...readings.map((r) => r.wasm))} MB)` : ''),
  };
}

export async function benchLoad(
  baseUrl: string,
  opts: {
    label: string;
    tiles: { layer: string; a: TileAddress; qs: string }[];
    stats: string[];
    connections: number;
    seconds: number;
    runs?: number;
    /** Runs a full garbage collection in the server (ServerProcess.collect): memory is read after it. */
    collect?: () => Promise<void>;
  },
): Promise<LoadResult> {
  const tilePaths = opts.tiles.map((t) => `/api/tiles/${t.layer}/${t.a[0]}/${t.a[1]}/${t.a[2]}.mvt${t.qs}`);
  // a statistic the server does not have (a year without data) would measure 404s: keep the ones that answer
  const stats: string[] = [];
  for (const p of opts.stats) {
    const res = await fetch(baseUrl + p);
    await res.arrayBuffer();
    if (res.ok) stats.push(p);
  }
  let i = 0;
  const next = () => {
    i++;
    return i % 5 === 0 ? stats[(i / 5) % stats.length]! : tilePaths[Math.floor(Math.random() * tilePaths.length)]!;
  };
  const mem = [await metric(baseUrl)];
  // Warm-up, untimed: every address once (4 at a time), so that both measured runs do the same
  // work. Without it the first run rendered the tiles and filled PGlite's buffers while the second
  // served them, and the memory they added read as growth from run to run.
  const warm = [...new Set([...tilePaths, ...stats])];
  await Promise.all(
    Array.from({ length: 4 }, async (_, k) => {
      for (let j = k; j < warm.length; j += 4) await (await fetch(baseUrl + warm[j], { headers: { 'accept-encoding': 'gzip' } })).arrayBuffer();
    }),
  );
  await opts.collect?.();
  mem.push(await metric(baseUrl));
  const runs: LoadRun[] = [];
  for (let r = 0; r < (opts.runs ?? 2); r++) {
    const times: number[] = [];
    const instance = autocannon({
      url: baseUrl,
      connections: opts.connections,
      duration: opts.seconds,
      timeout: 30,
      headers: { 'accept-encoding': 'gzip' },
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: next() }) }],
    });
    // autocannon reports p90 and p97.5, not p95: keep every response time
    (instance as unknown as autocannon.Instance).on('response', (_client, _status, _bytes, ms) => times.push(ms));
    const result = await instance;
    times.sort((a, b) => a - b);
    const pct = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0);
    runs.push({
      requests: result.requests.total,
      requestsPerSec: result.requests.average,
      latencyP50: pct(0.5),
      latencyP95: pct(0.95),
      latencyP99: pct(0.99),
      latencyMax: Math.round(times.at(-1) ?? 0),
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
    });
    await opts.collect?.();
    mem.push(await metric(baseUrl));
  }
  const last = mem.at(-1)!;
  const rssMb = mem.map((m) => mb(m.atlas_process_resident_memory_bytes));
  const heapUsedMb = mem.map((m) => mb(m.atlas_nodejs_heap_size_used_bytes));
  const wasmMb = mem.map((m) => mb(m.atlas_db_embedded_wasm_memory_bytes));
  const heapTotalMb = mem.map((m) => mb(m.atlas_nodejs_heap_size_total_bytes));
  // readings 0 and 1 are before and after the warm-up: the verdict compares the measured runs
  const afterRuns = mem.map((_, k) => ({ rss: rssMb[k]!, heapUsed: heapUsedMb[k]!, heapTotal: heapTotalMb[k]!, wasm: wasmMb[k]! })).slice(2);
  return {
    label: opts.label,
    connections: opts.connections,
    seconds: opts.seconds,
    tileUrls: tilePaths.length,
    statsUrls: stats.length,
    runs,
    rssMb,
    heapUsedMb,
    heapTotalMb,
    externalMb: mem.map((m) => mb(m.atlas_nodejs_external_memory_bytes)),
    wasmMb,
    tileCacheMb: mb(last.atlas_tile_cache_bytes),
    aggregationCacheMb: mb(last.atlas_aggregation_cache_bytes),
    memory: memoryVerdict(afterRuns),
    routes: routeTimes(mem[1]!, last),
    tileCacheHitRatio: ratio(last, 'atlas_tile_cache_lookups'),
    aggregationCacheHitRatio: ratio(last, 'atlas_aggregation_cache_lookups'),
  };
}

export function renderLoad(results: LoadResult[]): string {
  if (results.length === 0) return '';
  const rows = results.flatMap((r) =>
    r.runs.map(
      (x, k) =>
        `| ${r.label} | ${r.connections} × ${r.seconds} s, run ${k + 1} | ${Math.round(x.requestsPerSec)} | ${x.latencyP50} | ${x.latencyP95} | ${x.latencyP99} | ${x.errors} | ${x.non2xx} |`,
    ),
  );
  const mem = results.map(
    (r) =>
      `| ${r.label} | ${r.tileCacheHitRatio ?? '–'} | ${r.aggregationCacheHitRatio ?? '–'} | ${r.tileCacheMb} / ${r.aggregationCacheMb} | ${r.tileUrls} tiles, ${r.statsUrls} statistics |`,
  );
  const memRows = results.flatMap((r) =>
    r.rssMb.map(
      (_, k) =>
        `| ${r.label} | ${k === 0 ? 'start' : k === 1 ? 'after warm-up' : `after run ${k - 1}`} | ${r.rssMb[k]} | ${r.heapUsedMb[k]} | ${r.heapTotalMb[k]} | ${r.externalMb[k]} | ${r.wasmMb[k] || '–'} |`,
    ),
  );
  return [
    '',
    '## Load: 80 % tiles, 20 % statistics',
    '',
    '| server | clients | req/s | p50 ms | p95 ms | p99 ms | errors | non-2xx |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    '| server | tile cache hit ratio | aggregation cache hit ratio | cache MB (tiles / aggregations) | URLs |',
    '|---|---|---|---|---|',
    ...mem,
    '',
    '### Server memory, MB (WebAssembly: PGlite\'s linear memory, part of RSS; it never shrinks)',
    '',
    '| server | when | RSS | heap used | heap total | external | WebAssembly |',
    '|---|---|---|---|---|---|---|',
    ...memRows,
    '',
    ...results.map((r) => `- ${r.label}: ${r.memory.text}`),
    '',
    '### Where the server spent its time (measured runs, from /metrics; without the queueing in front of the handlers)',
    '',
    '| server | route | requests | mean ms | p95 ≤ ms | share of time |',
    '|---|---|---|---|---|---|',
    ...results.flatMap((r) => r.routes.slice(0, 8).map((x) => `| ${r.label} | ${x.route} | ${x.requests} | ${x.meanMs} | ${x.p95BucketMs} | ${Math.round(x.share * 100)} % |`)),
    '',
  ].join('\n');
}
