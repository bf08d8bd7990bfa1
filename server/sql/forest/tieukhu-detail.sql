-- One tiểu khu for its panel: commune, area, khoảnh, its lô by the class of their latest planting,
-- planted and accepted area. $1 tiểu khu number.
-- Class of a lô as the map draws it: its latest planting's (withdrawn, or its latest inspection's
-- result, or not inspected); 'none' for a lô never planted.
WITH t AS (
  SELECT t.tk, t.area_ha, t.commune_code, t.geom FROM forest_tieu_khu t WHERE t.tk = $1::int
),
lp AS (
  SELECT DISTINCT ON (g.plot_id) g.plot_id, g.id, g.area_ha, g.withdrawn_on
  FROM planting g JOIN forest_plot p ON p.id = g.plot_id
  WHERE p.tk = $1::int
  ORDER BY g.plot_id, g.year DESC
),
li AS (
  SELECT DISTINCT ON (i.planting_id) i.planting_id, i.result
  FROM inspection i JOIN lp ON lp.id = i.planting_id
  ORDER BY i.planting_id, i.inspected_on DESC, i.id DESC
),
plots AS (
  SELECT p.khoanh, p.dtich::float8 AS dtich, lp.area_ha::float8 AS planted_ha,
         CASE WHEN lp.id IS NULL THEN 'none' WHEN lp.withdrawn_on IS NOT NULL THEN 'withdrawn' ELSE coalesce(li.result, 'not_inspected') END AS cls
  FROM forest_plot p
  LEFT JOIN lp ON lp.plot_id = p.id
  LEFT JOIN li ON li.planting_id = lp.id
  WHERE p.tk = $1::int
)
SELECT t.tk, t.area_ha::float8 AS area_ha, c.code AS commune_code, c.name AS commune_name, d.code AS district_code, d.name AS district_name,
       ST_X(ST_PointOnSurface(t.geom)) AS cx, ST_Y(ST_PointOnSurface(t.geom)) AS cy,
       ST_XMin(t.geom) AS xmin, ST_YMin(t.geom) AS ymin, ST_XMax(t.geom) AS xmax, ST_YMax(t.geom) AS ymax,
       coalesce((SELECT json_agg(json_build_object('khoanh', k.khoanh, 'areaHa', round(k.area_ha::numeric, 2), 'plots',
                   (SELECT count(*) FROM plots WHERE plots.khoanh = k.khoanh)) ORDER BY k.khoanh)
                 FROM forest_khoanh k WHERE k.tk = t.tk), '[]') AS khoanh,
       coalesce((SELECT json_agg(json_build_object('cls', s.cls, 'plots', s.n, 'areaHa', s.ha) ORDER BY s.cls)
                 FROM (SELECT cls, count(*)::int AS n, round(sum(dtich)::numeric, 2)::float8 AS ha FROM plots GROUP BY cls) s), '[]') AS by_class,
       (SELECT count(*)::int FROM plots) AS plot_count,
       (SELECT round(coalesce(sum(planted_ha), 0)::numeric, 2)::float8 FROM plots) AS planted_ha,
       (SELECT round(coalesce(sum(planted_ha) FILTER (WHERE cls = 'accepted'), 0)::numeric, 2)::float8 FROM plots) AS accepted_ha
FROM t
JOIN admin_unit c ON c.code = t.commune_code
JOIN admin_unit d ON d.code = c.parent_code
