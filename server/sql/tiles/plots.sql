-- Lô (forest plots) styled by the survival class of their latest planting's latest inspection.
-- $1 z, $2 x, $3 y, $4 planting year (null: the plot's most recent planting).
-- The class is the result recorded by the latest inspection (decided with the thresholds in force then).
WITH p AS (
  SELECT f.*
  FROM forest_plot f
  WHERE f.geom && ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int), 4326)
),
pl AS (
  SELECT DISTINCT ON (g.plot_id) g.*
  FROM planting g
  JOIN p ON p.id = g.plot_id
  WHERE $4::int IS NULL OR g.year = $4::int
  ORDER BY g.plot_id, g.year DESC
),
last_insp AS (
  SELECT DISTINCT ON (i.planting_id) i.planting_id, i.survival_pct, i.result
  FROM inspection i
  JOIN pl ON pl.id = i.planting_id
  ORDER BY i.planting_id, i.inspected_on DESC, i.id DESC
)
SELECT p.id AS fid, p.id, p.tk, p.khoanh, p.lo,
       'TK ' || p.tk || ' · K ' || p.khoanh || ' · L ' || p.lo AS label,
       p.dtich::float8 AS area_ha, p.commune_code, p.ldlr, p.forest_function,
       coalesce(pl.funding, '') AS funding,
       coalesce(pl.year, 0) AS planting_year,
       CASE
         WHEN pl.id IS NULL THEN 'none'
         WHEN pl.withdrawn_on IS NOT NULL THEN 'withdrawn'
         WHEN li.result IS NULL THEN 'not_inspected'
         ELSE li.result
       END AS cls,
       coalesce(li.survival_pct, -1)::float8 AS survival_pct,
       atlas_tile_geom(ST_Transform(p.geom, 3857), $1::int, $2::int, $3::int) AS geom
FROM p
LEFT JOIN pl ON pl.plot_id = p.id
LEFT JOIN last_insp li ON li.planting_id = pl.id
