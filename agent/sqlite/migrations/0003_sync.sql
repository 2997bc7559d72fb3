-- Resumable uploads: the tus upload URL the portal gave for each document
-- being sent. Kept across restarts so that a delivery cut short resumes
-- from the portal's offset instead of starting the document again.
CREATE TABLE upload_sessions (
  document_id TEXT PRIMARY KEY, -- no foreign key: a draft's documents may be replaced
  dossier_id  TEXT NOT NULL REFERENCES dossiers (id),
  upload_url  TEXT NOT NULL,
  created_at  TEXT NOT NULL
) STRICT;
