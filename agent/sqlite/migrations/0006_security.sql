-- Security: an append-only, hash-chained audit log; sign-in throttling;
-- session idle time.

CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,            -- operator id, or 'system'
  action    TEXT NOT NULL,            -- sign_in, sign_in_failed, view_document, export, delete, settings…
  subject   TEXT NOT NULL DEFAULT '', -- a dossier or document id; never personal data
  detail    TEXT NOT NULL DEFAULT '',
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL             -- SHA-256 over prev_hash and this entry's fields
) STRICT;

CREATE TRIGGER audit_log_append_only_u BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_append_only_d BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Failed sign-ins per account ('user:NAME') and per address ('addr:IP').
CREATE TABLE login_failures (
  key          TEXT PRIMARY KEY,
  failures     INTEGER NOT NULL,
  window_start TEXT NOT NULL,
  locked_until TEXT NOT NULL DEFAULT ''
) STRICT;

ALTER TABLE sessions ADD COLUMN last_seen TEXT NOT NULL DEFAULT '';
