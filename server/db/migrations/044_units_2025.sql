-- The units of 1 July 2025 (Resolution 1677/NQ-UBTVQH15): Kon Tum's 102 commune-level units
-- merged into 40 communes and wards of Quảng Ngãi province, and the district level was abolished.
-- Every record of the atlas (criteria since 2015, villages, plantings, inspections) stays with the
-- old unit it was made for; the new units are a second map of the same ground:
--   admin_unit_2025        the 40 new units; geom = the union of their old units (kept so by a trigger)
--   admin_unit_succession  old unit -> new unit, one row per old unit (the resolution's mapping)
-- The mapping is public reference data (../shared/facts/kontum-2025-*.csv), so it is a migration,
-- not demo data: an office that imports its own commune boundaries keeps it, since old units are
-- matched by their official code. old_code has no foreign key: the rows exist before any unit is
-- loaded (seed or import), and a unit missing from admin_unit simply contributes no geometry.
CREATE TABLE admin_unit_2025 (
  code           text PRIMARY KEY,                 -- statistics-office code of the new unit
  name           text NOT NULL,                    -- 'Đăk Cấm'
  full_name      text NOT NULL,                    -- 'Phường Đăk Cấm'
  name_search    text NOT NULL,                    -- folded like admin_unit.name_search
  kind           text NOT NULL CHECK (kind IN ('xa', 'phuong')),
  province_name  text NOT NULL,                    -- 'Tỉnh Quảng Ngãi'
  effective_from date NOT NULL DEFAULT '2025-07-01',
  geom           geometry(MultiPolygon, 4326)      -- null until its old units are loaded
);
CREATE INDEX admin_unit_2025_geom_idx ON admin_unit_2025 USING gist (geom);

CREATE TABLE admin_unit_succession (
  old_code  text PRIMARY KEY,
  new_code  text NOT NULL REFERENCES admin_unit_2025 (code)
);
CREATE INDEX admin_unit_succession_new_idx ON admin_unit_succession (new_code);

INSERT INTO admin_unit_2025 (code, name, full_name, kind, name_search, province_name)
SELECT v.code, v.name, v.full_name, v.kind, v.name_search, 'Tỉnh Quảng Ngãi' FROM (VALUES
  ('23293', 'Kon Tum', 'Phường Kon Tum', 'phuong', 'kon tum'),
  ('23284', 'Đăk Cấm', 'Phường Đăk Cấm', 'phuong', 'dak cam'),
  ('23302', 'Đăk Bla', 'Phường Đăk Bla', 'phuong', 'dak bla'),
  ('23317', 'Ngọk Bay', 'Xã Ngọk Bay', 'xa', 'ngoc bay'),
  ('23332', 'Đăk Rơ Wa', 'Xã Đăk Rơ Wa', 'xa', 'dak ro wa'),
  ('23326', 'Ia Chim', 'Xã Ia Chim', 'xa', 'ia chim'),
  ('23341', 'Đăk Pék', 'Xã Đăk Pék', 'xa', 'dak pek'),
  ('23344', 'Đăk Plô', 'Xã Đăk Plô', 'xa', 'dak plo'),
  ('23356', 'Xốp', 'Xã Xốp', 'xa', 'xop'),
  ('23365', 'Ngọc Linh', 'Xã Ngọc Linh', 'xa', 'ngoc linh'),
  ('23368', 'Đăk Long', 'Xã Đăk Long', 'xa', 'dak long'),
  ('23374', 'Đăk Môn', 'Xã Đăk Môn', 'xa', 'dak mon'),
  ('23377', 'Bờ Y', 'Xã Bờ Y', 'xa', 'bo y'),
  ('23383', 'Dục Nông', 'Xã Dục Nông', 'xa', 'duc nong'),
  ('23392', 'Sa Loong', 'Xã Sa Loong', 'xa', 'sa loong'),
  ('23401', 'Đăk Tô', 'Xã Đăk Tô', 'xa', 'dak to'),
  ('23446', 'Măng Ri', 'Xã Măng Ri', 'xa', 'mang ri'),
  ('23416', 'Đăk Sao', 'Xã Đăk Sao', 'xa', 'dak sao'),
  ('23419', 'Đăk Tờ Kan', 'Xã Đăk Tờ Kan', 'xa', 'dak to kan'),
  ('23425', 'Tu Mơ Rông', 'Xã Tu Mơ Rông', 'xa', 'tu mo rong'),
  ('23428', 'Ngọk Tụ', 'Xã Ngọk Tụ', 'xa', 'ngoc tu'),
  ('23430', 'Kon Đào', 'Xã Kon Đào', 'xa', 'kon dao'),
  ('23455', 'Măng Bút', 'Xã Măng Bút', 'xa', 'mang but'),
  ('23473', 'Măng Đen', 'Xã Măng Đen', 'xa', 'mang den'),
  ('23476', 'Kon Plông', 'Xã Kon Plông', 'xa', 'kon plong'),
  ('23479', 'Đăk Rve', 'Xã Đăk Rve', 'xa', 'dak rve'),
  ('23485', 'Đăk Kôi', 'Xã Đăk Kôi', 'xa', 'dak koi'),
  ('23497', 'Kon Braih', 'Xã Kon Braih', 'xa', 'kon braih'),
  ('23500', 'Đăk Hà', 'Xã Đăk Hà', 'xa', 'dak ha'),
  ('23504', 'Đăk Pxi', 'Xã Đăk Pxi', 'xa', 'dak pxi'),
  ('23512', 'Đăk Mar', 'Xã Đăk Mar', 'xa', 'dak mar'),
  ('23510', 'Đăk Ui', 'Xã Đăk Ui', 'xa', 'dak ui'),
  ('23515', 'Ngọk Réo', 'Xã Ngọk Réo', 'xa', 'ngoc reo'),
  ('23527', 'Sa Thầy', 'Xã Sa Thầy', 'xa', 'sa thay'),
  ('23530', 'Rờ Kơi', 'Xã Rờ Kơi', 'xa', 'ro koi'),
  ('23534', 'Sa Bình', 'Xã Sa Bình', 'xa', 'sa binh'),
  ('23535', 'Ia Đal', 'Xã Ia Đal', 'xa', 'ia dal'),
  ('23536', 'Mô Rai', 'Xã Mô Rai', 'xa', 'mo rai'),
  ('23538', 'Ia Tơi', 'Xã Ia Tơi', 'xa', 'ia toi'),
  ('23548', 'Ya Ly', 'Xã Ya Ly', 'xa', 'ya ly')
) AS v(code, name, full_name, kind, name_search);

INSERT INTO admin_unit_succession (old_code, new_code) VALUES
  ('23281', '23293'),
  ('23284', '23284'),
  ('23287', '23293'),
  ('23290', '23293'),
  ('23293', '23293'),
  ('23296', '23284'),
  ('23299', '23293'),
  ('23302', '23302'),
  ('23305', '23302'),
  ('23308', '23302'),
  ('23311', '23284'),
  ('23314', '23317'),
  ('23317', '23317'),
  ('23320', '23317'),
  ('23323', '23332'),
  ('23326', '23326'),
  ('23327', '23326'),
  ('23329', '23326'),
  ('23332', '23332'),
  ('23335', '23332'),
  ('23338', '23332'),
  ('23341', '23341'),
  ('23344', '23344'),
  ('23347', '23344'),
  ('23350', '23344'),
  ('23353', '23341'),
  ('23356', '23356'),
  ('23359', '23356'),
  ('23362', '23365'),
  ('23365', '23365'),
  ('23368', '23368'),
  ('23371', '23374'),
  ('23374', '23374'),
  ('23377', '23377'),
  ('23380', '23383'),
  ('23383', '23383'),
  ('23386', '23383'),
  ('23389', '23377'),
  ('23392', '23392'),
  ('23395', '23377'),
  ('23398', '23392'),
  ('23401', '23401'),
  ('23404', '23446'),
  ('23407', '23416'),
  ('23410', '23446'),
  ('23413', '23446'),
  ('23416', '23416'),
  ('23417', '23419'),
  ('23419', '23419'),
  ('23422', '23425'),
  ('23425', '23425'),
  ('23427', '23428'),
  ('23428', '23428'),
  ('23430', '23430'),
  ('23431', '23430'),
  ('23434', '23430'),
  ('23437', '23401'),
  ('23440', '23401'),
  ('23443', '23401'),
  ('23446', '23446'),
  ('23449', '23446'),
  ('23452', '23455'),
  ('23455', '23455'),
  ('23458', '23455'),
  ('23461', '23473'),
  ('23464', '23476'),
  ('23467', '23476'),
  ('23470', '23473'),
  ('23473', '23473'),
  ('23476', '23476'),
  ('23479', '23479'),
  ('23482', '23485'),
  ('23485', '23485'),
  ('23488', '23497'),
  ('23491', '23479'),
  ('23494', '23497'),
  ('23497', '23497'),
  ('23500', '23500'),
  ('23503', '23504'),
  ('23504', '23504'),
  ('23506', '23512'),
  ('23509', '23510'),
  ('23510', '23510'),
  ('23512', '23512'),
  ('23515', '23515'),
  ('23518', '23515'),
  ('23521', '23425'),
  ('23524', '23500'),
  ('23527', '23527'),
  ('23530', '23530'),
  ('23533', '23527'),
  ('23534', '23534'),
  ('23535', '23535'),
  ('23536', '23536'),
  ('23537', '23538'),
  ('23538', '23538'),
  ('23539', '23527'),
  ('23542', '23534'),
  ('23545', '23534'),
  ('23548', '23548'),
  ('23551', '23548'),
  ('23554', '23548');

-- A new unit's ground is its old units' ground: whenever commune geometry changes (demo seed,
-- an import of the office's own boundaries, a rollback), the new units' geometry is rebuilt from
-- it in the same statement, and the units2025 layer's tiles are refreshed by its data version.
-- 40 unions of 1–5 polygons each: milliseconds, and commune geometry changes rarely.
CREATE FUNCTION atlas_refresh_units_2025() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE admin_unit_2025 n
  SET geom = u.geom
  FROM (
    SELECT s.new_code,
           ST_Multi(ST_CollectionExtract(ST_UnaryUnion(ST_Collect(ST_MakeValid(a.geom))), 3)) AS geom
    FROM admin_unit_succession s
    JOIN admin_unit a ON a.code = s.old_code AND a.level = 'commune'
    GROUP BY s.new_code
  ) u
  WHERE n.code = u.new_code AND n.geom IS DISTINCT FROM u.geom;
  -- units whose old units are all gone (a forced reseed deletes them) lose their geometry
  UPDATE admin_unit_2025 n SET geom = NULL
  WHERE n.geom IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM admin_unit_succession s JOIN admin_unit a ON a.code = s.old_code WHERE s.new_code = n.code);
  UPDATE data_version SET version = version + 1 WHERE layer = 'units2025';
  RETURN NULL;
END $$;

CREATE TRIGGER admin_unit_refresh_units_2025
  AFTER INSERT OR DELETE OR UPDATE OF geom ON admin_unit
  FOR EACH STATEMENT EXECUTE FUNCTION atlas_refresh_units_2025();

-- Units already loaded before this migration (an existing database): build the geometry now.
UPDATE admin_unit_2025 n
SET geom = u.geom
FROM (
  SELECT s.new_code, ST_Multi(ST_CollectionExtract(ST_UnaryUnion(ST_Collect(ST_MakeValid(a.geom))), 3)) AS geom
  FROM admin_unit_succession s
  JOIN admin_unit a ON a.code = s.old_code AND a.level = 'commune'
  GROUP BY s.new_code
) u
WHERE n.code = u.new_code;

-- Whether a commune's level in a year counts as reached: recognised by decision, and at least NTM
-- (cumulative: an advanced or model commune is also an NTM commune). 0 none, 1 NTM, 2 nâng cao,
-- 3 kiểu mẫu. Used wherever the atlas counts communes "at NTM" by unit.
CREATE FUNCTION atlas_ntm_rank(level text, recognised_on date) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN recognised_on IS NULL THEN 0
              WHEN level = 'model' THEN 3
              WHEN level = 'advanced' THEN 2
              WHEN level = 'ntm' THEN 1
              ELSE 0 END
$$;
