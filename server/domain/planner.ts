/**
 * The planner's contract, shared by server and web: site search constraints and
 * answer, the transparent score, planting plans, area analysis and village buffers.
 * Every message carries Vietnamese and English ("vi / en") like the rest of server/domain.
 */
import { z } from 'zod';
import type { MultiPolygon, Polygon } from 'geojson';
import { UnitCode } from './api.ts';
import type { Unit2025Ref } from './units-2025.ts';
import { PROVINCE_BOUNDS } from './geo.ts';
import { BigId, Int4Id, VersionNo } from './bounds.ts';

export const FOREST_FUNCTIONS = ['production', 'protection', 'special_use', 'outside'] as const;
export type ForestFunction = (typeof FOREST_FUNCTIONS)[number];
export const OWNER_KINDS = ['state', 'commune', 'household', 'community', 'company'] as const;
export type OwnerKind = (typeof OWNER_KINDS)[number];
/** Land types (ldlr) suitable for new planting: unforested land, with or without regeneration. */
export const PLANTABLE_LDLR = ['DT1', 'DT2'] as const;
/** The land / forest type codes the inventory uses (national classification, demo subset). */
export const LDLR_CODES = ['TXG', 'TXB', 'TXN', 'TXP', 'HG1', 'NUA', 'RTG', 'DTR', 'DT2', 'DT1', 'NN', 'DKH'] as const;

/** Most lô a search returns (the totals cover every match). */
export const MAX_SITE_RESULTS = 2000;
/** Vertices a drawn area may have. */
export const MAX_AREA_VERTICES = 5000;

const Km = (max: number) =>
  z
    .number({ error: 'Khoảng cách phải là số (km) / Distance must be a number (km)' })
    .positive({ error: 'Khoảng cách phải lớn hơn 0 / Distance must be greater than 0' })
    .max(max, { error: `Khoảng cách tối đa ${max} km / Distance must be at most ${max} km` });

const Lon = z.number().min(PROVINCE_BOUNDS[0], { error: 'Kinh độ ngoài tỉnh / Longitude outside the province' }).max(PROVINCE_BOUNDS[2], { error: 'Kinh độ ngoài tỉnh / Longitude outside the province' });
const Lat = z.number().min(PROVINCE_BOUNDS[1], { error: 'Vĩ độ ngoài tỉnh / Latitude outside the province' }).max(PROVINCE_BOUNDS[3], { error: 'Vĩ độ ngoài tỉnh / Latitude outside the province' });
const PlanYear = z.number().int().min(2000, { error: 'Năm từ 2000 / Year from 2000' }).max(2100, { error: 'Năm đến 2100 / Year up to 2100' });

/** Weights of the score components (0–10 each; a component with weight 0 does not count). */
export const ScoreWeights = z
  .object({
    area: z.number().min(0).max(10).default(1),
    access: z.number().min(0).max(10).default(1),
    point: z.number().min(0).max(10).default(1),
    bare: z.number().min(0).max(10).default(0.5),
  })
  .strict();
export type ScoreWeights = z.infer<typeof ScoreWeights>;
export const DEFAULT_WEIGHTS: ScoreWeights = { area: 1, access: 1, point: 1, bare: 0.5 };

/** Constraints of a site search (POST /api/sites/search). Every field is optional. */
export const SiteSearch = z
  .object({
    /** the plan year: "not planted in the last N years" counts back from it; the target is this year's */
    year: PlanYear.default(2023),
    district: UnitCode.optional(),
    communes: z.array(UnitCode).max(50, { error: 'Tối đa 50 xã / At most 50 communes' }).optional(),
    tieuKhu: z.array(Int4Id).max(200, { error: 'Tối đa 200 tiểu khu / At most 200 tiểu khu' }).optional(),
    ldlr: z.array(z.enum(LDLR_CODES, { error: 'Mã loại đất loại rừng không hợp lệ / Unknown land type code' })).max(20).optional(),
    functions: z.array(z.enum(FOREST_FUNCTIONS, { error: 'Chức năng rừng không hợp lệ / Unknown forest function' })).max(4).optional(),
    ownerKinds: z.array(z.enum(OWNER_KINDS, { error: 'Loại chủ rừng không hợp lệ / Unknown owner kind' })).max(5).optional(),
    areaMin: z.number().min(0).max(10_000).optional(),
    areaMax: z.number().min(0).max(10_000).optional(),
    /** no planting in the years (year − N, year]; 0 or absent: no condition */
    notPlantedYears: z.number().int().min(0).max(50).optional(),
    /** lô whose latest planting was rejected and never replanted: include (default), exclude, or only those */
    rejected: z.enum(['include', 'exclude', 'only']).default('include'),
    /** at most this far from the nearest village */
    villageKm: Km(50).optional(),
    /** at most `km` from this point */
    point: z.object({ lon: Lon, lat: Lat, km: Km(100) }).strict().optional(),
    /** leave out lô already in a plan of this year (except this plan, when editing it) */
    excludePlanned: z.boolean().default(false),
    planId: BigId.optional(),
    weights: ScoreWeights.default(DEFAULT_WEIGHTS),
    limit: z.number().int().min(1).max(MAX_SITE_RESULTS).default(500),
    /** simplified lô outlines for the map (default true) */
    geometry: z.boolean().default(true),
  })
  .strict()
  .refine((s) => s.areaMin == null || s.areaMax == null || s.areaMin <= s.areaMax, {
    error: 'Diện tích tối thiểu lớn hơn tối đa / Minimum area is above the maximum',
    path: ['areaMin'],
  });
export type SiteSearch = z.output<typeof SiteSearch>;
export type SiteSearchInput = z.input<typeof SiteSearch>;

/** The parts of a lô's score, each between 0 and 1 (null: not applicable to this search). */
export interface ScoreComponents {
  /** lô area over the largest matching lô's area */
  area: number;
  /** 1 at a village, 0 at the distance limit (villageKm, or 5 km) */
  access: number;
  /** 1 at the chosen point, 0 at its radius; null without a point */
  point: number | null;
  /** 1 for unforested land (DT1, DT2), 0 otherwise */
  bare: number;
}

/** The score: Σ weight × component / Σ weight over the applicable components (0–100). */
export function siteScore(c: ScoreComponents, w: ScoreWeights): number {
  let num = 0;
  let den = 0;
  const add = (v: number | null, weight: number) => {
    if (v == null || weight <= 0) return;
    num += weight * v;
    den += weight;
  };
  add(c.area, w.area);
  add(c.access, w.access);
  add(c.point, w.point);
  add(c.bare, w.bare);
  return den === 0 ? 0 : Math.round((1000 * num) / den) / 10;
}

export interface SiteRow {
  plotId: number;
  label: string;
  tk: number;
  khoanh: number;
  lo: string;
  communeCode: string;
  communeName: string;
  areaHa: number;
  ldlr: string;
  forestFunction: ForestFunction;
  ownerKind: OwnerKind | null;
  churung: string | null;
  lastPlanted: number | null;
  /** the latest planting was rejected and the lô not planted again */
  rejectedNotReplanted: boolean;
  nearestVillage: { code: string; name: string; distanceM: number } | null;
  pointDistanceM: number | null;
  /** a plan of the search year already holds this lô */
  planned: boolean;
  components: ScoreComponents;
  score: number;
  center: [number, number];
  bbox: [number, number, number, number];
  geometry: MultiPolygon | null;
}

export interface SiteSearchResponse {
  year: number;
  /** all matches (rows may be fewer: limit) */
  count: number;
  totalAreaHa: number;
  /** the unit whose target applies: the single commune chosen, else the district */
  target: { unitCode: string; unitName: string; year: number; targetHa: number | null; plannedHa: number } | null;
  rows: SiteRow[];
  truncated: boolean;
}

// ---------- plans ----------

export const FUNDING = ['state', 'self'] as const;

const Text = (max: number) => z.string().trim().max(max, { error: `Tối đa ${max} ký tự / At most ${max} characters` });

export const PlanSiteBody = z
  .object({
    plotId: BigId,
    /** hectares planted in the lô (default: the lô's whole area); at most the lô's area */
    areaHa: z.number().positive({ error: 'Diện tích phải lớn hơn 0 / Area must be greater than 0' }).max(10_000).optional(),
  })
  .strict();

/** A plan as written by POST (version 0 implied) and PUT (version = the one edited). */
export const PlanBody = z
  .object({
    name: Text(200).min(1, { error: 'Cần tên kế hoạch / A plan name is required' }),
    year: PlanYear,
    unitCode: UnitCode,
    species: Text(100).nullable().optional(),
    funding: z.enum(FUNDING, { error: 'Nguồn vốn: state hoặc self / Funding: state or self' }).nullable().optional(),
    households: z.number().int().min(0).max(100_000).nullable().optional(),
    note: Text(2000).nullable().optional(),
    sites: z
      .array(PlanSiteBody)
      .max(2000, { error: 'Tối đa 2000 lô / At most 2000 lô' })
      .refine((s) => new Set(s.map((x) => x.plotId)).size === s.length, { error: 'Một lô xuất hiện hai lần / A lô appears twice' }),
    version: VersionNo.optional(),
    /** idempotency key of a creation (a retried POST returns the first plan) */
    clientRequestId: z.string().regex(/^[A-Za-z0-9_-]{8,100}$/, { error: 'Mã gửi không hợp lệ / Invalid clientRequestId' }).optional(),
  })
  .strict();
export type PlanBody = z.output<typeof PlanBody>;
export type PlanBodyInput = z.input<typeof PlanBody>;

export interface PlanSite {
  plotId: number;
  label: string;
  communeCode: string;
  communeName: string;
  ldlr: string;
  forestFunction: ForestFunction;
  lotAreaHa: number;
  areaHa: number;
  center: [number, number];
}

export interface PlanSummary {
  id: number;
  name: string;
  year: number;
  unitCode: string;
  unitName: string;
  species: string | null;
  funding: 'state' | 'self' | null;
  households: number | null;
  note: string | null;
  version: number;
  siteCount: number;
  totalHa: number;
  targetHa: number | null;
  createdBy: string | null;
  updatedAt: string;
  /** the new unit the plan was made in (a commune's plan made on/after 1 July 2025); null otherwise */
  unit2025: Unit2025Ref | null;
}

export interface PlanRecord extends PlanSummary {
  sites: PlanSite[];
}

// ---------- area analysis ----------

type Position = [number, number];
const PositionSchema = z.tuple([z.number().finite(), z.number().finite()]).rest(z.number().finite());
const Ring = z.array(PositionSchema).min(4, { error: 'Một vòng cần ít nhất 4 điểm / A ring needs at least 4 positions' });
const PolygonGeometry = z.object({ type: z.literal('Polygon'), coordinates: z.array(Ring).min(1).max(100) }).strict();
const MultiPolygonGeometry = z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(Ring).min(1).max(100)).min(1).max(100) }).strict();
const AreaGeometry = z.discriminatedUnion('type', [PolygonGeometry, MultiPolygonGeometry]);

function ringsOf(g: z.infer<typeof AreaGeometry>): Position[][] {
  if (!Array.isArray(g.coordinates)) return [];
  return (g.type === 'Polygon' ? g.coordinates : g.coordinates.flat()) as Position[][];
}

/** Checks of a drawn area that zod's shape cannot express: vertex count, closed rings, inside the province. */
function checkArea(g: z.infer<typeof AreaGeometry>, ctx: z.RefinementCtx): void {
  const rings = ringsOf(g);
  // zod runs refinements on input whose shape already failed (e.g. an empty ring): those issues
  // are reported; only well-shaped rings are looked into here
  const wellShaped = (r: unknown): r is Position[] =>
    Array.isArray(r) && r.length >= 4 && r.every((p) => Array.isArray(p) && p.length >= 2 && p.every((v) => typeof v === 'number' && Number.isFinite(v)));
  if (!Array.isArray(rings) || rings.length === 0 || !rings.every(wellShaped)) return;
  const n = rings.reduce((s, r) => s + r.length, 0);
  if (n > MAX_AREA_VERTICES) {
    ctx.addIssue({ code: 'custom', message: `Tối đa ${MAX_AREA_VERTICES} đỉnh (có ${n}) / At most ${MAX_AREA_VERTICES} vertices (got ${n})` });
    return;
  }
  const [w, s, e, nn] = PROVINCE_BOUNDS;
  rings.forEach((r, i) => {
    const a = r[0]!;
    const b = r[r.length - 1]!;
    if (a[0] !== b[0] || a[1] !== b[1]) ctx.addIssue({ code: 'custom', message: `Vòng ${i + 1} không khép kín / Ring ${i + 1} is not closed` });
    if (r.some((p) => p[0] < w || p[0] > e || p[1] < s || p[1] > nn)) {
      ctx.addIssue({ code: 'custom', message: `Vòng ${i + 1} ra ngoài phạm vi tỉnh Kon Tum / Ring ${i + 1} goes outside Kon Tum province` });
    }
  });
}

/** POST /api/stats/area: a GeoJSON Polygon/MultiPolygon (bare or as a Feature), or a named area. */
export const AreaQuery = z.union([
  AreaGeometry.superRefine(checkArea),
  z.object({ type: z.literal('Feature'), geometry: AreaGeometry.superRefine(checkArea), properties: z.unknown().optional() }).transform((f) => f.geometry),
  z.object({ commune: UnitCode }).strict(),
  z.object({ tieuKhu: Int4Id }).strict(),
  z.object({ planId: BigId }).strict(),
]);
export type AreaQuery = z.output<typeof AreaQuery>;
export type AreaGeometry = z.infer<typeof AreaGeometry>;

export interface AreaClassRow {
  key: string;
  areaHa: number;
  count: number;
}

export interface AreaAnalysis {
  /** what was analysed */
  source: { kind: 'drawn' | 'commune' | 'tieuKhu' | 'plan'; id: string | null; label: string | null };
  areaHa: number;
  bbox: [number, number, number, number];
  communes: { code: string; name: string; districtName: string; areaHa: number; shareOfArea: number; shareOfCommune: number; ntm: { year: number; criteriaMet: number; of: number; level: string } | null }[];
  plots: { count: number; areaHa: number; byLandType: AreaClassRow[]; byFunction: AreaClassRow[]; byClass: AreaClassRow[] };
  planting: { plantedHa: number; acceptedHa: number; replantHa: number; rejectedHa: number; notInspectedHa: number; withdrawnHa: number };
  villages: { code: string; name: string; communeName: string; ethnicMinority: boolean; year: number | null; criteriaMet: number | null; of: number | null }[];
  /** the analysed outline (for the map) */
  geometry: MultiPolygon;
}

// ---------- buffers ----------

export const BufferQuery = z
  .object({
    villages: z
      .union([z.string(), z.array(z.string())])
      .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^\d{2,5}-\d{1,3}$/, { error: 'Mã thôn không hợp lệ / Invalid village code' })).min(1, { error: 'Chọn ít nhất một thôn / Choose at least one village' }).max(50, { error: 'Tối đa 50 thôn / At most 50 villages' })),
    km: z.coerce.number().positive({ error: 'Bán kính phải lớn hơn 0 / Radius must be greater than 0' }).max(20, { error: 'Bán kính tối đa 20 km / Radius at most 20 km' }),
    functions: z.array(z.enum(FOREST_FUNCTIONS)).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_SITE_RESULTS).default(1000),
  })
  .strict();
export type BufferQuery = z.output<typeof BufferQuery>;

export interface BufferResponse {
  km: number;
  villages: { code: string; name: string; communeName: string; lon: number; lat: number; plotCount: number; areaHa: number }[];
  count: number;
  totalAreaHa: number;
  rows: { plotId: number; label: string; communeName: string; areaHa: number; ldlr: string; forestFunction: ForestFunction; villageCode: string; distanceM: number; geometry: MultiPolygon }[];
  /** the buffer circles, one MultiPolygon per village */
  buffers: { code: string; geometry: Polygon | MultiPolygon }[];
  truncated: boolean;
}
