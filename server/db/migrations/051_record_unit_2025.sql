-- The unit of a record after 1 July 2025 (issue 17): an inspection made on or after the date the
-- new units took effect records the new unit it was made in; older ones keep only their old unit
-- (through their lô's commune), as history does.
--
-- One definition, in the database: atlas_unit_2025_of(old commune, date) is the new unit that
-- succeeded the commune if the date is on/after the new unit's effective_from (migration 044),
-- otherwise null. A BEFORE trigger fills inspection.unit_2025_code from the lô's commune and the
-- inspection's date, in the transaction of the insert — so every way an inspection arrives (the
-- API's audited write, the import of migration 053, the demo seed, the command line) records it
-- the same way, and none can forget it. District-level and unknown codes have no successor: null.
CREATE FUNCTION atlas_unit_2025_of(p_old_code text, p_on date) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT n.code
  FROM admin_unit_succession s JOIN admin_unit_2025 n ON n.code = s.new_code
  WHERE s.old_code = p_old_code AND p_on >= n.effective_from
$$;

ALTER TABLE inspection ADD COLUMN unit_2025_code text REFERENCES admin_unit_2025 (code);
CREATE INDEX inspection_unit_2025_idx ON inspection (unit_2025_code) WHERE unit_2025_code IS NOT NULL;

CREATE FUNCTION atlas_inspection_unit_2025() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.unit_2025_code := atlas_unit_2025_of((SELECT p.commune_code FROM forest_plot p WHERE p.id = NEW.plot_id), NEW.inspected_on);
  RETURN NEW;
END
$$;

CREATE TRIGGER inspection_unit_2025
  BEFORE INSERT OR UPDATE OF inspected_on, plot_id, unit_2025_code ON inspection
  FOR EACH ROW EXECUTE FUNCTION atlas_inspection_unit_2025();

-- inspections already recorded on or after the date (the trigger sets the column)
UPDATE inspection SET unit_2025_code = NULL WHERE inspected_on >= DATE '2025-07-01';
