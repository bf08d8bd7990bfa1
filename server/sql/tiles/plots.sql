-- Lô (forest plots) styled by the survival class of their latest planting's latest inspection.
-- $1 z, $2 x, $3 y, $4 planting year (null: the plot's most recent planting).
-- The class is the result recorded by the latest inspection (decided with the thresholds in force then).
--
-- Province scale: below z14 a lô is drawn only where it is legible — at least 64 square pixels at
-- that zoom (atlas_legible_ha, migration 010: about 8.8 ha at z12, 2.2 ha at z13 in Kon Tum) — or
-- where it carries a planting (under the filter), which is what this layer shows; smaller
-- unplanted lô appear from z14, and the khoảnh layer draws the ground under them until then.
-- At most 8,000 lô per tile (largest first), so no tile grows past a few hundred KB.
-- The latest planting and inspection are index look-ups per lô (LATERAL … LIMIT 1), never a
-- scan of the planting or inspection tables, so a tile's cost follows its own lô only.
WITH env AS (
  SELECT ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int), 4326) AS e,
         CASE WHEN $1::int >= 14 THEN 0 ELSE atlas_legible_ha($1::int, $2::int, $3::int) END AS min_ha
),
c AS (
  -- candidates: ids, area and latest planting only (the sort stays small, in memory)
  SELECT f.id, f.dtich, pl.id AS planting_id, pl.year AS planting_year, pl.funding, pl.withdrawn_on
  FROM env
  JOIN forest_plot f ON f.geom && env.e
  LEFT JOIN LATERAL (
    SELECT g.id, g.year, g.funding, g.withdrawn_on
    FROM planting g
    WHERE g.plot_id = f.id AND ($4::int IS NULL OR g.year = $4::int)
    ORDER BY g.year DESC
    LIMIT 1
  ) pl ON true
  WHERE f.dtich >= env.min_ha OR pl.id IS NOT NULL
  ORDER BY f.dtich DESC, f.id
  LIMIT 8000
),
p AS (
  SELECT f.id, f.tk, f.khoanh, f.lo, f.dtich, f.commune_code, f.ldlr, f.forest_function, f.geom,
         c.planting_id, c.planting_year, c.funding, c.withdrawn_on
  FROM c JOIN forest_plot f ON f.id = c.id
)
SELECT p.id AS fid, p.id, p.tk, p.khoanh, p.lo,
       'TK ' || p.tk || ' · K ' || p.khoanh || ' · L ' || p.lo AS label,
       p.dtich::float8 AS area_ha, p.commune_code, p.ldlr, p.forest_function,
       coalesce(p.funding, '') AS funding,
       coalesce(p.planting_year, 0) AS planting_year,
       CASE WHEN p.planting_id IS NULL THEN 'none' ELSE atlas_planting_class(p.withdrawn_on, li.result) END AS cls,
       coalesce(li.survival_pct, -1)::float8 AS survival_pct,
       atlas_tile_geom(ST_Transform(p.geom, 3857), $1::int, $2::int, $3::int) AS geom
FROM p
LEFT JOIN LATERAL atlas_latest_inspection(p.planting_id) li ON p.planting_id IS NOT NULL -- the rule: migration 013
