-- Communes meeting each criterion, per district and for the province (district_code NULL).
-- $1 year
SELECT u.parent_code AS district_code, s.criterion_no,
       count(*) FILTER (WHERE s.met)::int AS met
FROM commune_criterion_status s
JOIN admin_unit u ON u.code = s.commune_code AND u.in_ntm_programme
WHERE s.year = $1::int
GROUP BY GROUPING SETS ((u.parent_code, s.criterion_no), (s.criterion_no))
