-- Province scale: faster tile geometry, legible lô at low zoom, covering indexes.
-- Runs unchanged on PGlite (PostgreSQL 18 + PostGIS 3.6) and PostgreSQL 15 + PostGIS 3.3.
--
-- 1. atlas_tile_geom() (002) was a LANGUAGE sql function whose body holds CTEs: PostgreSQL cannot
--    inline such a function, so every row paid a full executor start-up (about 0.2-0.4 ms), which
--    dominated every tile (874 village points: 380 ms; a z12 tile of 12,000 lô: 5 s). The same
--    steps in PL/pgSQL (simple expressions, cached) cost a few microseconds of overhead per row.
--    Output is identical, except that ST_MakeValid now runs only on a polygon that is invalid
--    after snapping to the tile grid (it was applied to every polygon; a valid one came out unchanged).
CREATE OR REPLACE FUNCTION atlas_tile_geom(g geometry, z int, x int, y int, extent int DEFAULT 4096, buffer_px int DEFAULT 64, simplify_units float8 DEFAULT 2)
RETURNS geometry
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
  e geometry := ST_TileEnvelope(z, x, y);
  size float8 := ST_XMax(e) - ST_XMin(e);
  s float8 := extent / size;
  t geometry;
BEGIN
  IF g IS NULL THEN
    RETURN NULL;
  END IF;
  t := ST_ClipByBox2D(g, ST_Expand(e, size * buffer_px / extent)::box2d);
  IF t IS NULL OR ST_IsEmpty(t) THEN
    RETURN NULL;
  END IF;
  t := ST_SnapToGrid(ST_Simplify(ST_Affine(t, s, 0, 0, -s, -ST_XMin(e) * s, ST_YMax(e) * s), simplify_units, true), 1.0);
  IF t IS NULL OR ST_IsEmpty(t) THEN
    RETURN NULL;
  END IF;
  IF ST_Dimension(t) = 2 THEN
    -- Exterior rings counter-clockwise in tile numbers (y down), as the MVT specification requires.
    IF NOT ST_IsValid(t) THEN
      t := ST_CollectionExtract(ST_MakeValid(t), 3);
    END IF;
    t := ST_ForcePolygonCCW(t);
    IF ST_IsEmpty(t) THEN
      RETURN NULL;
    END IF;
  END IF;
  RETURN t;
END
$$;

-- 2. The smallest lô area (ha) legible at a zoom: `px` square pixels of a 256-pixel tile at the
--    tile's latitude. The lô layer draws smaller lô from the zoom where they reach it (plots.sql).
CREATE OR REPLACE FUNCTION atlas_legible_ha(z int, x int, y int, px float8 DEFAULT 64)
RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT px * power((ST_XMax(e) - ST_XMin(e)) / 256 * cos(radians(ST_Y(ST_Transform(ST_Centroid(e), 4326)))), 2) / 10000
  FROM (SELECT ST_TileEnvelope(z, x, y) AS e) t
$$;

-- 3. Covering indexes for the per-row look-ups of the lô tiles and the planting table, so they
--    are index-only scans (no random heap page per row: at 1,000,000 lô the heap no longer fits
--    in memory next to everything else). The inspection one replaces inspection_planting_idx
--    (same key, plus the two columns every reader of "the latest inspection" wants).
CREATE INDEX IF NOT EXISTS forest_plot_id_commune_idx ON forest_plot (id) INCLUDE (commune_code);
CREATE INDEX IF NOT EXISTS inspection_latest_idx ON inspection (planting_id, inspected_on DESC, id DESC) INCLUDE (result, survival_pct);
DROP INDEX IF EXISTS inspection_planting_idx;
