-- A 2025 unit and its old units (with their district and NTM history), its villages and its forest.
-- $1 new unit code
SELECT n.code, n.name, n.full_name, n.kind, n.province_name, n.effective_from,
       round((ST_Area(n.geom::geography) / 10000)::numeric, 0)::float8 AS area_ha,
       (SELECT coalesce(jsonb_agg(jsonb_build_object(
                 'code', u.code, 'name', u.name, 'fullName', u.full_name, 'kind', u.kind,
                 'districtCode', d.code, 'districtName', d.name, 'inNtmProgramme', u.in_ntm_programme,
                 -- the old unit's own record year by year: criteria met, level, recognised
                 'history', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                                 'year', a.year,
                                 'criteriaMet', (SELECT count(*) FILTER (WHERE cs.met) FROM commune_criterion_status cs
                                                 WHERE cs.commune_code = u.code AND cs.year = a.year),
                                 'level', coalesce(lv.level, 'none'),
                                 'recognised', lv.recognised_on IS NOT NULL) ORDER BY a.year), '[]'::jsonb)
                             FROM assessment a
                             LEFT JOIN commune_ntm_level lv ON lv.commune_code = u.code AND lv.year = a.year
                             WHERE a.scope = 'commune' AND u.in_ntm_programme))
               ORDER BY u.code), '[]'::jsonb)
        FROM admin_unit_succession s
        JOIN admin_unit u ON u.code = s.old_code AND u.level = 'commune'
        LEFT JOIN admin_unit d ON d.code = u.parent_code
        WHERE s.new_code = n.code) AS old_units,
       (SELECT count(*) FROM admin_unit_succession s JOIN village v ON v.commune_code = s.old_code WHERE s.new_code = n.code)::int AS villages,
       (SELECT count(*) FILTER (WHERE v.ethnic_minority) FROM admin_unit_succession s JOIN village v ON v.commune_code = s.old_code WHERE s.new_code = n.code)::int AS villages_ethnic_minority,
       (SELECT count(*) FILTER (WHERE v.pilot_tier IN ('city', 'commune')) FROM admin_unit_succession s JOIN village v ON v.commune_code = s.old_code WHERE s.new_code = n.code)::int AS villages_pilot,
       (SELECT count(*) FROM admin_unit_succession s JOIN forest_plot p ON p.commune_code = s.old_code WHERE s.new_code = n.code)::int AS plots,
       (SELECT round(coalesce(sum(p.dtich), 0)::numeric, 2)::float8 FROM admin_unit_succession s JOIN forest_plot p ON p.commune_code = s.old_code WHERE s.new_code = n.code) AS plots_area_ha
FROM admin_unit_2025 n
WHERE n.code = $1::text
