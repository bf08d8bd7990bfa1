/**
 * The compare view in the URL: `split=side:2020` (two maps side by side), `split=swipe:2020` (one
 * map, a divider over it), optionally with the other side's commune style (`split=side:2023:level`).
 * The left side is the app's own year and style (the URL's `year`, `style`); the split names the
 * right side. Pure.
 */
import { isCommuneStyleMode, type CommuneStyleMode } from '../../../server/domain/classes.ts';

export type SplitMode = 'side' | 'swipe';

export interface SplitState {
  mode: SplitMode;
  /** the right side's year */
  year: number;
  /** the right side's commune style; absent: the same as the left */
  style?: CommuneStyleMode;
}

/** Style modes a side may take ('change' is itself a comparison: the change map, reached from the toolbar). */
export const SIDE_STYLES: readonly CommuneStyleMode[] = ['count', 'level', 'criterion', 'targets'];

/**
 * @example parseSplit('swipe:2020') // {mode: 'swipe', year: 2020}
 * @example parseSplit('side:1999') // null (not a year the app shows)
 */
export function parseSplit(s: string | null): SplitState | null {
  const m = /^(side|swipe):(\d{4})(?::([a-z]+))?$/.exec(s ?? '');
  if (!m) return null;
  const year = Number(m[2]);
  if (year < 2000 || year > 2100) return null;
  const style = m[3];
  if (style != null && !(isCommuneStyleMode(style) && SIDE_STYLES.includes(style))) return null;
  return { mode: m[1] as SplitMode, year, ...(style ? { style: style as CommuneStyleMode } : {}) };
}

/** @example formatSplit({mode: 'side', year: 2020, style: 'level'}) // 'side:2020:level' */
export function formatSplit(s: SplitState): string {
  return `${s.mode}:${s.year}${s.style ? `:${s.style}` : ''}`;
}

/**
 * The compare view as first opened: side by side with the earliest year with data, or the latest
 * when the app already shows the earliest.
 * @example openSplit(2023, [2020, 2022, 2023]) // {mode: 'side', year: 2020}
 */
export function openSplit(year: number | null, years: readonly number[]): SplitState | undefined {
  if (years.length === 0) return undefined;
  const other = year === years[0] ? years.at(-1)! : years[0]!;
  return { mode: 'side', year: other };
}
