/**
 * The atlas server as a child process (`node --import tsx server/main.ts`, no wrapper process, so
 * a signal reaches the server itself), on a free port, with the environment given.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../../../server/config.ts';
import { freePort } from './cluster.ts';

export interface ChildServer {
  url: string;
  proc: ChildProcess;
  output(): string;
  /** resolves with the exit code or signal */
  exited: Promise<string>;
}

export async function spawnServer(env: Record<string, string>, readyTimeoutMs = 120_000): Promise<ChildServer> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'error', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<string>((resolve) => proc.once('exit', (code, signal) => resolve(signal ?? String(code))));
  const url = `http://127.0.0.1:${port}`;
  const t0 = Date.now();
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`server exited before it was ready:\n${out}`);
    try {
      const r = await fetch(`${url}/api/ready`, { signal: AbortSignal.timeout(2_000) });
      await r.arrayBuffer();
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() - t0 > readyTimeoutMs) {
      proc.kill('SIGKILL');
      throw new Error(`server not ready in ${readyTimeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, proc, output: () => out, exited };
}
