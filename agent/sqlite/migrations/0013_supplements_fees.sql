-- 0013: the life of a dossier after submission (issue 15) — supplement
-- rounds, fees, payments taken at the counter, the resident's withdrawal,
-- and what the portal last said beyond its status.

-- 0 for a document filed with the dossier, n for one answering the n-th
-- supplement request.
ALTER TABLE documents ADD COLUMN round INTEGER NOT NULL DEFAULT 0;

-- What kind of delivery an outbox row is already exists (kind); the
-- portal's status code (1–10, 0 unknown) and the fee it asks for now.
ALTER TABLE dossiers ADD COLUMN portal_status_code INTEGER NOT NULL DEFAULT 0;
-- JSON model.FeeDue while a fee is due, '' otherwise: an amount, what it
-- is for and the portal's payment reference, nothing personal.
ALTER TABLE dossiers ADD COLUMN portal_fee TEXT NOT NULL DEFAULT '';

-- One row per supplement request. The request (its reason can name the
-- resident) is sealed; its deadline stays clear for the dashboard's order.
-- submitted_at: the helper sent it (outbox row written); sent_at: the
-- portal took it.
CREATE TABLE supplement_rounds (
  dossier_id   TEXT NOT NULL REFERENCES dossiers (id),
  round        INTEGER NOT NULL CHECK (round > 0),
  request      BLOB NOT NULL,
  deadline     TEXT NOT NULL DEFAULT '', -- YYYY-MM-DD
  requested_at TEXT NOT NULL,
  submitted_at TEXT,
  sent_at      TEXT,
  PRIMARY KEY (dossier_id, round)
) STRICT;

-- Fees paid at the counter. The receipt number is the counter's own
-- (not personal) and unique per dossier, so the portal can take a payment
-- sent twice as one. outbox_id is the delivery that announced it.
CREATE TABLE payments (
  id             INTEGER PRIMARY KEY,
  dossier_id     TEXT NOT NULL REFERENCES dossiers (id),
  amount_vnd     INTEGER NOT NULL CHECK (amount_vnd > 0),
  receipt_number TEXT NOT NULL,
  at             TEXT NOT NULL,
  operator_id    TEXT NOT NULL DEFAULT '',
  outbox_id      INTEGER NOT NULL,
  sent_at        TEXT,
  UNIQUE (dossier_id, receipt_number)
) STRICT;

-- The resident's request to withdraw (not the consent withdrawal): the
-- reason in their words, sealed.
CREATE TABLE withdrawals (
  dossier_id   TEXT PRIMARY KEY REFERENCES dossiers (id),
  reason       BLOB NOT NULL,
  requested_at TEXT NOT NULL,
  operator_id  TEXT NOT NULL DEFAULT '',
  sent_at      TEXT
) STRICT;

-- Progress events, each kept once (key: the portal's id, or a hash of its
-- fields). Department and role are the history's detail; the note, which
-- may name someone, is sealed here.
CREATE TABLE portal_events (
  dossier_id TEXT NOT NULL REFERENCES dossiers (id),
  key        TEXT NOT NULL,
  at         TEXT NOT NULL,
  sealed     BLOB NOT NULL, -- JSON model.PortalEvent
  PRIMARY KEY (dossier_id, key)
) STRICT;
