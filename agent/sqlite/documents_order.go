package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"fieldkit/agent/model"
)

// DocumentPositions returns the helper's order of a dossier's documents:
// document id → position within its checklist item. Documents without a
// position keep their upload order.
func (s *Store) DocumentPositions(ctx context.Context, dossierID string) (map[string]int, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT p.document_id, p.position FROM document_positions p
		JOIN documents d ON d.id = p.document_id WHERE d.dossier_id = ?`, dossierID)
	if err != nil {
		return nil, fmt.Errorf("document positions: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var pos int
		if err := rows.Scan(&id, &pos); err != nil {
			return nil, fmt.Errorf("document positions: %w", err)
		}
		out[id] = pos
	}
	return out, rows.Err()
}

// MoveDocument moves a page one place earlier (delta -1) or later (+1)
// among the pages of its checklist item and round, in a dossier whose
// documents may still change (model.DocumentChangeable), with its
// history event, in one transaction.
func (s *Store) MoveDocument(ctx context.Context, dossierID, docID string, delta int, operatorID string) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		// Pages move among those of the same item and round: a supplement's
		// new pages never reorder what was filed before.
		component, round, err := changeableDocTx(ctx, tx, dossierID, docID, "reorder")
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT d.id FROM documents d LEFT JOIN document_positions p ON p.document_id = d.id
			WHERE d.dossier_id = ? AND d.component = ? AND d.round = ? ORDER BY coalesce(p.position, 1000000), d.created_at, d.id`, dossierID, component, round)
		if err != nil {
			return err
		}
		var ids []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		i := 0
		for i < len(ids) && ids[i] != docID {
			i++
		}
		j := i + delta
		if j < 0 || j >= len(ids) {
			return nil // already first or last: nothing to do
		}
		ids[i], ids[j] = ids[j], ids[i]
		for pos, id := range ids {
			if _, err := tx.ExecContext(ctx, `INSERT INTO document_positions (document_id, position) VALUES (?, ?)
				ON CONFLICT (document_id) DO UPDATE SET position = excluded.position`, id, pos); err != nil {
				return fmt.Errorf("set position: %w", err)
			}
		}
		return addEventTx(ctx, tx, dossierID, model.Event{At: s.now(), Kind: "document_moved", Detail: component, OperatorID: operatorID})
	})
	if err != nil {
		return fmt.Errorf("move document: %w", err)
	}
	return nil
}
