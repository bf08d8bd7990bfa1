/**
 * The print page's geometry, shared by the page (web/src/print/PrintPage.tsx), the unattended
 * printer (server/print-cli.ts) and the tests: paper sizes, the print request in the page's query
 * string, the map's scale on paper and the view fitted to a printed map. Pure: no DOM, no map.
 */
import { z } from 'zod';

export const PAPERS = ['A4', 'A3'] as const;
export const ORIENTATIONS = ['portrait', 'landscape'] as const;
export type Paper = (typeof PAPERS)[number];
export type Orientation = (typeof ORIENTATIONS)[number];

/** ISO 216 sizes, portrait, in mm. */
const PAPER_MM: Record<Paper, readonly [number, number]> = { A4: [210, 297], A3: [297, 420] };

/** Page margin on every side (mm): printers cannot print to the edge. */
export const PRINT_MARGIN_MM = 10;

/** CSS pixels are 1/96 inch on paper. */
export const MM_PER_CSS_PX = 25.4 / 96;

/** The map's raster resolution on paper: at least 200 dpi (maplibre draws pixelRatio × CSS pixels). */
export const PRINT_DPI = 220;
export const PRINT_PIXEL_RATIO = PRINT_DPI / 96;

/** The page size (mm) for a paper and orientation. */
export function pageSizeMm(paper: Paper, orientation: Orientation): { width: number; height: number } {
  const [a, b] = PAPER_MM[paper];
  return orientation === 'portrait' ? { width: a, height: b } : { width: b, height: a };
}

const bboxSchema = z
  .string()
  .max(120)
  .transform((s) => s.split(',').map(Number))
  .pipe(
    z
      .tuple([z.number().min(-180).max(180), z.number().min(-85).max(85), z.number().min(-180).max(180), z.number().min(-85).max(85)])
      .refine(([w, s, e, n]) => w < e && s < n, 'west < east, south < north'),
  );

/** What the print page reads from its query string (`?print=1&paper=A3&orientation=landscape`). */
export const printRequestSchema = z.object({
  paper: z.enum(PAPERS).catch('A4'),
  orientation: z.enum(ORIENTATIONS).catch('landscape'),
  /** the ground the map showed when "In bản đồ" was pressed (west,south,east,north) */
  bbox: bboxSchema.optional().catch(undefined),
  /** a briefing view's own title and note (the CLI's --briefing) */
  title: z.string().trim().min(1).max(200).optional().catch(undefined),
  note: z.string().trim().min(1).max(2000).optional().catch(undefined),
  /** '1': a second page with the table of the communes in view */
  table: z.literal('1').optional().catch(undefined),
  /**
   * The dashboard's charts on the pages after the map: '1' with, '0' without; absent, they follow
   * the view (a link or saved view with the dashboard open, 'dash=1', prints its charts).
   */
  charts: z.enum(['1', '0']).optional().catch(undefined),
});
export type PrintRequest = z.infer<typeof printRequestSchema>;

/** The print request of a page's query string, or null when the page is not a print page. */
export function parsePrintRequest(search: string): PrintRequest | null {
  const p = new URLSearchParams(search);
  if (p.get('print') !== '1') return null;
  return printRequestSchema.parse(Object.fromEntries([...p].filter(([k]) => k !== 'print')));
}

/** The query string of a print page. @example printSearch({ paper: 'A3', orientation: 'landscape' }) // '?print=1&paper=A3&orientation=landscape' */
export function printSearch(r: PrintRequest): string {
  const p = new URLSearchParams({ print: '1', paper: r.paper, orientation: r.orientation });
  if (r.bbox) p.set('bbox', r.bbox.map((n) => Number(n.toFixed(5))).join(','));
  if (r.title) p.set('title', r.title);
  if (r.note) p.set('note', r.note);
  if (r.table) p.set('table', r.table);
  if (r.charts) p.set('charts', r.charts);
  return `?${p}`;
}

// ---- the map's scale (spherical Web Mercator, as maplibre draws it with 512 px tiles) ----

const EARTH_RADIUS_M = 6378137;
const TILE_PX = 512;

/** Ground metres per CSS pixel of a maplibre map at a latitude and zoom. */
export function metresPerPixel(lat: number, zoom: number): number {
  return (2 * Math.PI * EARTH_RADIUS_M * Math.cos((lat * Math.PI) / 180)) / (TILE_PX * 2 ** zoom);
}

export interface ScaleBar {
  /** the distance the bar stands for */
  metres: number;
  /** its length on paper */
  mm: number;
  /** the representative fraction, rounded to three significant figures (1:n) */
  ratio: number;
}

/**
 * The longest round distance (1, 2 or 5 × 10ⁿ m) whose bar fits in maxMm on paper, for a map
 * drawn at metresPerPx ground metres per CSS pixel and printed at 96 CSS px per inch.
 * @example scaleBar(100, 40).metres // 10000 (100 m/px = 377.95 m/mm: 40 mm ≈ 15.1 km → 10 km, 26.5 mm)
 */
export function scaleBar(metresPerPx: number, maxMm = 40): ScaleBar {
  const metresPerMm = metresPerPx / MM_PER_CSS_PX;
  const most = metresPerMm * maxMm;
  const pow = 10 ** Math.floor(Math.log10(most));
  const metres = [5, 2, 1].map((k) => k * pow).find((m) => m <= most) ?? pow;
  const raw = metresPerMm * 1000;
  const digits = 10 ** Math.max(0, Math.floor(Math.log10(raw)) - 2);
  return { metres, mm: metres / metresPerMm, ratio: Math.round(raw / digits) * digits };
}

// ---- fitting a ground extent into a printed map ----

const mercX = (lon: number) => (lon + 180) / 360;
const mercY = (lat: number) => {
  const s = Math.sin((lat * Math.PI) / 180);
  return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
};
const lonOf = (x: number) => x * 360 - 180;
const latOf = (y: number) => (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI;

/** The centre and zoom that show all of bbox in a map of widthPx × heightPx CSS pixels (as large as fits). */
export function fitView(bbox: readonly [number, number, number, number], widthPx: number, heightPx: number): { center: [number, number]; zoom: number } {
  const [w, s, e, n] = bbox;
  const x0 = mercX(w);
  const x1 = mercX(e);
  const y0 = mercY(n);
  const y1 = mercY(s);
  const zoom = Math.log2(Math.min(widthPx / ((x1 - x0) * TILE_PX), heightPx / ((y1 - y0) * TILE_PX)));
  return { center: [lonOf((x0 + x1) / 2), latOf((y0 + y1) / 2)], zoom: Math.min(17.5, zoom) };
}

/** The ground a map of widthPx × heightPx CSS pixels shows at a centre and zoom (west, south, east, north). */
export function viewBounds(view: { center: [number, number]; zoom: number }, widthPx: number, heightPx: number): [number, number, number, number] {
  const world = TILE_PX * 2 ** view.zoom;
  const cx = mercX(view.center[0]);
  const cy = mercY(view.center[1]);
  const dx = widthPx / 2 / world;
  const dy = heightPx / 2 / world;
  return [lonOf(cx - dx), latOf(cy + dy), lonOf(cx + dx), latOf(cy - dy)];
}

/**
 * The map area of a desktop screen (1440 × 900 less the panels): what a shared link's view is
 * taken to show when the link carries no extent of its own (a link from the CLI or a briefing).
 */
export const REFERENCE_MAP_PX = { width: 1100, height: 820 } as const;

/** dd/mm/yyyy, as Vietnamese documents date things. @example formatPrintDate(new Date(2026, 10, 28)) // '28/11/2026' */
export function formatPrintDate(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getDate())}/${two(d.getMonth() + 1)}/${d.getFullYear()}`;
}

/** Whether the print page adds the dashboard's charts: the request says so, else the view's open dashboard does. */
export function printsCharts(r: PrintRequest, dashboardOpen: boolean): boolean {
  return r.charts ? r.charts === '1' : dashboardOpen;
}
