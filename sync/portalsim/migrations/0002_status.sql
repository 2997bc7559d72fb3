-- Status pull: what the back office decides after receipt. due_date is
-- the legal deadline (YYYY-MM-DD, Vietnam); reason explains a supplement
-- request or a rejection; result_qr is the QR content printed on the
-- result; delivered_at is when the result was handed over.
ALTER TABLE dossiers ADD COLUMN due_date TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN reason TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN result_qr TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN delivered_at TEXT;
ALTER TABLE dossiers ADD COLUMN updated_at TEXT;
