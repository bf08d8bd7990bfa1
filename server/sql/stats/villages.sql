-- Ethnic-minority villages inside a unit (province, district or commune) with their criteria
-- met in a year and in a baseline year, recognition and targets.
-- $1 unit code, $2 year, $3 baseline year (may be null)
SELECT v.code, v.name, v.pilot_tier,
       c.code AS commune_code, c.name AS commune_name, c.kind AS commune_kind,
       d.code AS district_code, CASE WHEN d.kind = 'thanh_pho' THEN d.full_name ELSE d.name END AS district_name,
       (SELECT count(*) FILTER (WHERE s.met) FROM village_criterion_status s
         WHERE s.village_code = v.code AND s.year = $2::int)::int AS met_now,
       (SELECT count(*) FROM village_criterion_status s
         WHERE s.village_code = v.code AND s.year = $2::int)::int AS scored_now,
       (SELECT count(*) FILTER (WHERE s.met) FROM village_criterion_status s
         WHERE s.village_code = v.code AND s.year = $3::int)::int AS met_baseline,
       EXISTS (SELECT 1 FROM village_recognition r WHERE r.village_code = v.code AND r.year <= $2::int) AS recognised,
       EXISTS (SELECT 1 FROM village_target t WHERE t.village_code = v.code AND t.year = $2::int) AS targeted
FROM village v
JOIN admin_unit c ON c.code = v.commune_code
JOIN admin_unit d ON d.code = c.parent_code
WHERE v.ethnic_minority
  AND ($1::text = '62' OR c.code = $1::text OR c.parent_code = $1::text)
ORDER BY c.code, v.code
