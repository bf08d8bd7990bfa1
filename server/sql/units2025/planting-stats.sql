-- Planting of one year and the result of each planting's latest inspection, grouped by the unit
-- of 1 July 2025 its lô lies in (through the old commune: admin_unit_succession). The rule is
-- stats/planting.sql's (migration 013), only the grouping differs. Targets were set per old unit
-- (province, district, commune), so only the province's target is carried, on the total row.
-- $1 planting year, $2 one new unit's code (may be null: the province)
WITH rows AS (
  SELECT s.new_code AS unit_code,
         g.area_ha,
         (g.withdrawn_on IS NOT NULL) AS withdrawn,
         nullif(nullif(atlas_planting_class(g.withdrawn_on, l.result), 'withdrawn'), 'not_inspected') AS result,
         CASE WHEN g.withdrawn_on IS NULL THEN l.survival_pct END AS survival_pct
  FROM planting g
  JOIN forest_plot p ON p.id = g.plot_id
  JOIN admin_unit_succession s ON s.old_code = p.commune_code
  LEFT JOIN LATERAL atlas_latest_inspection(g.id) l ON true
  WHERE g.year = $1::int
    AND ($2::text IS NULL OR s.new_code = $2::text)
),
agg AS (
  SELECT r.unit_code,
         sum(r.area_ha) AS planted_ha,
         coalesce(sum(r.area_ha) FILTER (WHERE r.result IS NOT NULL), 0) AS inspected_ha,
         coalesce(sum(r.area_ha) FILTER (WHERE r.result = 'accepted'), 0) AS accepted_ha,
         coalesce(sum(r.area_ha) FILTER (WHERE r.result = 'replant'), 0) AS replant_ha,
         coalesce(sum(r.area_ha) FILTER (WHERE r.result = 'rejected'), 0) AS rejected_ha,
         coalesce(sum(r.area_ha) FILTER (WHERE r.result IS NULL), 0) AS not_inspected_ha,
         coalesce(sum(r.area_ha) FILTER (WHERE r.withdrawn), 0) AS withdrawn_ha,
         round(sum(r.area_ha * r.survival_pct) FILTER (WHERE r.result IS NOT NULL)
               / nullif(sum(r.area_ha) FILTER (WHERE r.result IS NOT NULL), 0), 2) AS survival_pct,
         GROUPING(r.unit_code) = 1 AS is_total
  FROM rows r
  GROUP BY GROUPING SETS ((r.unit_code), ())
)
SELECT a.unit_code AS code, n.full_name AS name, a.is_total,
       a.planted_ha, a.inspected_ha, a.accepted_ha, a.replant_ha, a.rejected_ha,
       a.not_inspected_ha, a.withdrawn_ha, a.survival_pct,
       t.target_ha
FROM agg a
LEFT JOIN admin_unit_2025 n ON n.code = a.unit_code
LEFT JOIN planting_target t ON a.is_total AND $2::text IS NULL AND t.unit_code = '62' AND t.year = $1::int
ORDER BY a.is_total, a.unit_code
