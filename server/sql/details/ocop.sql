-- One OCOP product for its info panel: $1 id (text). Its commune, district and unit of 1/7/2025.
SELECT p.id, p.name, p.producer, p.category, p.rating, p.rated_year, p.registered_year,
       ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat,
       c.code AS commune_code, c.name AS commune_name, c.kind AS commune_kind,
       d.code AS district_code, d.name AS district_name,
       n.code AS unit2025_code, n.full_name AS unit2025_name
FROM ocop_product p
JOIN admin_unit c ON c.code = p.commune_code
LEFT JOIN admin_unit d ON d.code = c.parent_code
LEFT JOIN admin_unit_succession s ON s.old_code = c.code
LEFT JOIN admin_unit_2025 n ON n.code = s.new_code
WHERE p.id::text = $1::text
