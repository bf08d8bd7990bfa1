/**
 * The import benchmark alone (bench/import.ts), on one database, optionally before/after:
 *
 *   npx tsx bench/import-run.ts --database-url postgres://…/atlas_x [--plots 100000] [--old DIR] [--order old,new,new,old]
 *   npx tsx bench/import-run.ts --data-dir DIR …            (the embedded database)
 *
 * `--old DIR` is another checkout of the project (e.g. `git archive 61f717f` unpacked, with a
 * node_modules link): its bench/import.ts — so its import pipeline — runs on the same database,
 * in the order given (default old,new), so both sides see the same machine load as far as a
 * sequential run can. Every run commits and rolls back, so the database ends as it began.
 * Prints one line of JSON per run (stdout) and a markdown table (stderr).
 */
import path from 'node:path';
import { ROOT } from '../server/config.ts';
import { openDatabase } from '../server/db/connect.ts';
import type { ImportBenchResult } from './import.ts';

function args(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) out[argv[i]!.replace(/^--/, '')] = argv[i + 1] ?? '';
  return out;
}

const a = args(process.argv.slice(2));
const plots = Number(a.plots ?? 100_000);
const order = (a.order ?? (a.old ? 'old,new' : 'new')).split(',');
const db = await openDatabase(a['database-url'] ? { DATABASE_URL: a['database-url'], DB_POOL_MAX: 4 } : { DATA_DIR: a['data-dir'] });
const log = (m: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);
const rows: (ImportBenchResult & { side: string })[] = [];
try {
  for (const side of order) {
    const root = side === 'old' ? path.resolve(a.old!) : ROOT;
    const { benchImport } = (await import(path.join(root, 'bench', 'import.ts'))) as typeof import('./import.ts');
    log(`${side}: ${root}`);
    const r = await benchImport(db, `${db.kind === 'embedded' ? 'embedded' : 'PostgreSQL'} (${side})`, plots, log);
    console.log(JSON.stringify({ side, ...r }));
    rows.push({ side, ...r });
  }
} finally {
  await db.close();
}
process.stderr.write(
  [
    '| run | lô | stage + validate s | commit s | rollback s | CPU s node | CPU s PostgreSQL | peak RSS MB | errors / warnings |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.side} | ${r.plots} | ${r.stageS.toFixed(1)} | ${r.commitS.toFixed(1)} | ${r.rollbackS.toFixed(1)} | ${r.cpuS} | ${r.dbCpuS ?? '—'} | ${r.peakRssMb} | ${r.errors} / ${r.warnings} |`),
    ...rows.map((r) => `${r.side}: ${r.steps.map(([s, v]) => `${s} ${v}`).join('; ')}`),
    ...rows.flatMap((r) => ['', `${r.side}, every step (wall s, CPU s):`, ...(r.profile ?? []).map(([s, w, c]) => `  ${w.toFixed(2).padStart(7)} ${c.toFixed(2).padStart(7)}  ${s}`)]),
    '',
  ].join('\n'),
);
