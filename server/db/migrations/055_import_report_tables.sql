-- Imports into the report tables of issue 17 (migrations 045–050): OCOP products, programme
-- capital, NTM funding, village infrastructure, scattered trees, village plans and village
-- standing (server/import/report-tables.ts). Runs on PGlite and PostgreSQL 15.

ALTER TABLE import_batch DROP CONSTRAINT import_batch_target_check;
ALTER TABLE import_batch ADD CONSTRAINT import_batch_target_check
  CHECK (target IN ('communes', 'districts', 'tieukhu', 'khoanh', 'plots', 'villages', 'criteria', 'plantings', 'inspections',
                    'ocop', 'capital', 'funding', 'village_infrastructure', 'scattered_trees', 'village_plans', 'village_standing'));
