-- Imports of plantings (trồng rừng) and acceptance inspections (nghiệm thu) from the offices' tables,
-- matched to existing lô by tk/khoanh/lo. Runs on PGlite and PostgreSQL 15.

ALTER TABLE import_batch DROP CONSTRAINT import_batch_target_check;
ALTER TABLE import_batch ADD CONSTRAINT import_batch_target_check
  CHECK (target IN ('communes', 'districts', 'tieukhu', 'khoanh', 'plots', 'villages', 'criteria', 'plantings', 'inspections'));
