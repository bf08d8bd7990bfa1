/**
 * What a map layer of the web app is: the registry's description (server/domain/layers.ts) plus
 * what the browser adds — its label, its part of the map style, its legend and what a click on it
 * selects. Each layer lives in web/src/layers/<id>/; the composers in web/src/lib (style.ts,
 * legend.ts, selection.ts) only assemble them in order.
 */
import type { ComponentType } from 'react';
import type { FeatureCollection, Point } from 'geojson';
import type { VillageFeatureProps } from '../../../server/domain/api.ts';
import type { LayerSpecification, SourceSpecification } from 'maplibre-gl';
import { TILE_LAYERS, type FeatureDetail, type TileLayer } from '../../../server/domain/layers.ts';
import type { CommuneStyleMode, SurvivalThresholds } from '../../../server/domain/classes.ts';
import type { MessageKey, Params } from '../i18n/translate.ts';
import type { PlotStyleFilter } from '../forest/plotFilter.ts';
import type { Selection, SelectionKind } from '../lib/selection.ts';
import type { Palette, PaletteColors } from './palette.ts';

/** Layers the user can toggle: every layer of the registry (villages from a GeoJSON source, the rest from vector tiles). */
export const LAYER_IDS = TILE_LAYERS;
export type LayerId = TileLayer;

/** Each tile layer's data version (GET /api/tiles/versions): part of its tile URLs. */
export type TileVersionMap = Partial<Record<TileLayer, number>>;

/** The commune colouring chosen in the layer panel. */
export interface CommuneStyle {
  mode: CommuneStyleMode;
  /** the year to compare with ('change' mode) */
  compare: number | null;
  /** bumped after an edit so maplibre fetches the tiles again (used when no version map is known) */
  revision?: number;
}

/** What every layer's style is built from (the map's state, one object for all layers). */
export interface StyleContext {
  origin: string;
  year: number | null;
  criterion: number | null;
  /** the layers switched on */
  on(id: LayerId): boolean;
  selection: Selection | null;
  plotFilter: PlotStyleFilter | null;
  commune: CommuneStyle;
  /** opacity of the thematic fills (lower over a basemap) */
  baseOpacity: number;
  /** the layers' data versions; null: not known (URLs without a version, revalidated by the browser) */
  versions: TileVersionMap | null;
  /** the class colours (layers/palette.ts) */
  palette: PaletteColors;
  /** the village points of the year shown (GET /api/villages), null while not loaded or off */
  villages: FeatureCollection<Point, VillageFeatureProps> | null;
}

/** A layer's part of the map style; the composer stacks bases, then highlights, then labels. */
export interface LayerStyle {
  sources: Record<string, SourceSpecification>;
  /** fills and outlines */
  base: LayerSpecification[];
  /** outline of the selected feature (above every base) */
  highlight: LayerSpecification[];
  /** labels (above everything) */
  labels: LayerSpecification[];
}

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
  commune?: { mode: CommuneStyleMode; year: number | null; compare: number | null; targetYears?: readonly number[] };
  /** the palette the map is drawn in (standard when absent) */
  palette?: Palette;
}

export interface WebLayer {
  id: LayerId;
  label: MessageKey;
  /** Zoom from which the layer is drawn (0 = always). */
  minzoom: number;
  defaultVisible: boolean;
  /** The tile layer of the registry behind it, or null for the villages (a GeoJSON source). */
  tileLayer: TileLayer | null;
  /** Stacking: bases and labels are drawn in ascending order of these. */
  z?: { base: number; label: number };
  style?(ctx: StyleContext): LayerStyle;
  legend?(o: LegendOptions): LegendSection | null;
  /** maplibre layers whose features a click may select */
  pickLayers?: readonly string[];
  /** The selection for a clicked feature of this layer, or null. */
  select?(props: Record<string, unknown>): Selection | null;
  /**
   * The info panel of a selected feature, fed by the layer's detail SQL
   * (server/sql/details/<id>.sql via GET /api/tiles/<id>/features/:id). `kind`: the selection kind
   * it answers ('feature' selections name the layer themselves). Load the panel lazily.
   */
  detail?: { kind: SelectionKind; Panel: ComponentType<{ d: FeatureDetail }> };
}
