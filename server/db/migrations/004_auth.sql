-- Users, roles, scopes, sessions, sign-in throttling and the audit trail .
-- Runs unchanged on PGlite (PostgreSQL 18) and PostgreSQL 15. Design: docs/auth.md.

-- A person who signs in. Never deleted once they have written anything (the audit log keeps
-- pointing at them): disable instead.
CREATE TABLE app_user (
  id                    int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username              text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,39}$'),
  display_name          text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
  -- 'scrypt$ln=15,r=8,p=1$<salt base64>$<key base64>': parameters travel with the hash
  password_hash         text NOT NULL,
  must_change_password  boolean NOT NULL DEFAULT false,
  disabled              boolean NOT NULL DEFAULT false,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  password_changed_at   timestamptz NOT NULL DEFAULT now(),
  last_login_at         timestamptz,
  version               int NOT NULL DEFAULT 1
);

CREATE TABLE user_role (
  user_id  int NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  role     text NOT NULL CHECK (role IN ('viewer', 'planner', 'inspector', 'editor', 'admin')),
  PRIMARY KEY (user_id, role)
);

-- Where the scoped roles (planner, inspector, editor) apply: admin_unit codes (province, district
-- or commune; a unit covers everything below it). No foreign key on purpose: reloading the
-- administrative units (demo seed, the 2025 merger) must not be blocked by user rows; the API
-- checks codes when scopes are set.
CREATE TABLE user_scope (
  user_id    int NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  unit_code  text NOT NULL,
  PRIMARY KEY (user_id, unit_code)
);

-- Only the SHA-256 of the random session token is stored: a leaked table signs nobody in.
CREATE TABLE user_session (
  token_hash    text PRIMARY KEY,
  user_id       int NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,          -- absolute expiry; idle expiry is last_seen_at + setting
  ip            text,
  user_agent    text
);
CREATE INDEX user_session_user_idx ON user_session (user_id);
CREATE INDEX user_session_expires_idx ON user_session (expires_at);

-- Every sign-in attempt (for the administrator; usernames as typed, whether they exist or not).
CREATE TABLE login_attempt (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at        timestamptz NOT NULL DEFAULT now(),
  username  text NOT NULL,
  ip        text NOT NULL,
  success   boolean NOT NULL
);
CREATE INDEX login_attempt_at_idx ON login_attempt (at);

-- Failure counters and locks per 'user:<name>' and 'ip:<address>'.
CREATE TABLE login_throttle (
  key           text PRIMARY KEY,
  failures      int NOT NULL DEFAULT 0,
  window_start  timestamptz NOT NULL DEFAULT now(),
  locked_until  timestamptz
);

-- Who changed what, when: one row per write, in the write's own transaction.
CREATE TABLE audit_log (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  user_id     int REFERENCES app_user (id),
  username    text,                           -- as it was at the time (null: command line)
  action      text NOT NULL CHECK (action IN ('create', 'update', 'delete')),
  entity      text NOT NULL,
  entity_id   text NOT NULL,
  before      jsonb,
  after       jsonb,
  request_id  text,
  ip          text
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, at DESC);
CREATE INDEX audit_log_user_idx ON audit_log (user_id, at DESC);

-- Append-only, enforced by the database: no UPDATE, DELETE or TRUNCATE.
CREATE FUNCTION audit_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
