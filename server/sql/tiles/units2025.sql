-- The units of 1 July 2025 with their old units' NTM attainment in a year (counts, never averages).
-- $1 z, $2 x, $3 y, $4 year (null: counts of old units only)
WITH old AS (
  SELECT s.new_code,
         count(*)::int AS old_units,
         count(*) FILTER (WHERE u.in_ntm_programme)::int AS old_xa,
         count(*) FILTER (WHERE u.in_ntm_programme AND atlas_ntm_rank(lv.level, lv.recognised_on) >= 1)::int AS ntm_count
  FROM admin_unit_succession s
  JOIN admin_unit u ON u.code = s.old_code AND u.level = 'commune'
  LEFT JOIN commune_ntm_level lv ON lv.commune_code = u.code AND lv.year = $4::int
  GROUP BY s.new_code
)
SELECT n.code::bigint AS fid,
       n.code, n.name, n.kind,
       o.old_units, o.old_xa,
       CASE WHEN $4::int IS NULL THEN NULL ELSE o.ntm_count END AS ntm_count,
       CASE WHEN $4::int IS NULL THEN NULL
            WHEN o.old_xa = 0 THEN 'no_xa'
            WHEN o.ntm_count = o.old_xa THEN 'all'
            WHEN o.ntm_count > 0 THEN 'some'
            ELSE 'none' END AS ntm_class,
       atlas_tile_geom(ST_Transform(n.geom, 3857), $1::int, $2::int, $3::int) AS geom
FROM admin_unit_2025 n
JOIN old o ON o.new_code = n.code
WHERE n.geom && ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int), 4326)
