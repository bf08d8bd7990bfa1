-- Planting of a year against its targets, for the units directly below one unit:
-- the province ('62') lists its districts, a district its communes.
-- Planted counts every planting registered in the year (withdrawn ones included, as the reports do).
-- $1 year, $2 parent unit code
WITH units AS (
  SELECT u.code, u.name, u.level FROM admin_unit u WHERE u.parent_code = $2::text
),
planted AS (
  SELECT CASE WHEN c.parent_code = $2::text THEN c.code ELSE c.parent_code END AS code, sum(g.area_ha) AS ha
  FROM planting g
  JOIN forest_plot p ON p.id = g.plot_id
  JOIN admin_unit c ON c.code = p.commune_code
  JOIN admin_unit d ON d.code = c.parent_code
  WHERE g.year = $1::int AND (c.parent_code = $2::text OR d.parent_code = $2::text)
  GROUP BY 1
)
SELECT u.code, u.name, u.level, t.target_ha::float8 AS target_ha, coalesce(pl.ha, 0)::float8 AS planted_ha, t.source,
       false AS is_total
FROM units u
LEFT JOIN planted pl ON pl.code = u.code
LEFT JOIN planting_target t ON t.unit_code = u.code AND t.year = $1::int
WHERE t.target_ha IS NOT NULL OR pl.ha IS NOT NULL
UNION ALL
SELECT u.code, u.name, u.level, t.target_ha::float8, coalesce((SELECT sum(ha) FROM planted), 0)::float8, t.source, true
FROM admin_unit u
LEFT JOIN planting_target t ON t.unit_code = u.code AND t.year = $1::int
WHERE u.code = $2::text
ORDER BY is_total, code
