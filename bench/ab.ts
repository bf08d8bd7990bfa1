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

interface Side {
  name: string;
  app: Hono;
  close(): Promise<void>;
  points: [number, number][];
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
  return { name, app, close: () => db.close(), points: await forestPoints(db.sql) };
}

async function timeRequest(app: Hono, method: string, p: string, body?: unknown): Promise<{ ms: number; status: number }> {
  const t = performance.now();
  const res = await app.request(`http://localhost${p}`, {
    method,
    headers: { 'accept-encoding': 'gzip', ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  await res.arrayBuffer();
  return { ms: performance.now() - t, status: res.status };
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
  return {
    old: path.resolve(a.old),
    oldUrl: a['old-url'],
    newUrl: a['new-url'],
    oldDir: a['old-dir'] && path.resolve(a['old-dir']),
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
  const sides = [await openSide('old', o.old, o.oldUrl, o.oldDir), await openSide('new', path.resolve(import.meta.dirname, '..'), o.newUrl, o.newDir)];
  const [oldSide, newSide] = sides as [Side, Side];
  let flip = false;
  /** One request on each side, the order alternating from call to call. */
  const pair = async (method: string, p: string, body?: unknown) => {
    flip = !flip;
    const order = flip ? [oldSide, newSide] : [newSide, oldSide];
    const out: Record<string, { ms: number; status: number }> = {};
    for (const s of order) out[s.name] = await timeRequest(s.app, method, p, body);
    return out as { old: { ms: number; status: number }; new: { ms: number; status: number } };
  };
  const load = await import('node:os').then((os) => os.loadavg().map((x) => x.toFixed(1)).join(' '));
  log(`# Before/after, interleaved: ${o.old} vs this checkout, ${o.oldUrl ? 'PostgreSQL' : 'embedded (PGlite)'} — load average ${load} (2 cores)\n`);
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
      log(`Aggregations (in-process, ${o.aggRuns} interleaved runs after 2 warm-ups):\n`);
      log('| endpoint | old p50 ms | new p50 ms | new/old p50 | old p95 ms | new p95 ms |');
      log('| --- | --- | --- | --- | --- | --- |');
      for (const c of AGGREGATIONS.filter((x) => !o.only.size || o.only.has(x.id))) {
        for (let w = 0; w < 2; w++) await pair(c.method, c.path, c.body);
        const old: number[] = [];
        const neu: number[] = [];
        let statuses = '';
        for (let r = 0; r < o.aggRuns; r++) {
          const x = await pair(c.method, c.path, c.body);
          old.push(x.old.ms);
          neu.push(x.new.ms);
          if (x.old.status !== 200 || x.new.status !== 200) statuses = ` (status ${x.old.status}/${x.new.status})`;
        }
        log(`| ${c.label}${statuses} | ${f(median(old))} | ${f(median(neu))} | ${(median(neu) / median(old)).toFixed(2)} | ${f(pct(old, 0.95))} | ${f(pct(neu, 0.95))} |`);
      }
    }
    log(`\nload average at the end ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  } finally {
    for (const s of sides) await s.close();
  }
}

await main();
process.exit(0);
