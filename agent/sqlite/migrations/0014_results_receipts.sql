-- 0014: electronic results the portal offers, and the official receipt's
-- badge (issue 15).

-- A result is offered by a status pull (path NULL) and stored once
-- downloaded, encrypted like every document file. Its name (often the
-- resident's) is sealed.
CREATE TABLE portal_results (
  dossier_id   TEXT NOT NULL REFERENCES dossiers (id),
  result_id    TEXT NOT NULL,
  name         BLOB NOT NULL,
  sha256       TEXT NOT NULL,
  bytes        INTEGER NOT NULL,
  content_type TEXT NOT NULL DEFAULT '',
  offered_at   TEXT NOT NULL,
  path         TEXT,
  stored_at    TEXT,
  PRIMARY KEY (dossier_id, result_id)
) STRICT;

-- Once the portal's official code is known, the official receipt should
-- be printed again or handed over: until then the dossier wears a badge.
-- official_receipt_done is '' (pending), 'reprinted' or 'handed_over'.
ALTER TABLE dossiers ADD COLUMN official_receipt_done TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN official_receipt_done_at TEXT;
-- Dossiers that had their code before this version: their paper was
-- dealt with then, as far as the kit can know.
UPDATE dossiers SET official_receipt_done = 'before_0014' WHERE coalesce(portal_receipt, '') <> '';
