-- The moment the helper finalised the dossier at the counter (issue 14):
-- the receipt's "thời gian nhận hồ sơ" and the base of its appointment, so
-- that every reprint shows the same values. Dossiers already past draft
-- take their creation time, the best the kit knew.
ALTER TABLE dossiers ADD COLUMN received_at TEXT;
UPDATE dossiers SET received_at = created_at WHERE status NOT IN ('draft');
