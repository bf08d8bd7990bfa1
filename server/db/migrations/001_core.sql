-- Core schema: administrative units, NTM criteria (data-driven), villages,
-- forest sub-compartments (tiểu khu → khoảnh → lô), planting and inspections.
-- Runs unchanged on PGlite (PostgreSQL 18 + PostGIS 3.6) and PostgreSQL 15 + PostGIS 3.3.
-- Geometry is stored in EPSG:4326; areas are computed on geography, never in degrees.

CREATE TABLE app_setting (
  key   text PRIMARY KEY,
  value jsonb NOT NULL
);
INSERT INTO app_setting (key, value) VALUES
  ('survival_thresholds', '{"acceptedAbovePct": 85, "rejectedBelowPct": 50}');

-- Bumped on every write that changes what a tile layer shows; tile cache keys include it.
CREATE TABLE data_version (
  layer   text PRIMARY KEY,
  version bigint NOT NULL DEFAULT 1
);
INSERT INTO data_version (layer) VALUES ('communes'), ('districts'), ('tieukhu'), ('khoanh'), ('plots'), ('villages');

CREATE TABLE admin_unit (
  code             text PRIMARY KEY,          -- statistics-office code: '62' province, '608' district, '23281' commune
  name             text NOT NULL,             -- short name as officials write it: 'Đắk Cấm'
  full_name        text NOT NULL,             -- 'Xã Đắk Cấm'
  name_search      text NOT NULL,             -- folded (no diacritics, spelling variants unified), see server/domain/text.ts
  level            text NOT NULL CHECK (level IN ('province', 'district', 'commune')),
  kind             text NOT NULL CHECK (kind IN ('tinh', 'thanh_pho', 'huyen', 'xa', 'phuong', 'thi_tran')),
  parent_code      text REFERENCES admin_unit (code),
  in_ntm_programme boolean NOT NULL DEFAULT false,  -- rural communes (xã) scored on the 19 commune criteria
  area_ha          double precision,
  geom             geometry(MultiPolygon, 4326) NOT NULL
);
CREATE INDEX admin_unit_geom_idx ON admin_unit USING gist (geom);
CREATE INDEX admin_unit_parent_idx ON admin_unit (parent_code);
CREATE INDEX admin_unit_level_idx ON admin_unit (level);

-- Criteria sets are rows: a new national set (post-2025) is data, not code.
CREATE TABLE criteria_set (
  id          text PRIMARY KEY,               -- 'commune-2016-2020', 'commune-2021-2025', 'village-2022-2025'
  scope       text NOT NULL CHECK (scope IN ('commune', 'village')),
  year_from   int NOT NULL,
  year_to     int NOT NULL,
  name_vi     text NOT NULL,
  name_en     text NOT NULL
);
CREATE TABLE criterion (
  set_id   text NOT NULL REFERENCES criteria_set (id),
  no       int NOT NULL CHECK (no > 0),
  name_vi  text NOT NULL,
  name_en  text NOT NULL,
  PRIMARY KEY (set_id, no)
);

-- One assessment per scope and year: when the status was taken and which set it is scored on.
CREATE TABLE assessment (
  scope            text NOT NULL CHECK (scope IN ('commune', 'village')),
  year             int NOT NULL,
  as_of            date NOT NULL,
  criteria_set_id  text NOT NULL REFERENCES criteria_set (id),
  source_vi        text NOT NULL,
  source_en        text NOT NULL,
  PRIMARY KEY (scope, year)
);

CREATE TABLE commune_criterion_status (
  commune_code   text NOT NULL REFERENCES admin_unit (code),
  year           int NOT NULL,
  criterion_no   int NOT NULL,
  met            boolean NOT NULL,
  evidence       text,
  evidence_date  date,
  version        int NOT NULL DEFAULT 1,
  PRIMARY KEY (commune_code, year, criterion_no)
);
CREATE INDEX commune_criterion_status_year_idx ON commune_criterion_status (year, criterion_no);

-- NTM level of a commune in a year. level: none | ntm | advanced (nâng cao) | model (kiểu mẫu).
-- recognised_on is null when the commune meets the criteria but is not yet recognised by decision.
CREATE TABLE commune_ntm_level (
  commune_code   text NOT NULL REFERENCES admin_unit (code),
  year           int NOT NULL,
  level          text NOT NULL CHECK (level IN ('none', 'ntm', 'advanced', 'model')),
  recognised_on  date,
  decision       text,
  version        int NOT NULL DEFAULT 1,
  PRIMARY KEY (commune_code, year)
);

-- Named targets: this commune is planned to reach this level in this year.
CREATE TABLE ntm_commune_target (
  commune_code  text NOT NULL REFERENCES admin_unit (code),
  year          int NOT NULL,
  level         text NOT NULL CHECK (level IN ('ntm', 'advanced', 'model')),
  source        text NOT NULL,
  PRIMARY KEY (commune_code, year)
);
-- Count targets for a unit (province or district): e.g. at least 60 NTM communes by 2025.
CREATE TABLE ntm_count_target (
  unit_code   text NOT NULL REFERENCES admin_unit (code),
  year        int NOT NULL,
  level       text NOT NULL CHECK (level IN ('ntm', 'advanced', 'model', 'district_ntm')),
  min_count   int NOT NULL,
  max_count   int,
  note_vi     text,
  note_en     text,
  source      text NOT NULL,
  PRIMARY KEY (unit_code, year, level)
);

CREATE TABLE village (
  code             text PRIMARY KEY,          -- '<commune code>-<nn>', e.g. '23335-04'
  name             text NOT NULL,             -- 'Kon Tum Kơ Pơng'
  kind             text NOT NULL CHECK (kind IN ('thon', 'lang', 'to_dan_pho')),
  name_search      text NOT NULL,
  commune_code     text NOT NULL REFERENCES admin_unit (code),
  ethnic_minority  boolean NOT NULL,
  main_ethnic      text,
  households       int,
  pilot_tier       text CHECK (pilot_tier IN ('city', 'commune', 'other')), -- 'other': targeted, not a pilot
  geom             geometry(Point, 4326) NOT NULL
);
CREATE INDEX village_geom_idx ON village USING gist (geom);
CREATE INDEX village_commune_idx ON village (commune_code);

CREATE TABLE village_criterion_status (
  village_code   text NOT NULL REFERENCES village (code),
  year           int NOT NULL,
  criterion_no   int NOT NULL,
  met            boolean NOT NULL,
  evidence       text,
  evidence_date  date,
  version        int NOT NULL DEFAULT 1,
  PRIMARY KEY (village_code, year, criterion_no)
);
CREATE TABLE village_recognition (
  village_code   text NOT NULL REFERENCES village (code),
  year           int NOT NULL,
  level          text NOT NULL CHECK (level IN ('ntm', 'model')),
  recognised_on  date NOT NULL,
  decision       text,
  PRIMARY KEY (village_code, year)
);
-- Villages planned to reach the village NTM standard in a year (report 000: 27 in 2023).
CREATE TABLE village_target (
  village_code  text NOT NULL REFERENCES village (code),
  year          int NOT NULL,
  source        text NOT NULL,
  PRIMARY KEY (village_code, year)
);

-- Forest: tiểu khu (sub-compartment) → khoảnh (compartment unit) → lô (plot).
-- Numbered province-wide as provincial forest maps do; attribute names follow the
-- national forest-inventory schema (tk, khoanh, lo, dtich, ldlr, churung, namtr).
CREATE TABLE forest_tieu_khu (
  tk            int PRIMARY KEY,
  commune_code  text NOT NULL REFERENCES admin_unit (code),
  area_ha       double precision NOT NULL,
  geom          geometry(MultiPolygon, 4326) NOT NULL
);
CREATE INDEX forest_tieu_khu_geom_idx ON forest_tieu_khu USING gist (geom);
CREATE INDEX forest_tieu_khu_commune_idx ON forest_tieu_khu (commune_code);

CREATE TABLE forest_khoanh (
  tk            int NOT NULL REFERENCES forest_tieu_khu (tk),
  khoanh        int NOT NULL,
  commune_code  text NOT NULL REFERENCES admin_unit (code),
  area_ha       double precision NOT NULL,
  geom          geometry(MultiPolygon, 4326) NOT NULL,
  PRIMARY KEY (tk, khoanh)
);
CREATE INDEX forest_khoanh_geom_idx ON forest_khoanh USING gist (geom);

CREATE TABLE forest_plot (
  id               bigint PRIMARY KEY,
  tk               int NOT NULL,
  khoanh           int NOT NULL,
  lo               text NOT NULL,
  commune_code     text NOT NULL REFERENCES admin_unit (code),
  dtich            numeric(10, 2) NOT NULL CHECK (dtich > 0),     -- recorded area, ha
  ldlr             text NOT NULL,        -- land / forest type code (e.g. 'DT2' unforested land, 'RTG' planted timber forest)
  forest_function  text NOT NULL CHECK (forest_function IN ('production', 'protection', 'special_use', 'outside')),
  churung          text,                 -- forest owner (chủ rừng)
  owner_kind       text CHECK (owner_kind IN ('state', 'commune', 'household', 'community', 'company')),
  namtr            int,                  -- planting year of the current stand
  loaicay          text,                 -- species
  geom             geometry(MultiPolygon, 4326) NOT NULL,
  UNIQUE (tk, khoanh, lo),
  FOREIGN KEY (tk, khoanh) REFERENCES forest_khoanh (tk, khoanh)
);
CREATE INDEX forest_plot_geom_idx ON forest_plot USING gist (geom);
CREATE INDEX forest_plot_commune_idx ON forest_plot (commune_code);

CREATE TABLE planting (
  id             bigint PRIMARY KEY,
  plot_id        bigint NOT NULL REFERENCES forest_plot (id),
  year           int NOT NULL,
  area_ha        numeric(10, 2) NOT NULL CHECK (area_ha > 0),
  species        text NOT NULL,
  funding        text NOT NULL CHECK (funding IN ('state', 'self')),   -- state budget | self-funded / social
  household      text,
  density_per_ha int NOT NULL DEFAULT 1600,
  planted_on     date,
  withdrawn_on   date,          -- household withdrew from the project: never inspected
  withdrawn_reason text,
  UNIQUE (plot_id, year)
);
CREATE INDEX planting_year_idx ON planting (year);

CREATE TABLE planting_target (
  unit_code  text NOT NULL REFERENCES admin_unit (code),
  year       int NOT NULL,
  target_ha  numeric(10, 2) NOT NULL CHECK (target_ha >= 0),
  source     text NOT NULL,
  PRIMARY KEY (unit_code, year)
);

-- Acceptance inspections (nghiệm thu). Append-only history: the latest one per planting styles the lô.
CREATE TABLE inspection (
  id                 bigserial PRIMARY KEY,
  planting_id        bigint NOT NULL REFERENCES planting (id),
  plot_id            bigint NOT NULL REFERENCES forest_plot (id),
  inspected_on       date NOT NULL,
  stage              int NOT NULL CHECK (stage BETWEEN 1 AND 10),   -- year after planting: 1, 2, 3 …
  team               text,
  survival_pct       numeric(5, 2) NOT NULL CHECK (survival_pct BETWEEN 0 AND 100),
  result             text NOT NULL CHECK (result IN ('accepted', 'replant', 'rejected')),
  gps                geometry(Point, 4326),
  note               text,
  client_request_id  text UNIQUE,        -- idempotency key from the client
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inspection_planting_idx ON inspection (planting_id, inspected_on DESC, id DESC);
CREATE INDEX inspection_plot_idx ON inspection (plot_id);

CREATE TABLE sample_plot (
  inspection_id  bigint NOT NULL REFERENCES inspection (id),
  no             int NOT NULL,
  area_m2        numeric(10, 2) NOT NULL CHECK (area_m2 > 0),
  planted        int NOT NULL CHECK (planted > 0),
  surviving      int NOT NULL CHECK (surviving >= 0 AND surviving <= planted),
  PRIMARY KEY (inspection_id, no)
);
