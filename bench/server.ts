/**
 * The API server as a separate process (`node --import tsx server/main.ts`), as it runs in
 * production: the load generator and the browser then measure it from outside.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../server/config.ts';

export interface ServerProcess {
  url: string;
  /** Milliseconds from spawn to the "running at" line. */
  readyMs: number;
  /** The server's process id (e.g. to send it --heapsnapshot-signal). */
  pid: number;
  /** Runs a full garbage collection in the server and waits for it: memory read next is what it keeps. */
  collect(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the server with the given environment (PORT 0: any free port) and waits until it
 * prints its URL. Rejects with its output when it exits first or takes longer than timeoutMs.
 */
export function startServerProcess(env: Record<string, string | undefined>, timeoutMs = 180_000): Promise<ServerProcess> {
  const t0 = Date.now();
  // collect(): SIGWINCH → a full garbage collection in the server (bench/gc-on-signal.mjs), for memory readings
  const gcArgs = ['--expose-gc', '--import', pathToFileURL(path.join(ROOT, 'bench', 'gc-on-signal.mjs')).href];
  const child: ChildProcess = spawn(process.execPath, [...gcArgs, '--import', 'tsx', path.join(ROOT, 'server', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server not ready after ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /running at (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        child.stdout?.removeAllListeners('data');
        child.stdout?.resume();
        child.stderr?.resume();
        resolve({
          url: m[1].replace('localhost', '127.0.0.1'),
          readyMs: Date.now() - t0,
          pid: child.pid!,
          collect: async () => {
            if (child.exitCode !== null) return;
            const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
            await sleep(2000); // the load generator's sockets close first: their buffers would read as kept
            child.kill('SIGWINCH');
            await sleep(1000); // the collection runs on the server's next turn
          },
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
              setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
            }),
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before it was ready:\n${output}`));
    });
  });
}
