import {
  COMMUNE_BANDS,
  DEFAULT_THRESHOLDS,
  NO_DATA_COLOR,
  NOT_IN_PROGRAMME_COLOR,
  PLOT_NO_PLANTING_COLOR,
  SURVIVAL_CLASSES,
  SURVIVAL_COLORS,
  VILLAGE_BANDS,
  VILLAGE_NO_DATA_COLOR,
  type SurvivalThresholds,
  NTM_LEVEL_COLORS,
  CHANGE_CLASSES,
  TARGET_COLORS,
  type CommuneStyleMode,
} from '../../../server/domain/classes.ts';
import type { MessageKey, Params } from '../i18n/translate.ts';
import { rgbToHex } from './color.ts';
import type { LayerId } from './layers.ts';
import { CRITERION_MET_COLOR, CRITERION_NOT_MET_COLOR } from './style.ts';
import { VILLAGE_TARGET_RING } from './villages.ts';

export interface LegendItem {
  label: MessageKey;
  params?: Params;
  color: string;
  shape: 'fill' | 'circle';
  /** Outline drawn around the swatch (pilot villages). */
  strong?: boolean;
  /** colour of the swatch's ring (target villages) */
  ring?: string;
  /** diameter of a circle swatch in pixels (village tiers) */
  size?: number;
}

export interface LegendSection {
  layer: LayerId;
  title: MessageKey;
  titleParams?: Params;
  items: LegendItem[];
  note?: MessageKey;
}

export interface LegendOptions {
  layers: readonly LayerId[];
  criterion: { no: number; name: string } | null;
  thresholds?: SurvivalThresholds;
  /** the commune style mode and its years (default: criteria met, or one criterion when given) */
  commune?: { mode: CommuneStyleMode; year: number | null; compare: number | null };
}

/** '15-18' → '15–18' (typographic range dash). */
const range = (id: string) => id.replace('-', '–');

/**
 * Legend sections for the visible layers, built from the same class breaks and colours as the
 * map style (classes.ts), so the legend can never disagree with the map.
 */
export function buildLegend(o: LegendOptions): LegendSection[] {
  const t = o.thresholds ?? DEFAULT_THRESHOLDS;
  const out: LegendSection[] = [];
  if (o.layers.includes('communes')) {
    const common: LegendItem[] = [
      { label: 'legend.notInProgramme', color: NOT_IN_PROGRAMME_COLOR, shape: 'fill' },
      { label: 'legend.noData', color: NO_DATA_COLOR, shape: 'fill' },
    ];
    const mode: CommuneStyleMode = o.commune?.mode ?? (o.criterion ? 'criterion' : 'count');
    const year = o.commune?.year ?? '';
    if (mode === 'criterion' && o.criterion) {
      out.push({
        layer: 'communes',
        title: 'layers.criterionN',
        titleParams: { n: o.criterion.no, name: o.criterion.name },
        items: [
          { label: 'legend.criterionMet', color: CRITERION_MET_COLOR, shape: 'fill' },
          { label: 'legend.criterionNotMet', color: CRITERION_NOT_MET_COLOR, shape: 'fill' },
          ...common,
        ],
      });
    } else if (mode === 'level') {
      out.push({
        layer: 'communes',
        title: 'ntm.legend.level',
        titleParams: { year },
        items: [
          { label: 'ntm.legend.model', color: NTM_LEVEL_COLORS.model, shape: 'fill' },
          { label: 'ntm.legend.advanced', color: NTM_LEVEL_COLORS.advanced, shape: 'fill' },
          { label: 'ntm.legend.ntm', color: NTM_LEVEL_COLORS.ntm, shape: 'fill' },
          { label: 'ntm.legend.meetsNotRecognised', color: NTM_LEVEL_COLORS.meets_not_recognised, shape: 'fill' },
          { label: 'ntm.legend.none', color: NTM_LEVEL_COLORS.none, shape: 'fill' },
          ...common,
        ],
      });
    } else if (mode === 'change') {
      const compare = o.commune?.compare ?? null;
      out.push({
        layer: 'communes',
        title: compare != null ? 'ntm.legend.change' : 'ntm.legend.pickCompare',
        titleParams: { from: compare ?? '', to: year },
        items: [
          ...[...CHANGE_CLASSES].reverse().map((c): LegendItem => ({ label: `ntm.legend.change.${c.id}`, color: c.color, shape: 'fill' })),
          ...common,
        ],
      });
    } else if (mode === 'targets') {
      out.push({
        layer: 'communes',
        title: 'ntm.legend.targets',
        titleParams: { year },
        items: [
          { label: 'ntm.legend.target.ntm', color: TARGET_COLORS.ntm, shape: 'fill' },
          { label: 'ntm.legend.target.advanced', color: TARGET_COLORS.advanced, shape: 'fill' },
          { label: 'ntm.legend.target.model', color: TARGET_COLORS.model, shape: 'fill' },
          { label: 'ntm.legend.target.none', color: TARGET_COLORS.none, shape: 'fill' },
          common[0]!,
        ],
      });
    } else {
      out.push({
        layer: 'communes',
        title: 'legend.communeBands',
        items: [
          ...COMMUNE_BANDS.map((b): LegendItem => ({ label: 'legend.criteria', params: { label: range(b.id) }, color: b.color, shape: 'fill' })),
          ...common,
        ],
      });
    }
  }
  if (o.layers.includes('villages')) {
    out.push({
      layer: 'villages',
      title: 'legend.villageBands',
      items: [
        ...VILLAGE_BANDS.map((b): LegendItem => ({ label: 'legend.criteria', params: { label: range(b.id) }, color: rgbToHex(b.color), shape: 'circle' })),
        { label: 'legend.noData', color: rgbToHex(VILLAGE_NO_DATA_COLOR), shape: 'circle' },
        { label: 'ntm.legend.village.city', color: '#ffffff', shape: 'circle', strong: true, size: 16 },
        { label: 'ntm.legend.village.commune', color: '#ffffff', shape: 'circle', strong: true, size: 14 },
        { label: 'ntm.legend.village.other', color: '#ffffff', shape: 'circle', size: 12 },
        { label: 'ntm.legend.village.target', color: '#ffffff', shape: 'circle', ring: VILLAGE_TARGET_RING, size: 14 },
      ],
      note: 'legend.villagePilot',
    });
  }
  if (o.layers.includes('plots')) {
    const params = { a: t.acceptedAbovePct, b: t.rejectedBelowPct };
    out.push({
      layer: 'plots',
      title: 'legend.survival',
      items: [
        ...SURVIVAL_CLASSES.map((c): LegendItem => ({ label: `legend.${c}`, params, color: SURVIVAL_COLORS[c], shape: 'fill' })),
        { label: 'legend.noPlanting', color: PLOT_NO_PLANTING_COLOR, shape: 'fill' },
      ],
    });
  }
  return out;
}
