-- Area analysis: what lies in a drawn polygon, a commune, a tiểu khu or a plan's lô.
-- $1 GeoJSON Polygon/MultiPolygon (text)|null   $2 commune code|null   $3 tiểu khu|null   $4 plan id|null
-- $5 grid size of the overlays: -1 (floating point, PostgreSQL) or 1e-9 (embedded), see below
-- One row: JSON sections. The area and commune shares are geodesic (geography); lô count their
-- recorded area (dtich), by the geodesic share inside for lô on the edge. Every indexed geometry column is
-- compared with the area (`col && a.g`), never transformed in a WHERE clause.
-- $5 grid size of the overlays (ST_Intersection's gridSize), chosen per engine by services/area.ts:
--   -1 on PostgreSQL: the floating-point overlay, GEOS's fastest. When its noding fails (lô edges
--      that run along a commune or tiểu khu boundary), GEOS catches that itself and retries with
--      snapping, then snap-rounding (OverlayNGRobust): no exception reaches SQL for valid input.
--   1e-9 on the embedded database: snap-rounding to a 1e-9° grid (about 0.1 mm) straight away.
--      GEOS in WebAssembly cannot catch its own exceptions, so the first failed floating-point
--      noding lost the whole statement (commune 23350, tiểu khu 275 and 277 of the demo data).
--   The two answers differ by about 1e-9 relative (test/api/area-overlay.test.ts); snap-rounding
--   costs 2-4× the floating overlay per edge lô.
-- Overlays run only where the answer needs one: a lô or commune inside the area counts whole, a
-- commune holding the whole area counts the area — no overlay for them.
-- A rectangle (the planner's rectangle tool draws one, axis-aligned in lon/lat: the area equals its
-- bounding box) needs no overlay at all: the part of a lô or commune inside it is ST_ClipByBox2D,
-- GEOS's rectangle clipping, which nodes nothing and throws for no valid input. It equals the
-- floating-point overlay to 1e-9 relative or better (the snapped overlay is off by up to 1e-5 on
-- slivers) and costs a fraction of either (the embedded database's 10 km square: 23 instead of 34 ms
-- of CPU for this query). Any other drawn area, a commune, a tiểu khu or a plan is overlaid as above.
-- The area itself is repaired (ST_MakeValid, polygons kept) when ST_IsValid says it crosses itself
-- (a tiểu khu or commune boundary loaded before imports repaired geometries; a drawn polygon is
-- refused with 422 before this runs): GEOS throws a TopologyException on invalid input whatever the
-- precision. Lô and communes are valid as stored (server/import/stage.ts repairs every geometry),
-- and checking each of them here cost a sixth of the query's time.
WITH
a AS (
  SELECT CASE WHEN ST_IsValid(g) THEN ST_Multi(g) ELSE ST_Multi(ST_CollectionExtract(ST_MakeValid(g), 3)) END AS g FROM (
    SELECT CASE
      WHEN $1::text IS NOT NULL THEN ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326)
      WHEN $2::text IS NOT NULL THEN (SELECT geom FROM admin_unit WHERE code = $2::text AND level = 'commune')
      WHEN $3::int IS NOT NULL THEN (SELECT geom FROM forest_tieu_khu WHERE tk = $3::int)
      WHEN $4::bigint IS NOT NULL THEN (SELECT ST_Union(p.geom) FROM planting_plan_site s JOIN forest_plot p ON p.id = s.plot_id WHERE s.plan_id = $4::bigint)
    END AS g
  ) x WHERE g IS NOT NULL
),
-- rect: the area is its own bounding box (planar areas equal to 1e-12: clipping by the box then
-- counts at most 1e-12 of the area more than the overlay would). box: that box, for the clipping.
aa AS (
  SELECT a.g, ST_Area(a.g::geography) AS m2, box2d(a.g) AS box,
         ST_Area(a.g) >= ST_Area(ST_Envelope(a.g)) * (1 - 1e-12) AS rect
  FROM a
),
communes AS (
  SELECT x.code, x.name, d.name AS district_name,
         CASE WHEN x.area_inside THEN x.area_m2
              WHEN x.commune_inside THEN x.commune_m2
              WHEN x.rect THEN ST_Area(ST_ClipByBox2D(x.geom, x.box)::geography)
              ELSE ST_Area(ST_Intersection(x.geom, x.g, $5::float8)::geography) END AS m2,
         x.commune_m2, x.area_m2
  FROM (
    SELECT c.code, c.name, c.parent_code, c.geom, aa.g, aa.box, aa.rect, aa.m2 AS area_m2, ST_Area(c.geom::geography) AS commune_m2,
           ST_CoveredBy(aa.g, c.geom) AS area_inside, ST_CoveredBy(c.geom, aa.g) AS commune_inside
    FROM aa JOIN admin_unit c ON c.level = 'commune' AND c.geom && aa.g AND ST_Intersects(c.geom, aa.g)
  ) x
  LEFT JOIN admin_unit d ON d.code = x.parent_code
),
ntm AS (
  SELECT DISTINCT ON (s.commune_code) s.commune_code, s.year, count(*) FILTER (WHERE s.met) AS met, count(*) AS n
  FROM commune_criterion_status s WHERE s.commune_code IN (SELECT code FROM communes)
  GROUP BY s.commune_code, s.year ORDER BY s.commune_code, s.year DESC
),
-- Lô in the area with their recorded area (dtich, the inventory's authoritative figure); a lô cut
-- by the area's edge counts the share of it inside (geodesic), so only edge lô are clipped.
-- ST_Covers(area, lô) with the area first: PostGIS prepares the repeated argument, and covers is
-- answered from the prepared area only when the area is the first (ST_CoveredBy(lô, area) cost
-- more on the embedded database). Lô inside need no ST_Intersects; the fence (OFFSET 0)
-- keeps covered computed once per lô instead of copied into the filter and the CASE.
lots AS (
  SELECT x.id, x.ldlr, x.forest_function, x.lot_m2,
         CASE WHEN x.covered THEN x.lot_m2
              ELSE x.lot_m2 * ST_Area((CASE WHEN x.rect THEN ST_ClipByBox2D(x.geom, x.box) ELSE ST_Intersection(x.geom, x.g, $5::float8) END)::geography)
                   / nullif(ST_Area(x.geom::geography), 0) END AS m2
  FROM (
    SELECT p.id, p.ldlr, p.forest_function, p.geom, p.dtich::float8 * 10000 AS lot_m2, aa.g, aa.box, aa.rect,
           ST_Covers(aa.g, p.geom) AS covered
    FROM aa JOIN forest_plot p ON p.geom && aa.g
    OFFSET 0
  ) x
  WHERE x.covered OR ST_Intersects(x.geom, x.g)
),
-- The plantings of those lô, each with its class (the rule of migration 013) and whether it is the
-- lô's latest (by year; one planting per lô and year). MATERIALIZED: the class is worked out once
-- per planting. Inlined into the one query that reads it, the class expression was copied into each
-- of the five FILTERs below, each copy planned (the SQL functions of migration 013 inlined anew) and
-- run per planting: planning alone then took longer than before the rule became a function.
plantings AS MATERIALIZED (
  SELECT l.id AS plot_id, g.area_ha::float8 * l.m2 / nullif(l.lot_m2, 0) AS ha,
         g.year = max(g.year) OVER (PARTITION BY g.plot_id) AS latest,
         atlas_planting_class(g.withdrawn_on, (SELECT li.result FROM atlas_latest_inspection(g.id) li)) AS cls
  FROM lots l JOIN planting g ON g.plot_id = l.id
),
-- A lô's class is that of its latest planting ('none' without one): read from plantings, so each
-- planting and its latest inspection are looked up once.
lot_class AS (
  SELECT l.m2, coalesce(p.cls, 'none') AS cls FROM lots l LEFT JOIN plantings p ON p.plot_id = l.id AND p.latest
),
villages AS (
  SELECT v.code, v.name, c.name AS commune_name, v.ethnic_minority,
         (SELECT json_build_object('year', s.year, 'met', count(*) FILTER (WHERE s.met), 'of', count(*))
          FROM village_criterion_status s WHERE s.village_code = v.code GROUP BY s.year ORDER BY s.year DESC LIMIT 1) AS crit
  FROM aa JOIN village v ON v.geom && aa.g AND ST_Intersects(v.geom, aa.g)
  JOIN admin_unit c ON c.code = v.commune_code
)
SELECT json_build_object(
  'areaM2', aa.m2,
  'bbox', json_build_array(ST_XMin(aa.g), ST_YMin(aa.g), ST_XMax(aa.g), ST_YMax(aa.g)),
  'geometry', ST_AsGeoJSON(ST_Multi(ST_SimplifyPreserveTopology(aa.g, 0.00002)), 6)::json,
  'communes', (SELECT coalesce(json_agg(json_build_object(
        'code', c.code, 'name', c.name, 'districtName', c.district_name, 'm2', c.m2, 'communeM2', c.commune_m2,
        'ntm', CASE WHEN n.year IS NULL THEN NULL ELSE json_build_object('year', n.year, 'met', n.met, 'of', n.n,
               'level', coalesce((SELECT l.level FROM commune_ntm_level l WHERE l.commune_code = c.code AND l.year <= n.year ORDER BY l.year DESC LIMIT 1), 'none')) END
      ) ORDER BY c.m2 DESC), '[]') FROM communes c LEFT JOIN ntm n ON n.commune_code = c.code WHERE c.m2 > 1),
  'lots', (SELECT json_build_object('count', count(*), 'm2', coalesce(sum(m2), 0)) FROM lots WHERE m2 > 0),
  'byLandType', (SELECT coalesce(json_agg(json_build_object('key', k, 'm2', m2, 'count', n) ORDER BY m2 DESC), '[]')
                 FROM (SELECT ldlr AS k, sum(m2) AS m2, count(*) AS n FROM lots WHERE m2 > 0 GROUP BY ldlr) x),
  'byFunction', (SELECT coalesce(json_agg(json_build_object('key', k, 'm2', m2, 'count', n) ORDER BY m2 DESC), '[]')
                 FROM (SELECT forest_function AS k, sum(m2) AS m2, count(*) AS n FROM lots WHERE m2 > 0 GROUP BY forest_function) x),
  'byClass', (SELECT coalesce(json_agg(json_build_object('key', k, 'm2', m2, 'count', n) ORDER BY m2 DESC), '[]')
              FROM (SELECT cls AS k, sum(m2) AS m2, count(*) AS n FROM lot_class WHERE m2 > 0 GROUP BY cls) x),
  'planting', (SELECT json_build_object(
        'planted', coalesce(sum(ha), 0),
        'accepted', coalesce(sum(ha) FILTER (WHERE cls = 'accepted'), 0),
        'replant', coalesce(sum(ha) FILTER (WHERE cls = 'replant'), 0),
        'rejected', coalesce(sum(ha) FILTER (WHERE cls = 'rejected'), 0),
        'notInspected', coalesce(sum(ha) FILTER (WHERE cls = 'not_inspected'), 0),
        'withdrawn', coalesce(sum(ha) FILTER (WHERE cls = 'withdrawn'), 0)) FROM plantings),
  'villages', (SELECT coalesce(json_agg(json_build_object('code', code, 'name', name, 'communeName', commune_name,
        'ethnicMinority', ethnic_minority, 'crit', crit) ORDER BY commune_name, name), '[]') FROM villages)
) AS result
FROM aa
