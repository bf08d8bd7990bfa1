/**
 * The map's palettes: the one home of the class colours the layer styles and legends draw with
 * (web/src/layers/<id>/style.ts and legend.ts take a palette; nothing else picks a class colour).
 *
 * - standard: the report's colours (server/domain/classes.ts), as on screen and in print so far;
 * - contrast: for projectors, which wash colours out: large luminance steps between neighbouring
 *   classes (≥ 1.5:1 WCAG contrast), black outlines and labels with a solid white halo;
 * - colorblind: classes told apart without red–green hue: ordinal classes on the viridis ramp
 *   (luminance rises monotonically), categories from the Okabe–Ito set; checked under simulated
 *   protanopia, deuteranopia and tritanopia (palette.test.ts).
 *
 * Village dots (their bands, no-data grey and the target ring) and the "targets of the year" style
 * follow the palette like every other class colour (palette.test.ts fails a layer that does not).
 */
import {
  CHANGE_CLASSES,
  COMMUNE_BANDS,
  NO_DATA_COLOR,
  NOT_IN_PROGRAMME_COLOR,
  NTM_LEVEL_COLORS,
  PLOT_NO_PLANTING_COLOR,
  SURVIVAL_COLORS,
  TARGET_COLORS,
  VILLAGE_BANDS,
  VILLAGE_NO_DATA_COLOR,
  type ChangeClassId,
  type CommuneBandId,
  type NtmLevel,
  type SurvivalClass,
  type Unit2025ClassId,
  UNIT_2025_CLASSES,
} from '../../../server/domain/classes.ts';
import { CAPITAL_CLASSES, OCOP_CLASSES } from '../../../server/domain/layers.ts';
import { rgbToHex } from '../lib/color.ts';
import { BACKGROUND_COLOR } from './shared.ts';

export const PALETTES = ['standard', 'contrast', 'colorblind'] as const;
export type Palette = (typeof PALETTES)[number];

export function isPalette(x: unknown): x is Palette {
  return typeof x === 'string' && (PALETTES as readonly string[]).includes(x);
}

export type TargetId = keyof typeof TARGET_COLORS;
export type VillageBandId = (typeof VILLAGE_BANDS)[number]['id'];
export type OcopClassId = (typeof OCOP_CLASSES)[number]['id'];
export type CapitalClassId = (typeof CAPITAL_CLASSES)[number]['id'];

export interface PaletteColors {
  id: Palette;
  /** criteria met, by report band */
  communeBands: Record<CommuneBandId, string>;
  criterionMet: string;
  criterionNotMet: string;
  levels: Record<NtmLevel | 'meets_not_recognised', string>;
  change: Record<ChangeClassId, string>;
  notInProgramme: string;
  noData: string;
  survival: Record<SurvivalClass, string>;
  plotNoPlanting: string;
  /** the year's targets (communes "targets" style) */
  targets: Record<TargetId, string>;
  /** village dots by criteria met (of 10), most first as VILLAGE_BANDS */
  villageBands: Record<VillageBandId, string>;
  villageNoData: string;
  /** the ring of a village planned to reach the standard in the year shown */
  villageTargetRing: string;
  /** the outline of a pilot village (a plain village's outline is the palette's outline) */
  villagePilotLine: string;
  /** OCOP products by star rating (and registered, not rated yet) */
  ocop: Record<OcopClassId, string>;
  /** districts by the share of the programmes' central capital allocated in detail */
  capital: Record<CapitalClassId, string>;
  /** the units of 1 July 2025 by how many of their old xã had reached NTM (all, some, none; wards: no xã) */
  units2025: Record<Unit2025ClassId, string>;
  /** the map's background (no basemap) */
  background: string;
  /** commune boundaries between fills */
  outline: string;
  outlineWidth: number;
  /** label text and its halo */
  label: string;
  halo: string;
}

const bandsOf = (color: (id: CommuneBandId) => string) => Object.fromEntries(COMMUNE_BANDS.map((b) => [b.id, color(b.id)])) as Record<CommuneBandId, string>;

const STANDARD: PaletteColors = {
  id: 'standard',
  communeBands: bandsOf((id) => COMMUNE_BANDS.find((b) => b.id === id)!.color),
  // the criterion view takes two of the report bands (one criterion met or not)
  criterionMet: COMMUNE_BANDS.find((b) => b.id === '15-18')!.color,
  criterionNotMet: COMMUNE_BANDS.find((b) => b.id === '5-9')!.color,
  levels: { ...NTM_LEVEL_COLORS },
  change: Object.fromEntries(CHANGE_CLASSES.map((c) => [c.id, c.color])) as Record<ChangeClassId, string>,
  notInProgramme: NOT_IN_PROGRAMME_COLOR,
  noData: NO_DATA_COLOR,
  survival: { ...SURVIVAL_COLORS },
  plotNoPlanting: PLOT_NO_PLANTING_COLOR,
  targets: { ...TARGET_COLORS },
  villageBands: Object.fromEntries(VILLAGE_BANDS.map((b) => [b.id, rgbToHex(b.color)])) as Record<VillageBandId, string>,
  villageNoData: rgbToHex(VILLAGE_NO_DATA_COLOR),
  villageTargetRing: '#e6550d',
  villagePilotLine: '#212121',
  ocop: Object.fromEntries(OCOP_CLASSES.map((c) => [c.id, c.color])) as Record<OcopClassId, string>,
  capital: Object.fromEntries(CAPITAL_CLASSES.map((c) => [c.id, c.color])) as Record<CapitalClassId, string>,
  units2025: Object.fromEntries(UNIT_2025_CLASSES.map((c) => [c.id, c.color])) as Record<Unit2025ClassId, string>,
  background: BACKGROUND_COLOR,
  outline: '#ffffff',
  outlineWidth: 1,
  label: '#333333',
  halo: '#ffffff',
};

const CONTRAST: PaletteColors = {
  id: 'contrast',
  // diverging dark green → light → dark red: each neighbour differs in lightness, not only in hue
  communeBands: { '19': '#00441b', '15-18': '#238b45', '10-14': '#c7e9a0', '5-9': '#f16913', '0-4': '#67000d' },
  criterionMet: '#00441b',
  criterionNotMet: '#fdae61',
  levels: { model: '#2d004b', advanced: '#4393c3', ntm: '#1b7837', meets_not_recognised: '#7fbc41', none: '#fff7bc' },
  change: { lost: '#99000d', same: '#f7f7f7', 'gain1-2': '#a1d99b', 'gain3-5': '#31a354', 'gain6+': '#00441b' },
  notInProgramme: '#737373',
  noData: '#ffffff',
  survival: { accepted: '#006d2c', replant: '#ffd92f', rejected: '#a50026', not_inspected: '#bdbdbd', withdrawn: '#252525' },
  plotNoPlanting: '#ffffff',
  targets: { ntm: '#1b7837', advanced: '#2166ac', model: '#40004b', none: '#ffffff' },
  // magenta ramp, large lightness steps; dots outlined in black
  villageBands: { '10': '#49006a', '8-9': '#ae017e', '5-7': '#f98cc0', '0-4': '#fde0dd' },
  villageNoData: '#969696',
  villageTargetRing: '#ff7f00',
  villagePilotLine: '#000000',
  // more stars, darker: lightness steps a projector keeps
  ocop: { '3': '#fed976', '4': '#fd8d3c', '5p': '#bd0026', '5': '#3f007d', registered: '#969696' },
  capital: { lt25: '#67000d', lt50: '#f16913', lt75: '#fee08b', lt100: '#74c476', full: '#00441b' },
  // dark green → mid green → light amber, wards mid grey: lightness steps, not only hue
  units2025: { all: '#00441b', some: '#41ab5d', none: '#fee08b', no_xa: '#737373' },
  background: '#ffffff',
  outline: '#000000',
  outlineWidth: 1.6,
  label: '#000000',
  halo: '#ffffff',
};

const COLORBLIND: PaletteColors = {
  id: 'colorblind',
  // viridis, best class brightest
  communeBands: { '19': '#fde725', '15-18': '#5ec962', '10-14': '#21918c', '5-9': '#3b528b', '0-4': '#440154' },
  criterionMet: '#0072b2',
  criterionNotMet: '#e69f00',
  levels: { model: '#fde725', advanced: '#5ec962', ntm: '#21918c', meets_not_recognised: '#3b528b', none: '#440154' },
  // blue gains, orange losses (Okabe–Ito), lighter for fewer
  change: { lost: '#d55e00', same: '#f7f7f7', 'gain1-2': '#9ecae1', 'gain3-5': '#3182bd', 'gain6+': '#08306b' },
  notInProgramme: '#bbbbbb',
  noData: '#f0f0f0',
  survival: { accepted: '#0072b2', replant: '#f0e442', rejected: '#d55e00', not_inspected: '#cc79a7', withdrawn: '#000000' },
  plotNoPlanting: '#e8e8e8',
  targets: { ntm: '#e69f00', advanced: '#0072b2', model: '#cc79a7', none: '#f0f0f0' },
  // plasma ramp (no hue of viridis' greens), darkest for all ten criteria
  villageBands: { '10': '#0d0887', '8-9': '#9c179e', '5-7': '#ed7953', '0-4': '#fdd49e' },
  villageNoData: '#8c8c8c',
  villageTargetRing: '#e69f00',
  villagePilotLine: '#000000',
  // Okabe–Ito, no red–green pair
  ocop: { '3': '#f0e442', '4': '#e69f00', '5p': '#cc79a7', '5': '#0072b2', registered: '#999999' },
  // viridis, most allocated brightest
  capital: { lt25: '#440154', lt50: '#3b528b', lt75: '#21918c', lt100: '#5ec962', full: '#fde725' },
  // viridis like the communes (more NTM, brighter), wards light grey
  units2025: { all: '#fde725', some: '#21918c', none: '#440154', no_xa: '#bbbbbb' },
  background: '#f7f7f7',
  outline: '#ffffff',
  outlineWidth: 1,
  label: '#1a1a1a',
  halo: '#ffffff',
};

const BY_ID: Record<Palette, PaletteColors> = { standard: STANDARD, contrast: CONTRAST, colorblind: COLORBLIND };

/** The colours of a palette (standard when absent). */
export function paletteColors(p: Palette | null | undefined): PaletteColors {
  return BY_ID[p ?? 'standard'];
}
