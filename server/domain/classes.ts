/**
 * Class breaks and colours: the one source of truth for map styles, legends and aggregation.
 * Both the server (SQL parameters, tables) and the web (style expressions, legend) import these.
 */

export const SURVIVAL_CLASSES = ['accepted', 'replant', 'rejected', 'not_inspected', 'withdrawn'] as const;
export type SurvivalClass = (typeof SURVIVAL_CLASSES)[number];

export interface SurvivalThresholds {
  /** Survival strictly above this is accepted (nghiệm thu). Default 85. */
  acceptedAbovePct: number;
  /** Survival strictly below this is rejected. Default 50. Between: replant (trồng dặm). */
  rejectedBelowPct: number;
}
export const DEFAULT_THRESHOLDS: SurvivalThresholds = { acceptedAbovePct: 85, rejectedBelowPct: 50 };

/**
 * Result class of a survival percentage.
 * Report 000: accepted when survival is above 85 %, not accepted below 50 %, replant in between.
 * A survival of exactly 85 % is not above 85 %: it needs replanting; exactly 50 % is not below 50 %.
 */
export function classifySurvival(pct: number, t: SurvivalThresholds = DEFAULT_THRESHOLDS): 'accepted' | 'replant' | 'rejected' {
  if (pct > t.acceptedAbovePct) return 'accepted';
  if (pct < t.rejectedBelowPct) return 'rejected';
  return 'replant';
}

export const SURVIVAL_COLORS: Record<SurvivalClass, string> = {
  accepted: '#1a9850',
  replant: '#fdae61',
  rejected: '#d73027',
  not_inspected: '#9e9ac8',
  withdrawn: '#636363',
};
/** Lô with no planting record under the current filter. */
export const PLOT_NO_PLANTING_COLOR = '#e6e2d3';

/** Commune criteria met (0..19): sequential classes matching the report's bands. */
export const COMMUNE_BANDS = [
  { id: '19', min: 19, max: 19, color: '#006837' },
  { id: '15-18', min: 15, max: 18, color: '#31a354' },
  { id: '10-14', min: 10, max: 14, color: '#addd8e' },
  { id: '5-9', min: 5, max: 9, color: '#fec44f' },
  { id: '0-4', min: 0, max: 4, color: '#d95f0e' },
] as const;
export type CommuneBandId = (typeof COMMUNE_BANDS)[number]['id'];

export function communeBand(criteriaMet: number): CommuneBandId {
  for (const b of COMMUNE_BANDS) if (criteriaMet >= b.min && criteriaMet <= b.max) return b.id;
  return '0-4';
}

/** Wards and townships are not scored on the commune criteria. */
export const NOT_IN_PROGRAMME_COLOR = '#d9d9d9';
export const NO_DATA_COLOR = '#f0f0f0';

export const NTM_LEVELS = ['none', 'ntm', 'advanced', 'model'] as const;
export type NtmLevel = (typeof NTM_LEVELS)[number];
export const NTM_LEVEL_COLORS: Record<NtmLevel | 'meets_not_recognised', string> = {
  none: '#fee8c8',
  meets_not_recognised: '#a1d99b',
  ntm: '#31a354',
  advanced: '#3182bd',
  model: '#756bb1',
};

/**
 * Village criteria met (0..10): a sequential magenta ramp (ColorBrewer RdPu), darker with more
 * criteria. Deliberately no hue of the commune styles (greens/yellows/oranges of the 19 commune
 * criteria, blues/purples of the levels): a dot counts 10 village criteria, and drawn over a
 * commune it must not read as that commune's class.
 */
export const VILLAGE_BANDS = [
  { id: '10', min: 10, max: 10, color: [122, 1, 119] },
  { id: '8-9', min: 8, max: 9, color: [197, 27, 138] },
  { id: '5-7', min: 5, max: 7, color: [247, 104, 161] },
  { id: '0-4', min: 0, max: 4, color: [250, 159, 181] },
] as const;
export const VILLAGE_NO_DATA_COLOR = [150, 150, 150] as const;

export function villageBandColor(criteriaMet: number | null | undefined): readonly [number, number, number] {
  if (criteriaMet == null) return VILLAGE_NO_DATA_COLOR;
  for (const b of VILLAGE_BANDS) if (criteriaMet >= b.min && criteriaMet <= b.max) return b.color;
  return VILLAGE_NO_DATA_COLOR;
}

/** Zooms at which each forest layer is drawn (legibility). */
export const ZOOMS = {
  tieukhuMin: 8,
  khoanhMin: 11,
  plotsMin: 12,
  plotLabelsMin: 14,
  maxTile: 16,
} as const;

// ---------- commune style modes of the map ----------

/** How the communes layer is coloured (the layer panel's choice, kept in the URL as `style=`). */
export const COMMUNE_STYLE_MODES = ['count', 'level', 'criterion', 'change', 'targets'] as const;
export type CommuneStyleMode = (typeof COMMUNE_STYLE_MODES)[number];
export const isCommuneStyleMode = (x: unknown): x is CommuneStyleMode => (COMMUNE_STYLE_MODES as readonly unknown[]).includes(x);

/** Classes of the "change between two years" style (criteria gained or lost). */
export const CHANGE_CLASSES = [
  { id: 'lost', min: -99, max: -1, color: '#d7301f' },
  { id: 'same', min: 0, max: 0, color: '#f7f7f7' },
  { id: 'gain1-2', min: 1, max: 2, color: '#c7e9c0' },
  { id: 'gain3-5', min: 3, max: 5, color: '#74c476' },
  { id: 'gain6+', min: 6, max: 99, color: '#238b45' },
] as const;
export type ChangeClassId = (typeof CHANGE_CLASSES)[number]['id'];

/** Colours of the "targets of the year" style: a commune planned to reach a level that year. */
export const TARGET_COLORS: Record<'ntm' | 'advanced' | 'model' | 'none', string> = {
  ntm: '#e6550d',
  advanced: '#3182bd',
  model: '#756bb1',
  none: '#f3f1ea',
};

/**
 * The 2025 units by their old xã's NTM attainment in a year (layer units2025): every old xã had
 * reached NTM, some had, none had, or the unit holds no xã of the NTM programme (wards, towns).
 * `none` and `some` also cover years without data for some old units: the panel shows the counts.
 */
export const UNIT_2025_CLASSES = [
  { id: 'all', color: '#31a354' },
  { id: 'some', color: '#addd8e' },
  { id: 'none', color: '#fec44f' },
  { id: 'no_xa', color: NOT_IN_PROGRAMME_COLOR },
] as const;
export type Unit2025ClassId = (typeof UNIT_2025_CLASSES)[number]['id'];
