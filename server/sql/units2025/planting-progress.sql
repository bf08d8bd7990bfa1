-- Planting of a year by unit of 1 July 2025 (through the old commune of each lô), for the
-- province: every new unit with planting that year, and the province's total and target.
-- Targets were set per old unit, so a new unit has none. Planted counts every planting
-- registered in the year (withdrawn ones included, as stats/planting-progress.sql does).
-- $1 year
WITH planted AS (
  SELECT s.new_code AS code, sum(g.area_ha) AS ha
  FROM planting g
  JOIN forest_plot p ON p.id = g.plot_id
  JOIN admin_unit_succession s ON s.old_code = p.commune_code
  WHERE g.year = $1::int
  GROUP BY 1
)
SELECT n.code, n.full_name AS name, 'unit2025' AS level, NULL::float8 AS target_ha, pl.ha::float8 AS planted_ha, NULL::text AS source,
       false AS is_total
FROM admin_unit_2025 n JOIN planted pl ON pl.code = n.code
UNION ALL
SELECT u.code, u.name, u.level, t.target_ha::float8, coalesce((SELECT sum(ha) FROM planted), 0)::float8, t.source, true
FROM admin_unit u
LEFT JOIN planting_target t ON t.unit_code = u.code AND t.year = $1::int
WHERE u.code = '62'
ORDER BY is_total, code
