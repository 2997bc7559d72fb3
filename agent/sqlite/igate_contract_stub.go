package sqlite

// MERGE NOTE (h-igate): minimal stand-ins for the store methods h-life
// implements for real under CONTRACT-15.md, so that agent/ and the
// syncer's tests compile on the h-igate branch. Delete this whole file
// when joining the branches; h-life's implementations replace it.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"

	"fieldkit/agent/model"
)

// CompleteOutbox closes a non-submit delivery (stand-in: no history event).
func (s *Store) CompleteOutbox(ctx context.Context, it model.OutboxItem) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET done_at = ?, attempts = attempts + 1, last_error = '' WHERE id = ?`,
			ts(s.now()), it.ID)
		return err
	})
}

// SupplementRound is a stand-in: no round is stored on this branch.
func (s *Store) SupplementRound(context.Context, string) (int, error) {
	return 0, errors.New("supplement rounds: not on this branch (h-life)")
}

// UnsentPayments is a stand-in: no payment is stored on this branch.
func (s *Store) UnsentPayments(context.Context, string) ([]model.Payment, error) { return nil, nil }

// MissingResults is a stand-in: no result is stored on this branch.
func (s *Store) MissingResults(context.Context, int) ([]model.ResultToFetch, error) { return nil, nil }

// SaveResult is a stand-in that refuses.
func (s *Store) SaveResult(context.Context, string, model.ResultRef, io.Reader) error {
	return fmt.Errorf("save result: not on this branch (h-life)")
}
