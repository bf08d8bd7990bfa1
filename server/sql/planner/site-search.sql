-- Site finder: the lô matching a planner's constraints, with their distance to the
-- nearest village (and to a chosen point), the parts of the score and its value, the number and
-- area of all matches, and the target of the unit — in ONE query.
--
-- $1 plan year            $2 district code|null      $3 commune codes text[]|null  $4 tiểu khu int[]|null
-- $5 ldlr text[]|null      $6 functions text[]|null   $7 owner kinds text[]|null    $8 min area ha|null
-- $9 max area ha|null      $10 not planted in the last N years|null
-- $11 rejected-never-replanted lô: 'include' | 'exclude' | 'only'
-- $12 at most km from the nearest village|null
-- $13 point lon|null  $14 point lat|null  $15 km around the point|null
-- $16 leave out lô already in a plan of the year (bool)  $17 the plan being edited (its lô stay)|null
-- $18..$21 weights: area, access, point, bare land    $22 row limit   $23 with outlines (bool)
--
-- Indexes: forest_plot_commune_idx / forest_plot_ldlr_function_idx / unique (tk, khoanh, lo) on the
-- attribute filters; forest_plot_geom_idx through `p.geom && <expanded point>` (the parameter is
-- transformed, never the column); forest_plot_access for the nearest village, village_geom_idx for the village
-- distance (bbox prefilter `v.geom && ST_Expand(p.geom, …)` before ST_DWithin on geography).
-- Distances are geodesic (geography). A rejected planting never replanted does not count as
-- "planted" for $10: the land is still bare.
WITH
pt AS (
  SELECT CASE WHEN $13::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($13::float8, $14::float8), 4326) END AS g
),
-- MATERIALIZED: one row, computed once. Inlined, its two sub-queries (target, planned area) ran
-- once per lô of the answer.
tgt AS MATERIALIZED (
  SELECT u.code AS unit_code, u.name AS unit_name,
         (SELECT t.target_ha::float8 FROM planting_target t WHERE t.unit_code = u.code AND t.year = $1::int) AS target_ha,
         coalesce((SELECT sum(s.area_ha)::float8 FROM planting_plan pp JOIN planting_plan_site s ON s.plan_id = pp.id
                    JOIN forest_plot q ON q.id = s.plot_id JOIN admin_unit qc ON qc.code = q.commune_code
                   WHERE pp.year = $1::int AND (q.commune_code = u.code OR qc.parent_code = u.code)
                     AND ($17::bigint IS NULL OR pp.id <> $17::bigint)), 0) AS planned_ha
  FROM (SELECT CASE
                 WHEN cardinality($3::text[]) = 1 THEN ($3::text[])[1]
                 WHEN $2::text IS NOT NULL THEN $2::text
                 WHEN cardinality($3::text[]) > 1 THEN
                   (SELECT min(a.parent_code) FROM admin_unit a WHERE a.code = ANY($3::text[]) HAVING count(DISTINCT a.parent_code) = 1)
               END AS code) pick
  LEFT JOIN admin_unit u ON u.code = pick.code
),
m AS (
  SELECT p.id, p.tk, p.khoanh, p.lo, p.commune_code, c.name AS commune_name, p.dtich::float8 AS area_ha,
         p.ldlr, p.forest_function, p.owner_kind, p.churung,
         CASE WHEN lp.rejected THEN NULL ELSE greatest(lp.year, p.namtr) END AS last_planted,
         coalesce(lp.rejected, false) AS rejected,
         nv.code AS village_code, nv.name AS village_name, nv.d AS village_m,
         CASE WHEN pt.g IS NULL THEN NULL ELSE ST_Distance(p.geom::geography, pt.g::geography) END AS point_m,
         EXISTS (SELECT 1 FROM planting_plan_site s JOIN planting_plan pp ON pp.id = s.plan_id
                 WHERE s.plot_id = p.id AND pp.year = $1::int AND ($17::bigint IS NULL OR pp.id <> $17::bigint)) AS planned,
         p.geom
  FROM forest_plot p
  JOIN admin_unit c ON c.code = p.commune_code
  CROSS JOIN pt
  -- the lô's latest planting: rejected (latest inspection) and not withdrawn = never replanted
  LEFT JOIN LATERAL (
    SELECT g.year,
           atlas_planting_class(g.withdrawn_on, (SELECT li.result FROM atlas_latest_inspection(g.id) li)) = 'rejected' AS rejected
    FROM planting g WHERE g.plot_id = p.id ORDER BY g.year DESC LIMIT 1
  ) lp ON true
  -- the nearest village and its geodesic distance, kept per lô (migration 012)
  LEFT JOIN forest_plot_access acc ON acc.plot_id = p.id
  LEFT JOIN LATERAL (SELECT v.code, v.name, acc.village_m AS d FROM village v WHERE v.code = acc.village_code) nv ON true
  WHERE ($2::text IS NULL OR $2::text = '62' OR c.parent_code = $2::text OR c.code = $2::text)
    AND ($3::text[] IS NULL OR p.commune_code = ANY($3::text[]))
    AND ($4::int[] IS NULL OR p.tk = ANY($4::int[]))
    AND ($5::text[] IS NULL OR p.ldlr = ANY($5::text[]))
    AND ($6::text[] IS NULL OR p.forest_function = ANY($6::text[]))
    AND ($7::text[] IS NULL OR p.owner_kind = ANY($7::text[]))
    AND ($8::numeric IS NULL OR p.dtich >= $8::numeric)
    AND ($9::numeric IS NULL OR p.dtich <= $9::numeric)
    AND (pt.g IS NULL OR (
          p.geom && ST_Expand(pt.g, $15::float8 / (111.32 * cos(radians($14::float8 + 0.5))) * 1.02, $15::float8 / 110.57 * 1.02)
          AND ST_DWithin(p.geom::geography, pt.g::geography, $15::float8 * 1000)))
    AND ($12::float8 IS NULL OR EXISTS (
          SELECT 1 FROM village v
          WHERE v.geom && ST_Expand(p.geom, $12::float8 / 107.0, $12::float8 / 110.0)
            AND ST_DWithin(v.geom::geography, p.geom::geography, $12::float8 * 1000)))
),
f AS (
  SELECT m.* FROM m
  WHERE ($10::int IS NULL OR $10::int = 0 OR m.last_planted IS NULL OR m.last_planted <= $1::int - $10::int)
    AND ($11::text = 'include' OR ($11::text = 'exclude' AND NOT m.rejected) OR ($11::text = 'only' AND m.rejected))
    AND (NOT $16::boolean OR NOT m.planned)
),
s AS (
  SELECT f.*,
         f.area_ha / nullif(max(f.area_ha) OVER (), 0) AS c_area,
         CASE WHEN f.village_m IS NULL THEN 0 ELSE greatest(0, 1 - f.village_m / (coalesce($12::float8, 5) * 1000)) END AS c_access,
         CASE WHEN f.point_m IS NULL THEN NULL ELSE greatest(0, 1 - f.point_m / ($15::float8 * 1000)) END AS c_point,
         CASE WHEN f.ldlr IN ('DT1', 'DT2') THEN 1 ELSE 0 END AS c_bare,
         count(*) OVER () AS n,
         sum(f.area_ha) OVER () AS total_ha
  FROM f
),
scored AS (
  SELECT s.*,
         round((100 * ($18::float8 * s.c_area + $19::float8 * s.c_access + $20::float8 * coalesce(s.c_point, 0) + $21::float8 * s.c_bare)
               / nullif($18::float8 + $19::float8 + CASE WHEN s.c_point IS NULL THEN 0 ELSE $20::float8 END + $21::float8, 0))::numeric, 1)::float8 AS score
  FROM s
),
top AS (
  SELECT * FROM scored ORDER BY score DESC NULLS LAST, area_ha DESC, id LIMIT $22::int
)
SELECT tgt.unit_code, tgt.unit_name, tgt.target_ha, tgt.planned_ha,
       top.id, top.tk, top.khoanh, top.lo, top.commune_code, top.commune_name, top.area_ha, top.ldlr, top.forest_function,
       top.owner_kind, top.churung, top.last_planted, top.rejected, top.village_code, top.village_name,
       round(top.village_m::numeric, 0)::float8 AS village_m, round(top.point_m::numeric, 0)::float8 AS point_m, top.planned,
       top.c_area, top.c_access, top.c_point, top.c_bare, top.score, top.n, top.total_ha,
       ST_X(pos.g) AS cx, ST_Y(pos.g) AS cy,
       ST_XMin(top.geom) AS xmin, ST_YMin(top.geom) AS ymin, ST_XMax(top.geom) AS xmax, ST_YMax(top.geom) AS ymax,
       CASE WHEN $23::boolean AND top.id IS NOT NULL THEN ST_AsGeoJSON(ST_Multi(ST_SimplifyPreserveTopology(top.geom, 0.00002)), 6) END AS geojson
FROM tgt LEFT JOIN top ON true
LEFT JOIN LATERAL (SELECT ST_PointOnSurface(top.geom) AS g) pos ON true -- once per lô, not once per coordinate
ORDER BY top.score DESC NULLS LAST, top.area_ha DESC, top.id
