-- Planting plans made on or after 1 July 2025 record the new unit they were made in (issue 17),
-- by the one definition of migration 051: the successor of the plan's commune, when the plan was
-- made (created_at, in Vietnam's time, UTC+7 all year) on/after the new units' effective date.
-- A plan of a district or of the province has no single new unit (the district level was
-- abolished; its communes went to several new units): null, like plans made before the date.
-- Changing the plan's unit recomputes it; the date stays the day the plan was made.
ALTER TABLE planting_plan ADD COLUMN unit_2025_code text REFERENCES admin_unit_2025 (code);
CREATE INDEX planting_plan_unit_2025_idx ON planting_plan (unit_2025_code) WHERE unit_2025_code IS NOT NULL;

CREATE FUNCTION atlas_plan_unit_2025() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.unit_2025_code := atlas_unit_2025_of(NEW.unit_code, ((NEW.created_at AT TIME ZONE 'UTC') + interval '7 hours')::date);
  RETURN NEW;
END
$$;

CREATE TRIGGER planting_plan_unit_2025
  BEFORE INSERT OR UPDATE OF unit_code, created_at, unit_2025_code ON planting_plan
  FOR EACH ROW EXECUTE FUNCTION atlas_plan_unit_2025();

UPDATE planting_plan SET unit_2025_code = NULL WHERE created_at >= TIMESTAMPTZ '2025-06-30 17:00:00+00';
