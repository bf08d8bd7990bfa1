-- Criteria each commune of the NTM programme met in two years, to tell the criteria gained and
-- lost between them (compared by criterion number: the 2016-2020 and 2021-2025 sets keep it).
-- $1 earlier year, $2 later year
SELECT u.code, u.name, CASE WHEN d.kind = 'thanh_pho' THEN d.full_name ELSE d.name END AS district_name, u.parent_code AS district_code,
       coalesce(array_agg(s.criterion_no ORDER BY s.criterion_no) FILTER (WHERE s.met AND s.year = $1::int), '{}') AS met_from,
       coalesce(array_agg(s.criterion_no ORDER BY s.criterion_no) FILTER (WHERE s.met AND s.year = $2::int), '{}') AS met_to
FROM admin_unit u
JOIN admin_unit d ON d.code = u.parent_code
LEFT JOIN commune_criterion_status s ON s.commune_code = u.code AND s.year IN ($1::int, $2::int)
WHERE u.level = 'commune' AND u.in_ntm_programme
GROUP BY u.code, u.name, d.name, d.kind, d.full_name, u.parent_code
ORDER BY u.parent_code, u.code
