-- Planting of one year and the result of each planting's latest inspection, grouped by commune
-- or district. Withdrawn plantings (households left the project) count as not inspected.
-- $1 planting year, $2 'commune' | 'district', $3 unit restriction (district or commune code, may be null)
-- The latest inspection and the class are the rule of migration 013 (atlas_latest_inspection,
-- atlas_planting_class), an index look-up per planting, so the cost follows the year's plantings,
-- never the size of the whole inspection history (a province-scale inventory: 1,000,000 lô).
WITH rows AS (
  SELECT CASE WHEN $2::text = 'district' THEN c.parent_code ELSE c.code END AS unit_code,
         g.area_ha,
         (g.withdrawn_on IS NOT NULL) AS withdrawn,
         -- the inspection result that counts: none for withdrawn or not inspected plantings
         nullif(nullif(atlas_planting_class(g.withdrawn_on, l.result), 'withdrawn'), 'not_inspected') AS result,
         CASE WHEN g.withdrawn_on IS NULL THEN l.survival_pct END AS survival_pct
  FROM planting g
  JOIN forest_plot p ON p.id = g.plot_id
  JOIN admin_unit c ON c.code = p.commune_code
  LEFT JOIN LATERAL atlas_latest_inspection(g.id) l ON true
  WHERE g.year = $1::int
    AND ($3::text IS NULL OR c.code = $3::text OR c.parent_code = $3::text)
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
         -- area-weighted survival over the inspected area
         round(sum(r.area_ha * r.survival_pct) FILTER (WHERE r.result IS NOT NULL)
               / nullif(sum(r.area_ha) FILTER (WHERE r.result IS NOT NULL), 0), 2) AS survival_pct,
         GROUPING(r.unit_code) = 1 AS is_total
  FROM rows r
  GROUP BY GROUPING SETS ((r.unit_code), ())
)
SELECT a.unit_code AS code, u.name, a.is_total,
       a.planted_ha, a.inspected_ha, a.accepted_ha, a.replant_ha, a.rejected_ha,
       a.not_inspected_ha, a.withdrawn_ha, a.survival_pct,
       t.target_ha
FROM agg a
LEFT JOIN admin_unit u ON u.code = a.unit_code
LEFT JOIN planting_target t ON t.unit_code = coalesce(a.unit_code, $3::text) AND t.year = $1::int
ORDER BY a.is_total, a.unit_code
