/**
 * The HTTP contract between server and web: zod schemas for inputs, TypeScript types for outputs.
 * Server routes validate with these schemas; the web client imports the same types.
 */
import { z } from 'zod';
import type { NtmLevel, SurvivalClass } from './classes.ts';
import { TILE_LAYERS, type TileLayer } from './layers.ts';
import { EraParam } from './era.ts';
import type { Unit2025Ref } from './units-2025.ts';

// ---------- shared pieces ----------
export const Year = z.coerce.number().int().min(2000).max(2100);
export const UnitCode = z.string().regex(/^\d{2,5}$/, 'mã đơn vị hành chính không hợp lệ / invalid administrative unit code');
export const VillageCode = z.string().regex(/^\d{5}-\d{2,3}$/, 'mã thôn không hợp lệ / invalid village code');
export const PlotId = z.coerce.number().int().positive();
export const Lang = z.enum(['vi', 'en']);

/** Error body of every 4xx/5xx answer. */
export interface ApiError {
  error: {
    code: string;
    message: { vi: string; en: string };
    /** zod issues for 400/422, with the path of the offending field */
    issues?: { path: string; message: string }[];
    requestId?: string;
  };
}

// ---------- meta ----------
export interface MetaResponse {
  demo: boolean;
  database: 'embedded' | 'postgres';
  mvt: 'native' | 'encoded';
  bounds: [number, number, number, number];
  center: [number, number];
  /** targetYears: the years for which communes have named targets (ntm_commune_target) */
  commune: { years: number[]; latestYear: number; targetYears: number[] };
  village: { years: number[]; latestYear: number };
  planting: { years: number[] };
  criteriaSets: CriteriaSetInfo[];
  assessments: { scope: 'commune' | 'village'; year: number; asOf: string; criteriaSetId: string; source: { vi: string; en: string } }[];
  thresholds: { acceptedAbovePct: number; rejectedBelowPct: number };
  basemapStyleUrl: string;
}
export interface CriteriaSetInfo {
  id: string;
  scope: 'commune' | 'village';
  yearFrom: number;
  yearTo: number;
  name: { vi: string; en: string };
  criteria: { no: number; name: { vi: string; en: string } }[];
}

// ---------- tiles ----------
// the tile layers are those of the layer registry (domain/layers.ts)
export { TILE_LAYERS, type TileLayer };
export const TileParams = z.object({
  layer: z.enum(TILE_LAYERS),
  z: z.coerce.number().int().min(0).max(22),
  x: z.coerce.number().int().min(0),
  y: z.coerce.number().int().min(0),
});
export const TileQuery = z.object({
  year: Year.optional(),
  criterion: z.coerce.number().int().min(1).max(30).optional(),
  /** communes layer: a year to compare with (criteria gained or lost since) */
  compare: Year.optional(),
  /** plots layer: planting year filter */
  plantingYear: Year.optional(),
  /** the layer's data version the URL was made for (TileJSON, the web app): cached for good when current */
  v: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});
/**
 * Feature properties in each tile layer (source-layer name = layer name).
 * communes: code, name, kind ('xa'|'phuong'|'thi_tran'), district_code, in_ntm (bool),
 *   criteria_met (0..19, absent without data), level (NtmLevel), recognised (bool),
 *   meets_all (bool), criterion_met (bool, only with ?criterion=), target_level (NtmLevel|'' for ?year= targets),
 *   criteria_met_compare and change (criteria_met − criteria_met_compare), only with ?compare=
 * districts: code, name
 * tieukhu: tk, commune_code, area_ha
 * khoanh: tk, khoanh, label ('K 3')
 * plots: id, tk, khoanh, lo, label ('TK 568 · K 3 · L 12'), area_ha, commune_code, ldlr, forest_function,
 *   funding ('state'|'self'|''), planting_year (0 when none), cls (SurvivalClass | 'none'), survival_pct (-1 when none)
 */
export interface TileJson {
  tilejson: '3.0.0';
  name: string;
  description: string;
  tiles: string[];
  minzoom: number;
  maxzoom: number;
  bounds: [number, number, number, number];
  /** the illustrative-data notice, shown by any map that draws these tiles */
  attribution: string;
  vector_layers: { id: string; fields: Record<string, string>; minzoom: number; maxzoom: number }[];
}
/** GET /api/tiles/versions: each tile layer's current data version (bumped by every write to it). */
export type TileVersions = Record<TileLayer, number>;

// ---------- villages (GeoJSON for deck.gl) ----------
export const VillagesQuery = z.object({ year: Year.optional(), commune: UnitCode.optional() });
export interface VillageFeatureProps {
  code: string;
  name: string;
  commune_code: string;
  commune_name: string;
  ethnic_minority: boolean;
  pilot_tier: 'city' | 'commune' | 'other' | null;
  criteria_met: number | null;
  recognised: boolean;
  target: boolean;
}

// ---------- details ----------
export interface CriterionStatus {
  no: number;
  name: { vi: string; en: string };
  met: boolean;
  firstMetYear: number | null;
  evidence: string | null;
  evidenceDate: string | null;
  version: number;
}
export interface CommuneDetail {
  code: string;
  name: string;
  fullName: string;
  kind: 'xa' | 'phuong' | 'thi_tran';
  district: { code: string; name: string };
  inNtmProgramme: boolean;
  areaHa: number;
  year: number;
  criteriaSetId: string | null;
  criteriaMet: number | null;
  criteria: CriterionStatus[];
  level: NtmLevel;
  recognisedOn: string | null;
  target: { year: number; level: NtmLevel } | null;
  history: { year: number; criteriaMet: number; level: NtmLevel; recognised: boolean }[];
  rank: { inDistrict: number; districtCount: number; inProvince: number; provinceCount: number } | null;
  villages: { code: string; name: string; pilotTier: string | null; criteriaMet: number | null }[];
  /** Report records of the commune (migrations 048–050): cultural infrastructure, village plans, scattered trees. */
  records: {
    infrastructure: {
      asOf: string | null;
      villages: number;
      ethnicMinorityVillages: number;
      nhaRong: number;
      cultureHouseAndSportsGround: number;
      culturalAreaRecognised: number;
      /** null: not a commune of the commune culture-house records (wards, townships) */
      communeCultureHouse: 'none' | 'built' | 'standard' | null;
    } | null;
    villagePlans: { year: number; built: boolean }[];
    scatteredTrees: { year: number; treesPlanted: number; treesAlive: number | null; survivalPct: number | null; inspectedOn: string | null; selfChecked: boolean | null }[];
  };
}
export interface VillageDetail {
  code: string;
  name: string;
  kind: 'thon' | 'lang' | 'to_dan_pho';
  commune: { code: string; name: string; kind: string };
  district: { code: string; name: string };
  ethnicMinority: boolean;
  mainEthnic: string | null;
  households: number | null;
  pilotTier: 'city' | 'commune' | 'other' | null;
  lon: number;
  lat: number;
  year: number;
  criteriaMet: number | null;
  criteria: CriterionStatus[];
  recognition: { year: number; level: 'ntm' | 'model'; recognisedOn: string } | null;
  targetYears: number[];
  history: { year: number; criteriaMet: number }[];
  /** Cultural infrastructure, latest record (migration 048); null when none is recorded. */
  infrastructure: { asOf: string; nhaRong: boolean; cultureHouse: boolean; sportsGround: boolean; culturalAreaRecognised: boolean } | null;
}
export interface SamplePlotOut {
  no: number;
  areaM2: number;
  planted: number;
  surviving: number;
}
export interface InspectionOut {
  id: number;
  plantingId: number;
  inspectedOn: string;
  stage: number;
  team: string | null;
  survivalPct: number;
  result: 'accepted' | 'replant' | 'rejected';
  gps: [number, number] | null;
  note: string | null;
  samplePlots: SamplePlotOut[];
  /** photos taken with the inspection, served by GET /api/inspections/:id/photos/:no */
  photos: { no: number; url: string; caption: string | null }[];
  /** the account that recorded it (display name), in the lô's history */
  recordedBy?: string | null;
  /** the new unit it was made in: set when inspected on/after 1 July 2025, null before (history keeps the old unit) */
  unit2025?: Unit2025Ref | null;
}
export interface PlotDetail {
  id: number;
  tk: number;
  khoanh: number;
  lo: string;
  label: string;
  commune: { code: string; name: string };
  district: { code: string; name: string };
  /** the new unit (from 1 July 2025) its commune became part of; null if the mapping lacks it */
  commune2025?: Unit2025Ref | null;
  dtich: number;
  ldlr: string;
  forestFunction: 'production' | 'protection' | 'special_use' | 'outside';
  churung: string | null;
  ownerKind: string | null;
  namtr: number | null;
  loaicay: string | null;
  centroid: [number, number];
  bbox: [number, number, number, number];
  plantings: {
    id: number;
    year: number;
    areaHa: number;
    species: string;
    funding: 'state' | 'self';
    household: string | null;
    densityPerHa: number;
    withdrawnOn: string | null;
    withdrawnReason: string | null;
    cls: SurvivalClass;
    inspections: InspectionOut[];
  }[];
  /** planting plans that hold the lô */
  plans?: { id: number; name: string; year: number }[];
}

/** GET /api/tieukhu/:no: a tiểu khu for its panel. */
export interface TieuKhuDetail {
  tk: number;
  label: string;
  commune: { code: string; name: string };
  district: { code: string; name: string };
  areaHa: number;
  centroid: [number, number];
  bbox: [number, number, number, number];
  khoanh: { khoanh: number; areaHa: number; plots: number }[];
  /** lô in the tiểu khu */
  plots: number;
  /** lô by the class of their latest planting ('none': never planted), with their recorded area */
  byClass: { cls: 'accepted' | 'replant' | 'rejected' | 'not_inspected' | 'withdrawn' | 'none'; plots: number; areaHa: number }[];
  /** area of the lô's latest plantings, and of those accepted */
  plantedHa: number;
  acceptedHa: number;
}

// ---------- statistics ----------
export const NtmStatsQuery = z.object({
  year: Year,
  by: z.enum(['province', 'district']).default('province'),
  /** restrict to one district (by=district) */
  district: UnitCode.optional(),
});
export interface NtmUnitStats {
  code: string;
  name: string;
  communes: number;
  /** criterion number → communes meeting it */
  perCriterion: Record<string, number>;
  bands: { '19': number; '15-18': number; '10-14': number; '5-9': number; '0-4': number };
  totalCriteria: number;
  averageCriteria: number; // rounded to 2 decimals
  meetingAll: number; // 19/19
  levels: { ntm: number; advanced: number; model: number }; // recognised, cumulative: ntm counts all recognised (ntm+advanced+model)
  recognised: number;
  belowTen: { code: string; name: string; criteriaMet: number }[];
  ntmCommunes: { code: string; name: string }[];
}
export interface NtmStatsResponse {
  year: number;
  asOf: string;
  criteriaSetId: string;
  criteria: { no: number; name: { vi: string; en: string } }[];
  province: NtmUnitStats;
  districts: NtmUnitStats[]; // empty when by=province
  weakest: { no: number; met: number; of: number }[]; // ascending by met
  targets: { year: number; level: string; unitCode: string; minCount: number; maxCount: number | null; communes: { code: string; name: string }[]; note: { vi: string; en: string } | null }[];
}

export const VillageStatsQuery = z.object({
  year: Year,
  /** baseline year for the increase in criteria */
  baseline: Year.optional(),
  /** a district (e.g. '608' Kon Tum city) or the province ('62'); era=after: the province or a unit of 1 July 2025 */
  unit: UnitCode.default('62'),
  /** 'after': grouped by unit of 1 July 2025 (byUnit2025) instead of by district */
  era: EraParam,
});
export interface VillageGroupStats {
  villages: number; // ethnic-minority villages
  pilotVillages: number;
  criteriaMetTotal: number; // over pilot villages
  averagePerPilot: number; // rounded to 1 decimal (reports print 7,9)
  increaseSinceBaseline: number | null;
  atTen: { code: string; name: string; communeName: string; pilotTier: string | null }[];
  recognised: { code: string; name: string; communeName: string }[];
  targeted: number;
}
export interface VillageStatsResponse {
  year: number;
  baseline: number | null;
  unit: { code: string; name: string };
  total: VillageGroupStats & { units: number };
  inCommunes: VillageGroupStats & { units: number };
  inWards: VillageGroupStats & { units: number };
  byCommune: (VillageGroupStats & { code: string; name: string; kind: string })[];
}

export const PlantingStatsQuery = z.object({
  plantingYear: Year,
  by: z.enum(['commune', 'district']).default('commune'),
  /** restrict to a district or commune (era=after: to one unit of 1 July 2025) */
  unit: UnitCode.optional(),
  /** 'after': by unit of 1 July 2025 (`by` does not apply) */
  era: EraParam,
});
export interface PlantingRow {
  code: string;
  name: string;
  plantedHa: number;
  inspectedHa: number;
  acceptedHa: number;
  replantHa: number;
  rejectedHa: number;
  notInspectedHa: number; // includes withdrawn
  withdrawnHa: number;
  survivalPct: number | null; // area-weighted over inspected area, 2 decimals
  targetHa: number | null;
}
export interface PlantingStatsResponse {
  plantingYear: number;
  /** unit2025: by unit of 1 July 2025 (era=after) */
  by: 'commune' | 'district' | 'unit2025';
  rows: PlantingRow[];
  total: PlantingRow;
}

// ---------- search and locate ----------
export const SearchQuery = z.object({ q: z.string().trim().min(1).max(200), limit: z.coerce.number().int().min(1).max(50).default(10) });
export type SearchHitKind = 'commune' | 'district' | 'unit2025' | 'village' | 'tieukhu' | 'khoanh' | 'plot' | 'coordinate';
export interface SearchHit {
  kind: SearchHitKind;
  id: string; // unit code, village code, 'tk:568', 'k:568/3', plot id, or 'lon,lat'
  label: string;
  sublabel: string;
  center: [number, number];
  bbox: [number, number, number, number] | null;
}
export interface SearchResponse {
  query: string;
  parsed: { kind: string; detail: string };
  hits: SearchHit[];
  /** a forest code that does not exist: the nearest existing units (same tiểu khu / khoảnh first) */
  suggestions?: SearchHit[];
}

export const LocateQuery = z.object({
  lon: z.coerce.number().min(-180).max(180),
  lat: z.coerce.number().min(-90).max(90),
});
export interface LocateResponse {
  lon: number;
  lat: number;
  /** null when answered on the phone from prepared data, with no signal (the projection is the server's) */
  vn2000: { x: number; y: number; zone: string; srid: number } | null;
  /** answered on the phone from an area prepared for offline (web/src/offline) */
  offline?: boolean;
  province: { code: string; name: string } | null;
  district: { code: string; name: string } | null;
  commune: { code: string; name: string } | null;
  tieukhu: number | null;
  khoanh: number | null;
  plot: { id: number; label: string } | null;
}
