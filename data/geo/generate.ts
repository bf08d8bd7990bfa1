/**
 * The demo dataset, built in memory and deterministically from the facts (data/geo/sources and
 * test/fixtures/kontum-figures.json) with one fixed seed:
 *
 *   units (102 communes, 10 districts, the province) → NTM criteria table 2020, history 2015-2023,
 *   levels and targets → villages and their criteria → forest (tiểu khu → khoảnh → lô) →
 *   planting, inspections with sample plots, planting targets.
 *
 * Every part asserts the report figures it reproduces as it is built (ntm-matrix, ntm-history,
 * villages, forest, planting); assertDemo() adds the cross-part checks. server/db/seed.ts loads
 * the result; `npm run gen:demo` writes a summary and GeoJSON snapshots to data/geo/out/.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { foldName } from '../../server/domain/text.ts';
import { type Figures, GEO_DIR, KT_CITY, NameIndex, loadCommuneFacts, loadDistrictFacts, loadFigures } from './facts.ts';
import { type ForestData, buildForest } from './forest.ts';
import { ASSESSMENTS, type Assessment, CRITERIA_SETS, type CriteriaSet } from './ntm-criteria.ts';
import { type NtmHistory, buildHistory } from './ntm-history.ts';
import { assert2020, solve2020, targets2020 } from './ntm-matrix.ts';
import { type MultiPolygon, multiAreaHa } from './planar.ts';
import { type ReportsData, buildReports } from './reports.ts';
import { type PlantingData, buildPlanting, tallyPlanting, totalTally, weightedSurvival } from './planting.ts';
import { type AdminUnit, buildUnits } from './units.ts';
import { type VillageData, buildVillages } from './villages.ts';
import { type OcopProduct, buildOcop } from './ocop.ts';

/** The one seed of the shipped demo dataset (the date of report 000). */
export const DEMO_SEED = 20230425;

export interface DemoUnit extends AdminUnit {
  nameSearch: string;
  areaHa: number;
}

export interface DemoDataset {
  seed: number;
  units: DemoUnit[];
  criteriaSets: CriteriaSet[];
  assessments: Assessment[];
  ntm: NtmHistory;
  villages: VillageData;
  forest: ForestData;
  planting: PlantingData;
  /** NTM funding, village infrastructure, scattered trees, village plans and standing (migrations 047–050). */
  reports: ReportsData;
  /** OCOP products (illustrative, data/geo/ocop.ts). */
  ocop: OcopProduct[];
}

/** Builds the whole dataset. Throws if any report figure does not come out exactly. */
export function generateDemo(seed: number = DEMO_SEED, figures: Figures = loadFigures()): DemoDataset {
  const names = new NameIndex(loadCommuneFacts(), loadDistrictFacts());
  const units: DemoUnit[] = buildUnits().map((u) => ({ ...u, nameSearch: foldName(u.name), areaHa: Math.round(multiAreaHa(u.geom) * 100) / 100 }));

  const t2020 = targets2020(figures, names);
  const m2020 = solve2020(t2020, seed);
  assert2020(m2020, t2020, figures);
  const ntm = buildHistory(m2020, t2020, figures, names, seed);

  const communeGeoms = new Map<string, MultiPolygon>(units.filter((u) => u.level === 'commune').map((u) => [u.code, u.geom]));
  const villages = buildVillages(names.communes, communeGeoms, figures, names, seed);
  const forest = buildForest(units, names, villages.villages, seed);
  const planting = buildPlanting(forest, units, villages.villages, names, figures, seed);

  const reports = buildReports(names.communes, villages, figures, names, seed);
  const ocop = buildOcop(units, villages.villages, figures, seed);

  const ds: DemoDataset = { seed, units, criteriaSets: CRITERIA_SETS, assessments: ASSESSMENTS, ntm, villages, forest, planting, reports, ocop };
  assertDemo(ds, figures);
  return ds;
}

/** Cross-part checks: unit counts, every row pointing at an existing unit or lô, named places. */
export function assertDemo(ds: DemoDataset, figures: Figures): void {
  const fail = (m: string) => {
    throw new Error(`demo dataset: ${m}`);
  };
  const communes = ds.units.filter((u) => u.level === 'commune');
  if (communes.length !== 102 || ds.units.filter((u) => u.level === 'district').length !== 10) fail('unit counts');
  if (communes.filter((u) => u.inNtmProgramme).length !== figures.province.rural_communes_in_ntm_programme) fail('communes in the NTM programme');
  const codes = new Set(communes.map((u) => u.code));
  if (ds.villages.villages.some((v) => !codes.has(v.communeCode))) fail('village in an unknown commune');
  if (ds.forest.tieuKhu.some((t) => !codes.has(t.communeCode))) fail('tiểu khu in an unknown commune');
  const wards = new Set(communes.filter((u) => u.kind === 'phuong').map((u) => u.code));
  if (ds.forest.tieuKhu.some((t) => wards.has(t.communeCode))) fail('forest land in a ward');
  const plotIds = new Set(ds.forest.plots.map((p) => p.id));
  if (ds.planting.plantings.some((g) => !plotIds.has(g.plotId))) fail('planting on an unknown lô');
  const unitCodes = new Set(ds.units.map((u) => u.code));
  if (ds.planting.targets.some((t) => !unitCodes.has(t.unitCode))) fail('target for an unknown unit');
  if (!ds.units.some((u) => u.code === KT_CITY)) fail('Kon Tum city missing');
}

/** sha256 of the dataset's canonical JSON (typed arrays as plain arrays): equal seeds, equal hashes. */
export function datasetHash(ds: DemoDataset): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(ds, (_k, v) => (v instanceof Uint8Array ? Array.from(v) : v instanceof Map ? [...v.entries()] : v)));
  return h.digest('hex');
}

/** Counts and report checks, for the CLI and the seed log. */
export function summarise(ds: DemoDataset) {
  const city = new Set(ds.units.filter((u) => u.parentCode === KT_CITY).map((u) => u.code));
  const t21 = totalTally(tallyPlanting(ds.planting, ds.forest, 2021, (c) => city.has(c)));
  const t22 = totalTally(tallyPlanting(ds.planting, ds.forest, 2022, (c) => city.has(c)));
  const forestHa = ds.forest.tieuKhu.reduce((s, t) => s + t.areaHa, 0);
  const provinceHa = ds.units.find((u) => u.level === 'province')!.areaHa;
  return {
    seed: ds.seed,
    units: { province: 1, districts: 10, communes: ds.units.filter((u) => u.level === 'commune').length },
    villages: ds.villages.villages.length,
    ethnicMinorityVillages: ds.villages.villages.filter((v) => v.ethnicMinority).length,
    forest: {
      tieuKhu: ds.forest.tieuKhu.length,
      tieuKhuNumbers: [ds.forest.tieuKhu[0].tk, ds.forest.tieuKhu.at(-1)!.tk],
      khoanh: ds.forest.khoanh.length,
      lo: ds.forest.plots.length,
      forestLandHa: Math.round(forestHa),
      shareOfProvince: Math.round((forestHa / provinceHa) * 1000) / 1000,
    },
    planting: {
      plantings: ds.planting.plantings.length,
      inspections: ds.planting.inspections.length,
      samplePlots: ds.planting.inspections.reduce((s, i) => s + i.samplePlots.length, 0),
      targets: ds.planting.targets.length,
      konTumCity2021: { plantedHa: t21.planted / 100, inspectedHa: t21.inspected / 100, acceptedHa: t21.accepted / 100, rejectedHa: t21.rejected / 100, notInspectedHa: t21.notInspected / 100 },
      konTumCity2022: { plantedHa: t22.planted / 100, replantHa: t22.replant / 100, survivalPct: weightedSurvival(t22) },
    },
    hash: datasetHash(ds),
  };
}

type Feature = { type: 'Feature'; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } };
const collection = (features: Feature[]) => ({ type: 'FeatureCollection', features });
const mp = (coordinates: MultiPolygon) => ({ type: 'MultiPolygon', coordinates });

/** Writes summary.json and GeoJSON snapshots of every layer to `dir`. */
export function writeSnapshots(ds: DemoDataset, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const files: [string, unknown][] = [
    ['summary.json', summarise(ds)],
    ['units.geojson', collection(ds.units.map(({ geom, ...p }) => ({ type: 'Feature', properties: p, geometry: mp(geom) })))],
    ['villages.geojson', collection(ds.villages.villages.map(({ point, ...p }) => ({ type: 'Feature', properties: p, geometry: { type: 'Point', coordinates: point } })))],
    ['tieu-khu.geojson', collection(ds.forest.tieuKhu.map(({ geom, ...p }) => ({ type: 'Feature', properties: p, geometry: mp(geom) })))],
    ['khoanh.geojson', collection(ds.forest.khoanh.map(({ geom, ...p }) => ({ type: 'Feature', properties: p, geometry: mp(geom) })))],
    ['lo.geojson', collection(ds.forest.plots.map(({ geom, ...p }) => ({ type: 'Feature', properties: p, geometry: mp(geom) })))],
    ['planting.json', ds.planting],
  ];
  for (const [name, body] of files) writeFileSync(path.join(dir, name), `${JSON.stringify(body)}\n`);
  return files.map(([n]) => path.join(dir, n));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const t = Date.now();
  try {
    const ds = generateDemo();
    const ms = Date.now() - t;
    const out = path.join(GEO_DIR, 'out');
    const files = writeSnapshots(ds, out);
    console.log(JSON.stringify(summarise(ds), null, 2));
    console.log(`Generated in ${(ms / 1000).toFixed(1)} s; wrote ${files.length} files to ${path.relative(process.cwd(), out) || out}`);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
