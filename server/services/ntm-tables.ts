import type { Sql } from 'postgres';
import { cachedAggregate } from '../ops/agg-cache.ts';
import { sqlFile } from '../sql/load.ts';
import { PROVINCE_CODE } from '../domain/geo.ts';
import type { NtmLevel } from '../domain/classes.ts';
import type { NtmChange, NtmCommuneRow, NtmTableUnit, NtmTablesQueryInput, NtmTablesResponse, NtmTargetRow, NtmUnit2025Row } from '../domain/ntm.ts';
import { HttpError } from '../http/errors.ts';
import { ntmCriterionCounts, ntmUnitRows, unitBase, type NtmUnitRow } from './ntm-units.ts';
import { criteriaOf, isoDate, requireAssessment } from './assessments.ts';

interface CommuneSqlRow {
  code: string;
  name: string;
  district_code: string;
  criteria_met: number;
  met_criteria: number[];
  level: NtmLevel;
  recognised_on: Date | null;
}
interface ChangeSqlRow {
  code: string;
  name: string;
  district_name: string;
  district_code: string;
  met_from: number[];
  met_to: number[];
}

const LEVEL_ORDER: Record<string, number> = { none: 0, ntm: 1, advanced: 2, model: 3, district_ntm: 4 };
const round1 = (x: number) => Math.round(x * 10) / 10;

/** Standard competition ranks (1, 2, 2, 4) of values, highest first. */
export function competitionRanks(values: number[]): number[] {
  return values.map((v) => 1 + values.filter((w) => w > v).length);
}

/** The criteria gained and lost between two lists of criteria met. */
export function criteriaChange(from: readonly number[], to: readonly number[]): { gained: number[]; lost: number[] } {
  return { gained: to.filter((n) => !from.includes(n)), lost: from.filter((n) => !to.includes(n)) };
}

async function scopeOf(sql: Sql, district?: string): Promise<NtmTablesResponse['scope']> {
  const code = district ?? PROVINCE_CODE;
  const [u] = await sql<{ code: string; name: string; level: string }[]>`
    SELECT code, CASE WHEN kind = 'thanh_pho' THEN full_name ELSE name END AS name, level FROM admin_unit WHERE code = ${code}`;
  if (!u || (u.level !== 'district' && u.level !== 'province')) {
    throw new HttpError(404, 'not_found', `Không có huyện/thành phố mã ${code}`, `No district with code ${code}`);
  }
  return { code: u.code, name: u.name, level: u.level as 'province' | 'district' };
}

/**
 * The NTM tables of a year, aggregated in SQL, for the province by district or for one
 * district: communes meeting each criterion (x/N), the bands, the average criteria per commune,
 * NTM / nâng cao / kiểu mẫu counts against the targets, the weakest criteria ranked, every
 * commune with its criteria and ranks, and (with `compare`) the communes that gained or lost
 * criteria between the two years. Report 004's 2020 tables come out of it unchanged.
 */
export async function ntmTables(sql: Sql, q: NtmTablesQueryInput): Promise<NtmTablesResponse> {
  // cached by data version (server/ops/agg-cache.ts): recomputed only after a data change
  return cachedAggregate(sql, 'ntm-tables', [q], () => ntmTablesUncached(sql, q));
}

async function ntmTablesUncached(sql: Sql, q: NtmTablesQueryInput): Promise<NtmTablesResponse> {
  if (q.era === 'after') return ntmTables2025(sql, q);
  const assessment = await requireAssessment(sql, 'commune', q.year);
  if (q.compare !== undefined) await requireAssessment(sql, 'commune', q.compare);
  const scope = await scopeOf(sql, q.district);
  const [criteria, [set], unitRows, perCriterion, communeRows, names] = await Promise.all([
    criteriaOf(sql, assessment.criteriaSetId),
    sql<{ name_vi: string; name_en: string }[]>`SELECT name_vi, name_en FROM criteria_set WHERE id = ${assessment.criteriaSetId}`,
    ntmUnitRows(sql, q.year),
    ntmCriterionCounts(sql, q.year),
    sql.unsafe<CommuneSqlRow[]>(sqlFile('stats/ntm-communes'), [q.year]),
    // districts as the reports name them: 'Thành phố Kon Tum', 'Sa Thầy'
    sql<{ code: string; name: string }[]>`
      SELECT code, CASE WHEN kind = 'thanh_pho' THEN full_name ELSE name END AS name FROM admin_unit WHERE level IN ('province', 'district')`,
  ]);
  const nameOf = new Map(names.map((n) => [n.code, n.name]));

  const unit = (row: NtmUnitRow): NtmTableUnit => {
    return {
      ...unitBase(row, criteria, perCriterion, nameOf),
      averageCriteria: row.communes ? round1(row.total_criteria / row.communes) : 0,
      meetingAll: row.band_19,
      meetingNotRecognised: row.meeting_not_recognised,
      recognised: row.recognised,
      levels: { ntm: row.level_ntm, advanced: row.level_advanced, model: row.level_model },
    };
  };
  const districtRows = unitRows.filter((u) => u.district_code !== null).sort((a, b) => a.district_code!.localeCompare(b.district_code!));
  const totalRow = scope.level === 'province' ? unitRows.find((u) => u.district_code === null) : unitRows.find((u) => u.district_code === scope.code);
  if (!totalRow) throw new HttpError(404, 'not_found', `${scope.name} không có xã trong chương trình NTM`, `${scope.name} has no commune in the NTM programme`);
  const total = unit(totalRow);

  // ranks over the province, then within each district
  const provinceRanks = competitionRanks(communeRows.map((c) => c.criteria_met));
  const all: NtmCommuneRow[] = communeRows.map((c, i) => ({
    code: c.code,
    name: c.name,
    districtCode: c.district_code,
    districtName: nameOf.get(c.district_code) ?? c.district_code,
    criteriaMet: c.criteria_met,
    met: c.met_criteria.map(Number),
    level: c.level,
    recognisedOn: c.recognised_on ? isoDate(c.recognised_on) : null,
    rankInDistrict: 0,
    rankInProvince: provinceRanks[i]!,
  }));
  for (const d of new Set(all.map((c) => c.districtCode))) {
    const inD = all.filter((c) => c.districtCode === d);
    competitionRanks(inD.map((c) => c.criteriaMet)).forEach((r, i) => (inD[i]!.rankInDistrict = r));
  }
  const communes = scope.level === 'province' ? all : all.filter((c) => c.districtCode === scope.code);

  const weakest = criteria
    .map((k) => {
      const met = total.perCriterion[String(k.no)] ?? 0;
      return { no: k.no, name: k.name, met, of: total.communes, share: total.communes ? Math.round((met / total.communes) * 1000) / 10 : 0 };
    })
    .sort((a, b) => a.met - b.met || a.no - b.no);

  return {
    year: q.year,
    asOf: assessment.asOf,
    criteriaSet: { id: assessment.criteriaSetId, name: { vi: set?.name_vi ?? assessment.criteriaSetId, en: set?.name_en ?? assessment.criteriaSetId } },
    criteria,
    scope,
    total,
    units: scope.level === 'province' ? districtRows.map(unit) : [],
    communes,
    weakest,
    targets: await ntmTargets(sql, scope, all),
    criterionTargets: await criterionTargets(sql, scope.code, q.year, assessment.criteriaSetId),
    changes: q.compare !== undefined ? await ntmChanges(sql, q.compare, q.year, scope) : null,
    source: assessment.source,
  };
}

/** The scope's per-criterion targets for the nearest target year, at or after `year`, of the same criteria set. */
async function criterionTargets(sql: Sql, unitCode: string, year: number, setId: string): Promise<NtmTablesResponse['criterionTargets']> {
  const rows = await sql<{ year: number; criterion_no: number; min_communes: number; source: string }[]>`
    WITH target_year AS (
      SELECT min(t.year) AS year
      FROM ntm_criterion_target t
      JOIN criteria_set cs ON cs.id = ${setId} AND t.year BETWEEN cs.year_from AND cs.year_to
      WHERE t.unit_code = ${unitCode} AND t.year >= ${year}
    )
    SELECT t.year, t.criterion_no, t.min_communes, t.source
    FROM ntm_criterion_target t JOIN target_year y ON y.year = t.year
    WHERE t.unit_code = ${unitCode}
    ORDER BY t.criterion_no`;
  if (rows.length === 0) return null;
  return {
    year: rows[0]!.year,
    perCriterion: Object.fromEntries(rows.map((r) => [String(r.criterion_no), r.min_communes])),
    source: rows[0]!.source,
  };
}

/**
 * Targets to read the year against: the named communes of a target year (with whether each has
 * reached its level in the table's year) and the count targets of the province (2025), with the
 * number recognised at that level in the table's year.
 */
async function ntmTargets(sql: Sql, scope: NtmTablesResponse['scope'], communes: NtmCommuneRow[]): Promise<NtmTargetRow[]> {
  const named = await sql<{ year: number; level: 'ntm' | 'advanced' | 'model'; code: string; name: string; district_name: string; district_code: string }[]>`
    SELECT t.year, t.level, u.code, u.name, CASE WHEN d.kind = 'thanh_pho' THEN d.full_name ELSE d.name END AS district_name, d.code AS district_code
    FROM ntm_commune_target t JOIN admin_unit u ON u.code = t.commune_code JOIN admin_unit d ON d.code = u.parent_code
    ORDER BY t.year, t.level, d.code, u.code`;
  const counts = await sql<{ unit_code: string; year: number; level: NtmTargetRow['level']; min_count: number; max_count: number | null; note_vi: string | null; note_en: string | null }[]>`
    SELECT unit_code, year, level, min_count, max_count, note_vi, note_en FROM ntm_count_target ORDER BY year, level`;
  const byCode = new Map(communes.map((c) => [c.code, c]));
  const reachedLevel = (c: NtmCommuneRow | undefined, level: string) =>
    Boolean(c && c.recognisedOn && LEVEL_ORDER[c.level]! >= LEVEL_ORDER[level]!);
  const inScope = (districtCode: string) => scope.level === 'province' || districtCode === scope.code;
  const currentAt = (level: string) =>
    communes.filter((c) => inScope(c.districtCode) && c.recognisedOn && LEVEL_ORDER[c.level]! >= (LEVEL_ORDER[level] ?? 99)).length;

  const out: NtmTargetRow[] = [];
  const groups = new Map<string, (typeof named)[number][]>();
  for (const n of named.filter((x) => inScope(x.district_code))) {
    const key = `${n.year}|${n.level}`;
    groups.set(key, [...(groups.get(key) ?? []), n]);
  }
  for (const list of groups.values()) {
    const first = list[0]!;
    out.push({
      year: first.year,
      level: first.level,
      unitCode: scope.code,
      communes: list.map((c) => ({ code: c.code, name: c.name, districtName: c.district_name, reached: reachedLevel(byCode.get(c.code), c.level) })),
      minCount: list.length,
      maxCount: list.length,
      current: list.filter((c) => reachedLevel(byCode.get(c.code), c.level)).length,
      note: null,
    });
  }
  for (const c of counts.filter((x) => x.unit_code === scope.code)) {
    out.push({
      year: c.year,
      level: c.level,
      unitCode: c.unit_code,
      communes: [],
      minCount: c.min_count,
      maxCount: c.max_count,
      current: c.level === 'district_ntm' ? null : currentAt(c.level),
      note: c.note_vi ? { vi: c.note_vi, en: c.note_en ?? c.note_vi } : null,
    });
  }
  return out.sort((a, b) => a.year - b.year || LEVEL_ORDER[a.level]! - LEVEL_ORDER[b.level]! || a.level.localeCompare(b.level));
}

/** Communes of the scope that gained or lost criteria between two years (largest change first). */
export async function ntmChanges(sql: Sql, from: number, to: number, scope: NtmTablesResponse['scope']): Promise<NonNullable<NtmTablesResponse['changes']>> {
  const rows = await sql.unsafe<ChangeSqlRow[]>(sqlFile('stats/ntm-changes'), [from, to]);
  const changes: NtmChange[] = rows
    .filter((r) => scope.level === 'province' || r.district_code === scope.code)
    .map((r) => {
      const a = r.met_from.map(Number);
      const b = r.met_to.map(Number);
      return { code: r.code, name: r.name, districtName: r.district_name, from: a.length, to: b.length, ...criteriaChange(a, b) };
    });
  const net = (c: NtmChange) => c.to - c.from;
  return {
    from,
    to,
    gained: changes.filter((c) => c.gained.length > 0).sort((a, b) => net(b) - net(a) || a.code.localeCompare(b.code)),
    lost: changes.filter((c) => c.lost.length > 0).sort((a, b) => b.lost.length - a.lost.length || a.code.localeCompare(b.code)),
  };
}

interface Unit2025YearSql {
  code: string;
  name: string;
  kind: 'xa' | 'phuong';
  year: number;
  old_units: number;
  old_xa: number;
  with_data: number;
  meets_all: number;
  total_criteria: number;
  level_ntm: number;
  level_advanced: number;
  level_model: number;
}

/**
 * The tables of the units of 1 July 2025 (era=after): the province's figures of the year, with
 * the 40 new units each counting its old xã — criteria met, levels reached, year by year — in
 * place of the districts (abolished on that day). Counts only, never an average of a merged unit.
 */
async function ntmTables2025(sql: Sql, q: NtmTablesQueryInput): Promise<NtmTablesResponse> {
  if (q.district !== undefined) {
    throw new HttpError(400, 'invalid_input', 'Từ 1/7/2025 không còn cấp huyện: bỏ tham số district khi era=after', 'There are no districts from 1 July 2025: leave out district with era=after');
  }
  if (q.compare !== undefined) {
    throw new HttpError(400, 'invalid_input', 'Bảng theo đơn vị mới (era=after) đã có số liệu từng năm: bỏ tham số compare', 'The new-unit tables (era=after) already show every year: leave out compare');
  }
  const base = await ntmTablesUncached(sql, { year: q.year, era: 'before' });
  const [rows, perCriterion] = await Promise.all([
    sql.unsafe<Unit2025YearSql[]>(sqlFile('units2025/ntm-all')),
    sql.unsafe<{ new_code: string; criterion_no: number; met: number }[]>(sqlFile('units2025/ntm-criteria'), [q.year]),
  ]);
  const units: NtmUnit2025Row[] = [];
  for (const code of [...new Set(rows.map((r) => r.code))]) {
    const list = rows.filter((r) => r.code === code);
    const now = list.find((r) => r.year === q.year) ?? list[0]!;
    const counts: Record<string, number> = {};
    for (const k of base.criteria) counts[String(k.no)] = 0;
    for (const p of perCriterion) if (p.new_code === code && String(p.criterion_no) in counts) counts[String(p.criterion_no)] = p.met;
    units.push({
      code,
      name: now.name,
      kind: now.kind,
      oldUnits: now.old_units,
      oldXa: now.old_xa,
      withData: now.with_data,
      meetsAll: now.meets_all,
      totalCriteria: now.total_criteria,
      levels: { ntm: now.level_ntm, advanced: now.level_advanced, model: now.level_model },
      perCriterion: counts,
      years: list.map((r) => ({ year: r.year, withData: r.with_data, meetsAll: r.meets_all, ntm: r.level_ntm, advanced: r.level_advanced, model: r.level_model })),
    });
  }
  // the reports' order of units is the code's (the statistics office's), as the resolution lists them
  units.sort((a, b) => a.code.localeCompare(b.code));
  return { ...base, units: [], units2025: units };
}
