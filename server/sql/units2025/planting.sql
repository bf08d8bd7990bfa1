-- A 2025 unit's planting by year, from the lô of its old units: planted area and the class of
-- each planting's latest inspection (the rule of migration 013), in hectares.
-- $1 new unit code
SELECT g.year,
       count(*)::int AS plantings,
       round(sum(g.area_ha)::numeric, 2)::float8 AS planted_ha,
       round(coalesce(sum(g.area_ha) FILTER (WHERE c.cls = 'accepted'), 0)::numeric, 2)::float8 AS accepted_ha,
       round(coalesce(sum(g.area_ha) FILTER (WHERE c.cls = 'replant'), 0)::numeric, 2)::float8 AS replant_ha,
       round(coalesce(sum(g.area_ha) FILTER (WHERE c.cls = 'rejected'), 0)::numeric, 2)::float8 AS rejected_ha,
       round(coalesce(sum(g.area_ha) FILTER (WHERE c.cls = 'not_inspected'), 0)::numeric, 2)::float8 AS not_inspected_ha,
       round(coalesce(sum(g.area_ha) FILTER (WHERE c.cls = 'withdrawn'), 0)::numeric, 2)::float8 AS withdrawn_ha
FROM admin_unit_succession s
JOIN forest_plot p ON p.commune_code = s.old_code
JOIN planting g ON g.plot_id = p.id
LEFT JOIN LATERAL atlas_latest_inspection(g.id) l ON true
CROSS JOIN LATERAL (SELECT atlas_planting_class(g.withdrawn_on, l.result) AS cls) c
WHERE s.new_code = $1::text
GROUP BY g.year
ORDER BY g.year
