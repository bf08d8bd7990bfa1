-- One district (huyện or the city) for its info panel: $1 code.
-- Its communes, those in the NTM programme (xã), and its area.
SELECT d.code, d.name, d.full_name, d.kind,
       (SELECT count(*)::int FROM admin_unit c WHERE c.parent_code = d.code AND c.level = 'commune') AS communes,
       (SELECT count(*)::int FROM admin_unit c WHERE c.parent_code = d.code AND c.level = 'commune' AND c.in_ntm_programme) AS communes_in_ntm,
       round(coalesce(d.area_ha, ST_Area(d.geom::geography) / 10000)::numeric, 0)::float8 AS area_ha
FROM admin_unit d
WHERE d.code = $1::text AND d.level = 'district'
