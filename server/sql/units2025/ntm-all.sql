-- Every 2025 unit's NTM figures, every commune assessment year, from its old units' own records
-- (the all-units form of units2025/ntm-years.sql): how many of its old xã (in the NTM programme)
-- had a record that year, met all criteria, reached each recognised level (cumulative,
-- atlas_ntm_rank), and the criteria met in total. Counts only: a merged unit was never assessed.
-- One row per new unit and year; a unit without an old xã in the programme (wards) has old_xa 0.
WITH old AS (
  SELECT s.new_code, u.code FROM admin_unit_succession s
  JOIN admin_unit u ON u.code = s.old_code AND u.level = 'commune' AND u.in_ntm_programme
),
years AS (
  SELECT a.year, (SELECT count(*) FROM criterion k WHERE k.set_id = a.criteria_set_id)::int AS all_criteria
  FROM assessment a WHERE a.scope = 'commune'
),
per_commune AS (
  SELECT y.year, o.new_code, o.code, y.all_criteria,
         count(s.criterion_no)::int AS with_status,
         count(s.criterion_no) FILTER (WHERE s.met)::int AS met
  FROM years y CROSS JOIN old o
  LEFT JOIN commune_criterion_status s ON s.commune_code = o.code AND s.year = y.year
  GROUP BY y.year, o.new_code, o.code, y.all_criteria
),
ranked AS (
  SELECT pc.*, coalesce(atlas_ntm_rank(lv.level, lv.recognised_on), 0) AS rank
  FROM per_commune pc
  LEFT JOIN commune_ntm_level lv ON lv.commune_code = pc.code AND lv.year = pc.year
)
SELECT n.code, n.full_name AS name, n.kind, y.year,
       (SELECT count(*) FROM admin_unit_succession s WHERE s.new_code = n.code)::int AS old_units,
       count(r.code)::int AS old_xa,
       count(r.code) FILTER (WHERE r.with_status > 0)::int AS with_data,
       count(r.code) FILTER (WHERE r.with_status > 0 AND r.met = r.all_criteria)::int AS meets_all,
       coalesce(sum(r.met), 0)::int AS total_criteria,
       count(r.code) FILTER (WHERE r.rank >= 1)::int AS level_ntm,
       count(r.code) FILTER (WHERE r.rank >= 2)::int AS level_advanced,
       count(r.code) FILTER (WHERE r.rank >= 3)::int AS level_model
FROM admin_unit_2025 n
CROSS JOIN years y
LEFT JOIN ranked r ON r.new_code = n.code AND r.year = y.year
GROUP BY n.code, n.full_name, n.kind, y.year
ORDER BY n.code, y.year
