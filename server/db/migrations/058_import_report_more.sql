-- Two more report tables of issue 17 as import targets (server/import/report-tables.ts): commune
-- culture houses (048) and scattered-tree inspection rounds (049). Runs on PGlite and PostgreSQL 15.

ALTER TABLE import_batch DROP CONSTRAINT import_batch_target_check;
ALTER TABLE import_batch ADD CONSTRAINT import_batch_target_check
  CHECK (target IN ('communes', 'districts', 'tieukhu', 'khoanh', 'plots', 'villages', 'criteria', 'plantings', 'inspections',
                    'ocop', 'capital', 'funding', 'village_infrastructure', 'scattered_trees', 'village_plans', 'village_standing',
                    'commune_culture_houses', 'scattered_tree_inspections'));
