-- Consent records per dossier and applicant, and the deletion log that
-- retention and withdrawal leave behind (what, when, why — never whose).

CREATE TABLE consents (
  id           INTEGER PRIMARY KEY,
  applicant_id TEXT NOT NULL REFERENCES applicants (id),
  dossier_id   TEXT NOT NULL REFERENCES dossiers (id),
  purpose      TEXT NOT NULL,
  method       TEXT NOT NULL,
  given_at     TEXT NOT NULL,
  operator_id  TEXT NOT NULL DEFAULT '',
  withdrawn_at TEXT,
  withdrawn_by TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX consents_dossier ON consents (dossier_id);
CREATE INDEX consents_applicant ON consents (applicant_id);

CREATE TABLE deletions (
  id      INTEGER PRIMARY KEY,
  at      TEXT NOT NULL,
  kind    TEXT NOT NULL,    -- document_file, applicant_profile, declaration
  subject TEXT NOT NULL,    -- the row's id (no personal data)
  reason  TEXT NOT NULL     -- retention_after_receipt, unused_profile, consent_withdrawn
) STRICT;

CREATE UNIQUE INDEX deletions_once ON deletions (kind, subject);
