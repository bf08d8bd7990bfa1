import { isLang, type Lang } from '../i18n/translate.ts';
import type { Era } from '../layers/units2025/era.ts';
import { DEFAULT_LAYERS, isLayerId, LAYER_IDS, type LayerId } from './layers.ts';
import { formatSelection, parseSelection, type Selection } from './selection.ts';
import { isCommuneStyleMode, type CommuneStyleMode } from '../../../server/domain/classes.ts';
import { isPalette, type Palette } from '../layers/palette.ts';
import { formatSplit, parseSplit, type SplitState } from '../compare/splitState.ts';
import { formatPlotFilter, isFiltered, NO_PLOT_FILTER, parsePlotFilter, type PlotFilter } from '../forest/plotFilter.ts';

export interface MapView {
  center: [number, number]; // lon, lat
  zoom: number;
}

/** Everything a shared link restores: view, language, year, criterion, visible layers, selection. */
export interface AtlasUrlState {
  /** null: fit the province. */
  view: MapView | null;
  lang: Lang;
  /** null: the latest year with data. */
  year: number | null;
  /** Colour communes by one criterion (number) instead of the count met. */
  criterion: number | null;
  layers: LayerId[];
  selection: Selection | null;
  /** Lô filters: planting year, unit, funding, classes (forest & inspections); absent: none. */
  plotFilter?: PlotFilter;
  /** How communes are coloured ('count' when absent, or 'criterion' with a criterion). */
  style?: CommuneStyleMode;
  /** The year to compare with in the 'change' style. */
  compare?: number | null;
  /** The class colours: 'contrast' for projectors, 'colorblind'; absent: standard. */
  palette?: Palette;
  /** The side panel folded away (the map alone); absent: open. */
  panel?: 'collapsed';
  /** Two maps side by side or a swipe divider (web/src/compare): the right side's year and style. */
  split?: SplitState;
  /** The dashboard open beside the map ('dash=1'); its scope is the selection. Absent: closed. */
  dash?: true;
}

export const DEFAULT_STATE: AtlasUrlState = {
  view: null,
  lang: 'vi',
  year: null,
  criterion: null,
  layers: [...DEFAULT_LAYERS],
  selection: null,
};

const round = (n: number, digits: number) => Number(n.toFixed(digits));

function parseView(s: string | null): MapView | null {
  if (!s) return null;
  const [z, lat, lon] = s.split('/').map(Number);
  if (![z, lat, lon].every(Number.isFinite)) return null;
  if (z < 0 || z > 22 || Math.abs(lat) > 85 || Math.abs(lon) > 180) return null;
  return { zoom: z, center: [lon, lat] };
}

/** The lô filter of the hash, as a property only when something is filtered (links stay comparable). */
function plotFilterOf(p: URLSearchParams): { plotFilter?: PlotFilter } {
  const f = parsePlotFilter(p);
  return isFiltered(f) ? { plotFilter: f } : {};
}

function parseIntOrNull(s: string | null, min: number, max: number): number | null {
  if (s == null || !/^\d+$/.test(s)) return null;
  const n = Number(s);
  return n >= min && n <= max ? n : null;
}

/**
 * Reads the state from a location hash; anything missing or malformed falls back to the default.
 * @example parseHash('#map=10/14.35/108/&year=2024').year // 2024
 */
export function parseHash(hash: string): AtlasUrlState {
  // a screen's hash ('#/ntm?year=2020&lang=en') carries the app's year and language too
  const p = new URLSearchParams(hash.replace(/^#(\/[\w\-/]*\??)?/, ''));
  const layersParam = p.get('layers');
  const layers =
    layersParam == null
      ? [...DEFAULT_LAYERS]
      : LAYER_IDS.filter((id) => layersParam.split(',').filter(isLayerId).includes(id));
  const lang = p.get('lang');
  return {
    view: parseView(p.get('map')),
    lang: isLang(lang) ? lang : DEFAULT_STATE.lang,
    year: parseIntOrNull(p.get('year'), 2000, 2100),
    criterion: parseIntOrNull(p.get('criterion'), 1, 30),
    layers,
    selection: parseSelection(p.get('sel')),
    ...plotFilterOf(p),
    ...optionalNtm(p),
    ...(parseSplit(p.get('split')) ? { split: parseSplit(p.get('split'))! } : {}),
  };
}

/** The commune style and compare year, present only when the link carries them. */
function optionalNtm(p: URLSearchParams): Pick<AtlasUrlState, 'style' | 'compare' | 'palette' | 'panel' | 'dash'> {
  const out: Pick<AtlasUrlState, 'style' | 'compare' | 'palette' | 'panel' | 'dash'> = {};
  if (p.get('dash') === '1') out.dash = true;
  const palette = p.get('palette');
  if (isPalette(palette) && palette !== 'standard') out.palette = palette;
  if (p.get('panel') === 'collapsed') out.panel = 'collapsed';
  const style = p.get('style');
  if (isCommuneStyleMode(style)) out.style = style;
  const compare = parseIntOrNull(p.get('compare'), 2000, 2100);
  if (compare != null) out.compare = compare;
  return out;
}

/**
 * Writes the state as a hash, leaving out defaults so links stay short. Coordinates to 5
 * decimals (about 1 m), zoom to 2.
 * @example formatHash({...DEFAULT_STATE, year: 2024}) // '#year=2024'
 */
export function formatHash(s: AtlasUrlState): string {
  const parts: string[] = [];
  if (s.view) parts.push(`map=${round(s.view.zoom, 2)}/${round(s.view.center[1], 5)}/${round(s.view.center[0], 5)}`);
  if (s.lang !== DEFAULT_STATE.lang) parts.push(`lang=${s.lang}`);
  if (s.year != null) parts.push(`year=${s.year}`);
  if (s.criterion != null) parts.push(`criterion=${s.criterion}`);
  if (s.style && s.style !== 'count') parts.push(`style=${s.style}`);
  if (s.compare != null) parts.push(`compare=${s.compare}`);
  if (s.palette && s.palette !== 'standard') parts.push(`palette=${s.palette}`);
  if (s.panel) parts.push(`panel=${s.panel}`);
  if (s.dash) parts.push('dash=1');
  if (s.split) parts.push(`split=${formatSplit(s.split)}`);
  const ordered = LAYER_IDS.filter((id) => s.layers.includes(id));
  const isDefault = ordered.length === DEFAULT_LAYERS.length && ordered.every((id) => DEFAULT_LAYERS.includes(id));
  if (!isDefault) parts.push(`layers=${ordered.join(',')}`);
  parts.push(...formatPlotFilter(s.plotFilter ?? NO_PLOT_FILTER));
  if (s.selection) parts.push(`sel=${encodeURIComponent(formatSelection(s.selection)).replace(/%3A/g, ':').replace(/%2F/g, '/').replace(/%2C/g, ',')}`);
  return parts.length ? `#${parts.join('&')}` : '';
}

/**
 * A screen's hash with its own state after '?' (the NTM tables: year, district, compare), so a
 * table can be linked and reloaded as it is. Empty values are left out.
 * @example screenHash('/ntm', { year: 2020, district: null }) // '#/ntm?year=2020'
 */
export function screenHash(route: string, params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return `#${route}${s ? `?${s}` : ''}`;
}

/** The state after '?' of a screen's hash. @example screenParams('#/ntm?year=2020').get('year') // '2020' */
export function screenParams(hash: string): URLSearchParams {
  const i = hash.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : hash.slice(i + 1));
}

/** What the app shell gives a screen: the one year of the whole app, and the way back to the map as it was. */
export interface ScreenProps {
  /** the commune year shown (the URL's year when assessed, else the latest) */
  year: number | null;
  onYear(year: number): void;
  /** the map's hash as it was (view, year, layers, selection…): "← back to the map" restores it */
  mapHref: string;
  /** which map of units (the map's layers: web/src/layers/units2025/era.ts); a table screen follows it */
  era: Era;
  /** switch the era from a screen: the map's layers change with it, so the link and "back to the map" keep it */
  onEra(era: Era): void;
}
