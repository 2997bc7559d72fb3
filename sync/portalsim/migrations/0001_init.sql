-- Reference portal, version 1. STRICT tables; timestamps are ISO-8601 UTC
-- text of fixed width, so text order is time order.

-- A dossier as the portal holds it. receipt_code and received_at stay
-- NULL until finalize; UNIQUE on the receipt makes a second receipt for
-- the same code impossible even if the code path had a bug.
CREATE TABLE dossiers (
  id             TEXT PRIMARY KEY, -- the portal's ID (UUIDv7)
  kit_id         TEXT NOT NULL,
  tracking_code  TEXT NOT NULL,
  procedure_code TEXT NOT NULL,
  channel        TEXT NOT NULL,
  request        TEXT NOT NULL, -- the create body as it arrived
  status         TEXT NOT NULL CHECK (status IN ('receiving', 'received', 'processing',
                   'supplement_requested', 'rejected', 'result_ready')),
  receipt_code   TEXT UNIQUE,
  received_at    TEXT,
  created_at     TEXT NOT NULL
) STRICT;

-- The documents each create declared. received_bytes counts every body
-- byte that arrived for the document over all PUTs, refused ones too:
-- tests use it to prove an upload was not restarted from zero.
CREATE TABLE documents (
  dossier_id     TEXT NOT NULL REFERENCES dossiers (id),
  id             TEXT NOT NULL, -- the kit's document ID
  position       INTEGER NOT NULL,
  component      TEXT NOT NULL,
  content_type   TEXT NOT NULL,
  bytes          INTEGER NOT NULL CHECK (bytes >= 0),
  sha256         TEXT NOT NULL, -- lowercase hex
  received       INTEGER NOT NULL DEFAULT 0 CHECK (received IN (0, 1)),
  received_bytes INTEGER NOT NULL DEFAULT 0,
  path           TEXT NOT NULL DEFAULT '', -- server-chosen, relative to the data dir
  received_at    TEXT,
  PRIMARY KEY (dossier_id, id)
) STRICT;

-- Idempotency records (IETF httpapi idempotency-key draft): the first
-- answer to a key, replayed to every repeat with the same fingerprint.
-- Kept at least 90 days; nothing expires them yet. requests counts every
-- create that arrived with the key, replays and refusals included.
CREATE TABLE idempotency_keys (
  key             TEXT PRIMARY KEY,
  fingerprint     TEXT NOT NULL, -- SHA-256 of the canonicalised body
  dossier_id      TEXT NOT NULL UNIQUE REFERENCES dossiers (id),
  response_status INTEGER NOT NULL,
  response_body   BLOB NOT NULL,
  requests        INTEGER NOT NULL DEFAULT 1,
  created_at      TEXT NOT NULL
) STRICT;

-- The daily sequence of receipt codes per receiving agency; day is the
-- date of receipt in Vietnam (UTC+7), YYYY-MM-DD.
CREATE TABLE receipt_sequences (
  agency TEXT NOT NULL,
  day    TEXT NOT NULL,
  last   INTEGER NOT NULL,
  PRIMARY KEY (agency, day)
) STRICT;
