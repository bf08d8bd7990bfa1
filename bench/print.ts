/**
 * Time to produce an A3 landscape PDF of the map (docs/print.md): what `npm run print` does —
 * Chromium opens the print page of a share link, the map is drawn at 220 dpi and captured, and
 * page.pdf() writes the page — measured from navigation to the PDF's bytes, in fresh contexts.
 */
import { launchPrinter, printViews } from '../scripts/print-pdf.ts';
import { serveBuild } from './webapp.ts';
import { percentile } from './stats.ts';

export interface PrintBenchResult {
  view: string;
  paper: string;
  runs: number[];
  p50: number;
  max: number;
  /** size of the last PDF */
  bytes: number;
}

export async function benchPrint(dir: string, apiUrl: string, runs = 3): Promise<PrintBenchResult[]> {
  const site = await serveBuild(dir, apiUrl);
  const browser = await launchPrinter();
  const views: Record<string, string> = { province: '#year=2023', 'district, villages': '#map=10.5/14.7/107.9&year=2023&layers=districts,communes,villages' };
  const out: PrintBenchResult[] = [];
  try {
    for (const [view, hash] of Object.entries(views)) {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < runs; i++) {
        const t0 = Date.now();
        const pdf = await printViews(browser, [{ url: `${site.url}/${hash}`, paper: 'A3', orientation: 'landscape' }]);
        times.push(Date.now() - t0);
        bytes = pdf.length;
      }
      out.push({ view, paper: 'A3 landscape', runs: times, p50: percentile(times, 50), max: Math.max(...times), bytes });
    }
  } finally {
    await browser.close();
    await site.stop();
  }
  return out;
}
