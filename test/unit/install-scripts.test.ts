/**
 * Issue 12 ("Serving the web app"): a fresh `npm install` prints no warning about install scripts.
 * npm runs a dependency's install scripts only when package.json approves them (`allowScripts`);
 * every installed package that has one must be listed, with a decision (true: run, false: skip).
 * A new dependency bringing an install script fails this test until someone decides about it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../server/config.ts';

interface Manifest {
  name?: string;
  scripts?: Record<string, string>;
  allowScripts?: Record<string, boolean>;
}

const read = (file: string): Manifest => JSON.parse(readFileSync(file, 'utf8')) as Manifest;

/** Installed packages (nested node_modules included) with a preinstall, install or postinstall script. */
function packagesWithInstallScripts(dir: string, found = new Set<string>()): Set<string> {
  for (const entry of readdirSync(dir)) {
    if (entry.startsWith('.')) continue;
    const p = path.join(dir, entry);
    if (entry.startsWith('@')) {
      packagesWithInstallScripts(p, found);
      continue;
    }
    const manifest = path.join(p, 'package.json');
    if (!existsSync(manifest)) continue;
    const m = read(manifest);
    if (m.name && (m.scripts?.preinstall || m.scripts?.install || m.scripts?.postinstall)) found.add(m.name);
    const nested = path.join(p, 'node_modules');
    if (existsSync(nested)) packagesWithInstallScripts(nested, found);
  }
  return found;
}

describe('install scripts', () => {
  it('package.json decides about every installed package with an install script (esbuild approved)', () => {
    const allow = read(path.join(ROOT, 'package.json')).allowScripts ?? {};
    const found = packagesWithInstallScripts(path.join(ROOT, 'node_modules'));
    expect(found.has('esbuild'), 'esbuild (vite) has a postinstall script').toBe(true);
    for (const name of found) expect(typeof allow[name], `allowScripts has no decision for ${name}`).toBe('boolean');
    expect(allow.esbuild).toBe(true);
  });
});
