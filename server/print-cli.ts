/**
 * `npm run print` makes the print page's PDF without anyone at a screen (reports on a schedule),
 * with the installed Chromium against a running atlas server:
 *
 *   npm run print -- --url <share link> --paper A4|A3 --orientation portrait|landscape --out map.pdf
 *   npm run print -- --briefing <id> [--base http://localhost:8080] --paper A3 --out briefing.pdf
 *
 * --table adds, after each map, the table of the communes in view; --charts the dashboard's charts
 * (a view with its dashboard open prints them anyway; --no-charts leaves them out).
 *
 * A briefing prints one page per view, with the view's title and note. Docs: docs/print.md.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { runCli } from './cli.ts';
import { briefingViews, fetchBriefing, launchPrinter, PrintError, printViews, type PrintView } from '../scripts/print-pdf.ts';
import { ORIENTATIONS, PAPERS } from '../web/src/print/paper.ts';

const USAGE = `Cách dùng / usage:
  npm run print -- --url <liên kết chia sẻ / share link> [--paper A4|A3] [--orientation portrait|landscape] [--table] [--charts|--no-charts] --out <tệp.pdf>
  npm run print -- --briefing <id> [--base http://localhost:8080] [--paper A4|A3] [--orientation portrait|landscape] [--table] [--charts|--no-charts] --out <tệp.pdf>
  --table: thêm trang bảng các xã trong khung bản đồ / add a page with the table of the communes in view
  --charts: thêm các trang biểu đồ sau bản đồ / add the dashboard's charts after the map
            (bản đồ đang mở biểu đồ thì in kèm; --no-charts để bỏ / a view with its dashboard open prints them; --no-charts leaves them out)`;

const argsSchema = z
  .object({
    url: z.string().min(1).optional(),
    briefing: z.string().regex(/^[\w-]{1,64}$/, 'id').optional(),
    base: z.url().default(process.env.ATLAS_URL ?? 'http://localhost:8080'),
    paper: z.enum(PAPERS).default('A4'),
    orientation: z.enum(ORIENTATIONS).default('landscape'),
    out: z.string().min(1),
    timeout: z.coerce.number().int().min(5).max(3600).default(120),
    table: z.boolean().default(false),
    charts: z.boolean().optional(),
    'no-charts': z.boolean().optional(),
  })
  .refine((a) => (a.url == null) !== (a.briefing == null), { message: '--url or --briefing, one of them' })
  .refine((a) => !(a.charts && a['no-charts']), { message: '--charts or --no-charts, not both' });

async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: { url: { type: 'string' }, briefing: { type: 'string' }, base: { type: 'string' }, paper: { type: 'string' }, orientation: { type: 'string' }, out: { type: 'string' }, timeout: { type: 'string' }, table: { type: 'boolean' }, charts: { type: 'boolean' }, 'no-charts': { type: 'boolean' } },
      strict: true,
    }).values;
  } catch (e) {
    console.error(`Tham số không hợp lệ / invalid argument: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    console.error(`Tham số không hợp lệ / invalid argument: ${parsed.error.issues.map((i) => `${i.path.length ? `--${i.path.join('.')}` : ''} ${i.message}`.trim()).join('; ')}\n${USAGE}`);
    return 2;
  }
  const a = parsed.data;
  const charts = a.charts ? true : a['no-charts'] ? false : undefined;
  const started = Date.now();
  let views: PrintView[];
  if (a.briefing != null) {
    const b = await fetchBriefing(a.base, a.briefing);
    console.log(`Bản trình chiếu / briefing: ${b.title} (${b.items.length})`);
    views = briefingViews(a.base, b, a.paper, a.orientation, a.table, charts);
  } else {
    views = [{ url: a.url!, paper: a.paper, orientation: a.orientation, table: a.table, charts }];
  }
  const browser = await launchPrinter();
  try {
    const pdf = await printViews(browser, views, a.timeout * 1000);
    writeFileSync(a.out, pdf);
    console.log(`Đã in / printed: ${a.out} (${views.length} ${views.length > 1 ? 'bản đồ / maps' : 'bản đồ / map'}, ${a.paper} ${a.orientation}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return 0;
  } finally {
    await browser.close();
  }
}

runCli((argv) =>
  main(argv).catch((e: unknown) => {
    if (e instanceof PrintError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }),
);
