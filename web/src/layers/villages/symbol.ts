import { VILLAGE_BANDS } from '../../../../server/domain/classes.ts';
import type { VillageFeatureProps } from '../../../../server/domain/api.ts';
import { hexToRgb } from '../../lib/color.ts';
import { paletteColors, type PaletteColors } from '../palette.ts';
import { HIGHLIGHT_COLOR } from '../shared.ts';

/** Colour as [r, g, b, a] in 0..255. */
export type Rgba = [number, number, number, number];

/**
 * Symbol of a village (the circle layer of style.ts): fill by criteria met (classes.ts bands), pilot
 * tier by size (city > commune/ward > other) and a bold dark outline, an orange ring for the
 * year's target villages; the selected village gets the highlight outline.
 */
export interface VillageSymbol {
  fill: Rgba;
  line: Rgba;
  /** radius in pixels */
  radius: number;
  /** outline width in pixels */
  lineWidth: number;
}

/** Ring of a village planned to reach the standard in the year shown (report 000: 27 in 2023), standard palette. */
export const VILLAGE_TARGET_RING = paletteColors('standard').villageTargetRing;
const rgba = (hex: string): Rgba => [...hexToRgb(hex), 255];

/** The palette's colour of a village by its criteria met (of 10); no-data grey when unknown. */
export function villageFill(criteriaMet: number | null | undefined, p: PaletteColors = paletteColors('standard')): string {
  if (criteriaMet == null) return p.villageNoData;
  const band = VILLAGE_BANDS.find((b) => criteriaMet >= b.min && criteriaMet <= b.max);
  return band ? p.villageBands[band.id] : p.villageNoData;
}

const RADIUS: Record<NonNullable<VillageFeatureProps['pilot_tier']> | 'none', number> = { city: 8, commune: 7, other: 6, none: 4.5 };
const HIGHLIGHT: Rgba = [...hexToRgb(HIGHLIGHT_COLOR), 255];

export function villageSymbol(p: VillageFeatureProps, selected = false, palette: PaletteColors = paletteColors('standard')): VillageSymbol {
  const fill = rgba(villageFill(p.criteria_met, palette));
  const pilot = p.pilot_tier != null;
  const radius = RADIUS[p.pilot_tier ?? 'none'];
  if (selected) return { fill, line: HIGHLIGHT, radius: radius + 3, lineWidth: 3 };
  if (p.target) return { fill, line: rgba(palette.villageTargetRing), radius, lineWidth: 2.5 };
  return {
    fill,
    line: rgba(pilot ? palette.villagePilotLine : palette.outline),
    radius,
    lineWidth: pilot ? 2 : 1,
  };
}

/**
 * Scale of the village symbols at a zoom: smaller over the whole province (where 800 villages
 * would otherwise cover the communes), full size from zoom 10. Stepped by 0.1 so that zooming
 * does not rebuild the layer on every frame.
 * @example villageRadiusScale(8) // 0.6
 */
export function villageRadiusScale(zoom: number): number {
  const s = Math.min(1, Math.max(0.6, 0.6 + (zoom - 8) * 0.2));
  return Math.round(s * 10) / 10;
}

/**
 * Villages are drawn from this zoom. Over the whole province (zoom 7–8) about a thousand dots
 * would bury the communes, and every click would land on a village. From zoom 9 a district fills
 * the screen and the dots sit inside their communes, in the village palette of classes.ts (magentas,
 * no hue of the commune classes, so a dot does not read as its commune's class).
 */
export const VILLAGES_MIN_ZOOM = 9;

/** Villages are drawn (and clickable) at this zoom. */
export function villagesDrawnAt(zoom: number): boolean {
  return zoom >= VILLAGES_MIN_ZOOM;
}
