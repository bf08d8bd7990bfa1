-- Tile-space geometry for vector tiles, identical on both databases.
--
-- PGlite's PostGIS is compiled without protobuf-c, so ST_AsMVTGeom / ST_AsMVT are missing there.
-- Every tile layer SQL (server/sql/tiles/*.sql) calls atlas_tile_geom() to clip, simplify and
-- transform into the tile's 0..extent integer grid; a real PostGIS then encodes with ST_AsMVT,
-- the embedded one returns GeoJSON in tile space that the server encodes (server/tiles/encode.ts).
--
-- simplify_units is the Douglas-Peucker tolerance in tile units (4096 per tile: 2 units ≈ 1/8 pixel at 256 px).
-- g must already be in EPSG:3857 (the caller transforms, so it can reuse one transform).
-- Polygons come out with exterior rings counter-clockwise in tile numbers (positive surveyor's area
-- with y pointing down), as the MVT specification requires.
CREATE OR REPLACE FUNCTION atlas_tile_geom(g geometry, z int, x int, y int, extent int DEFAULT 4096, buffer_px int DEFAULT 64, simplify_units float8 DEFAULT 2)
RETURNS geometry
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  WITH b AS (
    SELECT ST_XMin(e) AS x0, ST_YMax(e) AS y1, (ST_XMax(e) - ST_XMin(e)) AS size, e
    FROM (SELECT ST_TileEnvelope(z, x, y) AS e) t
  ),
  clipped AS (
    SELECT b.*, ST_ClipByBox2D(g, ST_Expand(b.e, b.size * buffer_px / extent)::box2d) AS c FROM b
  ),
  tiled AS (
    SELECT ST_SnapToGrid(
             ST_Simplify(
               ST_Affine(c, extent / size, 0, 0, -extent / size, -x0 * extent / size, y1 * extent / size),
               simplify_units, true),
             1.0) AS t
    FROM clipped
  )
  SELECT CASE WHEN r IS NULL OR ST_IsEmpty(r) THEN NULL ELSE r END
  FROM (
    SELECT CASE
      WHEN t IS NULL OR ST_IsEmpty(t) THEN NULL
      WHEN ST_Dimension(t) = 2 THEN ST_ForcePolygonCCW(ST_CollectionExtract(ST_MakeValid(t), 3))
      ELSE t
    END AS r
    FROM tiled
  ) s
$$;
