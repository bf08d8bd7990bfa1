/**
 * `npm run gen:scale -- --plots 300000 [--database-url URL | --data-dir DIR]`
 *
 * Loads the province-scale forest (data/geo/scale.ts) into a database: the demo data are loaded
 * first when it is empty, then every lô outside Kon Tum city is replaced by a finer re-cut so the
 * database holds about --plots lô in all (with planting and inspection history). Kon Tum city
 * keeps its demo lô, so the report figures stay exact. Without --database-url / --data-dir it
 * uses the configured database (DATABASE_URL, else the embedded one in DATA_DIR).
 * For benchmarks and load tests: never run it against a database holding real data.
 */
import { z } from 'zod';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/connect.ts';
import { isSeeded, seedDemo } from './db/seed.ts';
import { loadScale } from '../data/geo/scale-load.ts';
import { runCli } from './cli.ts';

const USAGE = 'Cách dùng / usage: npm run gen:scale -- --plots N [--database-url URL | --data-dir DIR]';

const Args = z.object({
  plots: z.coerce.number().int().min(10_000).max(3_000_000),
  'database-url': z.string().url().optional(),
  'data-dir': z.string().min(1).optional(),
});

/** Parses `--name value` pairs. */
function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--') || i + 1 >= argv.length) throw new Error(`Tham số không hợp lệ / bad argument: ${a}`);
    out[a.slice(2)] = argv[++i];
  }
  return out;
}

async function main(argv: string[]): Promise<number> {
  let args: z.infer<typeof Args>;
  try {
    const parsed = Args.strict().safeParse(parseArgs(argv));
    if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || 'argument'}: ${i.message}`).join('; '));
    args = parsed.data;
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : err}\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  const db = await openDatabase({
    ...config,
    DATABASE_URL: args['data-dir'] ? undefined : (args['database-url'] ?? config.DATABASE_URL),
    DATA_DIR: args['data-dir'] ?? config.DATA_DIR,
  });
  try {
    console.log(`Cơ sở dữ liệu / database: ${db.kind === 'embedded' ? 'PGlite + PostGIS' : 'PostgreSQL/PostGIS'}`);
    if (!(await isSeeded(db.sql))) {
      console.log('Nạp dữ liệu minh họa trước / loading the demo data first…');
      await seedDemo(db.sql, { log: console.log });
    }
    const s = await loadScale(db.sql, { plots: args.plots, mode: db.kind === 'embedded' ? 'insert' : 'copy', log: console.log });
    console.log(
      `Đã nạp / loaded: ${s.plots} lô, ${s.plantings} plantings, ${s.inspections} inspections, ${s.samplePlots} sample plots ` +
        `in ${(s.totalMs / 1000).toFixed(1)} s (generate + load ${(s.generateAndLoadMs / 1000).toFixed(1)} s, indexes ${(s.indexMs / 1000).toFixed(1)} s)`,
    );
    return 0;
  } finally {
    await db.close();
  }
}

runCli(main);
