-- The replanting worklist (trồng dặm): plantings whose latest inspection asks for replanting
-- (and, on request, those rejected), not withdrawn, with what the field team needs to find them.
-- $1 planting year (null: any), $2 district or commune code (null: all), $3 funding (null: any),
-- $4 include rejected (bool), $5 row limit, $6 new unit code (from 1 July 2025; null: all): the lô of
-- its old communes (admin_unit_succession)
WITH g AS (
  SELECT g.*
  FROM planting g
  JOIN forest_plot p ON p.id = g.plot_id
  JOIN admin_unit c ON c.code = p.commune_code
  WHERE g.withdrawn_on IS NULL
    AND ($1::int IS NULL OR g.year = $1::int)
    AND ($2::text IS NULL OR c.code = $2::text OR c.parent_code = $2::text OR $2::text = '62')
    AND ($3::text IS NULL OR g.funding = $3::text)
    AND ($6::text IS NULL OR c.code IN (SELECT s.old_code FROM admin_unit_succession s WHERE s.new_code = $6::text))
),
latest AS (
  -- the rule of migration 013: the latest inspection and the class it gives the planting
  SELECT g.id AS planting_id, li.survival_pct, li.inspected_on, atlas_planting_class(g.withdrawn_on, li.result) AS cls
  FROM g JOIN LATERAL atlas_latest_inspection(g.id) li ON true
)
SELECT p.id AS plot_id, p.tk, p.khoanh, p.lo,
       c.code AS commune_code, c.name AS commune_name, d.code AS district_code, d.name AS district_name,
       n.code AS unit_2025_code, n.full_name AS unit_2025_name,
       g.id AS planting_id, g.year AS planting_year, g.funding, g.household, g.species,
       g.area_ha::float8 AS area_ha, g.density_per_ha,
       l.survival_pct::float8 AS survival_pct, l.cls AS result, l.inspected_on::text AS inspected_on,
       ST_X(ST_PointOnSurface(p.geom)) AS cx, ST_Y(ST_PointOnSurface(p.geom)) AS cy,
       ST_XMin(p.geom) AS xmin, ST_YMin(p.geom) AS ymin, ST_XMax(p.geom) AS xmax, ST_YMax(p.geom) AS ymax
FROM g
JOIN latest l ON l.planting_id = g.id
JOIN forest_plot p ON p.id = g.plot_id
JOIN admin_unit c ON c.code = p.commune_code
JOIN admin_unit d ON d.code = c.parent_code
LEFT JOIN admin_unit_succession su ON su.old_code = c.code
LEFT JOIN admin_unit_2025 n ON n.code = su.new_code
WHERE l.cls = 'replant' OR ($4::boolean AND l.cls = 'rejected')
ORDER BY d.code, c.name, p.tk, p.khoanh, p.lo, g.year
LIMIT $5::int
