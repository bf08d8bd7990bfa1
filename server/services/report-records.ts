import type { Sql } from 'postgres';
import type { CommuneDetail } from '../domain/api.ts';
import {
  FUNDING_LINES,
  type FundingLine,
  type InfrastructureCounts,
  type InfrastructureResponse,
  type NtmFundingResponse,
  type ScatteredTreesResponse,
  type VillageInfrastructure,
  type VillagePlansResponse,
  type VillageStandingResponse,
} from '../domain/reports.ts';
import { notFound } from '../http/errors.ts';
import { isoDate } from './assessments.ts';

/**
 * The report records of migrations 047–050, aggregated by SQL: NTM funding by source (report
 * 004), village cultural infrastructure per commune, district or unit of 2025 (report 004),
 * scattered-tree planting and its inspection (report 000), the 2023 village plans (report 000)
 * and the village standing of a date (March 2025). A unit filter is the province, a district or
 * a commune: a commune belongs to it when the unit is the commune, its district or its province.
 */

async function unitName(sql: Sql, code: string): Promise<{ code: string; name: string }> {
  const [u] = await sql<{ code: string; name: string }[]>`SELECT code, name FROM admin_unit WHERE code = ${code}`;
  if (!u) throw notFound({ vi: `đơn vị hành chính có mã ${code}`, en: `Administrative unit ${code}` });
  return u;
}

/** Million đồng → billion đồng, exact to the million. */
const billion = (million: number | string) => Number(million) / 1000;
const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10000) / 100 : 0);

export async function ntmFunding(sql: Sql, from: number, to: number): Promise<NtmFundingResponse> {
  type Row = { code: string; name: string; source: string; amount: string };
  const rows: Row[] = await sql<Row[]>`
    SELECT f.unit_code AS code, u.name, f.source, sum(f.amount_million_vnd)::text AS amount
    FROM ntm_funding f JOIN admin_unit u ON u.code = f.unit_code
    WHERE f.period_from = ${from} AND f.period_to = ${to}
    GROUP BY f.unit_code, u.name, f.source ORDER BY f.unit_code`;
  const byLine = (list: Row[]) => {
    const m = Object.fromEntries(FUNDING_LINES.map((l) => [l.key, 0])) as Record<FundingLine, number>;
    for (const r of list) m[r.source as FundingLine] += Number(r.amount);
    m.state_budget_direct = m.central + m.local_counterpart + m.carried_over;
    return m;
  };
  const lineTotal = (m: Record<FundingLine, number>) => FUNDING_LINES.filter((l) => l.parent === null).reduce((s, l) => s + m[l.key], 0);
  const all = byLine(rows);
  const total = lineTotal(all);
  const codes = [...new Set(rows.map((r) => r.code))];
  return {
    periodFrom: from,
    periodTo: to,
    total: billion(total),
    lines: FUNDING_LINES.map((l) => ({ key: l.key, parent: l.parent, amount: billion(all[l.key]), sharePct: pct(all[l.key], total) })),
    districts: codes.map((code) => {
      const list = rows.filter((r) => r.code === code);
      const m = byLine(list);
      return {
        code,
        name: list[0].name,
        total: billion(lineTotal(m)),
        amounts: Object.fromEntries(FUNDING_LINES.map((l) => [l.key, billion(m[l.key])])) as Record<FundingLine, number>,
      };
    }),
  };
}

interface InfraRow {
  code: string;
  name: string;
  villages: number;
  em: number;
  nha_rong: number;
  culture_house: number;
  sports_ground: number;
  both: number;
  cultural_area: number;
}
interface HouseRow {
  code: string;
  communes: number;
  with_house: number;
  at_standard: number;
}

export async function villageInfrastructure(sql: Sql, unit: string, by: 'district' | 'commune' | 'unit2025'): Promise<InfrastructureResponse> {
  const u = await unitName(sql, unit);
  // Each village's latest record; the grouping key is chosen by `by` (bound, compared in SQL).
  const rows = await sql<InfraRow[]>`
    WITH latest AS (
      SELECT DISTINCT ON (village_code) * FROM village_infrastructure ORDER BY village_code, as_of DESC
    ), v AS (
      SELECT v.ethnic_minority, l.nha_rong, l.culture_house, l.sports_ground, l.cultural_area_recognised,
             CASE ${by}::text WHEN 'commune' THEN c.code WHEN 'district' THEN d.code ELSE n.code END AS gcode,
             -- a new unit by its full name ("Xã Tu Mơ Rông"), as every units2025 aggregation: a bare name could be a former district's
             CASE ${by}::text WHEN 'commune' THEN c.name WHEN 'district' THEN d.name ELSE n.full_name END AS gname
      FROM village v
      JOIN latest l ON l.village_code = v.code
      JOIN admin_unit c ON c.code = v.commune_code
      JOIN admin_unit d ON d.code = c.parent_code
      LEFT JOIN admin_unit_succession s ON s.old_code = c.code
      LEFT JOIN admin_unit_2025 n ON n.code = s.new_code
      WHERE ${unit} IN (c.code, d.code, d.parent_code)
    )
    SELECT gcode AS code, gname AS name, count(*)::int AS villages,
           count(*) FILTER (WHERE ethnic_minority)::int AS em,
           count(*) FILTER (WHERE nha_rong)::int AS nha_rong,
           count(*) FILTER (WHERE culture_house)::int AS culture_house,
           count(*) FILTER (WHERE sports_ground)::int AS sports_ground,
           count(*) FILTER (WHERE culture_house AND sports_ground)::int AS both,
           count(*) FILTER (WHERE cultural_area_recognised)::int AS cultural_area
    FROM v WHERE gcode IS NOT NULL GROUP BY gcode, gname ORDER BY gcode`;
  const houses = await sql<HouseRow[]>`
    WITH latest AS (
      SELECT DISTINCT ON (commune_code) * FROM commune_culture_house ORDER BY commune_code, as_of DESC
    )
    SELECT CASE ${by}::text WHEN 'commune' THEN c.code WHEN 'district' THEN d.code ELSE s.new_code END AS code,
           count(*)::int AS communes,
           count(*) FILTER (WHERE l.has_house)::int AS with_house,
           count(*) FILTER (WHERE l.at_standard)::int AS at_standard
    FROM latest l
    JOIN admin_unit c ON c.code = l.commune_code
    JOIN admin_unit d ON d.code = c.parent_code
    LEFT JOIN admin_unit_succession s ON s.old_code = c.code
    WHERE ${unit} IN (c.code, d.code, d.parent_code)
    GROUP BY 1`;
  const [asOf] = await sql<{ as_of: Date | null }[]>`SELECT max(as_of) AS as_of FROM village_infrastructure`;
  const counts = (r: InfraRow | undefined, h: HouseRow | undefined): InfrastructureCounts => ({
    villages: r?.villages ?? 0,
    ethnicMinorityVillages: r?.em ?? 0,
    nhaRong: r?.nha_rong ?? 0,
    cultureHouse: r?.culture_house ?? 0,
    sportsGround: r?.sports_ground ?? 0,
    cultureHouseAndSportsGround: r?.both ?? 0,
    culturalAreaRecognised: r?.cultural_area ?? 0,
    communes: h?.communes ?? 0,
    communesWithCultureHouse: h?.with_house ?? 0,
    communeCultureHousesAtStandard: h?.at_standard ?? 0,
  });
  const list = rows.map((r) => ({ code: r.code, name: r.name, ...counts(r, houses.find((h) => h.code === r.code)) }));
  const sum = (k: keyof InfrastructureCounts) => list.reduce((s, r) => s + r[k], 0);
  const keys = Object.keys(counts(undefined, undefined)) as (keyof InfrastructureCounts)[];
  const total = Object.fromEntries(keys.map((k) => [k, sum(k)])) as unknown as InfrastructureCounts;
  // Communes with no village rows still count in the commune culture houses.
  total.communes = houses.reduce((s, h) => s + h.communes, 0);
  total.communesWithCultureHouse = houses.reduce((s, h) => s + h.with_house, 0);
  total.communeCultureHousesAtStandard = houses.reduce((s, h) => s + h.at_standard, 0);
  return { unit: u, asOf: asOf?.as_of ? isoDate(asOf.as_of) : null, total, rows: list };
}

export async function villageInfrastructureOf(sql: Sql, code: string): Promise<VillageInfrastructure | null> {
  const [r] = await sql<{ as_of: Date; nha_rong: boolean; culture_house: boolean; sports_ground: boolean; cultural_area_recognised: boolean }[]>`
    SELECT as_of, nha_rong, culture_house, sports_ground, cultural_area_recognised
    FROM village_infrastructure WHERE village_code = ${code} ORDER BY as_of DESC LIMIT 1`;
  return r
    ? { asOf: isoDate(r.as_of), nhaRong: r.nha_rong, cultureHouse: r.culture_house, sportsGround: r.sports_ground, culturalAreaRecognised: r.cultural_area_recognised }
    : null;
}

export async function scatteredTrees(sql: Sql, unit: string, year: number): Promise<ScatteredTreesResponse> {
  const u = await unitName(sql, unit);
  const rows = await sql<{ code: string; name: string; kind: string; trees_planted: number; trees_alive: number | null; inspected_on: Date | null; self_checked: boolean | null }[]>`
    SELECT c.code, c.name, c.kind, t.trees_planted, t.trees_alive, t.inspected_on, t.self_checked
    FROM scattered_tree_planting t
    JOIN admin_unit c ON c.code = t.unit_code
    JOIN admin_unit d ON d.code = c.parent_code
    WHERE t.year = ${year} AND ${unit} IN (c.code, d.code, d.parent_code)
    ORDER BY c.code`;
  const rounds = await sql<{ district_code: string; district_name: string; decision: string | null; finding_vi: string; finding_en: string }[]>`
    SELECT i.district_code, d.name AS district_name, i.decision, i.finding_vi, i.finding_en
    FROM scattered_tree_inspection i JOIN admin_unit d ON d.code = i.district_code
    WHERE i.year = ${year}
      AND (${unit} IN (d.code, d.parent_code)
           OR EXISTS (SELECT 1 FROM admin_unit c WHERE c.code = ${unit} AND c.parent_code = i.district_code))
    ORDER BY i.district_code`;
  const survival = (planted: number, alive: number | null) => (alive === null || planted === 0 ? null : Math.round((alive / planted) * 1000) / 10);
  const inspected = rows.filter((r) => r.inspected_on !== null);
  const planted = inspected.reduce((s, r) => s + r.trees_planted, 0);
  const alive = inspected.reduce((s, r) => s + (r.trees_alive ?? 0), 0);
  return {
    year,
    unit: u,
    inspections: rounds.map((r) => ({ districtCode: r.district_code, districtName: r.district_name, decision: r.decision, finding: { vi: r.finding_vi, en: r.finding_en } })),
    total: {
      units: rows.length,
      unitsInspected: inspected.length,
      treesPlanted: rows.reduce((s, r) => s + r.trees_planted, 0),
      treesAlive: alive,
      survivalPct: survival(planted, alive),
      unitsNotSelfChecked: rows.filter((r) => r.self_checked === false).length,
    },
    rows: rows.map((r) => ({
      code: r.code,
      name: r.name,
      kind: r.kind,
      treesPlanted: r.trees_planted,
      treesAlive: r.trees_alive,
      survivalPct: survival(r.trees_planted, r.trees_alive),
      inspectedOn: r.inspected_on ? isoDate(r.inspected_on) : null,
      selfChecked: r.self_checked,
    })),
  };
}

export async function villagePlans(sql: Sql, unit: string, year: number): Promise<VillagePlansResponse> {
  const u = await unitName(sql, unit);
  const rows = await sql<{ code: string; name: string; kind: string; built: boolean }[]>`
    SELECT c.code, c.name, c.kind, p.built
    FROM village_plan p
    JOIN admin_unit c ON c.code = p.unit_code
    JOIN admin_unit d ON d.code = c.parent_code
    WHERE p.year = ${year} AND ${unit} IN (c.code, d.code, d.parent_code)
    ORDER BY c.kind DESC, c.code`;
  const pick = (built: boolean) => rows.filter((r) => r.built === built).map(({ code, name, kind }) => ({ code, name, kind }));
  return { year, unit: u, units: rows.length, built: pick(true), missing: pick(false) };
}

export async function villageStanding(sql: Sql, unit: string, asOf?: string): Promise<VillageStandingResponse> {
  const u = await unitName(sql, unit);
  const [d] = await sql<{ as_of: Date | null }[]>`
    SELECT max(as_of) AS as_of FROM village_standing WHERE ${asOf ?? null}::date IS NULL OR as_of <= ${asOf ?? null}::date`;
  const date = d?.as_of ? isoDate(d.as_of) : null;
  const rows = date
    ? await sql<{ code: string; name: string; pilot: number; at_standard: number }[]>`
        SELECT dd.code, dd.name, count(*) FILTER (WHERE s.pilot)::int AS pilot, count(*) FILTER (WHERE s.at_standard)::int AS at_standard
        FROM village_standing s
        JOIN village v ON v.code = s.village_code
        JOIN admin_unit c ON c.code = v.commune_code
        JOIN admin_unit dd ON dd.code = c.parent_code
        WHERE s.as_of = ${date}::date AND ${unit} IN (c.code, dd.code, dd.parent_code)
        GROUP BY dd.code, dd.name ORDER BY dd.code`
    : [];
  return {
    unit: u,
    asOf: date,
    pilotVillages: rows.reduce((s, r) => s + r.pilot, 0),
    villagesAtStandard: rows.reduce((s, r) => s + r.at_standard, 0),
    byDistrict: rows.map((r) => ({ code: r.code, name: r.name, pilotVillages: r.pilot, villagesAtStandard: r.at_standard })),
  };
}

/** The report records of one commune, for its panel. */
export async function communeRecords(sql: Sql, code: string): Promise<CommuneDetail['records']> {
  const infra = await villageInfrastructure(sql, code, 'commune');
  const row = infra.rows[0];
  const t = infra.total;
  const plans = await sql<{ year: number; built: boolean }[]>`SELECT year, built FROM village_plan WHERE unit_code = ${code} ORDER BY year`;
  const trees = await sql<{ year: number; trees_planted: number; trees_alive: number | null; inspected_on: Date | null; self_checked: boolean | null }[]>`
    SELECT year, trees_planted, trees_alive, inspected_on, self_checked FROM scattered_tree_planting WHERE unit_code = ${code} ORDER BY year`;
  return {
    infrastructure: row || t.communes
      ? {
          asOf: infra.asOf,
          villages: t.villages,
          ethnicMinorityVillages: t.ethnicMinorityVillages,
          nhaRong: t.nhaRong,
          cultureHouseAndSportsGround: t.cultureHouseAndSportsGround,
          culturalAreaRecognised: t.culturalAreaRecognised,
          communeCultureHouse: t.communes ? (t.communeCultureHousesAtStandard ? 'standard' : t.communesWithCultureHouse ? 'built' : 'none') : null,
        }
      : null,
    villagePlans: plans.map((p) => ({ year: p.year, built: p.built })),
    scatteredTrees: trees.map((r) => ({
      year: r.year,
      treesPlanted: r.trees_planted,
      treesAlive: r.trees_alive,
      survivalPct: r.trees_alive === null || r.trees_planted === 0 ? null : Math.round((r.trees_alive / r.trees_planted) * 1000) / 10,
      inspectedOn: r.inspected_on ? isoDate(r.inspected_on) : null,
      selfChecked: r.self_checked,
    })),
  };
}
