/**
 * Survival of a planting from its sample plots (ô tiêu chuẩn), and the acceptance result.
 * Pure: shared by the server (POST /api/inspections) and the web inspection form.
 *
 * Formula (pooled ratio, as acceptance practice counts it):
 *
 *     survival % = 100 × Σ surviving / Σ planted        over all sample plots of the inspection
 *
 * where `planted` is the number of trees planted (or, where the plot is counted against the design,
 * the design count) inside the plot. Counts are pooled, not averaged per plot: a plot with more
 * trees weighs more. The percentage is rounded to 2 decimals and the result class is taken from
 * that rounded value, so the stored survival_pct and result always agree.
 *
 * Densities (trees per hectare) use the pooled sample area:
 *
 *     surviving density = Σ surviving / Σ area_m2 × 10 000
 *     design density    = Σ planted   / Σ area_m2 × 10 000
 */
import { z } from 'zod';
import { classifySurvival, DEFAULT_THRESHOLDS, type SurvivalThresholds } from './classes.ts';

export const MAX_SAMPLE_PLOTS = 50;
export const MIN_PLOT_AREA_M2 = 1;
export const MAX_PLOT_AREA_M2 = 10_000;

/** One sample plot as counted in the field. */
export interface SamplePlot {
  /** Plot area in m² (1 … 10 000). */
  areaM2: number;
  /** Trees planted (or design count) in the plot: whole number > 0. */
  planted: number;
  /** Trees alive at inspection: whole number, 0 … planted. */
  surviving: number;
}

/** The fields of a sample plot as counted (shared with the inspection body of domain/forest.ts). */
export const SamplePlotFields = z.object({
  areaM2: z
    .number({ error: 'Diện tích ô tiêu chuẩn phải là số / Sample plot area must be a number' })
    .min(MIN_PLOT_AREA_M2, { error: `Diện tích ô tiêu chuẩn phải từ ${MIN_PLOT_AREA_M2} m² / Sample plot area must be at least ${MIN_PLOT_AREA_M2} m²` })
    .max(MAX_PLOT_AREA_M2, { error: `Diện tích ô tiêu chuẩn không quá ${MAX_PLOT_AREA_M2} m² / Sample plot area must be at most ${MAX_PLOT_AREA_M2} m²` }),
  planted: z
    .number({ error: 'Số cây trồng phải là số / Planted must be a number' })
    .int({ error: 'Số cây trồng phải là số nguyên / Planted must be a whole number' })
    .positive({ error: 'Số cây trồng phải lớn hơn 0 / Planted must be greater than 0' }),
  surviving: z
    .number({ error: 'Số cây sống phải là số / Surviving must be a number' })
    .int({ error: 'Số cây sống phải là số nguyên / Surviving must be a whole number' })
    .min(0, { error: 'Số cây sống không được âm / Surviving cannot be negative' }),
});

/** The bilingual message for more surviving than planted trees, naming the plot (1-based) when given. */
export function survivingExceedsPlanted(plot: Pick<SamplePlot, 'planted' | 'surviving'>, no?: number): string {
  const where = no === undefined ? { vi: 'ở ô tiêu chuẩn', en: 'in the sample plot' } : { vi: `ở ô tiêu chuẩn ${no}`, en: `in sample plot ${no}` };
  return `Số cây sống (${plot.surviving}) lớn hơn số cây trồng (${plot.planted}) ${where.vi} / Surviving (${plot.surviving}) exceeds planted (${plot.planted}) ${where.en}`;
}

/** A list of 1 … MAX_SAMPLE_PLOTS sample plots of the given shape, with bilingual messages. */
export function samplePlotList<T extends z.ZodType>(plot: T) {
  return z
    .array(plot, { error: 'Danh sách ô tiêu chuẩn không hợp lệ / Sample plots must be a list' })
    .min(1, { error: 'Cần ít nhất một ô tiêu chuẩn / At least one sample plot is required' })
    .max(MAX_SAMPLE_PLOTS, { error: `Tối đa ${MAX_SAMPLE_PLOTS} ô tiêu chuẩn / At most ${MAX_SAMPLE_PLOTS} sample plots` });
}

/**
 * The sample plots the calculations take: 1 … 50 plots; messages name the plot by its number
 * (1-based). The HTTP body (InspectionBody, forest.ts) checks the same with its own plot shape.
 *
 * @example SamplePlotsInput.safeParse([{ areaM2: 100, planted: 100, surviving: 120 }]).success // false
 */
export const SamplePlotsInput = samplePlotList(SamplePlotFields).superRefine((plots, ctx) => {
  plots.forEach((plot, i) => {
    if (plot.surviving > plot.planted) {
      ctx.addIssue({ code: 'custom', path: [i, 'surviving'], message: survivingExceedsPlanted(plot, i + 1) });
    }
  });
});

/** Thrown by the calculations for input the schemas refuse; carries the same bilingual messages. */
export class SurvivalInputError extends Error {
  readonly issues: { path: string; message: string }[];
  constructor(issues: { path: string; message: string }[]) {
    super(issues[0]?.message ?? 'Dữ liệu ô tiêu chuẩn không hợp lệ / Invalid sample plots');
    this.name = 'SurvivalInputError';
    this.issues = issues;
  }
}

interface Totals {
  planted: number;
  surviving: number;
  areaM2: number;
}

function totals(plots: readonly SamplePlot[]): Totals {
  const parsed = SamplePlotsInput.safeParse(plots);
  if (!parsed.success) {
    throw new SurvivalInputError(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  let planted = 0;
  let surviving = 0;
  let areaM2 = 0;
  for (const p of parsed.data) {
    planted += p.planted;
    surviving += p.surviving;
    areaM2 += p.areaM2;
  }
  return { planted, surviving, areaM2 };
}

/** Rounds half away from zero to 2 decimals, robust to binary noise (85.005 → 85.01). */
function round2(x: number): number {
  return Math.round(x * 100 + Math.sign(x) * 1e-9) / 100;
}

/**
 * Survival % = 100 × Σ surviving / Σ planted over the sample plots, rounded to 2 decimals.
 * Throws SurvivalInputError for no plots, planted ≤ 0, surviving > planted or bad areas.
 *
 * @example survivalPct([{ areaM2: 100, planted: 16, surviving: 14 }, { areaM2: 100, planted: 17, surviving: 15 }]) // 87.88
 */
export function survivalPct(plots: readonly SamplePlot[]): number {
  const t = totals(plots);
  return round2((100 * t.surviving) / t.planted);
}

/**
 * Surviving trees per hectare = Σ surviving / Σ area (m²) × 10 000, rounded to 2 decimals.
 *
 * @example survivingPerHa([{ areaM2: 100, planted: 16, surviving: 14 }]) // 1400
 */
export function survivingPerHa(plots: readonly SamplePlot[]): number {
  const t = totals(plots);
  return round2((t.surviving / t.areaM2) * 10_000);
}

/**
 * Planted (design) trees per hectare = Σ planted / Σ area (m²) × 10 000, rounded to 2 decimals.
 *
 * @example designPerHa([{ areaM2: 100, planted: 16, surviving: 14 }]) // 1600
 */
export function designPerHa(plots: readonly SamplePlot[]): number {
  const t = totals(plots);
  return round2((t.planted / t.areaM2) * 10_000);
}

export interface SurvivalAssessment {
  plots: number;
  planted: number;
  surviving: number;
  areaM2: number;
  /** 100 × Σ surviving / Σ planted, 2 decimals */
  survivalPct: number;
  survivingPerHa: number;
  designPerHa: number;
  /** classifySurvival(survivalPct, thresholds): above 85 % accepted, below 50 % rejected, else replant */
  result: 'accepted' | 'replant' | 'rejected';
}

/**
 * Everything an inspection records from its sample plots, with the result class under the
 * given thresholds (default: accepted above 85 %, rejected below 50 %, replant in between).
 *
 * @example assessSurvival([{ areaM2: 100, planted: 20, surviving: 17 }]).result // 'replant' (85 % is not above 85 %)
 */
export function assessSurvival(plots: readonly SamplePlot[], thresholds: SurvivalThresholds = DEFAULT_THRESHOLDS): SurvivalAssessment {
  const t = totals(plots);
  const pct = round2((100 * t.surviving) / t.planted);
  return {
    plots: plots.length,
    planted: t.planted,
    surviving: t.surviving,
    areaM2: round2(t.areaM2),
    survivalPct: pct,
    survivingPerHa: round2((t.surviving / t.areaM2) * 10_000),
    designPerHa: round2((t.planted / t.areaM2) * 10_000),
    result: classifySurvival(pct, thresholds),
  };
}
