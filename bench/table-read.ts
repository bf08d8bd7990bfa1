/**
 * One read of a CSV/XLSX as the import reads it, in its own process so the peak resident memory is
 * the reader's alone: `tsx bench/table-read.ts FILE streamed|whole` prints {rows, ms, peakRssMb}.
 * `streamed` is the import's reader (server/import/readers); `whole` is the read it replaced for CSV
 * (the file decoded and parsed in one piece with papaparse), kept as the comparison.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { openImportFile } from '../server/import/readers/index.ts';
import { detectAndDecode } from '../server/text/encoding.ts';

const [file, how = 'streamed'] = process.argv.slice(2);
if (!file) throw new Error('usage: tsx bench/table-read.ts FILE streamed|whole');
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const t0 = performance.now();
let rows = 0;
if (how === 'whole') {
  const text = detectAndDecode(readFileSync(file)).text;
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy' });
  rows = parsed.data.length;
} else {
  const opened = await openImportFile(file, path.basename(file), { geometry: true });
  for await (const f of opened.features()) if (f) rows++;
  await opened.close();
}
const ms = performance.now() - t0;
peak = Math.max(peak, process.memoryUsage().rss);
clearInterval(sampler);
console.log(JSON.stringify({ rows, ms: Math.round(ms), peakRssMb: Math.round(peak / 1024 ** 2) }));
