/**
 * Province-scale forest data on top of the demo dataset: the same tiểu khu and khoảnh, re-cut
 * into as many lô as asked (`npm run gen:scale -- --plots 1000000`), with inventory attributes,
 * planting and inspection history — for benchmarks and load tests, never for the figures.
 *
 * - Kon Tum city (district 608) keeps its demo lô, plantings and inspections untouched, so the
 *   report 000 figures stay exactly reproducible; every other khoảnh is partitioned again into
 *   finer lô, their number proportional to the khoảnh's area and fragmentation (more, smaller lô
 *   near villages and on production land, large stands in protected forest), like a real
 *   provincial inventory at that density.
 * - Shapes come from the demo's machinery: Voronoi partition of the (meandering) khoảnh with one
 *   Lloyd step (partition-polygon.ts), shared boundaries meandering on both sides (meander.ts),
 *   so lô still tile their khoảnh exactly. Attributes come from forest-attributes.ts.
 * - Ids keep the demo's scheme (tk × 100 000 + khoảnh × 1 000 + lô), so they never collide with
 *   the city's lô (other tiểu khu) and stay readable; a khoảnh holds at most 999 lô.
 * - Output is streamed one tiểu khu at a time (a generator): memory stays flat at any size.
 *
 * Deterministic: the same demo seed and the same target always give the same rows.
 */
import { KT_CITY } from './facts.ts';
import type { ForestFunction, OwnerContext } from './forest-attributes.ts';
import { plotAttributes } from './forest-attributes.ts';
import type { ForestPlot, Khoanh } from './forest.ts';
import type { DemoDataset } from './generate.ts';
import { meanderShared } from './meander.ts';
import { partitionPolygon } from './partition-polygon.ts';
import { type MultiPolygon, type Point, multiAreaHa, multiCentroid, ringSignedArea, roundMulti } from './planar.ts';
import type { InspectionRow, PlantingRow } from './planting-types.ts';
import { subRng } from './prng.ts';
import { ScalePlanter } from './scale-planting.ts';

/** Lô per khoảnh are capped by the id scheme (lô number < 1 000). */
export const MAX_LO_PER_KHOANH = 999;

/** Relative lô density (lô per ha) by forest function: fragmented near villages, large protected stands. */
const FRAGMENTATION: Record<ForestFunction, number> = { outside: 2.4, production: 1.8, protection: 1, special_use: 0.8 };

export interface ScalePlan {
  /** Lô asked for (the total in the database after loading, city lô included). */
  target: number;
  /** Demo lô kept as they are (Kon Tum city). */
  keptPlots: number;
  /** Lô to cut per re-cut khoảnh, keyed `tk/khoảnh`, in generation order. */
  perKhoanh: Map<string, number>;
  /** Tiểu khu to re-cut, in numbering order, with their khoảnh. */
  tieuKhu: { tk: number; communeCode: string; khoanh: Khoanh[] }[];
}

/** One tiểu khu worth of rows. */
export interface ScaleBatch {
  tk: number;
  plots: ForestPlot[];
  plantings: PlantingRow[];
  inspections: InspectionRow[];
}

/** The communes of Kon Tum city, whose demo lô and plantings are kept. */
export function cityCommunes(ds: DemoDataset): Set<string> {
  return new Set(ds.units.filter((u) => u.parentCode === KT_CITY).map((u) => u.code));
}

/**
 * How many lô each khoảnh outside the city gets so that the total comes to `target`: largest
 * remainders of area × fragmentation, at least one lô per khoảnh, at most MAX_LO_PER_KHOANH.
 */
export function planScale(ds: DemoDataset, target: number): ScalePlan {
  const city = cityCommunes(ds);
  const keptPlots = ds.forest.plots.filter((p) => city.has(p.communeCode)).length;
  const khoanh = ds.forest.khoanh.filter((k) => !city.has(k.communeCode));
  const wanted = target - keptPlots;
  if (wanted < khoanh.length) {
    throw new Error(`--plots ${target}: at least ${keptPlots + khoanh.length} lô (one per khoảnh, plus the ${keptPlots} lô of Kon Tum city)`);
  }
  if (wanted > khoanh.length * MAX_LO_PER_KHOANH * 0.8) throw new Error(`--plots ${target}: too many lô for ${khoanh.length} khoảnh`);
  const weight = khoanh.map((k) => k.areaHa * FRAGMENTATION[k.forestFunction]);
  const total = weight.reduce((a, b) => a + b, 0);
  const raw = weight.map((w) => 1 + ((wanted - khoanh.length) * w) / total);
  const counts = raw.map(Math.floor);
  let left = wanted - counts.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => ({ i, f: r - Math.floor(r) })).sort((a, b) => b.f - a.f || a.i - b.i);
  for (let k = 0; left > 0; k++, left--) counts[order[k % order.length].i]++;
  const perKhoanh = new Map<string, number>();
  khoanh.forEach((k, i) => perKhoanh.set(`${k.tk}/${k.khoanh}`, Math.min(MAX_LO_PER_KHOANH, counts[i])));
  const byTk = new Map<number, { tk: number; communeCode: string; khoanh: Khoanh[] }>();
  for (const k of khoanh) {
    if (!byTk.has(k.tk)) byTk.set(k.tk, { tk: k.tk, communeCode: k.communeCode, khoanh: [] });
    byTk.get(k.tk)!.khoanh.push(k);
  }
  return { target, keptPlots, perKhoanh, tieuKhu: [...byTk.values()].sort((a, b) => a.tk - b.tk) };
}

/** Sorts pieces north to south, then west to east (as the demo numbers lô). */
function northToSouth(pieces: MultiPolygon[]): MultiPolygon[] {
  return pieces
    .map((p) => ({ p, c: multiCentroid(p) as Point }))
    .sort((a, b) => b.c[1] - a.c[1] || a.c[0] - b.c[0])
    .map((x) => x.p);
}

/** Cuts one khoảnh into n lô with meandering shared boundaries (vertex spacing matched to the lô size). */
export function cutKhoanh(k: Khoanh, n: number, seed: number): MultiPolygon[] {
  if (n <= 1) return [k.geom];
  const rng = subRng(seed, `scale/khoanh/${k.tk}/${k.khoanh}`);
  const sideM = Math.sqrt((k.areaHa / n) * 10_000);
  const pieces = partitionPolygon(k.geom, n, rng, 1)
    .map((p) => roundMulti(p).filter((poly) => Math.abs(ringSignedArea(poly[0])) > 1e-12))
    .filter((p) => p.length > 0 && multiAreaHa(p) >= 0.01);
  return northToSouth(meanderShared(pieces, { salt: 'scale-lo', spacingM: Math.max(8, sideM / 4), amplitude: 0.06 }));
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Streams the re-cut forest, one tiểu khu at a time: lô with attributes, and the plantings and
 * inspections (with sample plots) on them. Ids of plantings and inspections start above
 * `firstPlantingId` / `firstInspectionId`.
 */
export function* generateScale(ds: DemoDataset, plan: ScalePlan, ids: { firstPlantingId: number; firstInspectionId: number }): Generator<ScaleBatch> {
  const seed = ds.seed;
  const units = new Map(ds.units.map((u) => [u.code, u]));
  const villagesBy = new Map<string, { em: number; n: number }>();
  for (const v of ds.villages.villages) {
    const s = villagesBy.get(v.communeCode) ?? { em: 0, n: 0 };
    s.n++;
    if (v.ethnicMinority) s.em++;
    villagesBy.set(v.communeCode, s);
  }
  // The special-use owner of a commune, as the demo lô carry it.
  const specialOwner = new Map<string, string>();
  for (const p of ds.forest.plots) if (p.forestFunction === 'special_use' && p.churung) specialOwner.set(p.communeCode, p.churung);

  const planter = new ScalePlanter(ds, ids.firstPlantingId, ids.firstInspectionId);
  for (const t of plan.tieuKhu) {
    const commune = units.get(t.communeCode)!;
    const district = units.get(commune.parentCode!)!;
    const vs = villagesBy.get(commune.code);
    const ctx: OwnerContext = {
      communeName: commune.name,
      districtName: district.name,
      districtCode: district.code,
      specialUseOwner: specialOwner.get(commune.code) ?? null,
      emShare: vs ? vs.em / vs.n : 0.5,
      isKonTumCity: false,
    };
    const rng = subRng(seed, `scale/tk/${t.tk}`);
    const plots: ForestPlot[] = [];
    for (const k of t.khoanh) {
      const pieces = cutKhoanh(k, plan.perKhoanh.get(`${k.tk}/${k.khoanh}`) ?? 1, seed);
      pieces.forEach((geom, li) => {
        const lo = li + 1;
        plots.push({
          id: k.tk * 100_000 + k.khoanh * 1_000 + lo,
          tk: k.tk,
          khoanh: k.khoanh,
          lo: String(lo),
          communeCode: commune.code,
          dtich: Math.max(0.01, round2(multiAreaHa(geom))),
          geom,
          ...plotAttributes(k.forestFunction, ctx, rng),
        });
      });
    }
    const { plantings, inspections } = planter.plant(plots, district.code, commune.name, district.name);
    yield { tk: t.tk, plots, plantings, inspections };
  }
}
