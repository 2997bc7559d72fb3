-- The life after submission (issue 15) and the igate face. status keeps
-- its names (its CHECK cannot change without a table rebuild); status_code
-- is the portal's code 1–10 (DVCQG TrangThaiHoSo) when a back office set
-- one, and then rules: status holds the nearest old name.
ALTER TABLE dossiers ADD COLUMN status_code INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dossiers ADD COLUMN supplement TEXT NOT NULL DEFAULT ''; -- JSON, while one is asked
ALTER TABLE dossiers ADD COLUMN fee TEXT NOT NULL DEFAULT '';        -- JSON, while one is due
ALTER TABLE dossiers ADD COLUMN withdrawn_at TEXT;
ALTER TABLE dossiers ADD COLUMN withdraw_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN face TEXT NOT NULL DEFAULT 'reference'; -- which face created it

-- round is 0 for a document filed with the dossier, n for the n-th supplement.
ALTER TABLE documents ADD COLUMN round INTEGER NOT NULL DEFAULT 0;

-- One row per supplement round: declared (reference face), then received.
CREATE TABLE supplements (
  dossier_id  TEXT NOT NULL REFERENCES dossiers (id),
  round       INTEGER NOT NULL CHECK (round >= 1),
  declared_at TEXT NOT NULL,
  received_at TEXT,
  PRIMARY KEY (dossier_id, round)
) STRICT;

-- Progress events a back office reported.
CREATE TABLE events (
  dossier_id TEXT NOT NULL REFERENCES dossiers (id),
  seq        INTEGER NOT NULL,
  at         TEXT NOT NULL,
  department TEXT NOT NULL DEFAULT '',
  role       TEXT NOT NULL DEFAULT '',
  note       TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (dossier_id, seq)
) STRICT;

-- Electronic result documents on offer.
CREATE TABLE results (
  id           TEXT PRIMARY KEY,
  dossier_id   TEXT NOT NULL REFERENCES dossiers (id),
  name         TEXT NOT NULL,
  content_type TEXT NOT NULL,
  sha256       TEXT NOT NULL,
  bytes        INTEGER NOT NULL,
  path         TEXT NOT NULL,
  created_at   TEXT NOT NULL
) STRICT;

-- Fees paid at a kit's counter; the receipt number makes a repeat the same.
CREATE TABLE payments (
  dossier_id     TEXT NOT NULL REFERENCES dossiers (id),
  receipt_number TEXT NOT NULL,
  amount_vnd     INTEGER NOT NULL CHECK (amount_vnd > 0),
  paid_at        TEXT NOT NULL DEFAULT '',
  received_at    TEXT NOT NULL,
  requests       INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (dossier_id, receipt_number)
) STRICT;

-- igate face: official codes issued before create, and files taken whole.
CREATE TABLE igate_codes (
  code           TEXT PRIMARY KEY,
  procedure_code TEXT NOT NULL,
  issued_at      TEXT NOT NULL
) STRICT;

CREATE TABLE igate_files (
  id           TEXT PRIMARY KEY,
  sha256       TEXT NOT NULL,
  bytes        INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  path         TEXT NOT NULL,
  uploaded_at  TEXT NOT NULL
) STRICT;
CREATE INDEX igate_files_sha256 ON igate_files (sha256);
