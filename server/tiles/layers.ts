import { sqlFile } from '../sql/load.ts';
import { ZOOMS } from '../domain/classes.ts';
import type { TileLayer } from '../domain/api.ts';

/** Query parameters a tile layer accepts beyond z/x/y, already validated. */
export interface TileFilters {
  year?: number;
  criterion?: number;
  /** communes: a second year; tiles then carry criteria_met_compare and change */
  compare?: number;
  plantingYear?: number;
}

export interface TileLayerDef {
  id: TileLayer;
  /** The layer's SQL (server/sql/tiles/<id>.sql): $1 z, $2 x, $3 y, then extraParams. */
  sql: string;
  minzoom: number;
  maxzoom: number;
  /** Bind parameters after z/x/y. */
  extraParams(f: TileFilters): (number | null)[];
  /** Which filters change the tile (part of the cache key). */
  filterKeys: (keyof TileFilters)[];
  /** Field types for TileJSON's vector_layers. */
  fields: Record<string, string>;
  description: string;
}

const tileSql = (id: string) => sqlFile(`tiles/${id}`);

export const TILE_LAYER_DEFS: Record<TileLayer, TileLayerDef> = {
  communes: {
    id: 'communes',
    sql: tileSql('communes'),
    minzoom: 0,
    maxzoom: ZOOMS.maxTile,
    extraParams: (f) => [f.year ?? null, f.criterion ?? null, f.compare ?? null],
    filterKeys: ['year', 'criterion', 'compare'],
    fields: {
      code: 'String', name: 'String', kind: 'String', district_code: 'String', in_ntm: 'Boolean',
      criteria_met: 'Number', meets_all: 'Boolean', criterion_met: 'Boolean', level: 'String',
      recognised: 'Boolean', target_level: 'String', criteria_met_compare: 'Number', change: 'Number',
    },
    description: 'Xã, phường, thị trấn with NTM status / communes with NTM status',
  },
  districts: {
    id: 'districts',
    sql: tileSql('districts'),
    minzoom: 0,
    maxzoom: ZOOMS.maxTile,
    extraParams: () => [],
    filterKeys: [],
    fields: { code: 'String', name: 'String', kind: 'String' },
    description: 'Huyện and the city / districts',
  },
  tieukhu: {
    id: 'tieukhu',
    sql: tileSql('tieukhu'),
    minzoom: ZOOMS.tieukhuMin,
    maxzoom: ZOOMS.maxTile,
    extraParams: () => [],
    filterKeys: [],
    fields: { tk: 'Number', commune_code: 'String', area_ha: 'Number' },
    description: 'Tiểu khu (forest sub-compartments)',
  },
  khoanh: {
    id: 'khoanh',
    sql: tileSql('khoanh'),
    minzoom: ZOOMS.khoanhMin,
    maxzoom: ZOOMS.maxTile,
    extraParams: () => [],
    filterKeys: [],
    fields: { tk: 'Number', khoanh: 'Number', label: 'String' },
    description: 'Khoảnh (compartment units)',
  },
  plots: {
    id: 'plots',
    sql: tileSql('plots'),
    minzoom: ZOOMS.plotsMin,
    maxzoom: ZOOMS.maxTile,
    extraParams: (f) => [f.plantingYear ?? null],
    filterKeys: ['plantingYear'],
    fields: {
      id: 'Number', tk: 'Number', khoanh: 'Number', lo: 'String', label: 'String', area_ha: 'Number',
      commune_code: 'String', ldlr: 'String', forest_function: 'String', funding: 'String',
      planting_year: 'Number', cls: 'String', survival_pct: 'Number',
    },
    description: 'Lô (forest plots) by planting survival class',
  },
  villages: {
    id: 'villages',
    sql: tileSql('villages'),
    minzoom: 0,
    maxzoom: ZOOMS.maxTile,
    extraParams: (f) => [f.year ?? null],
    filterKeys: ['year'],
    fields: {
      code: 'String', name: 'String', kind: 'String', commune_code: 'String', ethnic_minority: 'Boolean',
      pilot_tier: 'String', criteria_met: 'Number', recognised: 'Boolean', target: 'Boolean',
    },
    description: 'Thôn, làng with village NTM status / villages with village NTM status',
  },
};
