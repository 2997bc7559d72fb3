-- Page modes (issue 17): how the pages of a document's PDF are kept
-- (colour, gray or bilevel; the richest of its pages), and the helper's
-- choice, empty when the kit chooses from each page. Re-rendering in
-- another mode runs from the originals kept in document_sources.
ALTER TABLE documents ADD COLUMN mode TEXT NOT NULL DEFAULT '' CHECK (mode IN ('', 'color', 'gray', 'bilevel'));
ALTER TABLE documents ADD COLUMN mode_set TEXT NOT NULL DEFAULT '' CHECK (mode_set IN ('', 'color', 'gray', 'bilevel'));
