/**
 * The load scenario (bench/load.ts) against two server processes side by side — another checkout
 * (BASE, e.g. a worktree of the commit before a change) and this one — over the same database,
 * runs alternating base, new, base, new… so both see the same machine load.
 *
 *   npx tsx bench/load-ab.ts --base DIR [--database-url URL | --embedded] [--clients 200] [--seconds 30] [--rounds 2]
 *
 * With --embedded each server gets its own copy of the seeded test template (PGlite, demo data).
 */
import { cpSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../server/config.ts';
import { openDatabase } from '../server/db/connect.ts';
import { templateDir } from '../test/helpers/template.ts';
import { ZOOM_BANDS, bandAddresses, forestPoints } from './addresses.ts';
import { benchLoad, statsPaths, type LoadResult } from './load.ts';
import { startServerProcess, type ServerProcess } from './server.ts';

function parseArgs(argv: string[]) {
  const a: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]!.replace(/^--/, '');
    if (k === 'embedded') a[k] = true;
    else a[k] = argv[++i]!;
  }
  if (typeof a.base !== 'string') throw new Error('--base DIR is required');
  return {
    base: path.resolve(a.base),
    url: typeof a['database-url'] === 'string' ? a['database-url'] : undefined,
    embedded: a.embedded === true,
    clients: Number(a.clients ?? 200),
    seconds: Number(a.seconds ?? 30),
    rounds: Number(a.rounds ?? 2),
  };
}

/** Starts `server/main.ts` of a checkout (bench/server.ts starts this one's). */
async function start(root: string, env: Record<string, string>): Promise<ServerProcess> {
  if (root === ROOT) return startServerProcess(env);
  const { startServerProcess: startOther } = (await import(path.join(root, 'bench', 'server.ts'))) as typeof import('./server.ts');
  return startOther(env);
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const sides: { name: string; root: string; env: Record<string, string> }[] = [
    { name: 'base', root: o.base, env: {} },
    { name: 'new', root: ROOT, env: {} },
  ];
  let points: [number, number][];
  if (o.embedded) {
    for (const s of sides) {
      const dir = path.join(ROOT, 'tmp', `load-ab-${s.name}`);
      rmSync(dir, { recursive: true, force: true });
      cpSync(templateDir(), dir, { recursive: true });
      s.env = { DATA_DIR: dir, DATABASE_URL: '' };
    }
    const db = await openDatabase({ DATA_DIR: sides[1]!.env.DATA_DIR! });
    points = await forestPoints(db.sql);
    await db.close();
  } else {
    if (!o.url) throw new Error('--database-url or --embedded');
    for (const s of sides) s.env = { DATABASE_URL: o.url };
    const db = await openDatabase({ DATABASE_URL: o.url });
    points = await forestPoints(db.sql);
    await db.close();
  }
  const servers = await Promise.all(sides.map((s) => start(s.root, s.env)));
  const results: Record<string, LoadResult[]> = { base: [], new: [] };
  try {
    for (let r = 0; r < o.rounds; r++) {
      for (const [i, s] of (r % 2 === 0 ? [0, 1] : [1, 0]).map((k) => [k, sides[k]!] as const)) {
        const url = servers[i]!.url;
        const meta = (await (await fetch(`${url}/api/meta`)).json()) as { commune: { years: number[] }; village: { years: number[] }; planting: { years: number[] } };
        const tiles = (['communes', 'khoanh', 'plots'] as const).flatMap((layer) =>
          ZOOM_BANDS.flatMap((band) => bandAddresses(points, band, 16)).map((a) => ({ layer, a, qs: layer === 'communes' ? `?year=${meta.commune.years.at(-1)}` : '' })),
        );
        const stats = statsPaths({ commune: meta.commune.years, village: meta.village.years, planting: meta.planting.years });
        const load = os.loadavg()[0]!.toFixed(1);
        const res = await benchLoad(url, { label: s.name, tiles, stats, connections: o.clients, seconds: o.seconds, runs: 1, collect: servers[i]!.collect });
        results[s.name]!.push(res);
        const x = res.runs[0]!;
        log(
          `round ${r + 1} ${s.name}: load ${load} → ${Math.round(x.requestsPerSec)} req/s, p50 ${x.latencyP50} ms, p95 ${x.latencyP95} ms, p99 ${x.latencyP99} ms, errors ${x.errors}, non-2xx ${x.non2xx}; RSS MB ${res.rssMb.join(' → ')}; heap MB ${res.heapUsedMb.join(' → ')}` +
            `; server time: ${res.routes
              .slice(0, 4)
              .map((t) => `${t.route} ${t.requests}× mean ${t.meanMs} ms (${Math.round(t.share * 100)} %)`)
              .join(', ')}`,
        );
      }
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
  const p95 = (n: string) => results[n]!.map((r) => r.runs[0]!.latencyP95);
  log(`\np95 ms base ${p95('base').join(', ')} | new ${p95('new').join(', ')}`);
}

await main();
process.exit(0);
