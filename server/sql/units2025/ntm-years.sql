-- A 2025 unit's NTM history, year by year, from its old units' own records: how many of its old
-- xã (in the NTM programme) had a status that year, met all criteria, reached each recognised
-- level (cumulative, atlas_ntm_rank), and met each criterion. Counts only: a merged unit was never
-- assessed as one, so no average or level is invented for it.
-- $1 new unit code
WITH old AS (
  SELECT u.code FROM admin_unit_succession s
  JOIN admin_unit u ON u.code = s.old_code AND u.level = 'commune' AND u.in_ntm_programme
  WHERE s.new_code = $1::text
),
years AS (
  SELECT a.year, a.criteria_set_id, (SELECT count(*) FROM criterion k WHERE k.set_id = a.criteria_set_id)::int AS all_criteria
  FROM assessment a WHERE a.scope = 'commune'
),
per_commune AS (
  SELECT y.year, o.code,
         count(s.criterion_no)::int AS with_status,
         count(s.criterion_no) FILTER (WHERE s.met)::int AS met,
         y.all_criteria
  FROM years y CROSS JOIN old o
  LEFT JOIN commune_criterion_status s ON s.commune_code = o.code AND s.year = y.year
  GROUP BY y.year, o.code, y.all_criteria
),
per_criterion AS (
  SELECT s.year, s.criterion_no, count(*) FILTER (WHERE s.met)::int AS met
  FROM commune_criterion_status s JOIN old o ON o.code = s.commune_code
  GROUP BY s.year, s.criterion_no
)
SELECT y.year,
       (SELECT count(*) FROM old)::int AS old_xa,
       count(*) FILTER (WHERE pc.with_status > 0)::int AS with_data,
       count(*) FILTER (WHERE pc.with_status > 0 AND pc.met = y.all_criteria)::int AS meets_all,
       coalesce(sum(pc.met), 0)::int AS total_criteria,
       (SELECT count(*) FROM old o JOIN commune_ntm_level lv ON lv.commune_code = o.code AND lv.year = y.year
         WHERE atlas_ntm_rank(lv.level, lv.recognised_on) >= 1)::int AS level_ntm,
       (SELECT count(*) FROM old o JOIN commune_ntm_level lv ON lv.commune_code = o.code AND lv.year = y.year
         WHERE atlas_ntm_rank(lv.level, lv.recognised_on) >= 2)::int AS level_advanced,
       (SELECT count(*) FROM old o JOIN commune_ntm_level lv ON lv.commune_code = o.code AND lv.year = y.year
         WHERE atlas_ntm_rank(lv.level, lv.recognised_on) >= 3)::int AS level_model,
       coalesce((SELECT jsonb_object_agg(k.no::text, coalesce(p.met, 0) ORDER BY k.no)
                 FROM criterion k LEFT JOIN per_criterion p ON p.year = y.year AND p.criterion_no = k.no
                 WHERE k.set_id = y.criteria_set_id), '{}'::jsonb) AS per_criterion
FROM years y
LEFT JOIN per_commune pc ON pc.year = y.year
GROUP BY y.year, y.criteria_set_id, y.all_criteria
ORDER BY y.year
