-- Village cultural infrastructure (report 004, footnote on culture, 2020): whether a village has
-- a traditional communal house (nhà rông, ethnic-minority villages), a village culture house, a
-- village sports ground, and whether it holds the title "Khu dân cư văn hóa". One row per village
-- and date of record; the latest row on or before a date is the village's state then.
-- Commune culture houses (nhà văn hóa xã) and whether they meet the standard are commune rows.
CREATE TABLE village_infrastructure (
  village_code              text NOT NULL REFERENCES village (code),
  as_of                     date NOT NULL,
  nha_rong                  boolean NOT NULL,
  culture_house             boolean NOT NULL,
  sports_ground             boolean NOT NULL,
  cultural_area_recognised  boolean NOT NULL,
  source                    text,
  PRIMARY KEY (village_code, as_of)
);

CREATE TABLE commune_culture_house (
  commune_code  text NOT NULL REFERENCES admin_unit (code),
  as_of         date NOT NULL,
  has_house     boolean NOT NULL,
  at_standard   boolean NOT NULL,
  source        text,
  PRIMARY KEY (commune_code, as_of),
  CHECK (has_house OR NOT at_standard)
);
