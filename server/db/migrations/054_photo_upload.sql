-- Photos uploaded resumably before the inspection that shows them (issue 16, docs/outbox.md):
-- a phone declares a photo (size, type, sha-256), sends its bytes in chunks, asks how far the
-- server got after a cut, and then records the inspection with the upload's id. The bytes wait
-- here only while in transit: attaching moves them into inspection_photo (the one home of stored
-- photos) and empties `data`; the row stays as the record that the upload was attached, so a
-- second attach is refused clearly. Never attached uploads expire (services/uploads.ts cleans up).
-- Runs on PGlite and PostgreSQL 15.

CREATE TABLE photo_upload (
  id             uuid PRIMARY KEY,
  owner_id       int NOT NULL REFERENCES app_user (id),
  size           int NOT NULL CHECK (size BETWEEN 1 AND 1048576),
  content_type   text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  sha256         text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  received       int NOT NULL DEFAULT 0 CHECK (received BETWEEN 0 AND size),
  data           bytea NOT NULL DEFAULT ''::bytea CHECK (octet_length(data) <= 1048576),
  created_at     timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL,
  completed_at   timestamptz,
  inspection_id  bigint REFERENCES inspection (id),
  photo_no       int CHECK (photo_no BETWEEN 1 AND 20),
  attached_at    timestamptz,
  CHECK (completed_at IS NULL OR received = size),
  CHECK ((inspection_id IS NULL) = (attached_at IS NULL))
);

CREATE INDEX photo_upload_owner_idx ON photo_upload (owner_id) WHERE inspection_id IS NULL;
CREATE INDEX photo_upload_expires_idx ON photo_upload (expires_at) WHERE inspection_id IS NULL;
