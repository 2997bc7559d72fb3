-- 0010: reads scoped to the operator, and personal data that was kept in clear.

-- An agent's list walks their own dossiers newest first.
CREATE INDEX dossiers_operator ON dossiers (operator_id, id);

-- A dossier keeps the applicant data it was filed with, sealed like the
-- profile: a later dossier for the same ID number (another agent's, with
-- other values) updates the shared profile, never this dossier. NULL only
-- on dossiers from before 0010, until the first open with the key fills
-- it from the profile.
ALTER TABLE dossiers ADD COLUMN applicant_sealed BLOB;

-- The capture report kept in clear the text of every QR code on a page
-- (an ID card's back holds the card's number, name, birth date, address)
-- and each page's file name; an original kept its file name, often the
-- ID number ("CCCD_0480….jpg"). Both are sealed from now on; the clear
-- columns stay for the rows below and hold nothing personal.
ALTER TABLE documents ADD COLUMN report_sealed BLOB;      -- sealed JSON PageReports; NULL: from before 0010
ALTER TABLE document_sources ADD COLUMN name_sealed BLOB; -- sealed file name; NULL: from before 0010
-- Why a document failed names the file ("CCCD_0480….jpg: damaged").
ALTER TABLE documents ADD COLUMN reason_sealed BLOB;      -- sealed reason; NULL: none, or from before 0010

-- Rows from before cannot be sealed in SQL: what was personal in them is
-- dropped (QR texts, file names); sizes and quality warnings stay.
UPDATE documents SET report = '[]' WHERE NOT json_valid(report) OR json_type(report) != 'array';
UPDATE documents SET report = (SELECT json_group_array(json_remove(j.value, '$.qr', '$.source') ORDER BY j.key)
  FROM json_each(documents.report) AS j) WHERE report != '[]';
UPDATE document_sources SET name = 'file ' || (position + 1);
UPDATE documents SET reason = 'this file could not be used' WHERE reason != '';
