/**
 * Loads the generated demo dataset (data/geo/generate.ts) into the database, in ONE transaction,
 * with batched INSERT … SELECT FROM jsonb_to_recordset($1) statements: each batch is one bound
 * JSON parameter (a few thousand rows); geometry travels inside it as hex WKB, decoded by
 * ST_GeomFromWKB (much faster than GeoJSON on PGlite). Table and column lists are constants of
 * this module; every value is bound.
 */
import type { Sql, TransactionSql } from 'postgres';
import { type DemoDataset, generateDemo } from '../../data/geo/generate.ts';
import { foldName as foldForSearch } from '../domain/text.ts';
import { multiPolygonWkbHex } from './wkb.ts';

export interface SeedOptions {
  log?: (m: string) => void;
  /** Replace the demo rows of a database that already holds data. */
  force?: boolean;
}
export interface SeedSummary {
  units: number;
  plots: number;
  villages: number;
  ms: number;
}

/** Rows per INSERT statement (a few MB of JSON at most for the lô). */
const BATCH = 2000;

/** Tables the seed fills, in the order their rows are deleted before a forced reload. */
const DEMO_TABLES = [
  // report records (migrations 047–050)
  'village_standing', 'village_plan', 'scattered_tree_inspection', 'scattered_tree_planting',
  'commune_culture_house', 'village_infrastructure', 'ntm_funding',
  'ocop_product', 'sample_plot', 'inspection', 'planting', 'planting_target',
  'forest_plot_access', 'forest_plot', 'forest_khoanh', 'forest_tieu_khu',
  'village_target', 'village_recognition', 'village_criterion_status', 'village',
  'ntm_criterion_target', 'ntm_count_target', 'ntm_commune_target', 'commune_ntm_level', 'commune_criterion_status',
  'assessment', 'criterion', 'criteria_set', 'admin_unit',
] as const;

/** True when the database holds administrative units (demo or imported): nothing to seed then. */
export async function isSeeded(sql: Sql | TransactionSql): Promise<boolean> {
  const [r] = await sql.unsafe<{ seeded: boolean }[]>('SELECT EXISTS (SELECT 1 FROM admin_unit) AS seeded');
  return r.seeded;
}

/**
 * One table's rows: INSERT INTO table (columns) SELECT select FROM jsonb_to_recordset($1) AS r(record),
 * in batches. `record` declares the JSON fields and their types; `select` builds the columns from r.
 */
async function insertRows(tx: TransactionSql, table: string, columns: string, record: string, select: string, rows: object[]): Promise<void> {
  const text = `INSERT INTO ${table} (${columns}) SELECT ${select} FROM jsonb_to_recordset($1::text::jsonb) AS r(${record})`;
  for (let i = 0; i < rows.length; i += BATCH) {
    await tx.unsafe(text, [JSON.stringify(rows.slice(i, i + BATCH))]);
  }
}

/** Geometry travels as hex WKB in the JSON (PostGIS decodes it much faster than GeoJSON). */
const GEOM = (field: string) => `ST_GeomFromWKB(decode(r.${field}, 'hex'), 4326)`;
const multi = (coordinates: number[][][][]) => multiPolygonWkbHex(coordinates);

async function loadDataset(tx: TransactionSql, ds: DemoDataset, log: (m: string) => void): Promise<void> {
  let t = Date.now();
  const step = (what: string) => {
    log(`  ${what} (${Date.now() - t} ms)`);
    t = Date.now();
  };

  await insertRows(
    tx,
    'admin_unit',
    'code, name, full_name, name_search, level, kind, parent_code, in_ntm_programme, area_ha, geom',
    'code text, name text, full_name text, name_search text, level text, kind text, parent_code text, in_ntm boolean, area_ha float8, g text',
    `r.code, r.name, r.full_name, r.name_search, r.level, r.kind, r.parent_code, r.in_ntm, r.area_ha, ST_Multi(${GEOM('g')})`,
    ds.units.map((u) => ({
      code: u.code, name: u.name, full_name: u.fullName, name_search: u.nameSearch, level: u.level, kind: u.kind,
      parent_code: u.parentCode, in_ntm: u.inNtmProgramme, area_ha: u.areaHa, g: multi(u.geom),
    })),
  );
  step(`${ds.units.length} administrative units`);

  // ---- criteria sets, assessments, commune NTM status, levels and targets ----
  await insertRows(tx, 'criteria_set', 'id, scope, year_from, year_to, name_vi, name_en',
    'id text, scope text, year_from int, year_to int, name_vi text, name_en text', 'r.id, r.scope, r.year_from, r.year_to, r.name_vi, r.name_en',
    ds.criteriaSets.map((s) => ({ id: s.id, scope: s.scope, year_from: s.yearFrom, year_to: s.yearTo, name_vi: s.nameVi, name_en: s.nameEn })));
  await insertRows(tx, 'criterion', 'set_id, no, name_vi, name_en', 'set_id text, no int, name_vi text, name_en text', 'r.set_id, r.no, r.name_vi, r.name_en',
    ds.criteriaSets.flatMap((s) => s.criteria.map((c) => ({ set_id: s.id, no: c.no, name_vi: c.nameVi, name_en: c.nameEn }))));
  await insertRows(tx, 'assessment', 'scope, year, as_of, criteria_set_id, source_vi, source_en',
    'scope text, year int, as_of date, set_id text, source_vi text, source_en text', 'r.scope, r.year, r.as_of, r.set_id, r.source_vi, r.source_en',
    ds.assessments.map((a) => ({ scope: a.scope, year: a.year, as_of: a.asOf, set_id: a.criteriaSetId, source_vi: a.sourceVi, source_en: a.sourceEn })));
  const communeStatus: object[] = [];
  for (const [year, m] of [...ds.ntm.matrices].sort(([a], [b]) => a - b)) {
    for (const [code, row] of m) row.forEach((met, i) => communeStatus.push({ c: code, y: year, n: i + 1, m: met === 1 }));
  }
  await insertRows(tx, 'commune_criterion_status', 'commune_code, year, criterion_no, met', 'c text, y int, n int, m boolean', 'r.c, r.y, r.n, r.m', communeStatus);
  await insertRows(tx, 'commune_ntm_level', 'commune_code, year, level, recognised_on, decision',
    'c text, y int, level text, on_ date, decision text', 'r.c, r.y, r.level, r.on_, r.decision',
    ds.ntm.levels.map((l) => ({ c: l.communeCode, y: l.year, level: l.level, on_: l.recognisedOn, decision: l.decision })));
  await insertRows(tx, 'ntm_commune_target', 'commune_code, year, level, source', 'c text, y int, level text, source text', 'r.c, r.y, r.level, r.source',
    ds.ntm.communeTargets.map((x) => ({ c: x.communeCode, y: x.year, level: x.level, source: x.source })));
  await insertRows(tx, 'ntm_count_target', 'unit_code, year, level, min_count, max_count, note_vi, note_en, source',
    'u text, y int, level text, min_count int, max_count int, note_vi text, note_en text, source text',
    'r.u, r.y, r.level, r.min_count, r.max_count, r.note_vi, r.note_en, r.source',
    ds.ntm.countTargets.map((x) => ({ u: x.unitCode, y: x.year, level: x.level, min_count: x.minCount, max_count: x.maxCount, note_vi: x.noteVi, note_en: x.noteEn, source: x.source })));
  await insertRows(tx, 'ntm_criterion_target', 'unit_code, year, criterion_no, min_communes, source',
    'u text, y int, n int, m int, source text', 'r.u, r.y, r.n, r.m, r.source',
    ds.ntm.criterionTargets.map((x) => ({ u: x.unitCode, y: x.year, n: x.criterionNo, m: x.minCommunes, source: x.source })));
  step(`NTM: ${communeStatus.length} criterion rows, ${ds.ntm.levels.length} levels`);

  // ---- villages ----
  const v = ds.villages;
  await insertRows(tx, 'village', 'code, name, kind, name_search, commune_code, ethnic_minority, main_ethnic, households, pilot_tier, geom',
    'code text, name text, kind text, name_search text, c text, em boolean, main_ethnic text, households int, pilot_tier text, lon float8, lat float8',
    'r.code, r.name, r.kind, r.name_search, r.c, r.em, r.main_ethnic, r.households, r.pilot_tier, ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326)',
    v.villages.map((x) => ({
      code: x.code, name: x.name, kind: x.kind, name_search: foldForSearch(x.name), c: x.communeCode, em: x.ethnicMinority,
      main_ethnic: x.mainEthnic, households: x.households, pilot_tier: x.pilotTier, lon: x.point[0], lat: x.point[1],
    })));
  await insertRows(tx, 'village_criterion_status', 'village_code, year, criterion_no, met', 'v text, y int, n int, m boolean', 'r.v, r.y, r.n, r.m',
    v.statuses.flatMap((s) => Array.from(s.met, (met, i) => ({ v: s.villageCode, y: s.year, n: i + 1, m: met === 1 }))));
  await insertRows(tx, 'village_recognition', 'village_code, year, level, recognised_on, decision', 'v text, y int, level text, on_ date, decision text',
    'r.v, r.y, r.level, r.on_, r.decision', v.recognitions.map((r) => ({ v: r.villageCode, y: r.year, level: r.level, on_: r.recognisedOn, decision: r.decision })));
  await insertRows(tx, 'village_target', 'village_code, year, source', 'v text, y int, source text', 'r.v, r.y, r.source',
    v.targets.map((x) => ({ v: x.villageCode, y: x.year, source: x.source })));
  step(`${v.villages.length} villages`);

  // ---- OCOP products (illustrative) ----
  await insertRows(tx, 'ocop_product', 'id, name, producer, category, rating, rated_year, registered_year, commune_code, geom',
    'id int, name text, producer text, category text, rating text, rated_year int, registered_year int, c text, lon float8, lat float8',
    'r.id, r.name, r.producer, r.category, r.rating, r.rated_year, r.registered_year, r.c, ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326)',
    ds.ocop.map((o) => ({
      id: o.id, name: o.name, producer: o.producer, category: o.category, rating: o.rating, rated_year: o.ratedYear,
      registered_year: o.registeredYear, c: o.communeCode, lon: o.point[0], lat: o.point[1],
    })));
  step(`${ds.ocop.length} OCOP products`);

  // ---- forest ----
  const f = ds.forest;
  await insertRows(tx, 'forest_tieu_khu', 'tk, commune_code, area_ha, geom', 'tk int, c text, area_ha float8, g text', `r.tk, r.c, r.area_ha, ST_Multi(${GEOM('g')})`,
    f.tieuKhu.map((x) => ({ tk: x.tk, c: x.communeCode, area_ha: x.areaHa, g: multi(x.geom) })));
  await insertRows(tx, 'forest_khoanh', 'tk, khoanh, commune_code, area_ha, geom', 'tk int, k int, c text, area_ha float8, g text', `r.tk, r.k, r.c, r.area_ha, ST_Multi(${GEOM('g')})`,
    f.khoanh.map((x) => ({ tk: x.tk, k: x.khoanh, c: x.communeCode, area_ha: x.areaHa, g: multi(x.geom) })));
  step(`${f.tieuKhu.length} tiểu khu, ${f.khoanh.length} khoảnh`);
  await insertRows(tx, 'forest_plot', 'id, tk, khoanh, lo, commune_code, dtich, ldlr, forest_function, churung, owner_kind, namtr, loaicay, geom',
    'id bigint, tk int, k int, lo text, c text, dtich numeric, ldlr text, fn text, churung text, owner_kind text, namtr int, loaicay text, g text',
    `r.id, r.tk, r.k, r.lo, r.c, r.dtich, r.ldlr, r.fn, r.churung, r.owner_kind, r.namtr, r.loaicay, ST_Multi(${GEOM('g')})`,
    f.plots.map((p) => ({
      id: p.id, tk: p.tk, k: p.khoanh, lo: p.lo, c: p.communeCode, dtich: p.dtich, ldlr: p.ldlr, fn: p.forestFunction,
      churung: p.churung, owner_kind: p.ownerKind, namtr: p.namtr, loaicay: p.loaicay, g: multi(p.geom),
    })));
  step(`${f.plots.length} lô`);

  // ---- planting, inspections, sample plots, targets ----
  const pl = ds.planting;
  await insertRows(tx, 'planting', 'id, plot_id, year, area_ha, species, funding, household, density_per_ha, planted_on, withdrawn_on, withdrawn_reason',
    'id bigint, plot_id bigint, y int, area_ha numeric, species text, funding text, household text, density int, planted_on date, withdrawn_on date, withdrawn_reason text',
    'r.id, r.plot_id, r.y, r.area_ha, r.species, r.funding, r.household, r.density, r.planted_on, r.withdrawn_on, r.withdrawn_reason',
    pl.plantings.map((g) => ({
      id: g.id, plot_id: g.plotId, y: g.year, area_ha: g.areaHa, species: g.species, funding: g.funding, household: g.household,
      density: g.densityPerHa, planted_on: g.plantedOn, withdrawn_on: g.withdrawnOn, withdrawn_reason: g.withdrawnReason,
    })));
  await insertRows(tx, 'planting_target', 'unit_code, year, target_ha, source', 'u text, y int, target_ha numeric, source text', 'r.u, r.y, r.target_ha, r.source',
    pl.targets.map((x) => ({ u: x.unitCode, y: x.year, target_ha: x.targetHa, source: x.source })));
  await insertRows(tx, 'inspection', 'id, planting_id, plot_id, inspected_on, stage, team, survival_pct, result, gps, note',
    'id bigint, planting_id bigint, plot_id bigint, on_ date, stage int, team text, survival_pct numeric, result text, lon float8, lat float8, note text',
    'r.id, r.planting_id, r.plot_id, r.on_, r.stage, r.team, r.survival_pct, r.result, ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326), r.note',
    pl.inspections.map((i) => ({
      id: i.id, planting_id: i.plantingId, plot_id: i.plotId, on_: i.inspectedOn, stage: i.stage, team: i.team,
      survival_pct: i.survivalPct, result: i.result, lon: i.gps[0], lat: i.gps[1], note: i.note,
    })));
  await insertRows(tx, 'sample_plot', 'inspection_id, no, area_m2, planted, surviving', 'i bigint, no int, area_m2 numeric, planted int, surviving int',
    'r.i, r.no, r.area_m2, r.planted, r.surviving',
    pl.inspections.flatMap((i) => i.samplePlots.map((s, k) => ({ i: i.id, no: k + 1, area_m2: s.areaM2, planted: s.planted, surviving: s.surviving }))));
  // Inspections recorded later through the API continue after the seeded ids.
  await tx`SELECT setval(pg_get_serial_sequence('inspection', 'id'), (SELECT max(id) FROM inspection))`;
  step(`${pl.plantings.length} plantings, ${pl.inspections.length} inspections`);
  const [access] = await tx<{ n: string }[]>`SELECT atlas_refresh_plot_access() AS n`;
  step(`nearest village of ${access!.n} lô`);
  await loadReports(tx, ds);
  step('report records: funding, village infrastructure, scattered trees, village plans and standing');
}

/** The report records of migrations 047–050 (data/geo/reports.ts). */
async function loadReports(tx: TransactionSql, ds: DemoDataset): Promise<void> {
  const r = ds.reports;
  await insertRows(tx, 'ntm_funding', 'period_from, period_to, unit_code, source, amount_million_vnd, report',
    'pf int, pt int, u text, s text, a bigint', "r.pf, r.pt, r.u, r.s, r.a, '004'",
    r.funding.map((x) => ({ pf: x.periodFrom, pt: x.periodTo, u: x.unitCode, s: x.source, a: x.amountMillionVnd })));
  await insertRows(tx, 'village_infrastructure', 'village_code, as_of, nha_rong, culture_house, sports_ground, cultural_area_recognised, source',
    'v text, d date, nr boolean, ch boolean, sg boolean, ca boolean', "r.v, r.d, r.nr, r.ch, r.sg, r.ca, '004'",
    r.infrastructure.map((x) => ({ v: x.villageCode, d: x.asOf, nr: x.nhaRong, ch: x.cultureHouse, sg: x.sportsGround, ca: x.culturalAreaRecognised })));
  await insertRows(tx, 'commune_culture_house', 'commune_code, as_of, has_house, at_standard, source', 'c text, d date, h boolean, s boolean', "r.c, r.d, r.h, r.s, '004'",
    r.cultureHouses.map((x) => ({ c: x.communeCode, d: x.asOf, h: x.hasHouse, s: x.atStandard })));
  await insertRows(tx, 'scattered_tree_planting', 'unit_code, year, trees_planted, trees_alive, inspected_on, self_checked, note',
    'u text, y int, p int, a int, d date, sc boolean, note text', 'r.u, r.y, r.p, r.a, r.d, r.sc, r.note',
    r.scatteredTrees.map((x) => ({ u: x.unitCode, y: x.year, p: x.treesPlanted, a: x.treesAlive, d: x.inspectedOn, sc: x.selfChecked, note: x.note })));
  await insertRows(tx, 'scattered_tree_inspection', 'district_code, year, decision, finding_vi, finding_en, source',
    'd text, y int, dec text, fv text, fe text, s text', 'r.d, r.y, r.dec, r.fv, r.fe, r.s',
    r.scatteredTreeInspections.map((x) => ({ d: x.districtCode, y: x.year, dec: x.decision, fv: x.findingVi, fe: x.findingEn, s: x.source })));
  await insertRows(tx, 'village_plan', 'unit_code, year, built, source', 'u text, y int, b boolean', "r.u, r.y, r.b, '000'",
    r.villagePlans.map((x) => ({ u: x.unitCode, y: x.year, b: x.built })));
  await insertRows(tx, 'village_standing', 'village_code, as_of, pilot, at_standard, source', 'v text, d date, p boolean, s boolean',
    "r.v, r.d, r.p, r.s, 'tin tỉnh 3/2025'",
    r.standing.map((x) => ({ v: x.villageCode, d: x.asOf, p: x.pilot, s: x.atStandard })));
}

/**
 * Deletes the rows of every demo table, children first. Tables added by later migrations that
 * reference demo rows (inspection photos, …) are found in the catalog and emptied before them:
 * their rows cannot outlive the rows they belong to. Returns those extra tables.
 */
async function clearDemo(tx: TransactionSql): Promise<string[]> {
  const fks = await tx<{ child: string; parent: string }[]>`
    SELECT DISTINCT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
    FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid <> c.confrelid`;
  const demo = new Set<string>(DEMO_TABLES);
  // Dependants of the demo tables, transitively, deepest first.
  const extra: string[] = [];
  for (let grew = true; grew; ) {
    grew = false;
    for (const { child, parent } of fks) {
      if (!demo.has(child) && !extra.includes(child) && (demo.has(parent) || extra.includes(parent))) {
        extra.push(child);
        grew = true;
      }
    }
  }
  for (const table of extra.reverse()) await tx.unsafe(`DELETE FROM ${table}`);
  for (const table of DEMO_TABLES) await tx.unsafe(`DELETE FROM ${table}`);
  return extra;
}

/**
 * Generates the demo dataset and loads it in one transaction, then bumps every tile layer's data
 * version (so cached tiles are never served for the old rows) and refreshes planner statistics.
 * Refuses a database that already holds units unless `force` is set, which replaces them.
 */
export async function seedDemo(sql: Sql, opts: SeedOptions = {}): Promise<SeedSummary> {
  const log = opts.log ?? (() => {});
  const t0 = Date.now();
  const ds = generateDemo();
  log(`  generated the dataset (${Date.now() - t0} ms)`);
  await sql.begin(async (tx) => {
    if (await isSeeded(tx)) {
      if (!opts.force) {
        throw new Error('Cơ sở dữ liệu đã có dữ liệu; dùng --force để nạp lại dữ liệu minh họa / The database already holds data; use --force to reload the demo data');
      }
      const extra = await clearDemo(tx);
      log(`  removed the previous rows${extra.length ? ` (and those of ${extra.join(', ')})` : ''}`);
    }
    await loadDataset(tx, ds, log);
    await tx`UPDATE data_version SET version = version + 1`;
    await tx`INSERT INTO app_setting (key, value) VALUES ('demo_dataset', ${tx.json({ seed: ds.seed, loadedAt: new Date().toISOString() })})
             ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`;
  });
  const ta = Date.now();
  await sql`ANALYZE`;
  log(`  ANALYZE (${Date.now() - ta} ms)`);
  return { units: ds.units.length, plots: ds.forest.plots.length, villages: ds.villages.villages.length, ms: Date.now() - t0 };
}
