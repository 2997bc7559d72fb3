-- Resumable uploads: the tus upload URL the portal gave for each document
-- being sent. Kept across restarts so that a delivery cut short resumes
-- from the portal's offset instead of starting the document again.
CREATE TABLE upload_sessions (
  document_id TEXT PRIMARY KEY, -- no foreign key: a draft's documents may be replaced
  dossier_id  TEXT NOT NULL REFERENCES dossiers (id),
  upload_url  TEXT NOT NULL,
  created_at  TEXT NOT NULL
) STRICT;

-- Status pull: what the portal last said about a submitted dossier.
ALTER TABLE dossiers ADD COLUMN portal_due_date TEXT NOT NULL DEFAULT ''; -- YYYY-MM-DD
ALTER TABLE dossiers ADD COLUMN portal_reason TEXT NOT NULL DEFAULT '';   -- supplement or rejection reason
ALTER TABLE dossiers ADD COLUMN portal_result_qr TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN status_checked_at TEXT;
