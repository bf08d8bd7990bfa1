// `npm start`: builds the web app when its sources are newer than dist/, then runs the server.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'dist', 'index.html');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const sources = [path.join(root, 'web'), path.join(root, 'server', 'domain')];
const stale = !existsSync(built) || Math.max(...sources.map(newest), statSync(path.join(root, 'vite.config.ts')).mtimeMs) > statSync(built).mtimeMs;
const run = (args) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });

if (stale) {
  console.log('Building the web app… / Đang dựng ứng dụng web…');
  const r = run([path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn']);
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const r = run(['--import', 'tsx', path.join(root, 'server', 'main.ts')]);
process.exit(r.status ?? 0);
