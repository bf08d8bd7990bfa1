-- Lô within $2 km of the chosen villages (buffers): access for planting and protection work.
-- $1 village codes text[]   $2 km   $3 forest functions text[]|null   $4 row limit
-- The indexed lô geometry is compared with each village point expanded by the radius (a bbox in
-- degrees slightly larger than the radius), then the exact geodesic ST_DWithin decides.
WITH v AS (
  SELECT v.code, v.name, c.name AS commune_name, v.geom FROM village v JOIN admin_unit c ON c.code = v.commune_code
  WHERE v.code = ANY($1::text[])
),
hit AS (
  SELECT DISTINCT ON (p.id) p.id, p.tk, p.khoanh, p.lo, pc.name AS commune_name, p.dtich::float8 AS area_ha, p.ldlr, p.forest_function,
         v.code AS village_code, ST_Distance(v.geom::geography, p.geom::geography) AS d, p.geom
  FROM v
  JOIN forest_plot p
    ON p.geom && ST_Expand(v.geom, $2::float8 / (111.32 * cos(radians(ST_Y(v.geom) + 0.5))) * 1.02, $2::float8 / 110.57 * 1.02)
   AND ST_DWithin(v.geom::geography, p.geom::geography, $2::float8 * 1000)
  JOIN admin_unit pc ON pc.code = p.commune_code
  WHERE ($3::text[] IS NULL OR p.forest_function = ANY($3::text[]))
  ORDER BY p.id, d, v.code
),
totals AS (SELECT count(*) AS n, coalesce(sum(area_ha), 0) AS total_ha FROM hit),
per_village AS (
  SELECT v.code, count(h.id) AS plots, coalesce(sum(h.area_ha), 0) AS area_ha
  FROM v LEFT JOIN hit h ON h.village_code = v.code GROUP BY v.code
)
SELECT 'village' AS kind, v.code, v.name, v.commune_name, ST_X(v.geom) AS lon, ST_Y(v.geom) AS lat,
       pv.plots::int AS plots, pv.area_ha::float8 AS area_ha,
       ST_AsGeoJSON(ST_Buffer(v.geom::geography, $2::float8 * 1000, 24)::geometry, 6) AS geojson,
       NULL::bigint AS id, NULL::int AS tk, NULL::int AS khoanh, NULL::text AS lo, NULL::text AS ldlr, NULL::text AS forest_function,
       NULL::float8 AS d, (SELECT n FROM totals) AS n, (SELECT total_ha FROM totals)::float8 AS total_ha
FROM v JOIN per_village pv ON pv.code = v.code
UNION ALL
SELECT * FROM (
  SELECT 'plot', h.village_code, NULL::text, h.commune_name, NULL::float8, NULL::float8, NULL::int, h.area_ha,
         ST_AsGeoJSON(ST_Multi(ST_SimplifyPreserveTopology(h.geom, 0.00002)), 6), h.id, h.tk, h.khoanh, h.lo, h.ldlr, h.forest_function,
         round(h.d::numeric, 0)::float8, NULL::bigint, NULL::float8
  FROM hit h ORDER BY h.d, h.id LIMIT $4::int
) plots
