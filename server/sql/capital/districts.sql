-- The programmes' capital by district and year (migration 046): $1 year (null: every year).
SELECT c.district_code, d.name AS district_name, c.year,
       c.allocated_pct::float8 AS allocated_pct, c.disbursed_pct::float8 AS disbursed_pct,
       c.as_of::text AS as_of, c.allocated_source AS source
FROM programme_capital c
JOIN admin_unit d ON d.code = c.district_code AND d.level = 'district'
WHERE $1::int IS NULL OR c.year = $1::int
ORDER BY c.year, c.district_code
