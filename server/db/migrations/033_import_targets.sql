-- Imports of criteria status records (commune and village, per year), and the replace mode's
-- removals: a committed replace batch saves the rows it removed in import_backup (before = the row)
-- like those it updated, so a rollback brings them back. Runs on PGlite and PostgreSQL 15.

ALTER TABLE import_batch DROP CONSTRAINT import_batch_target_check;
ALTER TABLE import_batch ADD CONSTRAINT import_batch_target_check
  CHECK (target IN ('communes', 'districts', 'tieukhu', 'khoanh', 'plots', 'villages', 'criteria'));

-- The geometry of a saved lô, kept binary beside its attributes: as jsonb text a geometry is hex
-- EWKB, slow to write and to read back (on PGlite half of a province's commit).
ALTER TABLE import_backup ADD COLUMN geom geometry(Geometry, 4326);
