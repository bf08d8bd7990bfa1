-- Planting results per tiểu khu (the province view of the forest): each tiểu khu with planting,
-- filled by the class holding the largest share of its planted area.
-- $1 z, $2 x, $3 y, $4 planting year (null: each lô's latest planting, as the lô layer draws it).
-- The sums are precomputed per tiểu khu (tieukhu_planting, migration 042, refreshed in the
-- transaction of every planting or inspection change): a tile reads one row per tiểu khu in view,
-- never the lô under it.
-- cls: the largest area among accepted, replant, rejected, not inspected, withdrawn (that order on a
-- tie); share_pct: its share of the planted area, which the map shows as the fill's strength.
WITH env AS (SELECT ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int), 4326) AS e),
t AS (
  SELECT t.tk, t.commune_code, t.geom, a.planted_ha, a.accepted_ha, a.replant_ha, a.rejected_ha,
         a.not_inspected_ha, a.withdrawn_ha,
         greatest(a.accepted_ha, a.replant_ha, a.rejected_ha, a.not_inspected_ha, a.withdrawn_ha) AS top_ha
  FROM env
  JOIN forest_tieu_khu t ON t.geom && env.e
  JOIN tieukhu_planting a ON a.tk = t.tk AND a.planting_year = coalesce($4::int, 0)
)
SELECT t.tk::bigint AS fid, t.tk, t.commune_code,
       t.planted_ha::float8 AS planted_ha, t.accepted_ha::float8 AS accepted_ha, t.replant_ha::float8 AS replant_ha,
       t.rejected_ha::float8 AS rejected_ha, (t.not_inspected_ha + t.withdrawn_ha)::float8 AS not_inspected_ha,
       CASE t.top_ha WHEN t.accepted_ha THEN 'accepted' WHEN t.replant_ha THEN 'replant' WHEN t.rejected_ha THEN 'rejected'
                     WHEN t.not_inspected_ha THEN 'not_inspected' ELSE 'withdrawn' END AS cls,
       round(100 * t.top_ha / t.planted_ha, 1)::float8 AS share_pct,
       atlas_tile_geom(ST_Transform(t.geom, 3857), $1::int, $2::int, $3::int) AS geom
FROM t
