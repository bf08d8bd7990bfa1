/**
 * Rows of the planting part of the demo dataset (tables planting, inspection, sample_plot,
 * planting_target of server/db/migrations/001_core.sql), and a builder that numbers them.
 */
import type { SamplePlot } from '../../server/domain/survival.ts';
import { assessSurvival } from '../../server/domain/survival.ts';
import type { ForestPlot } from './forest.ts';
import { type MultiPolygon, type Point, multiBBox, multiCentroid, pointInMulti } from './planar.ts';
import type { Rng } from './prng.ts';

export type Result = 'accepted' | 'replant' | 'rejected';

export interface PlantingRow {
  id: number;
  plotId: number;
  year: number;
  /** ha, 2 decimals, never above the lô's dtich */
  areaHa: number;
  species: string;
  funding: 'state' | 'self';
  household: string | null;
  densityPerHa: number;
  plantedOn: string;
  withdrawnOn: string | null;
  withdrawnReason: string | null;
}

export interface InspectionRow {
  id: number;
  plantingId: number;
  plotId: number;
  inspectedOn: string;
  stage: number;
  team: string;
  /** From the sample plots (server/domain/survival.ts), 2 decimals. */
  survivalPct: number;
  result: Result;
  gps: Point;
  note: string | null;
  samplePlots: SamplePlot[];
}

export interface PlantingTargetRow {
  unitCode: string;
  year: number;
  targetHa: number;
  source: string;
}

export interface PlantingData {
  plantings: PlantingRow[];
  inspections: InspectionRow[];
  targets: PlantingTargetRow[];
}

/** A point inside the lô, where the inspection team stood. */
export function pointInside(geom: MultiPolygon, rng: Rng): Point {
  const c = multiCentroid(geom);
  const r6 = (p: Point): Point => [Math.round(p[0] * 1e6) / 1e6, Math.round(p[1] * 1e6) / 1e6];
  if (pointInMulti(c, geom) && pointInMulti(r6(c), geom)) return r6(c);
  const b = multiBBox(geom);
  for (let i = 0; i < 1000; i++) {
    const p = r6([rng.range(b[0], b[2]), rng.range(b[1], b[3])]);
    if (pointInMulti(p, geom)) return p;
  }
  return r6(geom[0][0][0]);
}

const pad = (n: number) => String(n).padStart(2, '0');
/** A date in a year between two months (inclusive), day 1-28. */
export function dateIn(rng: Rng, year: number, fromMonth: number, toMonth: number): string {
  return `${year}-${pad(rng.int(fromMonth, toMonth))}-${pad(rng.int(1, 28))}`;
}

/** Accumulates rows with sequential ids; inspections take survival and result from their plots. */
export class PlantingBuilder {
  readonly data: PlantingData = { plantings: [], inspections: [], targets: [] };

  addPlanting(p: Omit<PlantingRow, 'id'>): PlantingRow {
    const row = { id: this.data.plantings.length + 1, ...p };
    this.data.plantings.push(row);
    return row;
  }

  addInspection(planting: PlantingRow, plot: ForestPlot, i: { inspectedOn: string; stage: number; team: string; note?: string | null; samplePlots: SamplePlot[] }, rng: Rng): InspectionRow {
    const a = assessSurvival(i.samplePlots);
    const row: InspectionRow = {
      id: this.data.inspections.length + 1,
      plantingId: planting.id,
      plotId: plot.id,
      inspectedOn: i.inspectedOn,
      stage: i.stage,
      team: i.team,
      survivalPct: a.survivalPct,
      result: a.result,
      gps: pointInside(plot.geom, rng),
      note: i.note ?? null,
      samplePlots: i.samplePlots,
    };
    this.data.inspections.push(row);
    return row;
  }

  addTarget(t: PlantingTargetRow): void {
    this.data.targets.push(t);
  }
}

/** Splits a total in hectares into n parts (2 decimals, exact sum), each between about 0.6 and 1.4 of the mean. */
export function splitArea(totalHa: number, n: number, rng: Rng): number[] {
  const cents = Math.round(totalHa * 100);
  const w = Array.from({ length: n }, () => rng.range(0.6, 1.4));
  const sum = w.reduce((a, b) => a + b, 0);
  const raw = w.map((x) => (x / sum) * cents);
  const out = raw.map(Math.floor);
  let left = cents - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => ({ i, f: r - Math.floor(r) })).sort((a, b) => b.f - a.f || a.i - b.i);
  for (let k = 0; left > 0; k++, left--) out[order[k % n].i]++;
  return out.map((c) => c / 100);
}
