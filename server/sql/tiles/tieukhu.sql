-- Tiểu khu (forest sub-compartments), outlines and numbers.
-- $1 z, $2 x, $3 y
SELECT t.tk::bigint AS fid, t.tk, t.commune_code, round(t.area_ha::numeric, 1)::float8 AS area_ha,
       atlas_tile_geom(ST_Transform(t.geom, 3857), $1::int, $2::int, $3::int) AS geom
FROM forest_tieu_khu t
WHERE t.geom && ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int), 4326)
