-- Planting plans: a planner's named selection of lô for a planting year, within a
-- unit of their scope. Runs unchanged on PGlite (PG 18 + PostGIS 3.6) and PostgreSQL 15 + PostGIS 3.3.

CREATE TABLE planting_plan (
  id                 bigserial PRIMARY KEY,
  name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  year               int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  unit_code          text NOT NULL REFERENCES admin_unit (code) ON DELETE CASCADE,  -- commune or district the plan belongs to (scope)
  species            text,
  funding            text CHECK (funding IN ('state', 'self')),
  households         int CHECK (households >= 0),
  note               text,
  version            int NOT NULL DEFAULT 1,
  client_request_id  text UNIQUE,          -- idempotency key of the creating request
  created_by         int REFERENCES app_user (id),
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_by         int REFERENCES app_user (id),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX planting_plan_year_unit_idx ON planting_plan (year, unit_code);

CREATE TABLE planting_plan_site (
  plan_id  bigint NOT NULL REFERENCES planting_plan (id) ON DELETE CASCADE,
  plot_id  bigint NOT NULL REFERENCES forest_plot (id) ON DELETE CASCADE,
  area_ha  numeric(10, 2) NOT NULL CHECK (area_ha > 0),
  PRIMARY KEY (plan_id, plot_id)
);
CREATE INDEX planting_plan_site_plot_idx ON planting_plan_site (plot_id);

-- The site finder filters lô by land type and function, and looks up plantings by lô and year.
CREATE INDEX IF NOT EXISTS forest_plot_ldlr_function_idx ON forest_plot (ldlr, forest_function);
