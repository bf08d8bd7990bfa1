/**
 * Making PDFs of the print page without anyone at a screen (server/print-cli.ts, the benchmark,
 * the tests): the installed Chromium opens the app's print page (web/src/print/PrintPage.tsx)
 * for a share link, waits for `<html data-print-ready>`, and prints it with the page's own
 * `@page` size; several views (a briefing) are joined into one PDF with pdf-lib.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PDFDocument } from 'pdf-lib';
import { z } from 'zod';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.ts';
import { printSearch, type Orientation, type Paper } from '../web/src/print/paper.ts';


/** A failure the command line reports as it is, in both languages. */
export class PrintError extends Error {
  constructor(
    readonly vi: string,
    readonly en: string,
  ) {
    super(`${vi} / ${en}`);
  }
}

export interface PrintView {
  /** a share link of the app (any URL of it: its hash carries the map's state) */
  url: string;
  paper: Paper;
  orientation: Orientation;
  title?: string;
  note?: string;
  /** a second page with the table of the communes in view */
  table?: boolean;
  /** the dashboard's charts after the map: true with, false without, absent as the view has it (dash=1) */
  charts?: boolean;
}

/** The print page's URL for a share link: the link's own query and hash kept, the print request added. */
export function printPageUrl(v: PrintView): string {
  let u: URL;
  try {
    u = new URL(v.url);
  } catch {
    throw new PrintError(`Địa chỉ không hợp lệ: ${v.url}`, `Not a valid URL: ${v.url}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new PrintError(`Địa chỉ phải bắt đầu bằng http(s): ${v.url}`, `The URL must start with http(s): ${v.url}`);
  const print = new URLSearchParams(printSearch({ paper: v.paper, orientation: v.orientation, title: v.title, note: v.note, table: v.table ? '1' : undefined, charts: v.charts == null ? undefined : v.charts ? '1' : '0' }));
  for (const [k, val] of print) u.searchParams.set(k, val);
  return u.toString();
}

export function launchPrinter(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new PrintError(`Không tìm thấy Chromium tại ${CHROMIUM_PATH} (apt-get install chromium)`, `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium)`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** Opens the print page of a view in a page and waits until its map is drawn and captured. */
export async function openPrintPage(page: Page, v: PrintView, timeoutMs = 120_000): Promise<void> {
  const url = printPageUrl(v);
  try {
    await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
  } catch (e) {
    throw new PrintError(`Không mở được ${url}: ${(e as Error).message}`, `Could not open ${url}: ${(e as Error).message}`);
  }
  try {
    await page.waitForFunction(() => document.documentElement.dataset.printReady != null, undefined, { timeout: timeoutMs, polling: 100 });
  } catch {
    throw new PrintError(`Bản đồ chưa sẵn sàng để in sau ${timeoutMs / 1000} s: ${url}`, `The map was not ready to print after ${timeoutMs / 1000} s: ${url}`);
  }
  // the page could not read the app's data (sign-in required, server down): its own message, in the page's language
  const failed = await page.evaluate(() => (document.documentElement.dataset.printReady === 'error' ? (document.documentElement.dataset.printError ?? '') : null));
  if (failed != null) throw new PrintError(`Không in được ${url}: ${failed}`, `Could not print ${url}: ${failed}`);
}

/** The open print page as a PDF, at the size its @page rule names. */
export function pagePdf(page: Page): Promise<Buffer> {
  return page.pdf({ preferCSSPageSize: true, printBackground: true });
}

/** One PDF of several views, one page each (a briefing; more when a view has its table), made one view at a time. */
export async function printViews(browser: Browser, views: PrintView[], timeoutMs?: number): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  for (const v of views) {
    const context = await browser.newContext({ viewport: { width: 1700, height: 1300 }, deviceScaleFactor: 1, locale: 'vi-VN', serviceWorkers: 'block' });
    try {
      const page = await context.newPage();
      await openPrintPage(page, v, timeoutMs);
      parts.push(await pagePdf(page));
    } finally {
      await context.close();
    }
  }
  if (parts.length === 1) return parts[0];
  const out = await PDFDocument.create();
  for (const part of parts) {
    const doc = await PDFDocument.load(part);
    for (const p of await out.copyPages(doc, doc.getPageIndices())) out.addPage(p);
  }
  return out.save();
}

/** The briefing contract (GET /api/briefings/:id): each view's query is the app's share-link hash. */
export const briefingSchema = z.object({
  id: z.union([z.string(), z.number()]),
  title: z.string(),
  items: z
    .array(z.object({ title: z.string().max(200), note: z.string().max(2000).nullish(), query: z.string().max(4000) }))
    .min(1)
    .max(200),
});
export type Briefing = z.infer<typeof briefingSchema>;

/** Reads a briefing from the server; a clear message when it does not exist or the server cannot be reached. */
export async function fetchBriefing(base: string, id: string): Promise<Briefing> {
  const url = new URL(`/api/briefings/${encodeURIComponent(id)}`, base).toString();
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' } });
  } catch (e) {
    throw new PrintError(`Không kết nối được máy chủ ${base}: ${(e as Error).message}`, `Could not reach the server ${base}: ${(e as Error).message}`);
  }
  if (res.status === 404) throw new PrintError(`Không có bản trình chiếu số ${id} (${url} trả về 404)`, `No briefing ${id} (${url} answered 404)`);
  if (!res.ok) throw new PrintError(`Máy chủ trả về ${res.status} cho ${url}`, `The server answered ${res.status} for ${url}`);
  const parsed = briefingSchema.safeParse(await res.json().catch(() => null));
  if (!parsed.success) throw new PrintError(`Bản trình chiếu ${id} không đúng định dạng`, `Briefing ${id} is not in the expected form`);
  return parsed.data;
}

/** The views of a briefing, each with its title and note, printed on the same paper. */
export function briefingViews(base: string, b: Briefing, paper: Paper, orientation: Orientation, table = false, charts?: boolean): PrintView[] {
  return b.items.map((item) => {
    const u = new URL('/', base);
    const q = item.query.replace(/^[?#]/, '');
    u.hash = q;
    return { url: u.toString(), paper, orientation, title: item.title, note: item.note ?? undefined, table, charts };
  });
}
