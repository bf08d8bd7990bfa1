/**
 * Before/after, side by side: the API of another checkout of the project (OLD, e.g. a worktree of
 * an earlier commit with its own node_modules) and of this one, both in this process, each over its
 * own database, requests interleaved — old, new, new, old… — so both see the same machine load.
 * On a shared machine whose load moves by the minute this is the only fair comparison.
 *
 *   npx tsx bench/ab.ts --old /work/wt/old-bench --old-url postgres://…/atlas_bench_old \
 *     --new-url postgres://…/atlas_bench_new [--per-band 12] [--repeat 3] [--agg-runs 30] [--skip tiles|aggregations]
 *     [--only area,sites]
 *
 * The embedded engine: --old-dir DIR --new-dir DIR (two seeded PGlite data folders) instead of the
 * URLs. --only keeps the aggregation cases of these ids (bench/aggregations.ts).
 *
 * Several bases in one run: --old A,B with --old-url (or --old-dir) U1,U2, one database each. The
 * aggregations then rotate over every side (A, B, new; B, new, A; …) and compare the new checkout
 * with each base; the tiles compare with the first base only.
 *
 * CPU: each aggregation's CPU time per request beside its wall time, steadier than the wall time on
 * a loaded machine. Embedded: this process's CPU during the request (both apps and their PGlite run
 * here, one request at a time). PostgreSQL: this process's CPU plus the CPU of the side's server
 * processes (every backend connected to its database, from /proc; the server must be on this machine).
 *
 * Tiles: every layer of this checkout's registry and zoom band, tile cache off (as bench/tiles.ts):
 * the time of each address is the median of `repeat` requests. Aggregations: the cases of
 * bench/aggregations.ts, in-process (`app.request`), `agg-runs` times each after two warm-ups.
 * Each app runs with its own default configuration (the request log on, as in production);
 * send stdout to a file or /dev/null — the report goes to stderr.
 */
import path from 'node:path';
import type { Hono } from 'hono';
import { ZOOM_BANDS, bandAddresses, forestPoints } from './addresses.ts';
import { AGGREGATIONS } from './aggregations.ts';
import { TILE_CASES } from './tiles.ts';
import { processCpuSeconds } from './machine.ts';

interface Side {
  name: string;
  app: Hono;
  close(): Promise<void>;
  points: [number, number][];
  /** CPU ms used so far by this side's database server processes (0 on the embedded engine: they run in this process). */
  serverCpuMs(): Promise<number>;
}

/** CPU ms of these processes (machine.ts); a backend that ended counts 0. */
function procCpuMs(pids: number[]): number {
  return pids.reduce((s, pid) => s + (processCpuSeconds(pid) ?? 0), 0) * 1000;
}

// biome-ignore lint/suspicious/noExplicitAny: the modules of another checkout, whose types may differ from this one's
type Mod = Record<string, any>;

async function openSide(name: string, root: string, url: string | undefined, dir: string | undefined): Promise<Side> {
  const load = (p: string): Promise<Mod> => import(path.join(root, p));
  const [{ loadConfig }, { openDatabase }, { createApp }, { DataVersions }, { TileCache }] = await Promise.all([
    load('server/config.ts'),
    load('server/db/connect.ts'),
    load('server/app.ts'),
    load('server/tiles/versions.ts'),
    load('server/tiles/cache.ts'),
  ]);
  const db = await openDatabase(url ? { DATABASE_URL: url, DB_POOL_MAX: 4 } : { DATA_DIR: dir });
  const config = { ...loadConfig({ ...process.env, DATABASE_URL: undefined }), DATABASE_URL: url };
  const app = createApp({ db, config, versions: await DataVersions.load(db.sql), tileCache: new TileCache(0) }) as Hono;
  const serverCpuMs = async () => {
    if (!url) return 0;
    const rows: { pid: number }[] = await db.sql`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`;
    return procCpuMs(rows.map((r) => r.pid));
  };
  return { name, app, close: () => db.close(), points: await forestPoints(db.sql), serverCpuMs };
}

async function timeRequest(app: Hono, method: string, p: string, body?: unknown): Promise<{ ms: number; status: number; cpuMs: number }> {
  const t = performance.now();
  const c = process.cpuUsage();
  const res = await app.request(`http://localhost${p}`, {
    method,
    headers: { 'accept-encoding': 'gzip', ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  await res.arrayBuffer();
  const used = process.cpuUsage(c);
  return { ms: performance.now() - t, status: res.status, cpuMs: (used.user + used.system) / 1000 };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
};
const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : NaN;
};
const f = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

function parseArgs(argv: string[]) {
  const a: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) a[argv[i]!.replace(/^--/, '')] = argv[i + 1]!;
  if (!a.old || !(a['old-url'] || a['old-dir']) || !(a['new-url'] || a['new-dir'])) {
    throw new Error('--old DIR and --old-url URL | --old-dir DIR and --new-url URL | --new-dir DIR are required');
  }
  const list = (x: string | undefined) => (x ?? '').split(',').filter(Boolean);
  const olds = list(a.old).map((d) => path.resolve(d));
  const oldUrls = list(a['old-url']);
  const oldDirs = list(a['old-dir']).map((d) => path.resolve(d));
  if ((oldUrls.length || oldDirs.length) !== olds.length) throw new Error('one --old-url or --old-dir per --old checkout');
  return {
    olds,
    oldUrls,
    oldDirs,
    old: olds[0]!,
    oldUrl: oldUrls[0],
    newUrl: a['new-url'],
    newDir: a['new-dir'] && path.resolve(a['new-dir']),
    only: new Set((a.only ?? '').split(',').filter(Boolean)),
    perBand: Number(a['per-band'] ?? 12),
    repeat: Number(a.repeat ?? 3),
    aggRuns: Number(a['agg-runs'] ?? 30),
    skip: new Set((a.skip ?? '').split(',').filter(Boolean)),
  };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const bases: Side[] = [];
  for (const [i, dir] of o.olds.entries()) bases.push(await openSide(o.olds.length > 1 ? path.basename(dir) : 'old', dir, o.oldUrls[i], o.oldDirs[i]));
  const newSide = await openSide('new', path.resolve(import.meta.dirname, '..'), o.newUrl, o.newDir);
  const oldSide = bases[0]!;
  const sides = [...bases, newSide];
  let flip = false;
  /** One request on each side, the order alternating from call to call. */
  const pair = async (method: string, p: string, body?: unknown) => {
    flip = !flip;
    const order = flip ? [oldSide, newSide] : [newSide, oldSide];
    const out = new Map<Side, { ms: number; status: number }>();
    for (const s of order) out.set(s, await timeRequest(s.app, method, p, body));
    return { old: out.get(oldSide)!, new: out.get(newSide)! };
  };
  let turn = 0;
  /** One request on every side (the bases and new), the order rotating from call to call; CPU per side includes its server processes. */
  const round = async (method: string, p: string, body?: unknown) => {
    const order = sides.map((_, i) => sides[(i + turn) % sides.length]!);
    turn++;
    const out = new Map<Side, { ms: number; status: number; cpuMs: number }>();
    for (const s of order) {
      const before = await s.serverCpuMs();
      const r = await timeRequest(s.app, method, p, body);
      out.set(s, { ...r, cpuMs: r.cpuMs + (await s.serverCpuMs()) - before });
    }
    return out;
  };
  const load = await import('node:os').then((os) => os.loadavg().map((x) => x.toFixed(1)).join(' '));
  log(`# Before/after, interleaved: ${o.olds.join(', ')} vs this checkout, ${o.oldUrl ? 'PostgreSQL' : 'embedded (PGlite)'} — load average ${load} (2 cores)\n`);
  try {
    if (!o.skip.has('tiles')) {
      log(`Tiles (tile cache off, in-process, median of ${o.repeat} per address; p50/p95 over the addresses):\n`);
      log('| layer | zoom band | tiles | old p50 ms | new p50 ms | new/old p50 | old p95 ms | new p95 ms | new/old Σ |');
      log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
      let sumOld = 0;
      let sumNew = 0;
      for (const c of TILE_CASES) {
        const qs = new URLSearchParams(Object.entries(c.filters).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])).toString();
        for (const band of ZOOM_BANDS) {
          const addrs = bandAddresses(newSide.points, band, o.perBand);
          const old: number[] = [];
          const neu: number[] = [];
          let refused = false;
          await pair('GET', `/api/tiles/${c.layer}/${addrs[0]![0]}/${addrs[0]![1]}/${addrs[0]![2]}.mvt${qs ? `?${qs}` : ''}`); // warm-up
          for (const a of addrs) {
            const p = `/api/tiles/${c.layer}/${a[0]}/${a[1]}/${a[2]}.mvt${qs ? `?${qs}` : ''}`;
            const os: number[] = [];
            const ns: number[] = [];
            for (let r = 0; r < o.repeat; r++) {
              const x = await pair('GET', p);
              if (x.old.status !== 200 || x.new.status !== 200) refused = true;
              os.push(x.old.ms);
              ns.push(x.new.ms);
            }
            old.push(median(os));
            neu.push(median(ns));
          }
          if (refused) {
            log(`| ${c.layer} | ${band.id} | ${addrs.length} | not served by both | | | | | |`);
            continue;
          }
          const so = old.reduce((s, x) => s + x, 0);
          const sn = neu.reduce((s, x) => s + x, 0);
          sumOld += so;
          sumNew += sn;
          log(
            `| ${c.layer} | ${band.id} | ${addrs.length} | ${f(median(old))} | ${f(median(neu))} | ${(median(neu) / median(old)).toFixed(2)} | ${f(pct(old, 0.95))} | ${f(pct(neu, 0.95))} | ${(sn / so).toFixed(2)} |`,
          );
        }
      }
      log(`\nAll tiles: Σ old ${f(sumOld)} ms, Σ new ${f(sumNew)} ms, new/old ${(sumNew / sumOld).toFixed(3)}\n`);
    }
    if (!o.skip.has('aggregations')) {
      log(`Aggregations (in-process, ${o.aggRuns} interleaved runs after 2 warm-ups; CPU ms per request, ${o.oldUrl ? 'this process + the side\'s PostgreSQL backends' : 'this process with its PGlite'}):\n`);
      log('| endpoint | base | base p50 ms | new p50 ms | new/base p50 | base p95 ms | new p95 ms | base CPU ms | new CPU ms | new/base CPU |');
      log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
      for (const c of AGGREGATIONS.filter((x) => !o.only.size || o.only.has(x.id))) {
        for (let w = 0; w < 2; w++) await round(c.method, c.path, c.body);
        const ms = new Map<Side, number[]>(sides.map((s) => [s, []]));
        const cpu = new Map<Side, number>(sides.map((s) => [s, 0]));
        const statuses = new Set<number>();
        for (let r = 0; r < o.aggRuns; r++) {
          for (const [s, x] of await round(c.method, c.path, c.body)) {
            ms.get(s)!.push(x.ms);
            cpu.set(s, cpu.get(s)! + x.cpuMs);
            statuses.add(x.status);
          }
        }
        const bad = [...statuses].filter((x) => x !== 200);
        const nm = ms.get(newSide)!;
        const nc = cpu.get(newSide)! / o.aggRuns;
        for (const b of bases) {
          const bm = ms.get(b)!;
          const bc = cpu.get(b)! / o.aggRuns;
          log(
            `| ${c.label}${bad.length ? ` (status ${bad.join('/')})` : ''} | ${b.name} | ${f(median(bm))} | ${f(median(nm))} | ${(median(nm) / median(bm)).toFixed(2)} | ${f(pct(bm, 0.95))} | ${f(pct(nm, 0.95))} | ${f(bc)} | ${f(nc)} | ${(nc / bc).toFixed(2)} |`,
          );
        }
      }
    }
    log(`\nload average at the end ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  } finally {
    for (const s of sides) await s.close();
  }
}

await main();
process.exit(0);
