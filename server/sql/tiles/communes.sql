-- Commune-level units (xã, phường, thị trấn) with their NTM status in a year.
-- $1 z, $2 x, $3 y, $4 year (null: no status), $5 criterion number (null: none),
-- $6 a year to compare with (null: none) — criteria_met_compare and change = criteria_met − it.
WITH n AS (
  -- criteria in the year's set: a commune meeting all of them "meets all" (19 for both sets so far)
  SELECT count(*)::int AS all_criteria
  FROM criterion k JOIN assessment a ON a.criteria_set_id = k.set_id
  WHERE a.scope = 'commune' AND a.year = $4::int
),
status AS (
  SELECT s.commune_code,
         count(*) FILTER (WHERE s.met)::int AS criteria_met,
         bool_or(s.met) FILTER (WHERE s.criterion_no = $5::int) AS criterion_met
  FROM commune_criterion_status s
  WHERE s.year = $4::int
  GROUP BY s.commune_code
),
compared AS (
  SELECT s.commune_code, count(*) FILTER (WHERE s.met)::int AS criteria_met
  FROM commune_criterion_status s
  WHERE s.year = $6::int
  GROUP BY s.commune_code
)
SELECT u.code::bigint AS fid,
       u.code, u.name, u.kind, u.parent_code AS district_code, u.in_ntm_programme AS in_ntm,
       st.criteria_met,
       (st.criteria_met = (SELECT all_criteria FROM n)) AS meets_all,
       st.criterion_met,
       lv.level,
       (lv.recognised_on IS NOT NULL) AS recognised,
       tg.level AS target_level,
       cmp.criteria_met AS criteria_met_compare,
       (st.criteria_met - cmp.criteria_met) AS change,
       atlas_tile_geom(ST_Transform(u.geom, 3857), $1::int, $2::int, $3::int) AS geom
FROM admin_unit u
LEFT JOIN status st ON st.commune_code = u.code
LEFT JOIN compared cmp ON cmp.commune_code = u.code
LEFT JOIN commune_ntm_level lv ON lv.commune_code = u.code AND lv.year = $4::int
LEFT JOIN ntm_commune_target tg ON tg.commune_code = u.code AND tg.year = $4::int
WHERE u.level = 'commune'
  AND u.geom && ST_Transform(ST_TileEnvelope($1::int, $2::int, $3::int), 4326)
