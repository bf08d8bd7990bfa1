-- Forest inspections recorded in the field. Runs on PGlite (PG 18) and PostgreSQL 15.
-- Inspections stay append-only history (001); this adds who recorded one, under which
-- thresholds its result was decided, and the photos taken with it.

ALTER TABLE inspection ADD COLUMN created_by int REFERENCES app_user (id);
-- {"acceptedAbovePct": 85, "rejectedBelowPct": 50} in force when the result was computed (null: seeded)
ALTER TABLE inspection ADD COLUMN thresholds jsonb;

CREATE TABLE inspection_photo (
  inspection_id  bigint NOT NULL REFERENCES inspection (id),
  no             int NOT NULL CHECK (no BETWEEN 1 AND 20),
  content_type   text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  data           bytea NOT NULL CHECK (octet_length(data) <= 1048576),
  caption        text,
  PRIMARY KEY (inspection_id, no)
);

-- The replanting worklist and the aggregation read the latest inspection per planting.
CREATE INDEX IF NOT EXISTS planting_plot_idx ON planting (plot_id);
