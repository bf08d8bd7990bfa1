/**
 * Planting and inspection history of the scale dataset (data/geo/scale.ts), in the manner of the
 * demo's province planting (planting-province.ts): plantings of 2016-2023 on plantable production
 * land, inspected each autumn after planting (stages 1-3 up to 2023), with a mix of outcomes —
 * accepted, replant, rejected, withdrawn, not yet inspected — and sample plots whose pooled
 * survival gives each inspection's survival and result (server/domain/survival.ts).
 * Never touches Kon Tum city (its figures come from report 000).
 */
import { assessSurvival } from '../../server/domain/survival.ts';
import { pickWeighted } from './forest-attributes.ts';
import type { ForestPlot } from './forest.ts';
import type { DemoDataset } from './generate.ts';
import { DENSITY, plantable, speciesMix, survivalRange, type Outcome } from './planting-province.ts';
import { type InspectionRow, type PlantingRow, dateIn, pointInside } from './planting-types.ts';
import { subRng } from './prng.ts';
import { plotsInRange } from './sample-plots.ts';

export const SCALE_YEARS = [2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023] as const;
const LAST_YEAR = 2023;
/** Share of plantable lô planted once in 2016-2023. */
const PLANTED_SHARE = 0.45;

/** Numbers plantings and inspections across the whole run; plants one tiểu khu at a time. */
export class ScalePlanter {
  private nextPlanting: number;
  private nextInspection: number;

  constructor(private readonly ds: DemoDataset, firstPlantingId: number, firstInspectionId: number) {
    this.nextPlanting = firstPlantingId;
    this.nextInspection = firstInspectionId;
  }

  /**
   * Plants some of the plantable lô of one tiểu khu (mutating their ldlr, namtr and loaicay as
   * the demo does) and inspects them. Deterministic per tiểu khu.
   */
  plant(plots: ForestPlot[], districtCode: string, communeName: string, districtName: string): { plantings: PlantingRow[]; inspections: InspectionRow[] } {
    const plantings: PlantingRow[] = [];
    const inspections: InspectionRow[] = [];
    if (plots.length === 0) return { plantings, inspections };
    const rng = subRng(this.ds.seed, `scale/planting/${plots[0].tk}`);
    const team = `Hạt Kiểm lâm huyện ${districtName}, UBND xã ${communeName}`;
    for (const plot of plots) {
      if (!plantable(plot) || !rng.chance(PLANTED_SHARE)) continue;
      const year = SCALE_YEARS[rng.int(0, SCALE_YEARS.length - 1)];
      const species = pickWeighted(rng, speciesMix(districtCode));
      const density = DENSITY[species];
      const ha = Math.max(0.01, Math.min(Math.floor(plot.dtich * 100) / 100, Math.round(plot.dtich * rng.range(0.5, 0.98) * 100) / 100));
      const funding = plot.ownerKind === 'company' || (plot.ownerKind === 'household' && rng.chance(0.35)) ? 'self' : 'state';
      const withdrawn = plot.ownerKind === 'household' && rng.chance(0.04);
      const withdrawnOn = withdrawn ? (year < LAST_YEAR ? dateIn(rng, year + 1, 3, 9) : dateIn(rng, year, 10, 11)) : null;
      const g: PlantingRow = {
        id: this.nextPlanting++,
        plotId: plot.id,
        year,
        areaHa: ha,
        species,
        funding,
        household: plot.churung,
        densityPerHa: density,
        plantedOn: dateIn(rng, year, 6, 8),
        withdrawnOn,
        withdrawnReason: withdrawn ? 'Hộ xin rút khỏi dự án' : null,
      };
      plantings.push(g);
      const outcome: Outcome = pickWeighted(rng, [['accepted', 60], ['replant', 27], ['rejected', 13]] as [Outcome, number][]);
      const stages = year === LAST_YEAR ? (rng.chance(0.6) ? 1 : 0) : Math.min(3, LAST_YEAR - year + 1);
      for (let s = 1; s <= stages; s++) {
        const on = dateIn(rng, year + s - 1, 10, 12);
        if (withdrawnOn && on >= withdrawnOn) break;
        const [lo, hi] = survivalRange(outcome, s === stages, rng);
        const samplePlots = plotsInRange(lo, hi, density, rng);
        const a = assessSurvival(samplePlots);
        inspections.push({
          id: this.nextInspection++,
          plantingId: g.id,
          plotId: plot.id,
          inspectedOn: on,
          stage: s,
          team,
          survivalPct: a.survivalPct,
          result: a.result,
          gps: pointInside(plot.geom, rng),
          note: null,
          samplePlots,
        });
      }
      plot.ldlr = outcome === 'accepted' && year <= 2020 && !withdrawn ? 'RTG' : 'DTR';
      plot.namtr = year;
      plot.loaicay = species;
    }
    return { plantings, inspections };
  }
}
