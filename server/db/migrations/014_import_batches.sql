-- Imports of real data: one batch per imported file, its staged rows (validated before
-- anything is written), and the rows a committed batch replaced, so an administrator can roll it back.
-- Runs unchanged on PGlite (PostgreSQL 18 + PostGIS 3.6) and PostgreSQL 15 + PostGIS 3.3.

CREATE TABLE import_batch (
  id              bigserial PRIMARY KEY,
  target          text NOT NULL CHECK (target IN ('communes', 'districts', 'tieukhu', 'khoanh', 'plots', 'villages')),
  mode            text NOT NULL DEFAULT 'merge' CHECK (mode IN ('merge', 'replace')),
  status          text NOT NULL DEFAULT 'staged' CHECK (status IN ('staged', 'committed', 'rolled_back', 'discarded')),
  file_name       text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  file_bytes      bigint NOT NULL CHECK (file_bytes >= 0),
  checksum        text NOT NULL,                 -- sha256 of the uploaded file, hex
  format          text NOT NULL,
  crs             jsonb,                         -- what was read or chosen, and which datum shift was applied
  encoding        jsonb,                         -- text encoding of the attributes and how it was found
  mapping         jsonb NOT NULL,                -- target field -> source field
  counts          jsonb NOT NULL DEFAULT '{}',   -- read, errors, warnings, inserts, updates, …
  created_by      int REFERENCES app_user (id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  committed_by    int REFERENCES app_user (id),
  committed_at    timestamptz,
  rolled_back_by  int REFERENCES app_user (id),
  rolled_back_at  timestamptz
);
CREATE INDEX import_batch_target_idx ON import_batch (target, id DESC);

-- One row per feature read from the file, with the target's fields (attrs) and the geometry in
-- EPSG:4326 as read (geom) and as it will be written (geom_fixed: made valid, multi).
CREATE TABLE import_staged (
  batch_id    bigint NOT NULL REFERENCES import_batch (id) ON DELETE CASCADE,
  row_no      int NOT NULL,
  key         text,                              -- the target's official code (commune code, 'tk/khoanh/lo', …)
  attrs       jsonb NOT NULL,
  geom        geometry(Geometry, 4326),
  geom_fixed  geometry(Geometry, 4326),
  action      text CHECK (action IN ('insert', 'update', 'skip')),
  PRIMARY KEY (batch_id, row_no)
);
CREATE INDEX import_staged_geom_idx ON import_staged USING gist (geom_fixed);
CREATE INDEX import_staged_key_idx ON import_staged (batch_id, key);

-- What validation found, per row (row_no null: the whole file).
CREATE TABLE import_issue (
  batch_id  bigint NOT NULL REFERENCES import_batch (id) ON DELETE CASCADE,
  row_no    int,
  key       text,
  severity  text NOT NULL CHECK (severity IN ('error', 'warning')),
  code      text NOT NULL,
  vi        text NOT NULL,
  en        text NOT NULL
);
CREATE INDEX import_issue_batch_idx ON import_issue (batch_id, severity);

-- The rows a committed batch changed: before = the row as it was (null: the batch inserted it).
CREATE TABLE import_backup (
  batch_id  bigint NOT NULL REFERENCES import_batch (id),
  entity    text NOT NULL,
  key       text NOT NULL,
  before    jsonb,
  PRIMARY KEY (batch_id, entity, key)
);
