import { CHANGE_CLASSES, COMMUNE_BANDS, type CommuneStyleMode } from '../../../../server/domain/classes.ts';
import { paletteColors } from '../palette.ts';
import type { LegendItem, LegendOptions, LegendSection } from '../types.ts';

/** '15-18' → '15–18' (typographic range dash). */
export const range = (id: string) => id.replace('-', '–');

/** The communes' legend for the chosen style mode, from the same classes as their style. */
export function communesLegend(o: LegendOptions): LegendSection {
  const p = paletteColors(o.palette);
  const common: LegendItem[] = [
    { label: 'legend.notInProgramme', color: p.notInProgramme, shape: 'fill' },
    { label: 'legend.noData', color: p.noData, shape: 'fill' },
  ];
  const mode: CommuneStyleMode = o.commune?.mode ?? (o.criterion ? 'criterion' : 'count');
  const year = o.commune?.year ?? '';
  if (mode === 'criterion' && o.criterion) {
    return {
      layer: 'communes',
      title: 'layers.criterionN',
      titleParams: { n: o.criterion.no, name: o.criterion.name },
      items: [
        { label: 'legend.criterionMet', color: p.criterionMet, shape: 'fill' },
        { label: 'legend.criterionNotMet', color: p.criterionNotMet, shape: 'fill' },
        ...common,
      ],
    };
  }
  if (mode === 'level') {
    return {
      layer: 'communes',
      title: 'ntm.legend.level',
      titleParams: { year },
      items: [
        { label: 'ntm.legend.model', color: p.levels.model, shape: 'fill' },
        { label: 'ntm.legend.advanced', color: p.levels.advanced, shape: 'fill' },
        { label: 'ntm.legend.ntm', color: p.levels.ntm, shape: 'fill' },
        { label: 'ntm.legend.meetsNotRecognised', color: p.levels.meets_not_recognised, shape: 'fill' },
        { label: 'ntm.legend.none', color: p.levels.none, shape: 'fill' },
        ...common,
      ],
    };
  }
  if (mode === 'change') {
    const compare = o.commune?.compare ?? null;
    return {
      layer: 'communes',
      title: compare != null ? 'ntm.legend.change' : 'ntm.legend.pickCompare',
      titleParams: { from: compare ?? '', to: year },
      items: [...[...CHANGE_CLASSES].reverse().map((c): LegendItem => ({ label: `ntm.legend.change.${c.id}`, color: p.change[c.id], shape: 'fill' })), ...common],
    };
  }
  if (mode === 'targets' && o.commune?.targetYears && o.commune.year != null && !o.commune.targetYears.includes(o.commune.year)) {
    // no commune has a target for this year: say so rather than show an empty map
    return {
      layer: 'communes',
      title: 'ntm.legend.noTargets',
      titleParams: { year, years: o.commune.targetYears.join(', ') },
      items: [{ label: 'ntm.legend.target.none', color: p.targets.none, shape: 'fill' }, common[0]!],
    };
  }
  if (mode === 'targets') {
    return {
      layer: 'communes',
      title: 'ntm.legend.targets',
      titleParams: { year },
      items: [
        { label: 'ntm.legend.target.ntm', color: p.targets.ntm, shape: 'fill' },
        { label: 'ntm.legend.target.advanced', color: p.targets.advanced, shape: 'fill' },
        { label: 'ntm.legend.target.model', color: p.targets.model, shape: 'fill' },
        { label: 'ntm.legend.target.none', color: p.targets.none, shape: 'fill' },
        common[0]!,
      ],
    };
  }
  return {
    layer: 'communes',
    title: 'legend.communeBands',
    items: [...COMMUNE_BANDS.map((b): LegendItem => ({ label: 'legend.criteria', params: { label: range(b.id) }, color: p.communeBands[b.id], shape: 'fill' })), ...common],
  };
}
