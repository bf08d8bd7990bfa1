/** What the benchmark ran on: machine, runtime and database versions. */
import os from 'node:os';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Sql } from 'postgres';
import { ROOT } from '../server/config.ts';

export interface MachineInfo {
  date: string;
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  postgres: string;
  postgis: string;
  settings: string;
  pglite: string;
  chromium: string;
  /** 1-minute load average when the run started: other processes sharing the cores skew every figure. */
  loadAverage: number;
}

const pkgVersion = (name: string) => {
  try {
    return (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
};

export async function machineInfo(sql: Sql): Promise<MachineInfo> {
  const [v] = await sql<{ version: string; postgis: string }[]>`SELECT version() AS version, postgis_full_version() AS postgis`;
  const settings = await sql<{ name: string; setting: string; unit: string | null }[]>`
    SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'effective_cache_size', 'max_parallel_workers_per_gather', 'jit')`;
  const { execFileSync } = await import('node:child_process');
  let chromium = '?';
  try {
    chromium = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    /* not installed */
  }
  return {
    date: new Date().toISOString(),
    cpu: os.cpus()[0]?.model ?? '?',
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: v.version.split(' on ')[0],
    postgis: (/POSTGIS="([^"]+)"/.exec(v.postgis)?.[1] ?? v.postgis).split(' ')[0] + (/GEOS="([^"]+)"/.exec(v.postgis) ? `, GEOS ${/GEOS="([^"]+)"/.exec(v.postgis)![1].split('-')[0]}` : ''),
    settings: settings.map((s) => `${s.name}=${s.setting}${s.unit ?? ''}`).join(', '),
    pglite: `@electric-sql/pglite ${pkgVersion('@electric-sql/pglite')}, pglite-postgis ${pkgVersion('@electric-sql/pglite-postgis')}`,
    chromium,
    loadAverage: Math.round(os.loadavg()[0] * 100) / 100,
  };
}

/**
 * CPU seconds (user + system) a process of this machine has used so far, from /proc/PID/stat
 * (fields 14 and 15, in clock ticks of 1/100 s); null when it is not readable (ended, or not here).
 * The benchmarks add a PostgreSQL backend's CPU to their own this way (the server must be local).
 */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}
