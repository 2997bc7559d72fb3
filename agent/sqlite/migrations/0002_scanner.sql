-- The capture pipeline: a document is one upload of one or more files,
-- normalised into one PDF. The originals are kept, as received, until the
-- portal has acknowledged the dossier.
ALTER TABLE documents ADD COLUMN text_mode INTEGER NOT NULL DEFAULT 0;
ALTER TABLE documents ADD COLUMN report TEXT NOT NULL DEFAULT '[]'; -- JSON: one PageReport per page

CREATE TABLE document_sources (
  document_id  TEXT NOT NULL REFERENCES documents (id),
  position     INTEGER NOT NULL,
  name         TEXT NOT NULL, -- the helper's file name, for display only
  content_type TEXT NOT NULL,
  bytes        INTEGER NOT NULL,
  sha256       TEXT NOT NULL,
  path         TEXT NOT NULL UNIQUE, -- relative to the data dir, kit-chosen name
  PRIMARY KEY (document_id, position)
) STRICT;

CREATE INDEX documents_processing ON documents (status) WHERE status = 'processing';
