-- Field Kit store, version 1. STRICT tables; timestamps are ISO-8601 UTC text.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE operators (
  id            TEXT PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  role          TEXT NOT NULL CHECK (role IN ('agent', 'supervisor')),
  password_hash TEXT NOT NULL,
  created_at    TEXT NOT NULL
) STRICT;

-- Sessions are looked up by the SHA-256 of the token; the token itself is
-- never stored.
CREATE TABLE sessions (
  token_hash  TEXT PRIMARY KEY,
  operator_id TEXT NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL
) STRICT;

-- The catalog. id is an explicit INTEGER PRIMARY KEY so that the rowid the
-- search index points at survives VACUUM. Upserts keep it (ON CONFLICT DO
-- UPDATE), so a procedure's search row is replaced in place.
CREATE TABLE procedures (
  id         INTEGER PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL,
  field      TEXT NOT NULL,
  level      TEXT NOT NULL,
  verified   TEXT NOT NULL DEFAULT '',
  channels   TEXT NOT NULL DEFAULT '[]', -- JSON []model.Channel, for search hits
  doc        TEXT NOT NULL, -- the whole model.Procedure as JSON
  updated_at TEXT NOT NULL
) STRICT;

CREATE INDEX procedures_field ON procedures (field, code);

-- Search index over procedures; its rowid is procedures.id. Text is NFC
-- with đ→d folded before it gets here (model.FoldForSearch);
-- remove_diacritics 2 strips the rest. prefix = '1' serves the first
-- keystroke ("d*") from one list instead of every word starting with d
-- (4.7 → 3.2 ms on 6,444 procedures); '2 3' measured no faster.
CREATE VIRTUAL TABLE procedures_fts USING fts5 (
  name, field, keywords, code,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '1'
);

-- What ranking reads for every search hit, in rows small enough to stay
-- cached (procedures' rows carry whole documents). The keys are the words
-- as the index's tokenizer makes them, joined and surrounded by single
-- spaces (" dang ky khai sinh "), so " w " finds a whole word and " w"
-- the start of one.
CREATE TABLE procedures_rank (
  id           INTEGER PRIMARY KEY REFERENCES procedures (id),
  code         TEXT NOT NULL,
  name_key     TEXT NOT NULL,
  name_words   INTEGER NOT NULL,
  name_len     INTEGER NOT NULL, -- characters in name_key
  field_key    TEXT NOT NULL,
  keywords_key TEXT NOT NULL
) STRICT;

-- Applicant profiles hold personal data: it is sealed (vault.Seal, AEAD)
-- and found through keyed hashes (blind indexes), never stored in clear.
CREATE TABLE applicants (
  id         TEXT PRIMARY KEY,
  id_hash    TEXT NOT NULL UNIQUE,     -- keyed hash of the ID number
  sealed     BLOB NOT NULL,            -- the profile as sealed JSON
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- Name lookups: the keyed hash of every prefix (2+ letters) of every
-- folded word of a name, so "nguyen v" finds "Nguyễn Văn An" without the
-- name being stored in clear.
CREATE TABLE applicant_name_keys (
  key          TEXT NOT NULL,
  applicant_id TEXT NOT NULL REFERENCES applicants (id),
  PRIMARY KEY (key, applicant_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX applicant_name_keys_applicant ON applicant_name_keys (applicant_id);

-- Edits to a reused profile are recorded, never silently overwritten.
CREATE TABLE applicant_revisions (
  id           INTEGER PRIMARY KEY,
  applicant_id TEXT NOT NULL REFERENCES applicants (id),
  changed_at   TEXT NOT NULL,
  operator_id  TEXT NOT NULL DEFAULT '',
  previous     BLOB NOT NULL -- the profile before the change, sealed
) STRICT;

CREATE TABLE dossiers (
  id               TEXT PRIMARY KEY, -- UUIDv7
  tracking_code    TEXT NOT NULL UNIQUE,
  procedure_code   TEXT NOT NULL REFERENCES procedures (code),
  channel          TEXT NOT NULL,
  applicant_id     TEXT NOT NULL REFERENCES applicants (id),
  form             BLOB NOT NULL, -- sealed JSON: declarations name people too
  consent_given    INTEGER NOT NULL,
  consent_method   TEXT NOT NULL,
  consent_purpose  TEXT NOT NULL,
  consent_at       TEXT NOT NULL,
  status           TEXT NOT NULL,
  operator_id      TEXT NOT NULL DEFAULT '',
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  submitted_at     TEXT,
  portal_id        TEXT,
  portal_receipt   TEXT,
  portal_status    TEXT
) STRICT;

CREATE INDEX dossiers_status ON dossiers (status, id);
CREATE INDEX dossiers_applicant ON dossiers (applicant_id);

CREATE TABLE dossier_events (
  dossier_id  TEXT NOT NULL REFERENCES dossiers (id),
  seq         INTEGER NOT NULL,
  at          TEXT NOT NULL,
  kind        TEXT NOT NULL,
  from_status TEXT NOT NULL DEFAULT '',
  to_status   TEXT NOT NULL DEFAULT '',
  detail      TEXT NOT NULL DEFAULT '',
  operator_id TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (dossier_id, seq)
) STRICT;

CREATE TRIGGER dossier_events_append_only_u BEFORE UPDATE ON dossier_events
BEGIN SELECT RAISE(ABORT, 'dossier_events is append-only'); END;
CREATE TRIGGER dossier_events_append_only_d BEFORE DELETE ON dossier_events
BEGIN SELECT RAISE(ABORT, 'dossier_events is append-only'); END;

CREATE TABLE documents (
  id           TEXT PRIMARY KEY,
  dossier_id   TEXT NOT NULL REFERENCES dossiers (id),
  component    TEXT NOT NULL,
  status       TEXT NOT NULL,
  reason       TEXT NOT NULL DEFAULT '',
  content_type TEXT NOT NULL,
  bytes        INTEGER NOT NULL,
  sha256       TEXT NOT NULL,
  pages        INTEGER NOT NULL DEFAULT 0,
  path         TEXT NOT NULL UNIQUE, -- relative to the data dir, kit-chosen name
  created_at   TEXT NOT NULL
) STRICT;

CREATE INDEX documents_dossier ON documents (dossier_id);

-- The outbox: one row per pending delivery, written in the same
-- transaction as the status change it announces. The syncer reads only this.
CREATE TABLE outbox (
  id           INTEGER PRIMARY KEY,
  dossier_id   TEXT NOT NULL REFERENCES dossiers (id),
  kind         TEXT NOT NULL, -- 'submit'
  created_at   TEXT NOT NULL,
  available_at TEXT NOT NULL,
  attempts     INTEGER NOT NULL DEFAULT 0,
  last_error   TEXT NOT NULL DEFAULT '',
  done_at      TEXT
) STRICT;

CREATE INDEX outbox_pending ON outbox (available_at, id) WHERE done_at IS NULL;
