import type { Sql } from 'postgres';
import type { VillageDetail, VillageFeatureProps } from '../domain/api.ts';
import { notFound } from '../http/errors.ts';
import { isoDate, listAssessments } from './assessments.ts';
import { villageInfrastructureOf } from './report-records.ts';

async function villageYear(sql: Sql, year?: number): Promise<{ year: number; setId: string | null }> {
  const list = (await listAssessments(sql)).filter((a) => a.scope === 'village');
  const a = year === undefined ? list.at(-1) : list.find((x) => x.year === year);
  return { year: a?.year ?? year ?? new Date().getFullYear(), setId: a?.criteriaSetId ?? null };
}

/** All villages as GeoJSON points with their criteria met in a year (drawn by deck.gl). */
export async function villagesGeoJson(sql: Sql, year?: number, commune?: string) {
  const y = (await villageYear(sql, year)).year;
  const rows = await sql<(VillageFeatureProps & { lon: number; lat: number })[]>`
    SELECT v.code, v.name, v.commune_code, c.name AS commune_name, v.ethnic_minority, v.pilot_tier,
           s.criteria_met, coalesce(r.recognised, false) AS recognised, (t.village_code IS NOT NULL) AS target,
           ST_X(v.geom) AS lon, ST_Y(v.geom) AS lat
    FROM village v
    JOIN admin_unit c ON c.code = v.commune_code
    LEFT JOIN (SELECT village_code, count(*) FILTER (WHERE met)::int AS criteria_met
               FROM village_criterion_status WHERE year = ${y} GROUP BY village_code) s ON s.village_code = v.code
    LEFT JOIN (SELECT village_code, true AS recognised FROM village_recognition WHERE year <= ${y} GROUP BY village_code) r
           ON r.village_code = v.code
    LEFT JOIN village_target t ON t.village_code = v.code AND t.year = ${y}
    WHERE ${commune ?? null}::text IS NULL OR v.commune_code = ${commune ?? null}::text
    ORDER BY v.code`;
  return {
    type: 'FeatureCollection' as const,
    year: y,
    features: rows.map(({ lon, lat, ...props }) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point' as const, coordinates: [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6] },
      properties: props,
    })),
  };
}

export async function villageDetail(sql: Sql, code: string, year?: number): Promise<VillageDetail> {
  const [v] = await sql<{ code: string; name: string; kind: VillageDetail['kind']; commune_code: string; commune_name: string; commune_kind: string; district_code: string; district_name: string; ethnic_minority: boolean; main_ethnic: string | null; households: number | null; pilot_tier: VillageDetail['pilotTier']; lon: number; lat: number }[]>`
    SELECT v.code, v.name, v.kind, c.code AS commune_code, c.name AS commune_name, c.kind AS commune_kind,
           d.code AS district_code, d.name AS district_name, v.ethnic_minority, v.main_ethnic, v.households,
           v.pilot_tier, ST_X(v.geom) AS lon, ST_Y(v.geom) AS lat
    FROM village v JOIN admin_unit c ON c.code = v.commune_code JOIN admin_unit d ON d.code = c.parent_code
    WHERE v.code = ${code}`;
  if (!v) throw notFound({ vi: `thôn có mã ${code}`, en: `Village ${code}` });
  const { year: y, setId } = await villageYear(sql, year);
  const criteria = setId
    ? await sql<{ no: number; name_vi: string; name_en: string; met: boolean | null; evidence: string | null; evidence_date: Date | null; version: number | null; first_met: number | null }[]>`
        SELECT k.no, k.name_vi, k.name_en, s.met, s.evidence, s.evidence_date, s.version,
               (SELECT min(h.year) FROM village_criterion_status h
                 WHERE h.village_code = ${code} AND h.criterion_no = k.no AND h.met AND h.year <= ${y}) AS first_met
        FROM criterion k
        LEFT JOIN village_criterion_status s ON s.village_code = ${code} AND s.year = ${y} AND s.criterion_no = k.no
        WHERE k.set_id = ${setId} ORDER BY k.no`
    : [];
  const scored = criteria.some((k) => k.met !== null);
  const [rec] = await sql<{ year: number; level: 'ntm' | 'model'; recognised_on: Date }[]>`
    SELECT year, level, recognised_on FROM village_recognition WHERE village_code = ${code} AND year <= ${y} ORDER BY year DESC LIMIT 1`;
  const targets = await sql<{ year: number }[]>`SELECT year FROM village_target WHERE village_code = ${code} ORDER BY year`;
  const history = await sql<{ year: number; criteria_met: number }[]>`
    SELECT year, count(*) FILTER (WHERE met)::int AS criteria_met FROM village_criterion_status
    WHERE village_code = ${code} GROUP BY year ORDER BY year`;
  const infrastructure = await villageInfrastructureOf(sql, code);
  return {
    code: v.code,
    name: v.name,
    kind: v.kind,
    commune: { code: v.commune_code, name: v.commune_name, kind: v.commune_kind },
    district: { code: v.district_code, name: v.district_name },
    ethnicMinority: v.ethnic_minority,
    mainEthnic: v.main_ethnic,
    households: v.households,
    pilotTier: v.pilot_tier,
    lon: v.lon,
    lat: v.lat,
    year: y,
    criteriaMet: scored ? criteria.filter((k) => k.met).length : null,
    criteria: scored
      ? criteria.map((k) => ({
          no: k.no,
          name: { vi: k.name_vi, en: k.name_en },
          met: k.met === true,
          firstMetYear: k.first_met,
          evidence: k.evidence,
          evidenceDate: k.evidence_date ? isoDate(k.evidence_date) : null,
          version: k.version ?? 0,
        }))
      : [],
    recognition: rec ? { year: rec.year, level: rec.level, recognisedOn: isoDate(rec.recognised_on) } : null,
    targetYears: targets.map((t) => t.year),
    history: history.map((h) => ({ year: h.year, criteriaMet: h.criteria_met })),
    infrastructure,
  };
}
