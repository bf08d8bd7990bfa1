/**
 * The lô filters (planting year, commune or district, funding, result classes): in the URL hash,
 * and as what the map style needs. Pure.
 */
import { SURVIVAL_CLASSES, type SurvivalClass } from '../../../server/domain/classes.ts';

export type Funding = 'state' | 'self';

export interface PlotFilter {
  /** planting year whose result colours the lô (null: each lô's latest planting) */
  plantingYear: number | null;
  /** district or commune code (null: everywhere) */
  unit: string | null;
  funding: Funding | null;
  /** classes shown (empty: all) */
  classes: SurvivalClass[];
}

export const NO_PLOT_FILTER: PlotFilter = { plantingYear: null, unit: null, funding: null, classes: [] };

/** What the map style needs: tile parameter, commune codes (a district resolved), data revision. */
export interface PlotStyleFilter {
  plantingYear: number | null;
  communes: string[] | null;
  funding: Funding | null;
  classes: SurvivalClass[];
  /** bumped after a write, so the lô tiles are fetched again */
  revision: number;
}

const isClass = (s: string): s is SurvivalClass => (SURVIVAL_CLASSES as readonly string[]).includes(s);

/**
 * Reads the filter from hash parameters py, punit, pfund, pcls; anything malformed is dropped.
 * @example parsePlotFilter(new URLSearchParams('py=2021&pcls=replant,rejected')).classes // ['replant', 'rejected']
 */
export function parsePlotFilter(p: URLSearchParams): PlotFilter {
  const py = p.get('py');
  const year = py && /^\d{4}$/.test(py) ? Number(py) : null;
  const unit = p.get('punit');
  const funding = p.get('pfund');
  const classes = (p.get('pcls') ?? '').split(',').filter(isClass);
  return {
    plantingYear: year && year >= 2000 && year <= 2100 ? year : null,
    unit: unit && /^\d{2,5}$/.test(unit) ? unit : null,
    funding: funding === 'state' || funding === 'self' ? funding : null,
    classes: SURVIVAL_CLASSES.filter((c) => classes.includes(c)),
  };
}

/** The filter as hash parts (defaults left out). */
export function formatPlotFilter(f: PlotFilter): string[] {
  const parts: string[] = [];
  if (f.plantingYear != null) parts.push(`py=${f.plantingYear}`);
  if (f.unit) parts.push(`punit=${f.unit}`);
  if (f.funding) parts.push(`pfund=${f.funding}`);
  if (f.classes.length) parts.push(`pcls=${f.classes.join(',')}`);
  return parts;
}

export const isFiltered = (f: PlotFilter) => f.plantingYear != null || f.unit != null || f.funding != null || f.classes.length > 0;

/** Zoom from which lô are drawn (server/domain/classes.ts ZOOMS.plotsMin) — kept here so the first load does not need classes' tables. */
const PLOTS_MIN_ZOOM = 12;

/**
 * Where "show on the map" takes the worklist: the bounds of its lô when they fit a view at a
 * zoom where lô are drawn (about 0.12° across at zoom 12 on a phone), otherwise the centre of
 * the largest group of them — the first lô's tiểu khu neighbourhood — at that zoom. Null: no lô.
 *
 * @example worklistCamera([{ bbox: [108, 14.3, 108.01, 14.31], center: [108.005, 14.305] }]) // bounds
 */
export function worklistCamera(
  rows: readonly { bbox: [number, number, number, number]; center: [number, number] }[],
): { kind: 'bounds'; bounds: [number, number, number, number]; maxZoom: number } | { kind: 'center'; center: [number, number]; zoom: number } | null {
  if (rows.length === 0) return null;
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const r of rows) {
    b[0] = Math.min(b[0], r.bbox[0]);
    b[1] = Math.min(b[1], r.bbox[1]);
    b[2] = Math.max(b[2], r.bbox[2]);
    b[3] = Math.max(b[3], r.bbox[3]);
  }
  if (b[2] - b[0] <= 0.1 && b[3] - b[1] <= 0.1) return { kind: 'bounds', bounds: b, maxZoom: 16 };
  // the lô with most others within ~3 km: the view shows the densest group
  let best = rows[0]!.center;
  let bestN = -1;
  for (const r of rows) {
    const n = rows.filter((o) => Math.abs(o.center[0] - r.center[0]) < 0.03 && Math.abs(o.center[1] - r.center[1]) < 0.03).length;
    if (n > bestN) {
      bestN = n;
      best = r.center;
    }
  }
  return { kind: 'center', center: best, zoom: PLOTS_MIN_ZOOM + 1 };
}
