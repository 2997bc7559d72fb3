-- Crash-loop guard: how many times the scanner pool has taken a document
-- up without settling it. A file that brings the kit down (a decoder's
-- abort, the OOM killer) leaves its document "processing"; without a
-- count, every start would take it up again and die again.

ALTER TABLE documents ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
