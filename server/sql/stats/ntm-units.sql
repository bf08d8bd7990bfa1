-- NTM aggregation per district and for the province in a year: communes, criteria totals,
-- the report's bands, communes meeting all 19, and recognised levels (cumulative: an advanced
-- commune also counts as NTM). The province row has district_code NULL.
-- $1 year
WITH n AS (
  -- criteria in the year's set (19 for both commune sets; a later set may differ)
  SELECT count(*)::int AS all_criteria
  FROM criterion k JOIN assessment a ON a.criteria_set_id = k.set_id
  WHERE a.scope = 'commune' AND a.year = $1::int
),
c AS (
  SELECT u.code, u.parent_code AS district_code,
         count(s.criterion_no) FILTER (WHERE s.met)::int AS m,
         lv.level, lv.recognised_on
  FROM admin_unit u
  LEFT JOIN commune_criterion_status s ON s.commune_code = u.code AND s.year = $1::int
  LEFT JOIN commune_ntm_level lv ON lv.commune_code = u.code AND lv.year = $1::int
  WHERE u.level = 'commune' AND u.in_ntm_programme
  GROUP BY u.code, u.parent_code, lv.level, lv.recognised_on
)
SELECT district_code,
       count(*)::int AS communes,
       sum(m)::int AS total_criteria,
       count(*) FILTER (WHERE m = 19)::int AS band_19,
       count(*) FILTER (WHERE m BETWEEN 15 AND 18)::int AS band_15_18,
       count(*) FILTER (WHERE m BETWEEN 10 AND 14)::int AS band_10_14,
       count(*) FILTER (WHERE m BETWEEN 5 AND 9)::int AS band_5_9,
       count(*) FILTER (WHERE m < 5)::int AS band_0_4,
       count(*) FILTER (WHERE recognised_on IS NOT NULL)::int AS recognised,
       count(*) FILTER (WHERE m = (SELECT all_criteria FROM n) AND recognised_on IS NULL)::int AS meeting_not_recognised,
       count(*) FILTER (WHERE recognised_on IS NOT NULL AND level IN ('ntm', 'advanced', 'model'))::int AS level_ntm,
       count(*) FILTER (WHERE recognised_on IS NOT NULL AND level IN ('advanced', 'model'))::int AS level_advanced,
       count(*) FILTER (WHERE recognised_on IS NOT NULL AND level = 'model')::int AS level_model
FROM c
GROUP BY GROUPING SETS ((district_code), ())
