-- A lô counts once against a year's planting target: at most one plan of a year may name it.
-- The check in the API (server/services/plans.ts) gives the clear message; this constraint makes
-- it hold when two planners save at the same moment. The site carries its plan's year, kept in
-- step by the foreign key (ON UPDATE CASCADE) when a plan moves to another year.
ALTER TABLE planting_plan ADD CONSTRAINT planting_plan_id_year_key UNIQUE (id, year);
ALTER TABLE planting_plan_site ADD COLUMN year int;
UPDATE planting_plan_site s SET year = p.year FROM planting_plan p WHERE p.id = s.plan_id;
ALTER TABLE planting_plan_site ALTER COLUMN year SET NOT NULL;
ALTER TABLE planting_plan_site
  ADD CONSTRAINT planting_plan_site_plan_year_fk FOREIGN KEY (plan_id, year)
  REFERENCES planting_plan (id, year) ON UPDATE CASCADE ON DELETE CASCADE;
CREATE UNIQUE INDEX planting_plan_site_plot_year_key ON planting_plan_site (plot_id, year);
