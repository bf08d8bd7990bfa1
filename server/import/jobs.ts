/**
 * Import jobs: what the web import screen drives. A job owns one uploaded file on disk (never in
 * memory) and runs the existing pipeline on it in the background — inspect (format, columns, CRS
 * or CRS candidates, encoding and decoded names), stage and validate, commit — so the client can
 * poll its progress (rows read, staged, validated, written) and cancel it.
 *
 * Progress and cancellation are added from outside the pipeline (stage.ts and commit.ts are
 * unchanged): the file's features are counted as they are read, and the database handle the
 * pipeline receives is wrapped so that every statement first checks the job's cancel signal (a
 * cancelled job throws, so its one transaction rolls back and nothing is left) and is counted.
 * On a real server a cancel also interrupts the statement running (postgres.js query.cancel());
 * the embedded database runs one statement at a time and stops before the next one.
 *
 * Jobs live in the memory of the process that received the upload (one server, or sticky
 * sessions); an idle job's file is removed after JOB_IDLE_MS.
 */
import { randomUUID } from 'node:crypto';
import type { Sql } from 'postgres';
import { HttpError } from '../http/errors.ts';
import type { DataVersions } from '../tiles/versions.ts';
import { commitBatch, type Actor } from './commit.ts';
import { crsFromOption, proposeCrs } from './crs.ts';
import { openImportFile } from './readers/index.ts';
import { stageFile } from './stage.ts';
import { autoMapping, IMPORT_TARGETS, TARGETS, type ImportTarget } from './targets.ts';
import type { OpenedFile, RawFeature } from './types.ts';
import type { SavedUpload } from './upload.ts';
import type { AuthUser } from '../auth/session.ts';
import type { Inspection, JobError, JobProgress, JobState, JobView } from '../domain/import-jobs.ts';

export type { Inspection, JobError, JobProgress, JobState, JobView };

export const JOB_IDLE_MS = 60 * 60 * 1000;
/** Jobs a user may keep at once (older idle ones are dropped first). */
export const JOBS_PER_USER = 3;
/** Counting the features first (for a determinate progress bar) stops after this. */
const COUNT_BUDGET_MS = 10_000;

export interface StageOptions {
  target: ImportTarget;
  mode: 'merge' | 'replace';
  crs?: string;
  encoding?: string;
  mapping?: Record<string, string>;
}

class JobCancelled extends Error {
  constructor() {
    super('import job cancelled');
  }
}

/** How many statements a target's validation ran last time (for the progress bar). */
const checksOf = new Map<string, number>();

interface Watch {
  signal: AbortSignal;
  /** the statement running (to interrupt it on a real server) */
  current: { cancel(): unknown } | null;
  onStatement(text: string, q: PromiseLike<{ count: number }>): void;
}

type AnySql = Sql & ((...args: unknown[]) => unknown);

/** A transaction handle whose statements first check the signal and are reported to `w`. */
function watchedTx(tx: Sql, w: Watch): Sql {
  const track = (q: unknown, text: string) => {
    if (q instanceof Promise && typeof (q as unknown as { cancel?: unknown }).cancel === 'function') {
      w.current = q as unknown as { cancel(): unknown };
      w.onStatement(text, q as unknown as PromiseLike<{ count: number }>);
    }
    return q;
  };
  const check = () => {
    if (w.signal.aborted) throw new JobCancelled();
  };
  return new Proxy(tx as AnySql, {
    apply(target, thisArg, args: unknown[]) {
      check();
      const strings = args[0] as { raw?: unknown } & string[];
      const q = Reflect.apply(target, thisArg, args);
      return Array.isArray(strings) && strings.raw ? track(q, strings.join('$')) : q;
    },
    get(target, prop, receiver) {
      if (prop === 'unsafe') {
        return (text: string, ...rest: unknown[]) => {
          check();
          return track((target.unsafe as (...a: unknown[]) => unknown)(text, ...rest), text);
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  }) as Sql;
}

/** The database handle given to the pipeline: its transactions are watched. */
function watchedSql(sql: Sql, w: Watch): Sql {
  return new Proxy(sql, {
    get(target, prop, receiver) {
      if (prop === 'begin') {
        return (...args: unknown[]) => {
          const fn = args.pop() as (tx: Sql) => unknown;
          return (target.begin as (...a: unknown[]) => unknown)(...args, (tx: Sql) => fn(watchedTx(tx, w)));
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

const toJobError = (e: unknown): JobError => {
  if (e instanceof HttpError) return { status: e.status, code: e.code, vi: e.vi, en: e.en, extra: e.extra };
  return { status: 500, code: 'import_failed', vi: 'Nhập dữ liệu không thành công do lỗi máy chủ; không có gì được ghi', en: 'The import failed on a server error; nothing was written', extra: {} };
};

const ignore = () => {};

/** The bounding box of up to `n` features in the file's own coordinates. */
async function rawBbox(file: OpenedFile, n = 2000): Promise<[number, number, number, number] | null> {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      b[0] = Math.min(b[0], c[0]);
      b[1] = Math.min(b[1], c[1] as number);
      b[2] = Math.max(b[2], c[0]);
      b[3] = Math.max(b[3], c[1] as number);
    } else if (Array.isArray(c)) for (const x of c) visit(x);
  };
  let i = 0;
  for await (const f of file.features()) {
    const g = f.geometry;
    if (g) {
      if (g.type === 'GeometryCollection') for (const x of g.geometries) visit((x as { coordinates?: unknown }).coordinates);
      else visit(g.coordinates);
    }
    if (++i >= n) break;
  }
  return Number.isFinite(b[0]) ? b : null;
}

const asText = (v: unknown): string => (v == null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)).slice(0, 120);

export class ImportJob {
  readonly id = randomUUID();
  readonly createdAt = new Date();
  touched = Date.now();
  state: JobState = 'uploaded';
  phase: JobView['phase'] = null;
  target: ImportTarget | null = null;
  batchId: number | null = null;
  bbox: [number, number, number, number] | null = null;
  error: JobError | null = null;
  written: JobView['written'] = null;
  progress: JobProgress = { read: 0, total: null, staged: 0, checks: 0, checksExpected: null, validated: 0, written: 0, toWrite: null };
  /** who started what runs now: their session answers polls and cancels from memory (see runningJobSession) */
  runner: AuthUser | null = null;
  private controller: AbortController | null = null;
  private watch: Watch | null = null;
  private running: Promise<void> | null = null;

  constructor(
    readonly userId: number,
    readonly name: string,
    readonly upload: SavedUpload,
    private readonly nativeCancel: boolean,
  ) {}

  get busy(): boolean {
    return this.running != null;
  }

  view(): JobView {
    return {
      id: this.id,
      state: this.state,
      phase: this.phase,
      file: { name: this.name, bytes: this.upload.bytes, checksum: this.upload.checksum },
      target: this.target,
      batchId: this.batchId,
      bbox: this.bbox,
      progress: { ...this.progress },
      error: this.error,
      written: this.written,
      layers: this.target ? TARGETS[this.target].layers : [],
      createdAt: this.createdAt.toISOString(),
    };
  }

  private assertOpen(): void {
    if (this.state === 'cancelled' || this.state === 'committed') {
      throw new HttpError(409, 'job_closed', 'Lần nhập này đã kết thúc (đã hủy hoặc đã ghi): hãy tải tệp lên lại', 'This import has ended (cancelled or committed): upload the file again');
    }
    if (this.busy) throw new HttpError(409, 'job_busy', 'Tệp đang được xử lý: hãy chờ hoặc hủy', 'The file is being processed: wait or cancel');
  }

  /** Reads what the file holds, with the text decoded as `encoding` (or as detected). */
  async inspect(encoding?: string): Promise<Inspection> {
    this.assertOpen();
    this.touched = Date.now();
    // geometry: false — a table without coordinate columns (criteria, plantings, inspections) is read too;
    // coordinate columns, when there are, are read as before
    const opened = await openImportFile(this.upload.file, this.name, { encoding, geometry: false });
    try {
      const rows: Record<string, string>[] = [];
      for await (const f of opened.features()) {
        rows.push(Object.fromEntries(Object.entries(f.props).map(([k, v]) => [k, asText(v)])));
        if (rows.length >= 5) break;
      }
      const bbox = opened.crs ? null : await rawBbox(opened);
      return {
        format: opened.format,
        fields: opened.fields,
        crs: opened.crs ? { label: opened.crs.label, source: opened.crs.source, datumShift: opened.crs.datumShift } : null,
        candidates: bbox ? proposeCrs(bbox).map((c) => ({ id: c.id, label: c.label, center: c.center as [number, number] })) : [],
        bbox,
        encoding: opened.encoding,
        rows,
        mappings: Object.fromEntries(IMPORT_TARGETS.map((t) => [t, autoMapping(TARGETS[t], opened.fields)])),
      };
    } finally {
      await opened.close();
    }
  }

  private start(kind: 'stage' | 'commit', run: (w: Watch) => Promise<void>): void {
    const controller = new AbortController();
    this.controller = controller;
    this.error = null;
    const w: Watch = { signal: controller.signal, current: null, onStatement: ignore };
    this.watch = w;
    this.running = run(w)
      .catch((e: unknown) => {
        if (e instanceof JobCancelled || controller.signal.aborted) {
          this.state = 'cancelled';
        } else {
          this.state = kind === 'commit' ? 'staged' : 'failed';
          this.error = toJobError(e);
          if (this.error.status >= 500) console.error(`import job ${this.id} (${this.name}):`, e);
        }
      })
      .finally(() => {
        this.phase = null;
        this.running = null;
        this.runner = null;
        this.controller = null;
        this.watch = null;
        this.touched = Date.now();
        if (this.state === 'cancelled') this.upload.discard();
      });
  }

  /**
   * Stages and validates the file as a new batch, in the background. A previous staged batch of
   * this job (other options) is discarded first. The CRS name is checked at once (422).
   */
  stage(sql: Sql, o: StageOptions, by: AuthUser): void {
    this.assertOpen();
    const crs = o.crs ? crsFromOption(o.crs) : undefined;
    const previous = this.state === 'staged' ? this.batchId : null;
    this.state = 'staging';
    this.target = o.target;
    this.batchId = null;
    this.bbox = null;
    this.written = null;
    this.progress = { read: 0, total: null, staged: 0, checks: 0, checksExpected: checksOf.get(o.target) ?? null, validated: 0, written: 0, toWrite: null };
    this.runner = by;
    this.start('stage', async (w) => {
      if (previous != null) await discardBatch(sql, previous);
      const opened = await openImportFile(this.upload.file, this.name, { encoding: o.encoding, geometry: TARGETS[o.target].geometry !== 'none' });
      try {
        this.phase = 'counting';
        this.progress.total = await countFeatures(opened, w.signal);
        this.phase = 'reading';
        const p = this.progress;
        const counted: OpenedFile = { ...opened, features: () => counting(opened.features(), w.signal, () => p.read++, () => (this.phase = 'validating')) };
        w.onStatement = (text, q) => {
          if (this.phase === 'validating') p.checks++;
          if (text.includes('INSERT INTO import_staged')) {
            q.then((r) => {
              p.staged += r.count;
            }, ignore);
          }
        };
        const id = await stageFile(watchedSql(sql, w), counted, {
          target: o.target,
          mode: o.mode,
          fileName: this.name,
          fileBytes: this.upload.bytes,
          checksum: this.upload.checksum,
          crs,
          mapping: o.mapping,
          userId: this.userId,
        });
        if (w.signal.aborted) {
          await discardBatch(sql, id);
          throw new JobCancelled();
        }
        checksOf.set(o.target, p.checks);
        p.validated = p.read;
        p.total = p.read;
        this.bbox = await stagedExtent(sql, id);
        this.batchId = id;
        this.state = 'staged';
      } finally {
        await opened.close();
      }
    });
  }

  /** Commits the staged batch in the background (one transaction; cancelling rolls it back). */
  commit(sql: Sql, versions: DataVersions, actor: Actor, toWrite: number, by: AuthUser): void {
    this.assertOpen();
    if (this.state !== 'staged' || this.batchId == null) {
      throw new HttpError(409, 'job_not_staged', 'Chưa có dữ liệu đã kiểm tra để ghi', 'Nothing validated to commit yet');
    }
    const id = this.batchId;
    this.state = 'committing';
    this.phase = 'writing';
    this.progress.written = 0;
    this.progress.toWrite = toWrite;
    this.runner = by;
    this.start('commit', async (w) => {
      const p = this.progress;
      // the target's own rows (updates and inserts), not the backup, audit or version rows
      w.onStatement = (text, q) => {
        if (/^\s*(UPDATE (?!import_batch)|INSERT INTO (?!import_backup|audit)|WITH\b)/i.test(text)) {
          q.then((r) => {
            p.written = Math.min(toWrite, p.written + r.count);
          }, ignore);
        }
      };
      const counts = await commitBatch(watchedSql(sql, w), versions, id, actor);
      this.written = { inserts: counts.inserts ?? 0, updates: counts.updates ?? 0 };
      p.written = (counts.inserts ?? 0) + (counts.updates ?? 0);
      this.state = 'committed';
      this.upload.discard();
    });
  }

  /**
   * Stops what runs (its transaction rolls back) and removes what the job left: the file, and a
   * staged batch not committed. A committed batch is rolled back instead (administrators).
   */
  async cancel(sql: Sql): Promise<void> {
    this.touched = Date.now();
    if (this.state === 'committed') {
      throw new HttpError(409, 'job_committed', 'Đã ghi xong: không hủy được nữa (quản trị viên có thể hoàn tác lần nhập)', 'Already committed: it cannot be cancelled (an administrator can roll the batch back)');
    }
    const running = this.running;
    if (running != null) {
      this.controller?.abort();
      if (this.nativeCancel) {
        try {
          await this.watch?.current?.cancel();
        } catch {
          // the statement had already finished
        }
      }
      await running;
    }
    if ((this.state as JobState) === 'committed') return; // the commit finished before the cancel reached it
    if (this.batchId != null) await discardBatch(sql, this.batchId);
    this.batchId = null;
    this.state = 'cancelled';
    this.phase = null;
    this.upload.discard();
  }

  /** Removes the file (an idle job expiring, or the server stopping). */
  drop(): void {
    this.controller?.abort();
    this.upload.discard();
  }
}

/** A staged batch removed with its rows and issues (never a committed one). */
export async function discardBatch(sql: Sql, id: number): Promise<void> {
  await sql`DELETE FROM import_batch WHERE id = ${id} AND status = 'staged'`;
}

/** The extent of a batch's staged geometry. */
async function stagedExtent(sql: Sql, id: number): Promise<[number, number, number, number] | null> {
  const [r] = await sql<{ x0: number | null; y0: number; x1: number; y1: number }[]>`
    SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1
    FROM (SELECT ST_Extent(geom_fixed)::geometry AS e FROM import_staged WHERE batch_id = ${id}) t`;
  return r && r.x0 != null ? [r.x0, r.y0, r.x1, r.y1] : null;
}

/** The file's features counted within COUNT_BUDGET_MS (null when it takes longer). */
async function countFeatures(file: OpenedFile, signal: AbortSignal): Promise<number | null> {
  const until = Date.now() + COUNT_BUDGET_MS;
  let n = 0;
  for await (const _ of file.features()) {
    if (signal.aborted) throw new JobCancelled();
    n++;
    if ((n & 255) === 0 && Date.now() > until) return null;
  }
  return n;
}

/** The features, counted and stopped by the signal; `done` when the last one has been read. */
async function* counting(src: AsyncIterable<RawFeature>, signal: AbortSignal, onRow: () => void, done: () => void): AsyncIterable<RawFeature> {
  for await (const f of src) {
    if (signal.aborted) throw new JobCancelled();
    onRow();
    yield f;
  }
  done();
}

/** The jobs of this process. */
export class ImportJobs {
  private readonly jobs = new Map<string, ImportJob>();
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.timer = setInterval(() => this.sweep(), 5 * 60 * 1000);
    this.timer.unref();
  }

  add(job: ImportJob): void {
    const mine = [...this.jobs.values()].filter((j) => j.userId === job.userId).sort((a, b) => a.touched - b.touched);
    for (const old of mine) {
      if (mine.length < JOBS_PER_USER) break;
      if (old.busy) continue;
      old.drop();
      this.jobs.delete(old.id);
      mine.splice(mine.indexOf(old), 1);
    }
    if (mine.length >= JOBS_PER_USER) {
      job.drop();
      throw new HttpError(409, 'too_many_jobs', `Bạn đang có ${JOBS_PER_USER} lần nhập đang chạy: hãy chờ hoặc hủy bớt`, `You have ${JOBS_PER_USER} imports running: wait or cancel one`);
    }
    this.jobs.set(job.id, job);
  }

  /** A job by id, whoever owns it (the caller checks). */
  peek(id: string): ImportJob | undefined {
    return this.jobs.get(id);
  }

  /** The user's job, or 404 (another user's job is not revealed). */
  get(id: string, userId: number): ImportJob {
    const job = this.jobs.get(id);
    if (!job || job.userId !== userId) throw new HttpError(404, 'not_found', 'Không tìm thấy lần nhập này (có thể đã hết hạn)', 'Import job not found (it may have expired)');
    job.touched = Date.now();
    return job;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, job] of this.jobs) {
      if (!job.busy && now - job.touched > JOB_IDLE_MS) {
        job.drop();
        this.jobs.delete(id);
      }
    }
  }

  close(): void {
    clearInterval(this.timer);
    for (const job of this.jobs.values()) job.drop();
    this.jobs.clear();
  }
}

/** One registry per process, created on first use. */
let registry: ImportJobs | null = null;
export function importJobs(): ImportJobs {
  registry ??= new ImportJobs();
  return registry;
}


