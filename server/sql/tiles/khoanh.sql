-- Khoảnh (compartment units inside a tiểu khu).
-- $1 z, $2 x, $3 y
SELECT (k.tk::bigint * 1000 + k.khoanh) AS fid, k.tk, k.khoanh, 'K ' || k.khoanh AS label,
       atlas_tile_geom(ST_Transform(k.geom, 3857), $1::int, $2::int, $3::int) AS geom
FROM forest_khoanh k
WHERE k.geom && ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int), 4326)
