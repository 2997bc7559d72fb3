-- Whole-file portals (the igate adapter, issue 15): a document whose
-- upload was sent and never answered. The portal may still be taking it
-- (its buffers, a proxy that buffers the body, its own commit), so the
-- kit waits for that to settle before it asks by hash and decides to send
-- again. since is the last moment the kit knows it was sending. Cleared
-- when the portal's file is recorded (portal_files).
CREATE TABLE upload_doubts (
  document_id TEXT PRIMARY KEY,
  since       TEXT NOT NULL
) STRICT;
