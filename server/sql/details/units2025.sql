-- One unit of 1 July 2025 for its info panel: $1 code. The panel loads the unit's history from
-- GET /api/units2025/:code; this row names it and counts its old units.
SELECT n.code, n.name, n.full_name, n.kind,
       (SELECT count(*)::int FROM admin_unit_succession s WHERE s.new_code = n.code) AS old_units
FROM admin_unit_2025 n
WHERE n.code = $1::text
