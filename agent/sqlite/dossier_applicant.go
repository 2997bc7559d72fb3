package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"fieldkit/agent/model"
	"fieldkit/agent/vault"
)

// A dossier's applicant is a sealed snapshot of the profile it was filed
// with (dossiers.applicant_sealed): what its pages show and what the
// syncer sends. The shared profile (applicants) is what the next dossier
// for the same ID number starts from; a change to it reaches a dossier
// only when the dossier's owner applies it (ApplyProfile).

func snapshotContext(dossierID string) string { return "dossier-applicant:" + dossierID }

// sealSnapshot seals a as dossierID's applicant.
func (s *Store) sealSnapshot(a model.Applicant, dossierID string) ([]byte, error) {
	return s.seal(profileOf(a), snapshotContext(dossierID))
}

// openSnapshot opens a dossier's sealed applicant into d.Applicant
// (profile id and dates from the profile row are not part of it).
func (s *Store) openSnapshot(sealed []byte, d *model.Dossier) error {
	var p sealedProfile
	if err := s.unseal(sealed, snapshotContext(d.ID), &p); err != nil {
		return err
	}
	a := model.Applicant{ID: d.ApplicantID}
	p.into(&a)
	d.Applicant = &a
	return nil
}

// ApplyProfile takes the applicant's current profile into a dossier v
// may see, on its owner's word: the proposal the dossier page shows when
// someone changed the profile since. Only an editable dossier takes it;
// one already sent keeps what was sent.
func (s *Store) ApplyProfile(ctx context.Context, v model.Viewer, dossierID, operatorID string) error {
	if s.vault == nil {
		return ErrLockedVault
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		cond, args := scopeCond(v, "operator_id")
		var status model.Status
		var applicantID string
		err := tx.QueryRowContext(ctx, `SELECT status, applicant_id FROM dossiers WHERE id = ? AND `+cond,
			append([]any{dossierID}, args...)...).Scan(&status, &applicantID)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("dossier %s: %w", dossierID, model.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("apply profile: %w", err)
		}
		if !status.Editable() {
			return fmt.Errorf("apply profile to a %s dossier: %w", status, model.ErrConflict)
		}
		a, err := s.scanApplicant(tx.QueryRowContext(ctx, `SELECT `+applicantCols+` FROM applicants WHERE id = ?`, applicantID))
		if err != nil {
			return fmt.Errorf("apply profile: %w", err)
		}
		sealed, err := s.sealSnapshot(a, dossierID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE dossiers SET applicant_sealed = ?, updated_at = ? WHERE id = ?`,
			sealed, ts(s.now()), dossierID); err != nil {
			return fmt.Errorf("apply profile: %w", err)
		}
		return addEventTx(ctx, tx, dossierID, model.Event{At: s.now(), Kind: "applicant_updated",
			Detail: "the applicant's profile on file was applied", OperatorID: operatorID})
	})
}

// emptySnapshotsTx replaces the applicant snapshot of the given dossiers
// with an empty one (a purge): NULL would read as "from before
// snapshots" and be filled from the profile again.
func (s *Store) emptySnapshotsTx(ctx context.Context, tx *sql.Tx, where string, arg any) error {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM dossiers WHERE `+where, arg)
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
	for _, id := range ids {
		sealed, err := s.seal(sealedProfile{}, snapshotContext(id))
		if err != nil {
			return err
		}
		// The proxy's and receiver's identity and the delivery address go
		// with the applicant's data.
		if _, err := tx.ExecContext(ctx, `UPDATE dossiers SET applicant_sealed = ?, filing_sealed = NULL WHERE id = ?`, sealed, id); err != nil {
			return err
		}
		// So does a rating's comment (free text that may name people).
		if _, err := tx.ExecContext(ctx, `UPDATE ratings SET comment_sealed = NULL WHERE dossier_id = ?`, id); err != nil {
			return err
		}
	}
	return nil
}

// snapshotLegacyDossiers gives each dossier from before snapshots
// (applicant_sealed NULL) its applicant as the profile holds it now, so
// that from this version on no later dossier rewrites it. It runs at each
// open with the key, and finds nothing to do after the first.
func (s *Store) snapshotLegacyDossiers(ctx context.Context) error {
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM dossiers WHERE applicant_sealed IS NULL`).Scan(&n); err != nil || n == 0 {
		return err
	}
	// Only with this data's own key: sealed under a wrong one, the
	// snapshots could never be read.
	if err := s.CheckKey(ctx); errors.Is(err, vault.ErrWrongKey) {
		s.log.Warn("not snapshotting dossiers' applicants: the key does not open this data")
		return nil
	} else if err != nil {
		return err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT d.id, a.id, a.sealed FROM dossiers d JOIN applicants a ON a.id = d.applicant_id
			WHERE d.applicant_sealed IS NULL`)
		if err != nil {
			return err
		}
		type legacy struct {
			id    string
			model model.Applicant
		}
		var todo []legacy
		for rows.Next() {
			var id, aid string
			var sealed []byte
			if err := rows.Scan(&id, &aid, &sealed); err != nil {
				rows.Close()
				return err
			}
			var p sealedProfile
			if err := s.unseal(sealed, "applicant:"+aid, &p); err != nil {
				rows.Close()
				return err
			}
			var a model.Applicant
			p.into(&a)
			todo = append(todo, legacy{id, a})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, l := range todo {
			sealed, err := s.sealSnapshot(l.model, l.id)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE dossiers SET applicant_sealed = ? WHERE id = ?`, sealed, l.id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("snapshot dossiers' applicants: %w", err)
	}
	s.log.Info("dossiers' applicants snapshotted", "dossiers", n)
	return nil
}
