-- Issue 14: where the result goes (the create body's filing.delivery
-- method, kept in a column for the back office), and the resident's
-- satisfaction rating sent by the kit after the receipt (one per dossier,
-- a repeat replaces it).
ALTER TABLE dossiers ADD COLUMN delivery TEXT NOT NULL DEFAULT 'pickup';

CREATE TABLE ratings (
  dossier_id  TEXT PRIMARY KEY REFERENCES dossiers (id),
  value       TEXT NOT NULL,
  label       TEXT NOT NULL,
  comment     TEXT NOT NULL DEFAULT '',
  rated_at    TEXT NOT NULL,
  received_at TEXT NOT NULL
) STRICT;
