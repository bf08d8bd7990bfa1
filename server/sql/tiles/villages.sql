-- Villages (thôn, làng, tổ dân phố) as points with their village NTM status in a year, for clients
-- that read vector tiles (QGIS, other maps); the web app draws the same data with deck.gl.
-- $1 z, $2 x, $3 y, $4 year (null: the latest year with village status)
WITH yr AS (
  SELECT coalesce($4::int, (SELECT max(year) FROM village_criterion_status)) AS y
),
v AS (
  SELECT v.*
  FROM village v
  WHERE v.geom && ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int), 4326)
),
status AS (
  SELECT s.village_code, count(*) FILTER (WHERE s.met)::int AS criteria_met
  FROM village_criterion_status s
  JOIN v ON v.code = s.village_code
  WHERE s.year = (SELECT y FROM yr)
  GROUP BY s.village_code
)
SELECT replace(v.code, '-', '')::bigint AS fid,
       v.code, v.name, v.kind, v.commune_code, v.ethnic_minority, v.pilot_tier,
       st.criteria_met,
       EXISTS (SELECT 1 FROM village_recognition r WHERE r.village_code = v.code AND r.year <= (SELECT y FROM yr)) AS recognised,
       EXISTS (SELECT 1 FROM village_target t WHERE t.village_code = v.code AND t.year = (SELECT y FROM yr)) AS target,
       atlas_tile_geom(ST_Transform(v.geom, 3857), $1::int, $2::int, $3::int) AS geom
FROM v
LEFT JOIN status st ON st.village_code = v.code
