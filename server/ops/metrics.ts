import client from 'prom-client';
import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { AppDeps } from '../http/context.ts';
import { aggregationCacheOf } from './agg-cache.ts';

/**
 * Prometheus metrics at GET /metrics (text exposition format), one registry per app:
 * request counts and durations per route, requests in flight, database reachability, outages
 * and connections, tile and aggregation cache hits, and the process's own figures (memory, CPU,
 * event-loop lag, from prom-client's default collectors).
 *
 * prom-client (15.1.3, server only): the de-facto Node client, maintained under the Prometheus
 * community's siblings (siimon/prom-client); histograms, label escaping and the exposition format
 * are what it does, and we would otherwise write and test them ourselves.
 */
export class Metrics {
  readonly registry = new client.Registry();
  private readonly requests: client.Counter<'method' | 'route' | 'status'>;
  private readonly duration: client.Histogram<'method' | 'route'>;
  private readonly inFlight: client.Gauge;

  constructor(deps: AppDeps) {
    const registers = [this.registry];
    client.collectDefaultMetrics({ register: this.registry, prefix: 'atlas_' });
    this.requests = new client.Counter({
      name: 'atlas_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.duration = new client.Histogram({
      name: 'atlas_http_request_duration_seconds',
      help: 'Time to answer a request, by method and route pattern',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.inFlight = new client.Gauge({ name: 'atlas_http_requests_in_flight', help: 'Requests being answered', registers });
    const { db } = deps;
    new client.Gauge({
      name: 'atlas_db_up',
      help: '1 while the database answers, 0 while the circuit breaker holds it unreachable',
      registers,
      collect() {
        this.set(db.health.isUp ? 1 : 0);
      },
    });
    new client.Gauge({
      name: 'atlas_db_outages',
      help: 'Times the database became unreachable since start',
      registers,
      collect() {
        this.set(db.health.outages);
      },
    });
    new client.Gauge({
      name: 'atlas_db_pool_max',
      help: 'Connections the pool may open',
      registers,
      collect() {
        this.set(db.kind === 'embedded' ? 1 : deps.config.DB_POOL_MAX);
      },
    });
    new client.Gauge({
      name: 'atlas_db_connections',
      help: "This application's connections to the database server by state (pg_stat_activity; real server only)",
      labelNames: ['state'],
      registers,
      async collect() {
        this.reset();
        if (db.kind !== 'postgres' || !db.health.isUp) return;
        try {
          const rows = await db.sql<{ state: string | null; n: number }[]>`
            SELECT coalesce(state, 'unknown') AS state, count(*)::int AS n FROM pg_stat_activity
            WHERE application_name = 'kontum-atlas' AND pid <> pg_backend_pid() GROUP BY 1`;
          for (const r of rows) this.set({ state: r.state ?? 'unknown' }, r.n);
        } catch {
          /* scraped while the database went away: the gauge stays empty */
        }
      },
    });
    const cacheGauge = (name: string, help: string, read: () => { hits: number; misses: number; size: number } | undefined) =>
      new client.Gauge({
        name,
        help,
        labelNames: ['result'],
        registers,
        collect() {
          const c = read();
          if (!c) return;
          this.set({ result: 'hit' }, c.hits);
          this.set({ result: 'miss' }, c.misses);
        },
      });
    cacheGauge('atlas_tile_cache_lookups', 'Tile cache lookups since start, by result (hit ratio = hit / (hit + miss))', () => deps.tileCache);
    cacheGauge('atlas_aggregation_cache_lookups', 'Aggregation cache lookups since start, by result', () => aggregationCacheOf(db.sql));
    new client.Gauge({
      name: 'atlas_db_embedded_wasm_memory_bytes',
      help: "Embedded database only: PGlite's WebAssembly linear memory (part of the resident memory; it grows to a high-water mark and never shrinks)",
      registers,
      collect() {
        if (db.wasmMemoryBytes) this.set(db.wasmMemoryBytes());
      },
    });
    new client.Gauge({
      name: 'atlas_tile_cache_bytes',
      help: 'Bytes of encoded tiles held in the tile cache (bounded at 128 MB)',
      registers,
      collect() {
        this.set(deps.tileCache.byteSize);
      },
    });
    new client.Gauge({
      name: 'atlas_aggregation_cache_bytes',
      help: 'Bytes of statistics answers held in the aggregation cache (their JSON size; bounded at 64 MB)',
      registers,
      collect() {
        const c = aggregationCacheOf(db.sql);
        if (c) this.set(c.byteSize);
      },
    });
    new client.Gauge({
      name: 'atlas_tile_cache_entries',
      help: 'Tiles held in the tile cache',
      registers,
      collect() {
        this.set(deps.tileCache.size);
      },
    });
  }

  /** Children of the request metrics per label set: the labels are turned into an object once per set (prom-client still validates and hashes them on each call: a few µs per request remain here). */
  private readonly timers = new Map<string, { observe(seconds: number): void }>();
  private readonly counters = new Map<string, { inc(): void }>();

  /** Counts and times every request by its route pattern (bounded labels, never the raw path). */
  observe(): MiddlewareHandler {
    return async (c, next) => {
      const t0 = performance.now();
      this.inFlight.inc();
      try {
        await next();
      } finally {
        this.inFlight.dec();
        const method = c.req.method;
        const route = routeOf(c);
        const status = c.res.status;
        const key = `${method} ${route}`;
        let timer = this.timers.get(key);
        if (!timer) this.timers.set(key, (timer = this.duration.labels(method, route)));
        timer.observe((performance.now() - t0) / 1000);
        const ckey = `${key} ${status}`;
        let counter = this.counters.get(ckey);
        if (!counter) this.counters.set(ckey, (counter = this.requests.labels(method, route, String(status))));
        counter.inc();
      }
    };
  }

  async handler(c: Context): Promise<Response> {
    return c.body(await this.registry.metrics(), 200, { 'Content-Type': this.registry.contentType, 'Cache-Control': 'no-store' });
  }
}

/** The route pattern that answered ('/api/tiles/:layer/:z/:x/:file'), not the path. */
export function routeOf(c: Context): string {
  try {
    return routePath(c) || 'unmatched';
  } catch {
    return 'unmatched';
  }
}
