-- One definition of "the class of a planting", read by the lô tiles, the planting
-- statistics, the replanting worklist, the site finder, area analysis and the lô detail:
--
--   the latest inspection of a planting = the one inspected last, the later-recorded one on the
--   same day (inspected_on DESC, id DESC; an index look-up on inspection_latest_idx, migration 010);
--   its class = 'withdrawn' when the planting was withdrawn, else that inspection's result
--   ('accepted' | 'replant' | 'rejected'), else 'not_inspected'.
--
-- Both are plain SQL functions that PostgreSQL inlines into the calling query (a set-returning
-- SQL function used in FROM / LATERAL, and a single-expression IMMUTABLE one), so plans keep the
-- same index scans as the hand-written sub-queries they replace. Do not add STRICT, SECURITY
-- DEFINER or SET clauses: any of them stops the inlining.
CREATE OR REPLACE FUNCTION atlas_latest_inspection(p_planting_id bigint)
RETURNS TABLE (id bigint, inspected_on date, result text, survival_pct numeric)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT i.id, i.inspected_on, i.result, i.survival_pct
  FROM inspection i
  WHERE i.planting_id = p_planting_id
  ORDER BY i.inspected_on DESC, i.id DESC
  LIMIT 1
$$;

CREATE OR REPLACE FUNCTION atlas_planting_class(p_withdrawn_on date, p_latest_result text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE WHEN p_withdrawn_on IS NOT NULL THEN 'withdrawn' ELSE coalesce(p_latest_result, 'not_inspected') END
$$;
