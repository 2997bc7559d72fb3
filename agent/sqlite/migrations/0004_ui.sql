-- The order of a dossier's pages as the helper arranged them in the UI.
-- Documents without a row keep their upload order.
CREATE TABLE document_positions (
  document_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL
) STRICT;
