-- Whole-file portals (the igate adapter, issue 15): the file id and hash
-- the portal answered for each document it took, committed before the
-- next document goes, so that a crash never sends a file twice. No
-- foreign key, as for upload_sessions: a draft's documents may be replaced.
CREATE TABLE portal_files (
  document_id TEXT PRIMARY KEY,
  file_id     TEXT NOT NULL,
  sha256      TEXT NOT NULL, -- the portal's hash, lowercase hex
  saved_at    TEXT NOT NULL
) STRICT;
