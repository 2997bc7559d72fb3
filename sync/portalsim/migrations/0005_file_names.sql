-- Issue 15: an igate file keeps the name it was uploaded under (the kit's
-- document id), so that a look-up by hash finds only the file sent for
-- that document, never another dossier's file with the same bytes.
ALTER TABLE igate_files ADD COLUMN filename TEXT NOT NULL DEFAULT '';
CREATE INDEX igate_files_sha256_name ON igate_files (sha256, filename);
