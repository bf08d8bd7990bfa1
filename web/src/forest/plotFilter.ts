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
