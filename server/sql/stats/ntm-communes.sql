-- Every commune in the NTM programme with its criteria met and level in a year.
-- $1 year
SELECT u.code, u.name, u.parent_code AS district_code,
       count(s.criterion_no) FILTER (WHERE s.met)::int AS criteria_met,
       coalesce(array_agg(s.criterion_no ORDER BY s.criterion_no) FILTER (WHERE s.met), '{}') AS met_criteria,
       coalesce(lv.level, 'none') AS level,
       lv.recognised_on
FROM admin_unit u
LEFT JOIN commune_criterion_status s ON s.commune_code = u.code AND s.year = $1::int
LEFT JOIN commune_ntm_level lv ON lv.commune_code = u.code AND lv.year = $1::int
WHERE u.level = 'commune' AND u.in_ntm_programme
GROUP BY u.code, u.name, u.parent_code, lv.level, lv.recognised_on
ORDER BY u.parent_code, u.code
