-- Scattered-tree planting (trồng cây phân tán): trees planted by a commune or ward in a year,
-- and what an inspection found (trees still alive, date, the finding for that unit). Report 000,
-- section III.2.2: the city's inspection team checked the 2022 planting in all 21 communes and
-- wards of Kon Tum city; its general finding is a round row.
CREATE TABLE scattered_tree_planting (
  unit_code     text NOT NULL REFERENCES admin_unit (code),
  year          int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  trees_planted int NOT NULL CHECK (trees_planted BETWEEN 0 AND 10000000),
  trees_alive   int CHECK (trees_alive BETWEEN 0 AND 10000000),
  inspected_on  date,
  self_checked  boolean,            -- the unit checked its own planting before the inspection
  note          text,
  PRIMARY KEY (unit_code, year),
  CHECK (trees_alive IS NULL OR trees_alive <= trees_planted)
);

-- An inspection round over a district's scattered-tree planting of a year, with its finding as
-- the report words it.
CREATE TABLE scattered_tree_inspection (
  district_code text NOT NULL REFERENCES admin_unit (code),
  year          int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  decision      text,
  finding_vi    text NOT NULL,
  finding_en    text NOT NULL,
  source        text,
  PRIMARY KEY (district_code, year)
);
