-- OCOP products as points, classed by their valid star rating ('registered': not rated yet).
-- $1 z, $2 x, $3 y
SELECT p.id AS fid, p.id, p.name, p.producer, p.category,
       coalesce(p.rating, 'registered') AS cls,
       p.rated_year, p.registered_year, p.commune_code,
       atlas_tile_geom(ST_Transform(p.geom, 3857), $1::int, $2::int, $3::int) AS geom
FROM ocop_product p
WHERE p.geom && ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int), 4326)
