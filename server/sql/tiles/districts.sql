-- Districts (huyện) and the city, outlines and names.
-- $1 z, $2 x, $3 y
SELECT u.code::bigint AS fid, u.code, u.name, u.kind,
       atlas_tile_geom(ST_Transform(u.geom, 3857), $1::int, $2::int, $3::int) AS geom
FROM admin_unit u
WHERE u.level = 'district'
  AND u.geom && ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int), 4326)
