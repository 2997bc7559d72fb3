-- 0010: reads scoped to the operator, and personal data that was kept in clear.

-- An agent's list walks their own dossiers newest first.
CREATE INDEX dossiers_operator ON dossiers (operator_id, id);

-- A dossier keeps the applicant data it was filed with, sealed like the
-- profile: a later dossier for the same ID number (another agent's, with
-- other values) updates the shared profile, never this dossier. NULL only
-- on dossiers from before 0010, until the first open with the key fills
-- it from the profile.
ALTER TABLE dossiers ADD COLUMN applicant_sealed BLOB;
