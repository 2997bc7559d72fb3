-- 0016: the resident's satisfaction rating, given on the helper's screen
-- after the receipt (issue 14). One per dossier; a second tap replaces
-- the first until it is sent. The comment is free text that may name
-- people: sealed. The outbox row that sends it to the portal (kind
-- 'rating') is written in the same transaction.
CREATE TABLE ratings (
  dossier_id     TEXT PRIMARY KEY REFERENCES dossiers (id),
  value          TEXT NOT NULL,  -- the scale's value, e.g. 'satisfied'
  label          TEXT NOT NULL,  -- the words the resident chose, as shown
  comment_sealed BLOB,           -- NULL: no comment, or purged
  operator_id    TEXT NOT NULL,
  rated_at       TEXT NOT NULL,
  sent_at        TEXT            -- when the portal acknowledged it
) STRICT;
