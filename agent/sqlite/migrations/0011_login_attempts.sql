-- Sign-in throttling by reservation. Each attempt takes a row for its
-- account and one for its address before its password is compared, in
-- one write transaction that first counts the rows of the last 15
-- minutes; so a burst of parallel sign-ins cannot all pass the check
-- before any failure is recorded (login_failures counted only failures,
-- after bcrypt, and per window that started afresh).
CREATE TABLE login_attempts (
  key_hash TEXT NOT NULL,              -- SHA-256 of 'user:NAME' or 'addr:IP': nothing typed is kept in clear
  attempt  TEXT NOT NULL,              -- one id for both rows of an attempt
  at       TEXT NOT NULL,
  failed   INTEGER NOT NULL DEFAULT 0, -- 0 while the password is being compared
  PRIMARY KEY (key_hash, attempt)
) STRICT;

CREATE INDEX login_attempts_at ON login_attempts (at);

DROP TABLE login_failures;
