-- One preview tile of an import batch's staged rows (the import screen's map, before commit).
-- $1 z, $2 x, $3 y, $4 batch id.
-- The repaired geometry (geom_fixed, indexed) is what a commit would write; rows without one
-- (no geometry, wrong type) have nothing to draw and are listed in the report instead.
-- At most 20,000 rows per tile, the largest first, so a tile of a 100,000-lô file stays small.
WITH env AS (
  SELECT ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int), 4326) AS e
),
s AS (
  SELECT s.row_no, s.key, s.action, s.geom_fixed
  FROM env JOIN import_staged s ON s.geom_fixed && env.e
  WHERE s.batch_id = $4::bigint
  ORDER BY ST_Area(s.geom_fixed) DESC, s.row_no
  LIMIT 20000
)
SELECT s.row_no AS fid, s.row_no AS "row", coalesce(s.key, '') AS key, coalesce(s.action, 'skip') AS action,
       (SELECT count(*) FROM import_issue i WHERE i.batch_id = $4::bigint AND i.row_no = s.row_no AND i.severity = 'error')::int AS errors,
       (SELECT count(*) FROM import_issue i WHERE i.batch_id = $4::bigint AND i.row_no = s.row_no AND i.severity = 'warning')::int AS warnings,
       atlas_tile_geom(ST_Transform(s.geom_fixed, 3857), $1::int, $2::int, $3::int) AS geom
FROM s
