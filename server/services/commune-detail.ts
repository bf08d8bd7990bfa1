import type { Sql } from 'postgres';
import type { CommuneDetail, CriterionStatus } from '../domain/api.ts';
import type { NtmLevel } from '../domain/classes.ts';
import { notFound } from '../http/errors.ts';
import { isoDate, listAssessments } from './assessments.ts';
import { communeRecords } from './report-records.ts';

/** A commune's NTM record for a year: checklist, level, history, rank and its villages. */
export async function communeDetail(sql: Sql, code: string, year?: number): Promise<CommuneDetail> {
  const [u] = await sql<{ code: string; name: string; full_name: string; kind: 'xa' | 'phuong' | 'thi_tran'; district_code: string; district_name: string; in_ntm_programme: boolean; area_ha: number }[]>`
    SELECT u.code, u.name, u.full_name, u.kind, d.code AS district_code, d.name AS district_name, u.in_ntm_programme, u.area_ha
    FROM admin_unit u JOIN admin_unit d ON d.code = u.parent_code
    WHERE u.code = ${code} AND u.level = 'commune'`;
  if (!u) throw notFound({ vi: `xã/phường có mã ${code}`, en: `Commune ${code}` });
  const assessments = (await listAssessments(sql)).filter((a) => a.scope === 'commune');
  const y = year ?? assessments.at(-1)?.year ?? new Date().getFullYear();
  const assessment = assessments.find((a) => a.year === y) ?? null;

  let criteria: CriterionStatus[] = [];
  if (assessment && u.in_ntm_programme) {
    const rows = await sql<{ no: number; name_vi: string; name_en: string; met: boolean | null; first_met: number | null; evidence: string | null; evidence_date: Date | null; version: number | null }[]>`
      SELECT k.no, k.name_vi, k.name_en, s.met, s.evidence, s.evidence_date, s.version,
             (SELECT min(h.year) FROM commune_criterion_status h
               WHERE h.commune_code = ${code} AND h.criterion_no = k.no AND h.met AND h.year <= ${y}) AS first_met
      FROM criterion k
      LEFT JOIN commune_criterion_status s ON s.commune_code = ${code} AND s.year = ${y} AND s.criterion_no = k.no
      WHERE k.set_id = ${assessment.criteriaSetId}
      ORDER BY k.no`;
    criteria = rows.map((r) => ({
      no: r.no,
      name: { vi: r.name_vi, en: r.name_en },
      met: r.met === true,
      firstMetYear: r.first_met,
      evidence: r.evidence,
      evidenceDate: r.evidence_date ? isoDate(r.evidence_date) : null,
      version: r.version ?? 0,
    }));
  }
  const [lv] = await sql<{ level: NtmLevel; recognised_on: Date | null }[]>`
    SELECT level, recognised_on FROM commune_ntm_level WHERE commune_code = ${code} AND year = ${y}`;
  const [target] = await sql<{ year: number; level: NtmLevel }[]>`
    SELECT year, level FROM ntm_commune_target WHERE commune_code = ${code} AND year >= ${y} ORDER BY year LIMIT 1`;
  const history = await sql<{ year: number; criteria_met: number; level: NtmLevel | null; recognised: boolean }[]>`
    SELECT s.year, count(*) FILTER (WHERE s.met)::int AS criteria_met, l.level, (l.recognised_on IS NOT NULL) AS recognised
    FROM commune_criterion_status s
    LEFT JOIN commune_ntm_level l ON l.commune_code = s.commune_code AND l.year = s.year
    WHERE s.commune_code = ${code}
    GROUP BY s.year, l.level, l.recognised_on
    ORDER BY s.year`;
  const [rank] = u.in_ntm_programme && assessment
    ? await sql<{ in_district: number; district_count: number; in_province: number; province_count: number }[]>`
        WITH m AS (
          SELECT c.code, c.parent_code, count(*) FILTER (WHERE s.met) AS met
          FROM admin_unit c JOIN commune_criterion_status s ON s.commune_code = c.code AND s.year = ${y}
          WHERE c.in_ntm_programme GROUP BY c.code, c.parent_code
        ), r AS (
          SELECT code, parent_code,
                 rank() OVER (PARTITION BY parent_code ORDER BY met DESC)::int AS in_district,
                 count(*) OVER (PARTITION BY parent_code)::int AS district_count,
                 rank() OVER (ORDER BY met DESC)::int AS in_province,
                 count(*) OVER ()::int AS province_count
          FROM m
        )
        SELECT in_district, district_count, in_province, province_count FROM r WHERE code = ${code}`
    : [];
  const villages = await sql<{ code: string; name: string; pilot_tier: string | null; criteria_met: number | null }[]>`
    SELECT v.code, v.name, v.pilot_tier,
           (SELECT count(*) FILTER (WHERE s.met) FROM village_criterion_status s WHERE s.village_code = v.code AND s.year =
              (SELECT max(year) FROM village_criterion_status WHERE village_code = v.code AND year <= ${y}))::int AS criteria_met
    FROM village v WHERE v.commune_code = ${code} AND v.ethnic_minority ORDER BY v.code`;

  return {
    code: u.code,
    name: u.name,
    fullName: u.full_name,
    kind: u.kind,
    district: { code: u.district_code, name: u.district_name },
    inNtmProgramme: u.in_ntm_programme,
    areaHa: u.area_ha,
    year: y,
    criteriaSetId: assessment?.criteriaSetId ?? null,
    criteriaMet: criteria.length ? criteria.filter((k) => k.met).length : null,
    criteria,
    level: lv?.level ?? 'none',
    recognisedOn: lv?.recognised_on ? isoDate(lv.recognised_on) : null,
    target: target ?? null,
    history: history.map((h) => ({ year: h.year, criteriaMet: h.criteria_met, level: h.level ?? 'none', recognised: h.recognised })),
    rank: rank ? { inDistrict: rank.in_district, districtCount: rank.district_count, inProvince: rank.in_province, provinceCount: rank.province_count } : null,
    villages: villages.map((v) => ({ code: v.code, name: v.name, pilotTier: v.pilot_tier, criteriaMet: v.criteria_met })),
    records: await communeRecords(sql, code),
  };
}
