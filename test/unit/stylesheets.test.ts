import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../server/config.ts';

/** Every .css file of the web app. */
function stylesheets(dir = path.join(ROOT, 'web', 'src')): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return stylesheets(p);
    return name.endsWith('.css') ? [p] : [];
  });
}

/**
 * A rule left open (a brace lost when two changes to one stylesheet were joined) silently swallows
 * every rule after it: the phone layout then fell back to the desktop's. Braces must balance.
 */
describe('stylesheets', () => {
  it.each(stylesheets().map((p) => [path.relative(ROOT, p), p]))('%s closes every rule it opens', (_name, file) => {
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
    let depth = 0;
    let line = 1;
    for (const ch of text) {
      if (ch === '\n') line++;
      else if (ch === '{') depth++;
      else if (ch === '}') {
        depth--;
        expect(depth, `a '}' without its '{' near line ${line}`).toBeGreaterThanOrEqual(0);
      }
    }
    expect(depth, 'rules left open at the end of the file').toBe(0);
  });
});
