-- OCOP products counted by unit and star: $1 unit kind ('province' | 'district' | 'commune' |
-- 'unit2025'), $2 registration year (null: every year). Every unit of the kind is listed, with
-- zeros where it has no product. A product counts for its producer's commune, that commune's old
-- district, and the unit of 1/7/2025 the commune is part of (admin_unit_succession).
WITH units AS (
  SELECT u.code, u.name FROM admin_unit u WHERE u.level = $1::text AND $1::text IN ('district', 'commune')
  UNION ALL
  SELECT n.code, n.full_name FROM admin_unit_2025 n WHERE $1::text = 'unit2025'
  UNION ALL
  SELECT 'province', 'Toàn tỉnh' WHERE $1::text = 'province'
),
p AS (
  SELECT CASE $1::text WHEN 'commune' THEN p.commune_code WHEN 'district' THEN c.parent_code
                       WHEN 'unit2025' THEN s.new_code ELSE 'province' END AS unit_code,
         p.rating, p.registered_year, p.producer
  FROM ocop_product p
  JOIN admin_unit c ON c.code = p.commune_code
  LEFT JOIN admin_unit_succession s ON s.old_code = p.commune_code
)
SELECT u.code, u.name,
       count(p.rating)::int AS rated,
       count(*) FILTER (WHERE p.rating = '5')::int AS star5,
       count(*) FILTER (WHERE p.rating = '5p')::int AS star5_potential,
       count(*) FILTER (WHERE p.rating = '4')::int AS star4,
       count(*) FILTER (WHERE p.rating = '3')::int AS star3,
       count(p.registered_year) FILTER (WHERE $2::int IS NULL OR p.registered_year = $2::int)::int AS registered,
       count(DISTINCT p.producer) FILTER (WHERE $2::int IS NULL OR p.registered_year = $2::int)::int AS registered_producers
FROM units u
LEFT JOIN p ON p.unit_code = u.code
GROUP BY u.code, u.name
ORDER BY u.code
