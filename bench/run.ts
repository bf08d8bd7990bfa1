/**
 * `npm run bench -- --database-url URL[,URL…] --plots 30000,300000,1000000 [options]`
 *
 * Benchmarks the hot paths against real databases at one or more sizes and prints one report
 * (also written to bench/results/latest.md, raw figures to latest.json). A script, never a test.
 *
 *   --database-url   one URL per size (comma-separated), or one URL with {plots} in it
 *   --plots          sizes in lô; each database must hold that scale (npm run gen:scale), or pass --load
 *   --load           load the scale data where a database holds another size (replaces its forest)
 *   --per-band N     tile addresses per layer and zoom band (default 24)
 *   --seconds N      duration of the cached-throughput run (default 10)
 *   --embedded-plots N  size for the embedded (PGlite) tile run (default: the smallest size; 0: demo data)
 *   --import-plots N lô of the import benchmark (default 100000; at most what each database holds)
 *   --skip LIST      any of: tiles,throughput,aggregations,startup,embedded,boundaries (communes at real density),import,tables (CSV/XLSX reads),load,web (build and both below),
 *                    mapidle (map idle on loopback), slowmobile (cold load on emulated slow rural mobile),
 *                    print (time to produce an A3 PDF of the map),
 *                    savedview (a saved view opened from the views screen to map idle),
 *                    offline (prepare a tiểu khu and a commune for offline; reload with no network to map idle)
 *   --load-seconds N    duration of each of the two load runs (default 30)
 *   --load-clients N    concurrent clients of the load run on the real server (default 200; 50 on the embedded)
 *   --out FILE       markdown report (default bench/results/latest.md)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../server/config.ts';
import { type Database, openDatabase } from '../server/db/connect.ts';
import { loadScale } from '../data/geo/scale-load.ts';
import { ZOOM_BANDS, bandAddresses, forestPoints } from './addresses.ts';
import { benchAggregations } from './aggregations.ts';
import { machineInfo } from './machine.ts';
import { type BenchResult, type ScaleResult, renderReport } from './report.ts';
import { startServerProcess, type ServerProcess } from './server.ts';
import { seedDemo } from '../server/db/seed.ts';
import { benchStartup } from './startup.ts';
import { benchThroughput } from './throughput.ts';
import { benchTiles, uncachedApp } from './tiles.ts';
import { benchLoad, renderLoad, statsPaths, type LoadResult } from './load.ts';
import { benchMapIdle, benchSlowMobile, buildWeb } from './webapp.ts';
import { benchPrint } from './print.ts';
import { benchSavedView } from './views.ts';
import { benchOffline } from './offline.ts';
import { benchImport, benchTables, renderImport, renderTables, type ImportBenchResult, type TableReadResult } from './import.ts';
import { benchRealBoundaries, renderRealBoundaries, type RealBoundariesResult } from './real-boundaries.ts';

const log = (m: string) => console.error(m);

function parseArgs(argv: string[]) {
  const a: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (!k.startsWith('--')) throw new Error(`bad argument ${k}`);
    if (k === '--load') a.load = true;
    else a[k.slice(2)] = argv[++i];
  }
  const urlArg = String(a['database-url'] ?? process.env.DATABASE_URL ?? '');
  if (!urlArg) throw new Error('--database-url is required (a real PostgreSQL/PostGIS server)');
  const plots = String(a.plots ?? '').split(',').filter(Boolean).map(Number);
  if (plots.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error('--plots: comma-separated whole numbers');
  const urls = urlArg.includes('{plots}') ? plots.map((n) => urlArg.replace('{plots}', String(n))) : urlArg.split(',');
  if (plots.length && urls.length !== plots.length) throw new Error('--database-url: one URL per size in --plots, or one URL with {plots}');
  return {
    urls,
    plots: plots.length ? plots : urls.map(() => 0),
    load: a.load === true,
    perBand: Number(a['per-band'] ?? 24),
    seconds: Number(a.seconds ?? 10),
    embeddedPlots: a['embedded-plots'] === undefined ? undefined : Number(a['embedded-plots']),
    skip: new Set(String(a.skip ?? '').split(',').filter(Boolean)),
    out: String(a.out ?? path.join(ROOT, 'bench', 'results', 'latest.md')),
    loadSeconds: Number(a['load-seconds'] ?? 30),
    loadClients: Number(a['load-clients'] ?? 200),
    importPlots: Number(a['import-plots'] ?? 100_000),
  };
}

async function lotCount(db: Database): Promise<number> {
  const [r] = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM forest_plot`;
  return r.n;
}

/** Makes the database hold `plots` lô (the scale dataset), loading it when allowed. */
async function ensureScale(db: Database, plots: number, load: boolean): Promise<number> {
  let n = await lotCount(db);
  if (plots === 0 && n === 0) {
    // demo data asked of a database that holds none (the embedded folder is seeded by the startup run, which --skip startup leaves out)
    log('  loading the demo data…');
    await seedDemo(db.sql);
    n = await lotCount(db);
  }
  const [scale] = await db.sql<{ target: number | null }[]>`SELECT (value->>'target')::int AS target FROM app_setting WHERE key = 'scale_dataset'`;
  // gen:scale drops a few slivers: a database loaded for `plots` holds about that many.
  if (plots === 0 || n === plots || (scale?.target === plots && Math.abs(n - plots) < plots * 0.01)) return n;
  if (!load) throw new Error(`the database holds ${n} lô, not ${plots}: run npm run gen:scale -- --plots ${plots} --database-url … first, or pass --load`);
  log(`  loading ${plots} lô (was ${n})…`);
  await loadScale(db.sql, { plots, mode: db.kind === 'embedded' ? 'insert' : 'copy', log });
  return lotCount(db);
}

const mask = (url: string) => url.replace(/\/\/[^@/]*@/, '//');

async function tileRun(db: Database, perBand: number) {
  const app = await uncachedApp(db);
  const points = await forestPoints(db.sql);
  return { tiles: await benchTiles(db, app, points, perBand, log), points };
}

/** The load scenario against a server process: tiles of three layers over the forest, every statistic of the years held. */
async function loadRun(server: ServerProcess, label: string, points: [number, number][], connections: number, seconds: number): Promise<LoadResult> {
  const url = server.url;
  const meta = (await (await fetch(`${url}/api/meta`)).json()) as { commune: { years: number[] }; village: { years: number[] }; planting: { years: number[] } };
  const tiles = (['communes', 'khoanh', 'plots'] as const).flatMap((layer) =>
    ZOOM_BANDS.flatMap((band) => bandAddresses(points, band, 16)).map((a) => ({ layer, a, qs: layer === 'communes' ? `?year=${meta.commune.years.at(-1)}` : '' })),
  );
  const stats = statsPaths({ commune: meta.commune.years, village: meta.village.years, planting: meta.planting.years });
  return benchLoad(url, { label, tiles, stats, connections, seconds, collect: server.collect });
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const result: BenchResult = { command: `npm run bench -- ${process.argv.slice(2).join(' ')}`, machine: undefined as never, scales: [] };
  const web = opts.skip.has('web') ? null : (log('building the web app…'), buildWeb());
  if (web) result.web = { initialJsGzip: web.initialJsGzip, allJsGzip: web.allJsGzip, initialFiles: web.initialFiles };
  const loads: LoadResult[] = [];
  const imports: ImportBenchResult[] = [];
  const boundaries: RealBoundariesResult[] = [];

  for (const [i, url] of opts.urls.entries()) {
    const db = await openDatabase({ DATABASE_URL: url, DB_POOL_MAX: 4 });
    let s: ScaleResult;
    let points: [number, number][];
    try {
      if (!result.machine) result.machine = await machineInfo(db.sql);
      const plots = await ensureScale(db, opts.plots[i], opts.load);
      log(`${plots} lô on ${mask(url)}`);
      await db.sql`ANALYZE`;
      s = { plots: opts.plots[i] || plots, database: `PostgreSQL ${mask(url).replace(/^.*\//, '')}, ${plots} lô`, nativeMvt: db.nativeMvt, tiles: [] };
      if (!opts.skip.has('tiles')) {
        const r = await tileRun(db, opts.perBand);
        s.tiles = r.tiles;
        points = r.points;
      } else points = await forestPoints(db.sql);
      if (!opts.skip.has('boundaries') && i === 0) boundaries.push(await benchRealBoundaries(db, `PostgreSQL, ${plots} lô`, points, opts.perBand, log));
      if (!opts.skip.has('import')) imports.push(await benchImport(db, `PostgreSQL (${plots} lô held)`, opts.importPlots, log));
    } finally {
      await db.close();
    }
    result.scales.push(s);
    if (!['throughput', 'aggregations', 'web', 'load'].every((k) => opts.skip.has(k))) {
      const server = await startServerProcess({ DATABASE_URL: url, DB_POOL_MAX: '4' });
      try {
        if (!opts.skip.has('throughput')) {
          log('  cached throughput…');
          const tiles = (['communes', 'khoanh', 'plots'] as const).flatMap((layer) =>
            ZOOM_BANDS.slice(1).flatMap((band) => bandAddresses(points, band, 8)).map((a) => ({ layer, a, qs: layer === 'communes' ? '?year=2023' : '' })),
          );
          s.throughput = await benchThroughput(server.url, tiles, opts.seconds);
        }
        if (!opts.skip.has('aggregations')) {
          log('  aggregations…');
          s.aggregations = await benchAggregations(server.url);
        }
        if (!opts.skip.has('load')) {
          log(`  load: ${opts.loadClients} clients × ${opts.loadSeconds} s, twice…`);
          loads.push(await loadRun(server, `PostgreSQL, ${s.plots} lô`, points, opts.loadClients, opts.loadSeconds));
        }
        if (web && !opts.skip.has('mapidle')) {
          log('  map idle…');
          s.mapIdle = await benchMapIdle(web.dir, server.url, { province: '', 'lô, z14': '#map=14/14.62/107.78' });
        }
        if (web && !opts.skip.has('print')) {
          log('  A3 PDF…');
          s.print = await benchPrint(web.dir, server.url);
        }
        if (web && !opts.skip.has('savedview')) {
          log('  saved view to map idle…');
          (s.mapIdle ??= []).push(await benchSavedView(web.dir, server.url, url));
        }
        if (web && !opts.skip.has('offline')) {
          log('  offline: prepare a tiểu khu and a commune, reload with no network…');
          (s.mapIdle ??= []).push(...(await benchOffline(web.dir, server.url)));
        }
        if (web && !opts.skip.has('slowmobile')) {
          log('  cold load on slow rural mobile…');
          s.slowMobile = await benchSlowMobile(web.dir, server.url);
        }
      } finally {
        await server.stop();
      }
    }
  }

  if (!opts.skip.has('startup')) {
    log('embedded cold and warm start…');
    result.startup = await benchStartup();
  }
  if (!opts.skip.has('embedded') || !opts.skip.has('load')) {
    const plots = opts.embeddedPlots ?? Math.min(...result.scales.map((s) => s.plots));
    const dataDir = result.startup?.dataDir ?? path.join(ROOT, 'tmp', 'bench-embedded');
    log(`embedded (${dataDir})…`);
    const db = await openDatabase({ DATA_DIR: dataDir });
    let points: [number, number][];
    try {
      const n = await ensureScale(db, plots, true);
      if (!opts.skip.has('embedded')) result.embedded = { plots: n, tiles: (await tileRun(db, opts.perBand)).tiles };
      points = await forestPoints(db.sql);
      if (!opts.skip.has('boundaries')) boundaries.push(await benchRealBoundaries(db, `embedded (PGlite), ${n} lô`, points, opts.perBand, log));
      if (!opts.skip.has('import')) imports.push(await benchImport(db, `embedded (PGlite, ${n} lô held)`, opts.importPlots, log));
    } finally {
      await db.close();
    }
    if (result.embedded && !opts.skip.has('aggregations')) {
      log('  embedded aggregations…');
      const server = await startServerProcess({ DATA_DIR: dataDir, DATABASE_URL: '' });
      try {
        result.embedded.aggregations = await benchAggregations(server.url);
      } finally {
        await server.stop();
      }
    }
    if (!opts.skip.has('load')) {
      const clients = Math.min(50, opts.loadClients);
      log(`  embedded load: ${clients} clients × ${opts.loadSeconds} s, twice…`);
      const server = await startServerProcess({ DATA_DIR: dataDir, DATABASE_URL: '' });
      try {
        loads.push(await loadRun(server, 'embedded (PGlite)', points, clients, opts.loadSeconds));
      } finally {
        await server.stop();
      }
    }
  }

  let tables: TableReadResult[] = [];
  if (!opts.skip.has('import') && !opts.skip.has('tables')) {
    log('CSV and XLSX reads…');
    tables = await benchTables(log);
  }
  const md = renderReport(result) + renderRealBoundaries(boundaries) + renderLoad(loads) + renderImport(imports) + renderTables(tables);
  if (tables.length) (result as BenchResult & { tables?: TableReadResult[] }).tables = tables;
  if (imports.length) (result as BenchResult & { import?: ImportBenchResult[] }).import = imports;
  if (boundaries.length) (result as BenchResult & { boundaries?: RealBoundariesResult[] }).boundaries = boundaries;
  if (loads.length) (result as BenchResult & { load?: LoadResult[] }).load = loads;
  console.log(md);
  mkdirSync(path.dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, md);
  writeFileSync(opts.out.replace(/\.md$/, '.json'), JSON.stringify(result, null, 2));
  log(`written ${path.relative(ROOT, opts.out)}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
