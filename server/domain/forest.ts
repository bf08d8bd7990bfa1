/**
 * The forest & inspection contract shared by server and web: the body of a recorded
 * inspection (nghiệm thu), its answer, the replanting worklist and the export / progress queries.
 * The survival formula and the sample-plot checks live in survival.ts; this file builds on them.
 */
import { z } from 'zod';
import { LocateQuery, UnitCode, Year, type InspectionOut, type PlantingRow } from './api.ts';
import { samplePlotList, SamplePlotFields, survivingExceedsPlanted, type SamplePlot, type SurvivalAssessment } from './survival.ts';
import type { SurvivalClass, SurvivalThresholds } from './classes.ts';
import { EraParam } from './era.ts';

/** How a lô is named in lists, labels and reports: 'TK 568 · K 3 · L 12' (tiểu khu, khoảnh, lô). */
export const plotLabel = (tk: number, khoanh: number, lo: string) => `TK ${tk} · K ${khoanh} · L ${lo}`;

/**
 * Where "where am I" answers: Vietnam and a margin around it. Farther away the VN-2000 grid of
 * Kon Tum (transverse Mercator, central meridian 107°30′) is meaningless, and 90° from that
 * meridian the projection is not defined at all (PROJ refuses the point).
 */
export const LOCATE_EXTENT = { west: 99, south: 5, east: 113, north: 27 } as const;
export const LocatablePoint = LocateQuery.refine(
  (p) => p.lon >= LOCATE_EXTENT.west && p.lon <= LOCATE_EXTENT.east && p.lat >= LOCATE_EXTENT.south && p.lat <= LOCATE_EXTENT.north,
  { error: 'Vị trí nằm ngoài Việt Nam và vùng lân cận, nơi dùng hệ tọa độ VN-2000 / The position is outside Vietnam and its surroundings, where the VN-2000 grid applies' },
);

/** Photos per inspection and the size of one (base64 of a JPEG the browser has scaled down). */
export const MAX_PHOTOS = 4;
export const MAX_PHOTO_BYTES = 300 * 1024;
/** Body limit of POST /api/inspections: the photos (base64: 4/3 of their bytes) plus the counts, under the API's 2 MB. */
export const INSPECTION_BODY_LIMIT = 1900 * 1024;

/**
 * One sample plot as sent from the field: its area and either the trees planted in it or the
 * design density (trees/ha), from which planted = round(density × area / 10 000).
 */
export const SamplePlotBody = SamplePlotFields.extend({
  planted: SamplePlotFields.shape.planted.optional(),
  designPerHa: z
    .number({ error: 'Mật độ thiết kế phải là số / Design density must be a number' })
    .positive({ error: 'Mật độ thiết kế phải lớn hơn 0 / Design density must be greater than 0' })
    .max(20_000, { error: 'Mật độ thiết kế không quá 20 000 cây/ha / Design density must be at most 20 000 trees/ha' })
    .optional(),
}).strict();
export type SamplePlotBody = z.infer<typeof SamplePlotBody>;

/** Trees the plot should hold: the count given, or the design density times its area. */
export function plannedTrees(p: Pick<SamplePlotBody, 'areaM2' | 'planted' | 'designPerHa'>): number | null {
  if (p.planted != null) return p.planted;
  if (p.designPerHa != null) return Math.round((p.designPerHa * p.areaM2) / 10_000);
  return null;
}

/** The plots with `planted` resolved (the counting form of survival.ts). */
export function resolvePlots(plots: readonly SamplePlotBody[]): SamplePlot[] {
  return plots.map((p) => ({ areaM2: p.areaM2, planted: plannedTrees(p) ?? 0, surviving: p.surviving }));
}

const SamplePlotsBody = samplePlotList(SamplePlotBody).superRefine((plots, ctx) => {
    plots.forEach((p, i) => {
      const no = i + 1;
      if (p.planted != null && p.designPerHa != null) {
        ctx.addIssue({ code: 'custom', path: [i, 'planted'], message: `Ô tiêu chuẩn ${no}: chỉ nhập số cây trồng hoặc mật độ thiết kế, không cả hai / Sample plot ${no}: give planted or design density, not both` });
        return;
      }
      const planted = plannedTrees(p);
      if (planted == null) {
        ctx.addIssue({ code: 'custom', path: [i, 'planted'], message: `Ô tiêu chuẩn ${no}: thiếu số cây trồng (hoặc mật độ thiết kế) / Sample plot ${no}: planted (or design density) is missing` });
      } else if (planted < 1) {
        ctx.addIssue({ code: 'custom', path: [i, 'designPerHa'], message: `Ô tiêu chuẩn ${no}: mật độ thiết kế cho 0 cây trên ${p.areaM2} m² / Sample plot ${no}: the design density gives 0 trees on ${p.areaM2} m²` });
      } else if (p.surviving > planted) {
        ctx.addIssue({ code: 'custom', path: [i, 'surviving'], message: survivingExceedsPlanted({ planted, surviving: p.surviving }, no) });
      }
    });
  });

/** A photo taken at the inspection: a JPEG/PNG/WebP, base64, scaled down by the browser. */
export const PhotoBody = z
  .object({
    contentType: z.enum(['image/jpeg', 'image/png', 'image/webp'], { error: 'Ảnh phải là JPEG, PNG hoặc WebP / Photos must be JPEG, PNG or WebP' }),
    dataBase64: z
      .string()
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, { error: 'Ảnh không đúng định dạng base64 / Photo is not valid base64' })
      .max(Math.ceil((MAX_PHOTO_BYTES * 4) / 3) + 4, { error: `Mỗi ảnh tối đa ${MAX_PHOTO_BYTES / 1024} KB / Each photo must be at most ${MAX_PHOTO_BYTES / 1024} KB` }),
    caption: z.string().trim().max(200).nullish(),
  })
  .strict();

/**
 * A photo uploaded before the inspection (POST/PUT /api/uploads, server/domain/uploads.ts): its
 * upload's id, complete and not yet attached. The phone's outbox sends photos this way; the inline
 * form above stays for entries saved by an older app.
 */
export const UploadedPhotoBody = z
  .object({
    uploadId: z.uuid({ error: 'Mã tải lên không hợp lệ / Invalid upload id' }),
    caption: z.string().trim().max(200).nullish(),
  })
  .strict();

const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10); // Vietnam time

/**
 * POST /api/inspections. `clientRequestId` makes retries safe (the same id returns the first
 * result); `lastInspectionId` is the newest inspection of the planting the inspector saw (null:
 * none) — if another one was recorded since, the answer is 409 with the current state.
 *
 * @example InspectionBody.parse({ plantingId: 7, inspectedOn: '2023-11-20', stage: 2, lastInspectionId: null,
 *   clientRequestId: 'a1b2c3d4-…', plots: [{ areaM2: 100, planted: 16, surviving: 14 }] })
 */
export const InspectionBody = z
  .object({
    plantingId: z.number({ error: 'Thiếu mã đợt trồng / plantingId is required' }).int().positive(),
    inspectedOn: z.iso
      .date({ error: 'Ngày kiểm tra không hợp lệ (YYYY-MM-DD) / Invalid inspection date (YYYY-MM-DD)' })
      .refine((d) => d <= today(), { error: 'Ngày kiểm tra không được ở tương lai / The inspection date cannot be in the future' }),
    /** Year after planting: 1, 2, 3 … */
    stage: z.number({ error: 'Thiếu năm kiểm tra (lần) / stage is required' }).int().min(1, { error: 'Lần kiểm tra từ 1 / Stage starts at 1' }).max(10),
    team: z.string().trim().max(200).nullish(),
    /** [lon, lat] where the inspector stood, WGS 84 */
    gps: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).nullish(),
    note: z.string().trim().max(2000).nullish(),
    clientRequestId: z
      .string({ error: 'Thiếu mã gửi (clientRequestId) / clientRequestId is required' })
      .regex(/^[A-Za-z0-9_-]{8,100}$/, { error: 'Mã gửi không hợp lệ (8–100 ký tự chữ, số, - _) / Invalid clientRequestId (8–100 letters, digits, - _)' }),
    lastInspectionId: z.union([z.number().int().positive(), z.null()], {
      error: 'Thiếu mã lần kiểm tra gần nhất (null nếu chưa có) / lastInspectionId is required (null when none)',
    }),
    plots: SamplePlotsBody,
    photos: z.array(z.union([PhotoBody, UploadedPhotoBody])).max(MAX_PHOTOS, { error: `Tối đa ${MAX_PHOTOS} ảnh / At most ${MAX_PHOTOS} photos` }).default([]),
  })
  .strict();
export type InspectionBody = z.input<typeof InspectionBody>;
/** An inspection with its photos inline (base64): how the phone's outbox keeps it on the device. */
export type InlineInspectionBody = Omit<InspectionBody, 'photos'> & { photos?: z.input<typeof PhotoBody>[] };

/** An inspection as recorded, with what was computed from its plots. */
export interface InspectionRecord extends InspectionOut {
  plotId: number;
  plotLabel: string;
  communeCode: string;
  /** metres from the GPS position to the lô (0 inside it); null without GPS */
  gpsDistanceM: number | null;
  assessment: SurvivalAssessment;
  thresholds: SurvivalThresholds;
  recordedBy: string | null;
  createdAt: string;
}

/** The answer of POST /api/inspections (201 new, 200 replayed retry). */
export interface InspectionResponse {
  inspection: InspectionRecord;
  /** true when the clientRequestId had already been recorded: nothing new was written */
  replayed: boolean;
  /** the planting's class after the write (its latest inspection's result) */
  cls: SurvivalClass;
}

/** The state returned with a 409: the planting's newest inspection, as it is now. */
export interface InspectionConflict {
  plantingId: number;
  lastInspectionId: number | null;
  latest: InspectionOut | null;
}

// ---------- filters, worklist, exports ----------

export const FUNDINGS = ['state', 'self'] as const;
export const PLOT_CLASSES = ['accepted', 'replant', 'rejected', 'not_inspected', 'withdrawn'] as const;

/** Filters shared by the map, the worklist and the exports. */
export const ForestFilter = z.object({
  plantingYear: Year.optional(),
  /** a district or commune code */
  unit: UnitCode.optional(),
  funding: z.enum(FUNDINGS).optional(),
});
export type ForestFilter = z.infer<typeof ForestFilter>;

export const WorklistQuery = ForestFilter.extend({
  /** also list rejected lô (below 50 %: replanted in full) */
  includeRejected: z
    .enum(['true', 'false', '1', '0'])
    .transform((v) => v === 'true' || v === '1')
    .optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
  /** a new unit (from 1 July 2025): only the lô of its old communes */
  unit2025: z.string().regex(/^\d{5}$/, 'mã đơn vị từ 1/7/2025 không hợp lệ / invalid code of a unit from 1 July 2025').optional(),
});
export type WorklistQuery = z.infer<typeof WorklistQuery>;

/**
 * One lô that needs replanting (trồng dặm). Trees to add:
 *
 *     trees = round(area_ha × design density (trees/ha) × (100 − survival %) / 100)
 *
 * the dead trees of the design, to bring the stand back to full density.
 */
export interface WorklistRow {
  plotId: number;
  label: string;
  tk: number;
  khoanh: number;
  lo: string;
  commune: { code: string; name: string };
  district: { code: string; name: string };
  /** the new unit (from 1 July 2025) the lô's commune is part of */
  unit2025: { code: string; fullName: string } | null;
  plantingId: number;
  plantingYear: number;
  funding: 'state' | 'self';
  household: string | null;
  species: string;
  areaHa: number;
  densityPerHa: number;
  survivalPct: number;
  result: 'replant' | 'rejected';
  inspectedOn: string;
  treesToAdd: number;
  center: [number, number];
  bbox: [number, number, number, number];
}
export interface WorklistResponse {
  filter: ForestFilter & { includeRejected: boolean; unit2025?: string };
  rows: WorklistRow[];
  totals: { plots: number; areaHa: number; treesToAdd: number };
  truncated: boolean;
}

/** Trees to add for a replanting: the dead share of the design density over the area. */
export function treesToAdd(areaHa: number, densityPerHa: number, survivalPct: number): number {
  return Math.max(0, Math.round((areaHa * densityPerHa * (100 - survivalPct)) / 100));
}

export const PlantingExportQuery = z.object({
  plantingYear: Year,
  by: z.enum(['commune', 'district']).default('commune'),
  unit: UnitCode.optional(),
  /** 'after': by unit of 1 July 2025 (`by` does not apply, `unit` is a new unit) */
  era: EraParam,
});

export const ProgressQuery = z.object({
  year: Year,
  /** the district whose communes are listed (default: the province, by district) */
  unit: UnitCode.optional(),
  /** 'after': the province by unit of 1 July 2025 (no `unit`: there are no districts) */
  era: EraParam,
});
/** Planting against the year's target, per unit. */
export interface ProgressRow {
  code: string;
  name: string;
  /** unit2025: a unit of 1 July 2025 (era=after) */
  level: 'province' | 'district' | 'commune' | 'unit2025';
  targetHa: number | null;
  plantedHa: number;
  /** 100 × planted / target, 1 decimal; null without a target */
  pct: number | null;
  source: string | null;
}
export interface ProgressResponse {
  year: number;
  unit: { code: string; name: string };
  total: ProgressRow;
  rows: ProgressRow[];
}

/** The planting table with its rows ready for export (same numbers as /api/stats/planting). */
export type { PlantingRow };

/** A district or commune that has planted forest (the unit filter's choices). */
export interface ForestUnit {
  code: string;
  name: string;
  level: 'district' | 'commune';
  parentCode: string | null;
}

// ---------- settings ----------

/**
 * Body of PUT /api/admin/settings/survival-thresholds: survival above `acceptedAbovePct` is
 * accepted, below `rejectedBelowPct` rejected, in between replanted (trồng dặm). New inspections
 * are classified with the thresholds in force; recorded ones keep the thresholds they were judged by.
 */
export const SurvivalThresholdsBody = z
  .strictObject({
    acceptedAbovePct: z.number().min(1).max(100),
    rejectedBelowPct: z.number().min(0).max(99),
  })
  .refine((t) => t.rejectedBelowPct < t.acceptedAbovePct, {
    path: ['rejectedBelowPct'],
    message: 'Ngưỡng không đạt phải nhỏ hơn ngưỡng nghiệm thu / the rejection threshold must be below the acceptance threshold',
  });

