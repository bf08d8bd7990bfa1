import type { Sql } from 'postgres';
import { aggregatesVersion } from './data-generation.ts';

/**
 * Answers of the aggregations (NTM tables and statistics, village statistics, planting tables and
 * progress) cached under the 'aggregates' data version, which every committed data change bumps
 * (migration 030). Each request reads that version (one indexed row) and so never gets an answer
 * older than the last commit, whichever process made it. Identical requests arriving together
 * share one computation. When the version moves on, the older answers are dropped at once: the
 * cache holds answers of one version only, so its memory stays flat. Within a version it is bounded
 * by entries and by bytes (the size of an answer's JSON, counted once when it is computed): the
 * keys carry request parameters (years, units), so a client walking through them could otherwise
 * fill it with large answers; the least recently used go first.
 *
 * Answers are deep-frozen and shared, not copied (a structuredClone of the province NTM tables cost
 * 2.6 ms, four times their JSON serialisation): a caller that tried to change one would throw.
 */
export class AggregationCache {
  private entries = new Map<string, { value: unknown; bytes: number }>();
  private bytes = 0;
  private inflight = new Map<string, Promise<unknown>>();
  private version = -1;
  hits = 0;
  misses = 0;
  /** The version reads of the pool this cache belongs to (set by registerAggregationCache). */
  versions!: VersionReader;

  constructor(
    private readonly maxEntries = 2000,
    private readonly maxBytes = 64 * 1024 * 1024,
  ) {}

  async get<T>(version: number, key: string, compute: () => Promise<T>): Promise<T> {
    if (version < this.version) {
      this.misses++; // a reader that saw an older version than a later one: answer, do not keep
      return compute();
    }
    if (version > this.version) {
      this.entries.clear();
      this.bytes = 0;
      this.inflight.clear();
      this.version = version;
    }
    const held = this.entries.get(key);
    if (held !== undefined) {
      this.hits++;
      this.entries.delete(key); // least recently used goes first
      this.entries.set(key, held);
      return held.value as T;
    }
    const pending = this.inflight.get(key);
    if (pending !== undefined) {
      this.hits++;
      return (await pending) as T;
    }
    this.misses++;
    const p = compute().then(deepFreeze);
    this.inflight.set(key, p);
    try {
      const value = await p;
      if (this.version === version) this.keep(key, value);
      return value;
    } finally {
      if (this.inflight.get(key) === p) this.inflight.delete(key);
    }
  }

  private keep(key: string, value: unknown): void {
    // UTF-16 string length × 2 + the key: about what the answer's objects hold, within a small factor
    const bytes = 2 * ((JSON.stringify(value) ?? '').length + key.length);
    if (bytes > this.maxBytes) return; // one answer larger than the whole bound: answered, not kept
    const old = this.entries.get(key);
    if (old) this.bytes -= old.bytes;
    this.entries.set(key, { value, bytes });
    this.bytes += bytes;
    for (const [k, e] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= e.bytes;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** Bytes of the answers held, as counted against the bound. */
  get byteSize(): number {
    return this.bytes;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const caches = new WeakMap<Sql, AggregationCache>();

/** Gives a connection pool its aggregation cache (db/connect.ts does it for every pool it opens). */
export function registerAggregationCache(sql: Sql, cache = new AggregationCache()): AggregationCache {
  cache.versions = new VersionReader(sql);
  caches.set(sql, cache);
  return cache;
}

export function aggregationCacheOf(sql: Sql): AggregationCache | undefined {
  return caches.get(sql);
}

/**
 * `compute()` answered from the cache of `sql` when there is one. A transaction (inside a write,
 * where uncommitted rows must be seen) or a connection without a cache computes every time.
 *
 * @example export const ntmStats = (sql, year) => cachedAggregate(sql, 'ntm-stats', [year], () => computeNtmStats(sql, year));
 */
export async function cachedAggregate<T>(sql: Sql, name: string, args: unknown[], compute: () => Promise<T>): Promise<T> {
  const cache = caches.get(sql);
  if (!cache) return compute();
  const version = await cache.versions.read();
  return cache.get(version, `${name}:${JSON.stringify(args)}`, compute);
}

/**
 * Reads of the aggregation version shared by the requests that wait for one. A request may use a
 * read that was *sent after it arrived* (so it sees every commit its client could have seen), never
 * one already under way: while a read is in flight, the requests arriving meanwhile share the next
 * one, sent when it returns. Under load this turns one database round trip per statistics request
 * into about one per round-trip time — on a busy pool (or PGlite's single connection, where the
 * read queued behind tile renders) those round trips were most of a cached answer's time.
 */
export class VersionReader {
  private inflight: Promise<number> | undefined;
  private queued: Promise<number> | undefined;
  reads = 0;

  constructor(private readonly sql: Sql) {}

  read(): Promise<number> {
    if (this.inflight === undefined) return this.launch();
    this.queued ??= this.inflight
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        this.queued = undefined;
        return this.launch();
      });
    return this.queued;
  }

  private launch(): Promise<number> {
    this.reads++;
    const p: Promise<number> = aggregatesVersion(this.sql).finally(() => {
      if (this.inflight === p) this.inflight = undefined;
    });
    this.inflight = p;
    return p;
  }
}
