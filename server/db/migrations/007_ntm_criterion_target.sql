-- Per-criterion targets of a unit for a year: "by 2020, 35 communes meet criterion 2" (report 004,
-- targets of Resolution 01-NQ/TU). The criteria table shows them beside the counts reached.
CREATE TABLE ntm_criterion_target (
  unit_code     text NOT NULL REFERENCES admin_unit (code),
  year          int NOT NULL,
  criterion_no  int NOT NULL CHECK (criterion_no > 0),
  min_communes  int NOT NULL CHECK (min_communes >= 0),
  source        text NOT NULL,
  PRIMARY KEY (unit_code, year, criterion_no)
);
