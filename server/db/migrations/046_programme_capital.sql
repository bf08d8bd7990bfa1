-- The national target programmes' capital (CTMTQG 2021–2025) by district: the share of the year's
-- central capital (vốn ngân sách trung ương) each district had allocated in detail, and the share
-- disbursed, as of the Steering Committee's meeting of 16 March 2023 (report 002). Tile layer
-- 'capital' (server/sql/tiles/capital.sql), its panel (server/sql/details/capital.sql) and the
-- table GET /api/capital (server/sql/capital/districts.sql).
--
-- source 'report_002': the figure is the report's. 'illustrative': the report is silent and the
-- value is plausible demo data that never contradicts it — for 2023 the report names the five
-- districts with the lowest shares, so the others are above them; for 2022 it says only Kon Plông
-- and Đăk Hà had not allocated all of it, so the others are at 100 %. Disbursement is not given
-- per district: every disbursed share is illustrative. Rows reference districts by their official
-- code without a foreign key (the districts are loaded after migrations, by the seed or an import).
CREATE TABLE programme_capital (
  district_code  text NOT NULL,
  year           int NOT NULL CHECK (year BETWEEN 2021 AND 2025),
  allocated_pct  numeric(5, 1) NOT NULL CHECK (allocated_pct BETWEEN 0 AND 100),
  disbursed_pct  numeric(5, 1) NOT NULL CHECK (disbursed_pct BETWEEN 0 AND 100),
  as_of          date NOT NULL,
  allocated_source text NOT NULL CHECK (allocated_source IN ('report_002', 'illustrative', 'import')),
  PRIMARY KEY (district_code, year),
  CHECK (disbursed_pct <= allocated_pct)
);

INSERT INTO programme_capital (district_code, year, allocated_pct, disbursed_pct, as_of, allocated_source) VALUES
  -- 2023: the report's five districts, then the others (illustrative, all above Kon Rẫy's 56.2 %)
  ('615', 2023, 28.4, 1.2, '2023-03-16', 'report_002'),   -- Đăk Hà
  ('612', 2023, 22.3, 0.8, '2023-03-16', 'report_002'),   -- Đăk Tô
  ('614', 2023, 56.2, 2.5, '2023-03-16', 'report_002'),   -- Kon Rẫy
  ('613', 2023, 18.6, 0.4, '2023-03-16', 'report_002'),   -- Kon Plông
  ('618', 2023, 12.7, 0.0, '2023-03-16', 'report_002'),   -- Ia H'Drai
  ('608', 2023, 92.5, 6.3, '2023-03-16', 'illustrative'), -- Kon Tum city
  ('610', 2023, 71.8, 3.1, '2023-03-16', 'illustrative'), -- Đắk Glei
  ('611', 2023, 84.0, 4.6, '2023-03-16', 'illustrative'), -- Ngọc Hồi
  ('616', 2023, 66.9, 2.2, '2023-03-16', 'illustrative'), -- Sa Thầy
  ('617', 2023, 63.4, 1.9, '2023-03-16', 'illustrative'), -- Tu Mơ Rông
  -- 2022 (extended to the end of 2023): Kon Plông and Đăk Hà short of 100 %, the others all of it
  ('613', 2022, 71.6, 38.2, '2023-03-16', 'report_002'),
  ('615', 2022, 66.0, 41.5, '2023-03-16', 'report_002'),
  ('608', 2022, 100.0, 78.4, '2023-03-16', 'illustrative'),
  ('610', 2022, 100.0, 55.1, '2023-03-16', 'illustrative'),
  ('611', 2022, 100.0, 63.7, '2023-03-16', 'illustrative'),
  ('612', 2022, 100.0, 58.9, '2023-03-16', 'illustrative'),
  ('614', 2022, 100.0, 52.3, '2023-03-16', 'illustrative'),
  ('616', 2022, 100.0, 60.8, '2023-03-16', 'illustrative'),
  ('617', 2022, 100.0, 47.6, '2023-03-16', 'illustrative'),
  ('618', 2022, 100.0, 44.0, '2023-03-16', 'illustrative');
