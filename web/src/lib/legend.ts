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
} from '../../../server/domain/classes.ts';
import type { MessageKey, Params } from '../i18n/translate.ts';
import { rgbToHex } from './color.ts';
import type { LayerId } from './layers.ts';
import { CRITERION_MET_COLOR, CRITERION_NOT_MET_COLOR } from './style.ts';

export interface LegendItem {
  label: MessageKey;
  params?: Params;
  color: string;
  shape: 'fill' | 'circle';
  /** Outline drawn around the swatch (pilot villages). */
  strong?: boolean;
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
    if (o.criterion) {
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
