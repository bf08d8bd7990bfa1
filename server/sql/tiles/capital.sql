-- Districts filled by the share of the year's central capital of the national target programmes
-- allocated in detail (migration 046). Bands as CAPITAL_CLASSES (server/domain/layers.ts).
-- $1 z, $2 x, $3 y, $4 year (null: the latest year with figures)
WITH yr AS (SELECT coalesce($4::int, (SELECT max(year) FROM programme_capital)) AS y)
SELECT d.code::bigint AS fid, d.code, d.name, c.year,
       c.allocated_pct::float8 AS allocated_pct, c.disbursed_pct::float8 AS disbursed_pct,
       CASE WHEN c.allocated_pct < 25 THEN 'lt25' WHEN c.allocated_pct < 50 THEN 'lt50'
            WHEN c.allocated_pct < 75 THEN 'lt75' WHEN c.allocated_pct < 100 THEN 'lt100' ELSE 'full' END AS cls,
       c.allocated_source AS source,
       atlas_tile_geom(ST_Transform(d.geom, 3857), $1::int, $2::int, $3::int) AS geom
FROM admin_unit d
JOIN programme_capital c ON c.district_code = d.code AND c.year = (SELECT y FROM yr)
WHERE d.level = 'district'
  AND d.geom && ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int), 4326)
