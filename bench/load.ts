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

async function metric(baseUrl: string): Promise<Record<string, number>> {
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

const mb = (bytes: number | undefined) => Math.round((bytes ?? 0) / 1048576);

export async function benchLoad(
  baseUrl: string,
  opts: { label: string; tiles: { layer: string; a: TileAddress; qs: string }[]; stats: string[]; connections: number; seconds: number; runs?: number },
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
    mem.push(await metric(baseUrl));
  }
  const last = mem.at(-1)!;
  return {
    label: opts.label,
    connections: opts.connections,
    seconds: opts.seconds,
    tileUrls: tilePaths.length,
    statsUrls: stats.length,
    runs,
    rssMb: mem.map((m) => mb(m.atlas_process_resident_memory_bytes)),
    heapUsedMb: mem.map((m) => mb(m.atlas_nodejs_heap_size_used_bytes)),
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
      `| ${r.label} | ${r.rssMb.join(' → ')} | ${r.heapUsedMb.join(' → ')} | ${r.tileCacheHitRatio ?? '–'} | ${r.aggregationCacheHitRatio ?? '–'} | ${r.tileUrls} tiles, ${r.statsUrls} statistics |`,
  );
  return [
    '',
    '## Load: 80 % tiles, 20 % statistics',
    '',
    '| server | clients | req/s | p50 ms | p95 ms | p99 ms | errors | non-2xx |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    '| server | RSS MB (start → warm-up → run 1 → run 2) | heap used MB | tile cache hit ratio | aggregation cache hit ratio | URLs |',
    '|---|---|---|---|---|---|',
    ...mem,
    '',
  ].join('\n');
}
