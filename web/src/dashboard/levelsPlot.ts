/**
 * The dashboard's "units per NTM level, year by year" chart: one facet per year, one bar per level
 * in the levels' map colours, optionally a target tick per level. Drawn for the province or a
 * district (communes, with the 2025 targets) and for one unit of 1 July 2025 (its old xã), so both
 * read the same way.
 */
import { NTM_LEVEL_COLORS, NTM_LEVELS, type NtmLevel } from '../../../server/domain/classes.ts';
import { CHART_FONT, Plot, type DataMark, type Datum } from './Chart.tsx';

/** A level a unit is recognised at: the domain's levels without 'none', lowest first (a bar each). */
export type RecognisedLevel = Exclude<NtmLevel, 'none'>;
export const RECOGNISED_LEVELS: readonly RecognisedLevel[] = NTM_LEVELS.filter((l): l is RecognisedLevel => l !== 'none');

/** One bar (or target tick): a level in a year. */
export interface LevelYearDatum extends Datum {
  year: string;
  level: string;
}

export interface LevelsOverYearsOptions {
  width: number;
  height: number;
  /** the levels' names in the user's language, in RECOGNISED_LEVELS order */
  levelNames: readonly string[];
  bars: DataMark<LevelYearDatum>;
  targets?: DataMark<LevelYearDatum> & { color: string };
  /** the y axis: its label, and a domain or tick format where the counts call for one */
  y: { label: string; domain?: [number, number]; tickFormat?: string };
}

export function levelsOverYearsPlot(o: LevelsOverYearsOptions): ReturnType<typeof Plot.plot> {
  const fxDomain = [...new Set([...o.bars.data, ...(o.targets?.data ?? [])].map((d) => d.year))].sort();
  const mark = { fx: 'year', x: 'level', y: 'value', ariaLabel: 'text', title: 'text' } as const;
  return Plot.plot({
    width: o.width,
    height: o.height,
    marginLeft: 36,
    marginBottom: 24,
    style: CHART_FONT,
    fx: { domain: fxDomain, label: null, tickSize: 0, padding: 0.12 },
    x: { domain: [...o.levelNames], axis: null, paddingInner: 0.1 },
    y: { grid: true, labelAnchor: 'top', ...o.y },
    color: { domain: [...o.levelNames], range: RECOGNISED_LEVELS.map((l) => NTM_LEVEL_COLORS[l]) },
    marks: [
      Plot.barY(o.bars.data, { ...mark, fill: 'level', className: o.bars.className }),
      ...(o.targets ? [Plot.tickY(o.targets.data, { ...mark, stroke: o.targets.color, strokeWidth: 3, className: o.targets.className })] : []),
      Plot.ruleY([0]),
    ],
  });
}
