-- LAN pairing: a supervisor shows a one-time token as a QR code; a phone
-- that opens it becomes a paired device and may then sign in.

CREATE TABLE pairing_tokens (
  token_hash TEXT PRIMARY KEY,
  created_by TEXT NOT NULL REFERENCES operators (id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at    TEXT
) STRICT;

CREATE TABLE devices (
  token_hash TEXT PRIMARY KEY,
  paired_at  TEXT NOT NULL,
  paired_by  TEXT NOT NULL, -- the supervisor whose pairing token it used
  last_seen  TEXT NOT NULL,
  revoked_at TEXT
) STRICT;
