-- Old xã (in the NTM programme) meeting each criterion in one year, per 2025 unit.
-- $1 year
SELECT s2.new_code, st.criterion_no, count(*) FILTER (WHERE st.met)::int AS met
FROM admin_unit_succession s2
JOIN admin_unit u ON u.code = s2.old_code AND u.level = 'commune' AND u.in_ntm_programme
JOIN commune_criterion_status st ON st.commune_code = u.code AND st.year = $1::int
GROUP BY s2.new_code, st.criterion_no
