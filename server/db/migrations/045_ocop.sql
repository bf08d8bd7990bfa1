-- OCOP products (Chương trình Mỗi xã một sản phẩm): one row per product of a producer (chủ thể),
-- with its star rating while it is valid, the year it was registered for rating and the commune of
-- its producer. Tile layer 'ocop' (server/sql/tiles/ocop.sql), its panel
-- (server/sql/details/ocop.sql), and the counts by unit and star (server/sql/ocop/counts.sql).
--
-- rating: '3', '4', '5' (stars of a valid certificate), '5p' (rated 4 stars by the province and
-- proposed to the Ministry as a potential 5-star product: report 001 counts it apart), or null
-- (registered for rating, not rated yet). The demo rows are generated (data/geo/ocop.ts): illustrative.
CREATE TABLE ocop_product (
  id              int PRIMARY KEY,
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  producer        text NOT NULL CHECK (length(producer) BETWEEN 1 AND 200),   -- chủ thể
  category        text NOT NULL CHECK (category IN ('thuc_pham', 'do_uong', 'thao_duoc', 'vai_may_mac', 'luu_niem', 'du_lich')),
  rating          text CHECK (rating IN ('3', '4', '5p', '5')),
  rated_year      int CHECK (rated_year BETWEEN 2018 AND 2100),                 -- year of the valid rating
  registered_year int NOT NULL CHECK (registered_year BETWEEN 2018 AND 2100),   -- year registered for rating
  commune_code    text NOT NULL REFERENCES admin_unit (code),
  geom            geometry(Point, 4326) NOT NULL,
  CHECK ((rating IS NULL) = (rated_year IS NULL))
);
CREATE INDEX ocop_product_geom_idx ON ocop_product USING gist (geom);
CREATE INDEX ocop_product_commune_idx ON ocop_product (commune_code);
