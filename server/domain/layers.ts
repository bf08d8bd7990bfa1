/**
 * The layer registry: one pure description per map layer, shared by server and web.
 *
 * The server binds each entry to its SQL file (server/tiles/layers.ts), serves its tiles and
 * TileJSON, and registers its data version at start-up (server/tiles/versions.ts). The web derives
 * its sources, styles, legend, pick targets and selection from it (web/src/layers/). Tests and the
 * benchmark iterate it. Adding a layer starts here: see docs/layers.md.
 *
 * No side effects and no heavy imports: the browser loads this file.
 */
import {
  COMMUNE_BANDS,
  SURVIVAL_CLASSES,
  SURVIVAL_COLORS,
  UNIT_2025_CLASSES,
  VILLAGE_BANDS,
  ZOOMS,
} from './classes.ts';

/** Query parameters a tile layer may take beyond z/x/y (validated by TileQuery in api.ts). */
export const TILE_FILTER_KEYS = ['year', 'criterion', 'compare', 'plantingYear'] as const;
export type TileFilterKey = (typeof TILE_FILTER_KEYS)[number];
/** Filter values of one tile request, already validated. */
export type TileFilters = Partial<Record<TileFilterKey, number>>;

/** TileJSON field types (vector_layers[].fields). */
export type FieldType = 'String' | 'Number' | 'Boolean';

/** One class of a layer: the value or range of a property and its colour. */
export interface LayerClass {
  id: string;
  color: string;
}

export interface LayerDescription {
  /** Tile layer id: the URL segment, the MVT source-layer name, the data_version row. */
  id: string;
  geometry: 'polygon' | 'line' | 'point';
  minzoom: number;
  maxzoom: number;
  /** Properties every tile feature may carry, with their TileJSON types. */
  fields: Readonly<Record<string, FieldType>>;
  /**
   * Query filters the layer honours, in the order its SQL binds them after z/x/y ($4, $5 …).
   * They are part of the tile cache key; other query parameters are ignored.
   */
  filters: readonly TileFilterKey[];
  /** The property the map colours by and its classes (absent: outlines only). */
  classes?: { property: string; values: readonly LayerClass[] };
  /**
   * Layers whose data this layer's tiles are computed from: a write that bumps one of them bumps
   * this one too (server/tiles/versions.ts), so a derived layer never shows stale colours.
   */
  derivedFrom?: readonly string[];
  /** For TileJSON: Vietnamese / English. */
  description: string;
  /** Filters the benchmark and the layer tests request it with (what the web app sends). */
  sample: TileFilters;
}

const rgbHex = (c: readonly number[]) => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;

const communes = {
  id: 'communes',
  geometry: 'polygon',
  minzoom: 0,
  maxzoom: ZOOMS.maxTile,
  fields: {
    code: 'String', name: 'String', kind: 'String', district_code: 'String', in_ntm: 'Boolean',
    criteria_met: 'Number', meets_all: 'Boolean', criterion_met: 'Boolean', level: 'String',
    recognised: 'Boolean', target_level: 'String', criteria_met_compare: 'Number', change: 'Number',
  },
  filters: ['year', 'criterion', 'compare'],
  classes: { property: 'criteria_met', values: COMMUNE_BANDS.map((b) => ({ id: b.id, color: b.color })) },
  description: 'Xã, phường, thị trấn with NTM status / communes with NTM status',
  sample: { year: 2023 },
} as const satisfies LayerDescription;

const districts = {
  id: 'districts',
  geometry: 'polygon',
  minzoom: 0,
  maxzoom: ZOOMS.maxTile,
  fields: { code: 'String', name: 'String', kind: 'String' },
  filters: [],
  description: 'Huyện and the city / districts',
  sample: {},
} as const satisfies LayerDescription;

const tieukhu = {
  id: 'tieukhu',
  geometry: 'polygon',
  minzoom: ZOOMS.tieukhuMin,
  maxzoom: ZOOMS.maxTile,
  fields: { tk: 'Number', commune_code: 'String', area_ha: 'Number' },
  filters: [],
  description: 'Tiểu khu (forest sub-compartments)',
  sample: {},
} as const satisfies LayerDescription;

const khoanh = {
  id: 'khoanh',
  geometry: 'polygon',
  minzoom: ZOOMS.khoanhMin,
  maxzoom: ZOOMS.maxTile,
  fields: { tk: 'Number', khoanh: 'Number', label: 'String' },
  filters: [],
  description: 'Khoảnh (compartment units)',
  sample: {},
} as const satisfies LayerDescription;

const plots = {
  id: 'plots',
  geometry: 'polygon',
  minzoom: ZOOMS.plotsMin,
  maxzoom: ZOOMS.maxTile,
  fields: {
    id: 'Number', tk: 'Number', khoanh: 'Number', lo: 'String', label: 'String', area_ha: 'Number',
    commune_code: 'String', ldlr: 'String', forest_function: 'String', funding: 'String',
    planting_year: 'Number', cls: 'String', survival_pct: 'Number',
  },
  filters: ['plantingYear'],
  classes: { property: 'cls', values: SURVIVAL_CLASSES.map((c) => ({ id: c, color: SURVIVAL_COLORS[c] })) },
  description: 'Lô (forest plots) by planting survival class',
  sample: {},
} as const satisfies LayerDescription;

/**
 * The province view of the forest: tiểu khu filled by the planting class holding the largest share
 * of their planted area (precomputed per tiểu khu, migration 042), drawn below the zoom where lô
 * become legible (ZOOMS.plotsMin), where the lô layer takes over.
 */
const tkplanting = {
  id: 'tkplanting',
  geometry: 'polygon',
  minzoom: 6,
  maxzoom: ZOOMS.plotsMin,
  fields: {
    tk: 'Number', commune_code: 'String', planted_ha: 'Number', accepted_ha: 'Number', replant_ha: 'Number',
    rejected_ha: 'Number', not_inspected_ha: 'Number', cls: 'String', share_pct: 'Number',
  },
  filters: ['plantingYear'],
  classes: { property: 'cls', values: SURVIVAL_CLASSES.map((c) => ({ id: c, color: SURVIVAL_COLORS[c] })) },
  // its sums follow the lô's plantings and inspections: a write that bumps plots bumps it too
  derivedFrom: ['plots'],
  description: 'Trồng rừng theo tiểu khu / planting results by tiểu khu',
  sample: {},
} as const satisfies LayerDescription;

const villages = {
  id: 'villages',
  geometry: 'point',
  minzoom: 0,
  maxzoom: ZOOMS.maxTile,
  fields: {
    code: 'String', name: 'String', kind: 'String', commune_code: 'String', ethnic_minority: 'Boolean',
    pilot_tier: 'String', criteria_met: 'Number', recognised: 'Boolean', target: 'Boolean',
  },
  filters: ['year'],
  classes: { property: 'criteria_met', values: VILLAGE_BANDS.map((b) => ({ id: b.id, color: rgbHex(b.color) })) },
  description: 'Thôn, làng with village NTM status / villages with village NTM status',
  sample: { year: 2023 },
} as const satisfies LayerDescription;

/**
 * The units of 1 July 2025 (Resolution 1677/NQ-UBTVQH15): 40 communes and wards, each the union of
 * its old units (migration 044). Coloured by how many of its old xã had reached NTM in the year —
 * counts of the old units' own records, never an average invented for the new unit.
 */
const units2025 = {
  id: 'units2025',
  geometry: 'polygon',
  minzoom: 0,
  maxzoom: ZOOMS.maxTile,
  fields: {
    code: 'String', name: 'String', kind: 'String', old_units: 'Number', old_xa: 'Number',
    ntm_count: 'Number', ntm_class: 'String',
  },
  filters: ['year'],
  classes: { property: 'ntm_class', values: UNIT_2025_CLASSES },
  derivedFrom: ['communes'],
  description: 'Xã, phường từ 1/7/2025, gộp từ các đơn vị cũ / communes and wards from 1 July 2025',
  sample: { year: 2023 },
} as const satisfies LayerDescription;

// ---- OCOP products and the programmes' capital (issue 17) ----

/** OCOP star classes: 3, 4, potential 5 (proposed to the Ministry), 5 stars; registered, not rated yet. */
export const OCOP_CLASSES = [
  { id: '3', color: '#e8b10f' },
  { id: '4', color: '#e0561b' },
  { id: '5p', color: '#c2187a' },
  { id: '5', color: '#5b1a8e' },
  { id: 'registered', color: '#8a8a8a' },
] as const satisfies readonly LayerClass[];

/**
 * OCOP products (Mỗi xã một sản phẩm): one point per product, coloured by its valid star rating
 * (migration 045). From zoom 8: at the province view 215 points would cover the communes.
 */
const ocop = {
  id: 'ocop',
  geometry: 'point',
  minzoom: 8,
  maxzoom: ZOOMS.maxTile,
  fields: {
    id: 'Number', name: 'String', producer: 'String', category: 'String', cls: 'String',
    rated_year: 'Number', registered_year: 'Number', commune_code: 'String',
  },
  filters: [],
  classes: { property: 'cls', values: OCOP_CLASSES },
  description: 'Sản phẩm OCOP theo hạng sao / OCOP products by star rating',
  sample: {},
} as const satisfies LayerDescription;

/** Share of the year's central capital of the national target programmes allocated in detail, in bands. */
export const CAPITAL_CLASSES = [
  { id: 'lt25', color: '#c62828', max: 25 },
  { id: 'lt50', color: '#f08a4b', max: 50 },
  { id: 'lt75', color: '#f6d06f', max: 75 },
  { id: 'lt100', color: '#9fcf6b', max: 100 },
  { id: 'full', color: '#2e8b45', max: Infinity },
] as const;

/**
 * The national target programmes' capital by district (migration 046): each district filled by
 * the share of the year's central capital it had allocated in detail (report 002, 16 March 2023).
 */
const capital = {
  id: 'capital',
  geometry: 'polygon',
  minzoom: 0,
  maxzoom: ZOOMS.maxTile,
  fields: {
    code: 'String', name: 'String', year: 'Number', allocated_pct: 'Number', disbursed_pct: 'Number',
    cls: 'String', source: 'String',
  },
  filters: ['year'],
  classes: { property: 'cls', values: CAPITAL_CLASSES.map((c) => ({ id: c.id, color: c.color })) },
  description: 'Vốn các CTMTQG theo huyện: tỷ lệ phân bổ chi tiết / national target programmes\' capital by district',
  sample: { year: 2023 },
} as const satisfies LayerDescription;

/** Every tile layer, in the order the API lists them. Add a layer here (docs/layers.md). */
export const LAYER_REGISTRY = { communes, districts, tieukhu, khoanh, plots, tkplanting, villages, units2025, ocop, capital } as const;

export type TileLayer = keyof typeof LAYER_REGISTRY;
export const TILE_LAYERS = Object.keys(LAYER_REGISTRY) as [TileLayer, ...TileLayer[]];

export function isTileLayer(x: string): x is TileLayer {
  return Object.prototype.hasOwnProperty.call(LAYER_REGISTRY, x);
}

export function layerDescription(id: TileLayer): LayerDescription {
  return LAYER_REGISTRY[id];
}

/**
 * GET /api/tiles/<layer>/features/<id>: one feature of a layer for its info panel, from the
 * layer's detail SQL (server/sql/details/<layer>.sql), the properties as the SQL names them.
 */
export interface FeatureDetail {
  layer: TileLayer;
  id: string;
  properties: Record<string, string | number | boolean | null>;
}

/** The notice that travels with every tile set (TileJSON attribution): the demo data are illustrative. */
export const TILE_ATTRIBUTION =
  'Dữ liệu minh họa, không dùng làm căn cứ pháp lý · Kon Tum Atlas / Illustrative data, not a legal basis';
