/**
 * Is the server's memory flat under repeated load? The load scenario (bench/load.ts) run N times
 * back to back against one server process, printing after each run its RSS, V8 heap used and
 * reserved, external memory and — on the embedded database — PGlite's WebAssembly memory, and the
 * verdict (bench/load.ts memoryVerdict). With --snapshots the server writes a V8 heap snapshot
 * after the warm-up and after each run (--heapsnapshot-signal), and the largest differences by
 * constructor between the first and the last are printed.
 *
 *   npx tsx bench/load-memory.ts [--embedded | --database-url URL] [--clients 50] [--seconds 20] [--runs 6] [--snapshots]
 *
 * --embedded (the default) serves a copy of the seeded test template (PGlite, demo data).
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../server/config.ts';
import { openDatabase } from '../server/db/connect.ts';
import { templateDir } from '../test/helpers/template.ts';
import { ZOOM_BANDS, bandAddresses, forestPoints } from './addresses.ts';
import { benchLoad, type MemoryReading, memoryVerdict, statsPaths } from './load.ts';
import { startServerProcess } from './server.ts';

function parseArgs(argv: string[]) {
  const a: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]!.replace(/^--/, '');
    if (k === 'embedded' || k === 'snapshots') a[k] = true;
    else a[k] = argv[++i]!;
  }
  return {
    url: typeof a['database-url'] === 'string' ? a['database-url'] : undefined,
    clients: Number(a.clients ?? 50),
    seconds: Number(a.seconds ?? 20),
    runs: Number(a.runs ?? 6),
    snapshots: a.snapshots === true,
  };
}

/** Self size (bytes) and count of a heap snapshot's objects by constructor name. */
function bySelfSize(file: string): Map<string, { size: number; count: number }> {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const f = snap.snapshot.meta.node_fields;
  const [typeI, nameI, sizeI] = [f.indexOf('type'), f.indexOf('name'), f.indexOf('self_size')];
  const types = snap.snapshot.meta.node_types[0];
  const out = new Map<string, { size: number; count: number }>();
  for (let i = 0; i < snap.nodes.length; i += f.length) {
    const type = types[snap.nodes[i + typeI]!]!;
    const name = type === 'object' || type === 'closure' ? snap.strings[snap.nodes[i + nameI]!]! : `(${type})`;
    const e = out.get(name) ?? { size: 0, count: 0 };
    e.size += snap.nodes[i + sizeI]!;
    e.count++;
    out.set(name, e);
  }
  return out;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const log = (m: string) => process.stderr.write(`${m}\n`);
  let env: Record<string, string>;
  let dir: string | undefined;
  if (o.url) env = { DATABASE_URL: o.url };
  else {
    dir = path.join(ROOT, 'tmp', 'load-memory');
    rmSync(dir, { recursive: true, force: true });
    cpSync(templateDir(), dir, { recursive: true });
    env = { DATA_DIR: dir, DATABASE_URL: '' };
  }
  const db = await openDatabase(o.url ? { DATABASE_URL: o.url } : { DATA_DIR: dir! });
  const points = await forestPoints(db.sql);
  await db.close();
  const snapDir = path.join(ROOT, 'tmp', 'heap-snapshots');
  if (o.snapshots) {
    rmSync(snapDir, { recursive: true, force: true });
    mkdirSync(snapDir, { recursive: true });
    env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${snapDir}`.trim();
  }
  const server = await startServerProcess(env);
  const snapshot = async () => {
    if (!o.snapshots) return;
    const before = readdirSync(snapDir).length;
    process.kill(server.pid, 'SIGUSR2');
    // the file appears when the writing starts (the server is paused meanwhile; minutes on a busy machine): wait until it stops growing
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    for (let t = 0; t < 600 && readdirSync(snapDir).length === before; t++) await sleep(500);
    const newest = () => readdirSync(snapDir).map((f) => statSync(path.join(snapDir, f)).size).reduce((a, b) => a + b, 0);
    for (let size = -1; size !== newest(); ) {
      size = newest();
      await sleep(3000);
    }
  };
  try {
    const url = server.url;
    const meta = (await (await fetch(`${url}/api/meta`)).json()) as { commune: { years: number[] }; village: { years: number[] }; planting: { years: number[] } };
    const tiles = (['communes', 'khoanh', 'plots'] as const).flatMap((layer) =>
      ZOOM_BANDS.flatMap((band) => bandAddresses(points, band, 16)).map((a) => ({ layer, a, qs: layer === 'communes' ? `?year=${meta.commune.years.at(-1)}` : '' })),
    );
    const stats = statsPaths({ commune: meta.commune.years, village: meta.village.years, planting: meta.planting.years });
    const readings: MemoryReading[] = [];
    log(`${o.url ? 'PostgreSQL' : 'embedded'}: ${o.runs} runs of ${o.clients} clients × ${o.seconds} s`);
    log('| run | load avg | req/s | p95 ms | errors | RSS MB | heap used | heap total | external | WebAssembly |');
    log('|---|---|---|---|---|---|---|---|---|---|');
    for (let r = 0; r < o.runs; r++) {
      if (r === 0) await snapshot();
      const load = os.loadavg()[0]!.toFixed(1);
      // the first call warms up (every address once) and measures start and warm-up; later ones warm up again (all cached)
      const res = await benchLoad(url, { label: `run ${r + 1}`, tiles, stats, connections: o.clients, seconds: o.seconds, runs: 1, collect: server.collect });
      const x = res.runs[0]!;
      const k = res.rssMb.length - 1;
      if (r === 0) log(`| warm-up | | | | | ${res.rssMb[1]} | ${res.heapUsedMb[1]} | ${res.heapTotalMb[1]} | ${res.externalMb[1]} | ${res.wasmMb[1] || '–'} |`);
      log(
        `| ${r + 1} | ${load} | ${Math.round(x.requestsPerSec)} | ${x.latencyP95} | ${x.errors + x.non2xx} | ${res.rssMb[k]} | ${res.heapUsedMb[k]} | ${res.heapTotalMb[k]} | ${res.externalMb[k]} | ${res.wasmMb[k] || '–'} |`,
      );
      readings.push({ rss: res.rssMb[k]!, heapUsed: res.heapUsedMb[k]!, heapTotal: res.heapTotalMb[k]!, wasm: res.wasmMb[k]! });
      await snapshot();
    }
    log(`\n${memoryVerdict(readings).text}`);
  } finally {
    await server.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  if (o.snapshots) {
    const files = readdirSync(snapDir).filter((f) => f.endsWith('.heapsnapshot')).sort();
    if (files.length >= 2) {
      const first = bySelfSize(path.join(snapDir, files[0]!));
      const last = bySelfSize(path.join(snapDir, files.at(-1)!));
      const diff = [...last].map(([name, e]) => ({ name, size: e.size - (first.get(name)?.size ?? 0), count: e.count - (first.get(name)?.count ?? 0) }));
      diff.sort((a, b) => Math.abs(b.size) - Math.abs(a.size));
      log(`\nheap snapshot ${files[0]} → ${files.at(-1)}: largest changes by constructor (self size)`);
      for (const d of diff.slice(0, 15)) log(`  ${d.name.slice(0, 60).padEnd(60)} ${(d.size / 1048576).toFixed(2).padStart(8)} MB  ${d.count >= 0 ? '+' : ''}${d.count} objects`);
    }
  }
}

await main();
process.exit(0);
