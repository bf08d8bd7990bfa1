-- Planting results per tiểu khu, precomputed: the province view of the forest (tile layer
-- 'tkplanting', server/sql/tiles/tkplanting.sql). At province and district zooms single lô are too
-- small to see; the tiểu khu are filled by the class holding the largest share of their planted
-- area. Aggregating lô per tile request would read every lô of a z8 tile (hundreds of thousands at
-- 1,000,000 lô); these rows make that tile a join of tiểu khu with one row each.
--
-- One row per tiểu khu and planting year that has planting: planting_year 0 = each lô's latest
-- planting (what the lô layer draws without a year filter), otherwise the plantings of that year.
-- Areas are the plantings' area_ha, as in the planting statistics (server/sql/stats/planting.sql).
-- The class of a planting is the rule of migration 013 (atlas_latest_inspection,
-- atlas_planting_class): this file only sums it.
--
-- Freshness: every statement that changes inspection, planting or forest_plot notes the tiểu khu
-- it touched (statement triggers reading the transition tables: one insert per statement, not per
-- row); at commit a deferred constraint trigger recomputes those tiểu khu, in the same transaction
-- as the write. So the rows are never older than the last committed inspection, whatever wrote it
-- (API, import, seed, scale generator), and the tile cache keyed by the layer's data version
-- (bumped by the inspection write) never serves a tile older than its rows.
CREATE TABLE tieukhu_planting (
  tk               int NOT NULL,
  planting_year    int NOT NULL,       -- 0: each lô's latest planting
  planted_ha       numeric(14, 2) NOT NULL,
  accepted_ha      numeric(14, 2) NOT NULL,
  replant_ha       numeric(14, 2) NOT NULL,
  rejected_ha      numeric(14, 2) NOT NULL,
  not_inspected_ha numeric(14, 2) NOT NULL,
  withdrawn_ha     numeric(14, 2) NOT NULL,
  PRIMARY KEY (tk, planting_year)
);

-- Tiểu khu whose rows must be recomputed before this transaction commits.
CREATE TABLE tieukhu_planting_dirty (
  tk int PRIMARY KEY
);

-- Recomputes the rows of the given tiểu khu from the lô, plantings and the latest-inspection rule.
CREATE FUNCTION atlas_refresh_tieukhu_planting(p_tks int[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_tks IS NULL OR cardinality(p_tks) = 0 THEN
    RETURN;
  END IF;
  -- Two transactions refreshing one tiểu khu take turns (in tk order: no deadlock); the second
  -- one's statements then see the first one's rows (each statement of a plpgsql function takes a
  -- new snapshot under READ COMMITTED).
  PERFORM 1 FROM forest_tieu_khu WHERE tk = ANY (p_tks) ORDER BY tk FOR NO KEY UPDATE;
  DELETE FROM tieukhu_planting WHERE tk = ANY (p_tks);
  INSERT INTO tieukhu_planting (tk, planting_year, planted_ha, accepted_ha, replant_ha, rejected_ha, not_inspected_ha, withdrawn_ha)
  WITH pl AS (
    SELECT f.tk, g.year, g.area_ha,
           atlas_planting_class(g.withdrawn_on, li.result) AS cls,       -- the rule: migration 013
           g.year = max(g.year) OVER (PARTITION BY g.plot_id) AS latest
    FROM forest_plot f
    JOIN planting g ON g.plot_id = f.id
    LEFT JOIN LATERAL atlas_latest_inspection(g.id) li ON true
    WHERE f.tk = ANY (p_tks)
  )
  SELECT pl.tk, v.y,
         sum(pl.area_ha),
         coalesce(sum(pl.area_ha) FILTER (WHERE pl.cls = 'accepted'), 0),
         coalesce(sum(pl.area_ha) FILTER (WHERE pl.cls = 'replant'), 0),
         coalesce(sum(pl.area_ha) FILTER (WHERE pl.cls = 'rejected'), 0),
         coalesce(sum(pl.area_ha) FILTER (WHERE pl.cls = 'not_inspected'), 0),
         coalesce(sum(pl.area_ha) FILTER (WHERE pl.cls = 'withdrawn'), 0)
  FROM pl
  CROSS JOIN LATERAL (VALUES (pl.year), (CASE WHEN pl.latest THEN 0 END)) v(y)
  WHERE v.y IS NOT NULL
  GROUP BY pl.tk, v.y;
END $$;

-- At commit: recompute the tiểu khu this transaction touched, once (the first firing takes them all).
CREATE FUNCTION atlas_refresh_dirty_tieukhu() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tks int[];
BEGIN
  WITH d AS (DELETE FROM tieukhu_planting_dirty RETURNING tk) SELECT array_agg(tk ORDER BY tk) INTO tks FROM d;
  PERFORM atlas_refresh_tieukhu_planting(tks);
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER tieukhu_planting_commit AFTER INSERT ON tieukhu_planting_dirty
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION atlas_refresh_dirty_tieukhu();

-- Noting the touched tiểu khu, per table. A trigger with transition tables takes one event, so
-- each table has one function and a trigger per event.
CREATE FUNCTION atlas_dirty_tk_inspection() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO tieukhu_planting_dirty SELECT DISTINCT f.tk FROM new_rows n JOIN forest_plot f ON f.id = n.plot_id ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    INSERT INTO tieukhu_planting_dirty SELECT DISTINCT f.tk FROM old_rows o JOIN forest_plot f ON f.id = o.plot_id ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION atlas_dirty_tk_planting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO tieukhu_planting_dirty SELECT DISTINCT f.tk FROM new_rows n JOIN forest_plot f ON f.id = n.plot_id ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    INSERT INTO tieukhu_planting_dirty SELECT DISTINCT f.tk FROM old_rows o JOIN forest_plot f ON f.id = o.plot_id ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION atlas_dirty_tk_plot() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO tieukhu_planting_dirty SELECT DISTINCT n.tk FROM new_rows n ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    INSERT INTO tieukhu_planting_dirty SELECT DISTINCT o.tk FROM old_rows o ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;

-- TRUNCATE has no transition table: every tiểu khu with rows, or that exists, is recomputed.
CREATE FUNCTION atlas_dirty_tk_all() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO tieukhu_planting_dirty
  SELECT tk FROM tieukhu_planting UNION SELECT tk FROM forest_tieu_khu
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER tkp_inspection_ins AFTER INSERT ON inspection REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION atlas_dirty_tk_inspection();
CREATE TRIGGER tkp_inspection_upd AFTER UPDATE ON inspection REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION atlas_dirty_tk_inspection();
CREATE TRIGGER tkp_inspection_del AFTER DELETE ON inspection REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION atlas_dirty_tk_inspection();
CREATE TRIGGER tkp_planting_ins AFTER INSERT ON planting REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION atlas_dirty_tk_planting();
CREATE TRIGGER tkp_planting_upd AFTER UPDATE ON planting REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION atlas_dirty_tk_planting();
CREATE TRIGGER tkp_planting_del AFTER DELETE ON planting REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION atlas_dirty_tk_planting();
CREATE TRIGGER tkp_plot_ins AFTER INSERT ON forest_plot REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION atlas_dirty_tk_plot();
CREATE TRIGGER tkp_plot_upd AFTER UPDATE ON forest_plot REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION atlas_dirty_tk_plot();
CREATE TRIGGER tkp_plot_del AFTER DELETE ON forest_plot REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION atlas_dirty_tk_plot();
CREATE TRIGGER tkp_inspection_trunc BEFORE TRUNCATE ON inspection FOR EACH STATEMENT EXECUTE FUNCTION atlas_dirty_tk_all();
CREATE TRIGGER tkp_planting_trunc BEFORE TRUNCATE ON planting FOR EACH STATEMENT EXECUTE FUNCTION atlas_dirty_tk_all();
CREATE TRIGGER tkp_plot_trunc BEFORE TRUNCATE ON forest_plot FOR EACH STATEMENT EXECUTE FUNCTION atlas_dirty_tk_all();

-- The rows of the data already loaded.
SELECT atlas_refresh_tieukhu_planting(array(SELECT DISTINCT tk FROM forest_plot ORDER BY tk));
