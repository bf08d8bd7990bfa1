/**
 * Sample plots (ô tiêu chuẩn) behind a generated inspection: tree counts whose pooled survival
 * (server/domain/survival.ts: 100 × Σ surviving / Σ planted, rounded to 2 decimals) is exactly the
 * survival the dataset needs. The inspection's survival_pct and result are then computed from the
 * plots with the same function the server uses, never written independently.
 */
import { type SamplePlot, assessSurvival } from '../../server/domain/survival.ts';
import type { Rng } from './prng.ts';

/** Standard sample plot: 500 m² (25 m × 20 m). */
export const PLOT_AREA_M2 = 500;

/** Splits `total` surviving trees over plots in proportion to their planted counts, with noise, none above planted. */
function splitSurviving(planted: number[], total: number, rng: Rng): number[] {
  const P = planted.reduce((a, b) => a + b, 0);
  const want = planted.map((p) => Math.max(0, Math.min(p, (p * total) / P + rng.normal() * 2)));
  const out = want.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  // Hand out (or take back) the remainder one tree at a time, largest fraction first, within bounds.
  const order = want.map((w, i) => ({ i, f: w - Math.floor(w) })).sort((a, b) => b.f - a.f || a.i - b.i);
  for (let guard = 0; left !== 0 && guard < 10_000; guard++) {
    const { i } = order[guard % order.length];
    if (left > 0 && out[i] < planted[i]) {
      out[i]++;
      left--;
    } else if (left < 0 && out[i] > 0) {
      out[i]--;
      left++;
    }
  }
  if (left !== 0) throw new Error('cannot split surviving trees over the sample plots');
  return out;
}

/**
 * Sample plots whose pooled survival is exactly `hundredths` / 100 % (e.g. 6283 → 62.83 %).
 * The number of plots and the trees planted in each (around the design count of the density)
 * are searched until one total admits that exact rounded ratio.
 */
export function plotsForSurvival(hundredths: number, densityPerHa: number, rng: Rng): SamplePlot[] {
  const plots = tryPlotsForSurvival(hundredths, densityPerHa, rng, 3_000);
  if (!plots) throw new Error(`no sample plots reach ${hundredths / 100} %`);
  return plots;
}

function tryPlotsForSurvival(hundredths: number, densityPerHa: number, rng: Rng, attempts: number): SamplePlot[] | null {
  const design = Math.round((densityPerHa * PLOT_AREA_M2) / 10_000);
  for (let attempt = 0; attempt < attempts; attempt++) {
    const k = rng.int(3, 8);
    const planted = Array.from({ length: k }, () => Math.max(5, Math.round(design * rng.range(0.9, 1.04))));
    const P = planted.reduce((a, b) => a + b, 0);
    const S = Math.round((hundredths * P) / 10_000);
    // Cheap integer pre-check (|100·S/P − h/100| within half a hundredth), then the real formula.
    if (S < 0 || S > P || Math.abs(S * 10_000 - hundredths * P) > P / 2 + 1e-9) continue;
    const surviving = splitSurviving(planted, S, rng);
    const plots = planted.map((p, i) => ({ areaM2: PLOT_AREA_M2, planted: p, surviving: surviving[i] }));
    if (Math.round(assessSurvival(plots).survivalPct * 100) === hundredths) return plots;
  }
  return null;
}

/**
 * Sample plots with a survival drawn uniformly in [minPct, maxPct]. Some exact values (those just
 * off simple fractions, like 87.49 % next to 7/8) need more trees than a few plots hold: another
 * value is drawn then.
 */
export function plotsInRange(minPct: number, maxPct: number, densityPerHa: number, rng: Rng): SamplePlot[] {
  for (let i = 0; i < 100; i++) {
    const hundredths = Math.min(Math.round(maxPct * 100), Math.max(Math.round(minPct * 100), Math.round(rng.range(minPct, maxPct) * 100)));
    const plots = tryPlotsForSurvival(hundredths, densityPerHa, rng, 300);
    if (plots) return plots;
  }
  throw new Error(`no sample plots with a survival between ${minPct} and ${maxPct} %`);
}
