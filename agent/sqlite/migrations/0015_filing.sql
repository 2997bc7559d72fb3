-- 0015: who files a dossier and who receives its result are typed parts of
-- the dossier (issue 14), not the kit's "_filed_by" note inside the sealed
-- declaration. The choices are in clear (they hold nothing personal); the
-- proxy's and the other receiver's identity and a delivery address are
-- personal and sealed (model.Filing as JSON, like the applicant snapshot).
-- '' on rows from before: the store reads them as the declaration's note
-- and the channel said (model.LegacyFiling), since SQL cannot open the
-- sealed form.
ALTER TABLE dossiers ADD COLUMN filed_by TEXT NOT NULL DEFAULT ''
  CHECK (filed_by IN ('', 'self', 'proxy', 'post'));
ALTER TABLE dossiers ADD COLUMN receiver TEXT NOT NULL DEFAULT ''
  CHECK (receiver IN ('', 'applicant', 'other'));
ALTER TABLE dossiers ADD COLUMN delivery TEXT NOT NULL DEFAULT ''
  CHECK (delivery IN ('', 'pickup', 'post'));
ALTER TABLE dossiers ADD COLUMN filing_sealed BLOB; -- sealed people and address; NULL: none, or from before 0015
