-- Saved views and briefings for meetings (docs/meetings.md). A view is the map's share-link query
-- string (checked for shape by server/domain/views.ts; the browser parses it like a shared link).
-- A briefing item keeps its own copy of the query, so editing or deleting a saved view never
-- changes a briefing that was prepared for a meeting.
-- Runs unchanged on PGlite (PostgreSQL 18 + PostGIS 3.6) and PostgreSQL 15 + PostGIS 3.3.

CREATE TABLE saved_view (
  id          bigserial PRIMARY KEY,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  query       text NOT NULL CHECK (length(query) <= 2000),
  version     int NOT NULL DEFAULT 1,
  created_by  int REFERENCES app_user (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  int REFERENCES app_user (id),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE briefing (
  id          bigserial PRIMARY KEY,
  title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
  version     int NOT NULL DEFAULT 1,
  created_by  int REFERENCES app_user (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  int REFERENCES app_user (id),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE briefing_item (
  briefing_id  bigint NOT NULL REFERENCES briefing (id) ON DELETE CASCADE,
  position     int NOT NULL CHECK (position >= 0),
  title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
  note         text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  query        text NOT NULL CHECK (length(query) <= 2000),
  PRIMARY KEY (briefing_id, position)
);
