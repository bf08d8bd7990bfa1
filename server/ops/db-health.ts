import type { Sql } from 'postgres';

/**
 * Errors that mean "the database cannot be reached" (as opposed to a bad query): socket errors,
 * postgres.js connection states, and the server's own "shutting down / starting up" answers
 * (SQLSTATE class 08 connection exception, 57P01-57P03 operator intervention, 53300 too many connections).
 */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECTION_ENDED',
  '57P01', '57P02', '57P03', '53300',
]);

export function isConnectionError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  if (err instanceof DatabaseUnavailableError) return true;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
  // net.connect with several addresses (localhost → ::1, 127.0.0.1) rejects with an AggregateError
  const inner = (err as { errors?: unknown }).errors;
  return Array.isArray(inner) && inner.some(isConnectionError);
}

/** Thrown when the circuit is open: the database was found unreachable and has not answered since. */
export class DatabaseUnavailableError extends Error {
  constructor(cause?: unknown) {
    super('database unavailable', { cause });
  }
}

export interface DbHealthOptions {
  /** how often the database is probed while it is down */
  probeIntervalMs?: number;
  /** how long one probe (or a readiness check) may take */
  probeTimeoutMs?: number;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`no answer in ${ms} ms`), { code: 'CONNECT_TIMEOUT' })), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * A circuit breaker in front of the database. The first connection error opens it (state
 * 'down'): API requests are then answered 503 at once instead of each waiting for a connection
 * attempt, and a probe (SELECT 1, bounded) runs every probeIntervalMs until the database answers,
 * which closes it again — so recovery follows the database within one probe interval.
 */
export class DbHealth {
  private down = false;
  private downSince = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** times the circuit opened (for /metrics) */
  outages = 0;
  lastError: string | null = null;
  private readonly probeIntervalMs: number;
  private readonly probeTimeoutMs: number;

  constructor(private readonly sql: Sql, opts: DbHealthOptions = {}) {
    this.probeIntervalMs = opts.probeIntervalMs ?? 250;
    this.probeTimeoutMs = opts.probeTimeoutMs ?? 1000;
  }

  get isUp(): boolean {
    return !this.down;
  }

  /** Seconds the database has been unreachable (0 when up). */
  get downForSeconds(): number {
    return this.down ? (Date.now() - this.downSince) / 1000 : 0;
  }

  /** Records a failed query; opens the circuit when it was a connection error. Returns whether it was. */
  report(err: unknown): boolean {
    if (!isConnectionError(err)) return false;
    if (!this.down && !this.stopped) {
      this.down = true;
      this.downSince = Date.now();
      this.outages++;
      this.lastError = describe(err);
      this.schedule();
    }
    return true;
  }

  /** Readiness: false at once while the circuit is open, otherwise a bounded SELECT 1. */
  async check(): Promise<boolean> {
    if (this.down) return false;
    try {
      await withTimeout(this.sql`SELECT 1`, this.probeTimeoutMs);
      return true;
    } catch (err) {
      this.report(err);
      return false;
    }
  }

  private schedule(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.probe();
    }, this.probeIntervalMs);
    this.timer.unref();
  }

  private async probe(): Promise<void> {
    try {
      // one SELECT 1 per pooled connection: a connection that broke in the outage but has not
      // noticed yet fails here, not on the first request after "ready" (the circuit stays open
      // until every connection of the pool answers)
      const poolSize = Math.max(1, Number(this.sql.options?.max) || 1);
      await withTimeout(Promise.all(Array.from({ length: poolSize }, () => this.sql`SELECT 1`)), this.probeTimeoutMs);
      this.down = false;
      this.lastError = null;
    } catch (err) {
      this.lastError = describe(err);
      this.schedule();
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function describe(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { code?: unknown; message?: unknown };
    return [e.code, e.message].filter((x) => typeof x === 'string' && x).join(': ') || 'error';
  }
  return String(err);
}
