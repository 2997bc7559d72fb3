package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"fieldkit/agent/model"
)

// scopeCond is the SQL condition that keeps a read to v's dossiers, on
// col, a dossier's operator_id column. It is the only translation of
// model.Viewer into SQL: every read of dossiers, documents and applicants
// goes through it. A viewer with no operator sees nothing, not the
// dossiers that were made with no operator (imports, tools).
func scopeCond(v model.Viewer, col string) (string, []any) {
	switch {
	case v.All():
		return "1", nil
	case v.OperatorID() == "":
		return "0", nil
	}
	return col + " = ?", []any{v.OperatorID()}
}

// CheckDossierAccess returns nil when v may reach the dossier, and an
// error wrapping model.ErrNotFound when it does not exist or is someone
// else's: to an agent, another agent's dossier does not exist.
func (s *Store) CheckDossierAccess(ctx context.Context, v model.Viewer, id string) error {
	cond, args := scopeCond(v, "operator_id")
	var one int
	err := s.read.QueryRowContext(ctx, `SELECT 1 FROM dossiers WHERE id = ? AND `+cond, append([]any{id}, args...)...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("dossier %s: %w", id, model.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("dossier access: %w", err)
	}
	return nil
}
