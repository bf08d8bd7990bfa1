-- Village NTM plans of communes and wards (report 000, section IV.2.1: "09/17 xã, phường xây
-- dựng kế hoạch thực hiện … Còn 08 xã, phường chưa xây dựng kế hoạch"): one row per unit that
-- must build a plan in a year, built or not.
CREATE TABLE village_plan (
  unit_code  text NOT NULL REFERENCES admin_unit (code),
  year       int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  built      boolean NOT NULL,
  source     text,
  PRIMARY KEY (unit_code, year)
);

-- A village's standing at a date of record (province figures of March 2025: 84 pilot villages,
-- about 110 villages at the village NTM standard).
CREATE TABLE village_standing (
  village_code  text NOT NULL REFERENCES village (code),
  as_of         date NOT NULL,
  pilot         boolean NOT NULL,
  at_standard   boolean NOT NULL,
  source        text,
  PRIMARY KEY (village_code, as_of)
);
