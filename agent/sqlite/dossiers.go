package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"fieldkit/agent/model"
)

// ict is Vietnam's time zone (UTC+7, no DST); fixed so no tzdata is needed.
var ict = time.FixedZone("ICT", 7*3600)

// CreateDossier stores the applicant profile (reusing it when the ID
// number is known) and a new draft dossier, with its "created" event, in
// one transaction. The caller has validated nd and checked the procedure.
func (s *Store) CreateDossier(ctx context.Context, nd model.NewDossier, operatorID string) (model.Dossier, error) {
	now := s.now()
	d := model.Dossier{
		ID:            uuid.Must(uuid.NewV7()).String(),
		ProcedureCode: nd.ProcedureCode,
		Channel:       nd.Channel,
		Form:          nd.Form,
		Consent:       nd.Consent,
		Status:        model.StatusDraft,
		OperatorID:    operatorID,
		CreatedAt:     now,
		UpdatedAt:     now,
	}
	d.Consent.At = now
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		kit, err := kitIDTx(ctx, tx)
		if err != nil {
			return err
		}
		seq, err := nextDailySeq(ctx, tx, "tracking", now)
		if err != nil {
			return err
		}
		d.TrackingCode = fmt.Sprintf("%s-%s-%04d", kit, now.In(ict).Format("060102"), seq)
		d.ApplicantID, err = s.upsertApplicantTx(ctx, tx, nd.Applicant, operatorID)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO dossiers (id, tracking_code, procedure_code, channel, applicant_id, form,
			consent_given, consent_method, consent_purpose, consent_at, status, operator_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			d.ID, d.TrackingCode, d.ProcedureCode, d.Channel, d.ApplicantID, string(d.Form),
			d.Consent.Given, d.Consent.Method, d.Consent.Purpose, ts(d.Consent.At), d.Status, operatorID, ts(now), ts(now))
		if err != nil {
			return fmt.Errorf("insert dossier: %w", err)
		}
		return addEventTx(ctx, tx, d.ID, model.Event{At: now, Kind: "created", ToStatus: model.StatusDraft,
			Detail: "consent: " + d.Consent.Method, OperatorID: operatorID})
	})
	if err != nil {
		return model.Dossier{}, fmt.Errorf("create dossier: %w", err)
	}
	return d, nil
}

// kitIDTx returns this kit's short id (the tracking-code prefix), making
// one on first use.
func kitIDTx(ctx context.Context, tx *sql.Tx) (string, error) {
	var id string
	err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'kit_id'`).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("kit id: %w", err)
	}
	id = "FK" + strings.ToUpper(randomHex(2))
	_, err = tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('kit_id', ?)`, id)
	return id, err
}

// SetKitID fixes the tracking-code prefix (from config) before any
// dossier exists or to change it for later ones.
func (s *Store) SetKitID(ctx context.Context, id string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('kit_id', ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, id)
		return err
	})
}

// KitID returns the kit's id, creating it if needed.
func (s *Store) KitID(ctx context.Context) (string, error) {
	var id string
	err := s.inTx(ctx, func(tx *sql.Tx) (err error) {
		id, err = kitIDTx(ctx, tx)
		return err
	})
	return id, err
}

// nextDailySeq hands out 1, 2, 3… per local (ICT) day for a counter name.
func nextDailySeq(ctx context.Context, tx *sql.Tx, name string, now time.Time) (int, error) {
	key := "seq:" + name + ":" + now.In(ict).Format("2006-01-02")
	var n int
	err := tx.QueryRowContext(ctx, `INSERT INTO meta (key, value) VALUES (?, '1')
		ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1 RETURNING CAST(value AS INTEGER)`, key).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("daily sequence: %w", err)
	}
	return n, nil
}

func addEventTx(ctx context.Context, tx *sql.Tx, dossierID string, e model.Event) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO dossier_events (dossier_id, seq, at, kind, from_status, to_status, detail, operator_id)
		VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM dossier_events WHERE dossier_id = ?), ?, ?, ?, ?, ?, ?)`,
		dossierID, dossierID, ts(e.At), e.Kind, string(e.FromStatus), string(e.ToStatus), e.Detail, e.OperatorID)
	if err != nil {
		return fmt.Errorf("add event: %w", err)
	}
	return nil
}

// transitionTx moves a dossier to status to if the state machine allows
// it from its current status, recording the event. It returns the status
// it moved from.
func (s *Store) transitionTx(ctx context.Context, tx *sql.Tx, id string, to model.Status, detail, operatorID string) (model.Status, error) {
	var from model.Status
	err := tx.QueryRowContext(ctx, `SELECT status FROM dossiers WHERE id = ?`, id).Scan(&from)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("dossier %s: %w", id, model.ErrNotFound)
	}
	if err != nil {
		return "", err
	}
	if err := from.Transition(to); err != nil {
		return from, err
	}
	now := s.now()
	q := `UPDATE dossiers SET status = ?, updated_at = ? WHERE id = ? AND status = ?`
	if to == model.StatusSubmitted {
		q = `UPDATE dossiers SET status = ?, updated_at = ?, submitted_at = ?2 WHERE id = ?3 AND status = ?4`
	}
	if _, err := tx.ExecContext(ctx, q, to, ts(now), id, from); err != nil {
		return from, fmt.Errorf("update status: %w", err)
	}
	return from, addEventTx(ctx, tx, id, model.Event{At: now, Kind: "status", FromStatus: from, ToStatus: to,
		Detail: detail, OperatorID: operatorID})
}

// Transition moves a dossier along the state machine on its own (no
// outbox row); illegal moves return an error wrapping ErrInvalidTransition.
func (s *Store) Transition(ctx context.Context, id string, to model.Status, detail, operatorID string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := s.transitionTx(ctx, tx, id, to, detail, operatorID)
		return err
	})
}

// Submit checks a draft against its procedure's checklist and, when
// nothing required is missing, moves it draft → ready → queued and writes
// the outbox row, all in one transaction. Missing components come back as
// a *MissingError listing all of them.
func (s *Store) Submit(ctx context.Context, id string, proc *model.Procedure, operatorID string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var status model.Status
		var channel string
		err := tx.QueryRowContext(ctx, `SELECT status, channel FROM dossiers WHERE id = ?`, id).Scan(&status, &channel)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("dossier %s: %w", id, model.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if err := status.Transition(model.StatusReady); err != nil {
			return err
		}
		docs, err := documentsQ(ctx, tx, id)
		if err != nil {
			return err
		}
		if missing := model.MissingComponents(proc, channel, docs); len(missing) > 0 {
			return &model.MissingError{Components: missing}
		}
		if _, err := s.transitionTx(ctx, tx, id, model.StatusReady, "checklist complete", operatorID); err != nil {
			return err
		}
		if _, err := s.transitionTx(ctx, tx, id, model.StatusQueued, "", operatorID); err != nil {
			return err
		}
		now := ts(s.now())
		_, err = tx.ExecContext(ctx, `INSERT INTO outbox (dossier_id, kind, created_at, available_at) VALUES (?, 'submit', ?, ?)`,
			id, now, now)
		return err
	})
}

const dossierCols = `d.id, d.tracking_code, d.procedure_code, coalesce(p.name, ''), d.channel, d.applicant_id, d.form,
	d.consent_given, d.consent_method, d.consent_purpose, d.consent_at, d.status, d.operator_id, d.created_at, d.updated_at,
	d.submitted_at, d.portal_id, d.portal_receipt, d.portal_status`

const dossierFrom = ` FROM dossiers d LEFT JOIN procedures p ON p.code = d.procedure_code `

// scanDossier reads dossierCols, then any extra columns into extra.
func scanDossier(row interface{ Scan(...any) error }, extra ...any) (model.Dossier, error) {
	var d model.Dossier
	var form, consentAt, created, updated string
	var submitted, pid, receipt, pstatus sql.NullString
	dest := append([]any{&d.ID, &d.TrackingCode, &d.ProcedureCode, &d.ProcedureName, &d.Channel, &d.ApplicantID, &form,
		&d.Consent.Given, &d.Consent.Method, &d.Consent.Purpose, &consentAt, &d.Status, &d.OperatorID, &created, &updated,
		&submitted, &pid, &receipt, &pstatus}, extra...)
	err := row.Scan(dest...)
	if err != nil {
		return d, err
	}
	d.Form = []byte(form)
	d.Consent.At, d.CreatedAt, d.UpdatedAt = parseTS(consentAt), parseTS(created), parseTS(updated)
	if submitted.Valid {
		t := parseTS(submitted.String)
		d.SubmittedAt = &t
	}
	if pid.Valid {
		d.Portal = &model.PortalRef{DossierID: pid.String, ReceiptCode: receipt.String, Status: pstatus.String}
	}
	return d, nil
}

// Dossier returns a dossier with its applicant, documents and history.
func (s *Store) Dossier(ctx context.Context, id string) (model.Dossier, error) {
	d, err := scanDossier(s.read.QueryRowContext(ctx, `SELECT `+dossierCols+dossierFrom+` WHERE d.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return d, fmt.Errorf("dossier %s: %w", id, model.ErrNotFound)
	}
	if err != nil {
		return d, fmt.Errorf("dossier: %w", err)
	}
	a, err := s.Applicant(ctx, d.ApplicantID)
	if err != nil {
		return d, err
	}
	d.Applicant = &a
	if d.Documents, err = documentsQ(ctx, s.read, id); err != nil {
		return d, err
	}
	d.History, err = s.history(ctx, id)
	return d, err
}

func (s *Store) history(ctx context.Context, id string) ([]model.Event, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT seq, at, kind, from_status, to_status, detail, operator_id
		FROM dossier_events WHERE dossier_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	defer rows.Close()
	var out []model.Event
	for rows.Next() {
		var e model.Event
		var at string
		if err := rows.Scan(&e.Seq, &at, &e.Kind, &e.FromStatus, &e.ToStatus, &e.Detail, &e.OperatorID); err != nil {
			return nil, fmt.Errorf("history: %w", err)
		}
		e.At = parseTS(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// ListDossiers pages through dossiers, newest first (ids are UUIDv7, so id
// order is creation order). The next cursor is "" on the last page.
func (s *Store) ListDossiers(ctx context.Context, f model.DossierFilter) ([]model.DossierListItem, string, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	var where []string
	var args []any
	if f.Status != "" {
		where = append(where, "d.status = ?")
		args = append(args, f.Status)
	}
	if f.Cursor != "" {
		where = append(where, "d.id < ?")
		args = append(args, f.Cursor)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		cond, cargs, err := s.dossierSearch(ctx, q)
		if err != nil {
			return nil, "", err
		}
		where = append(where, cond)
		args = append(args, cargs...)
	}
	q := `SELECT ` + dossierCols + `, a.full_name` + dossierFrom + ` JOIN applicants a ON a.id = d.applicant_id`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY d.id DESC LIMIT ?"
	args = append(args, f.Limit+1)
	rows, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, "", fmt.Errorf("list dossiers: %w", err)
	}
	defer rows.Close()
	var out []model.DossierListItem
	for rows.Next() {
		var it model.DossierListItem
		d, err := scanDossier(rows, &it.ApplicantName)
		if err != nil {
			return nil, "", fmt.Errorf("list dossiers: %w", err)
		}
		it.Dossier = d
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	next := ""
	if len(out) > f.Limit {
		out = out[:f.Limit]
		next = out[len(out)-1].ID
	}
	return out, next, nil
}

// commonNameApplicants is where a name search switches strategy: a name
// shared by this many applicants is found fastest by walking dossiers
// newest first until a page is full; a rarer one by its index range.
const commonNameApplicants = 500

// dossierSearch builds the condition for a list search by tracking code
// prefix, exact ID number or name prefix. Tracking codes and ID numbers are
// index ranges with few matches. An OR of LIKEs over the join would walk
// every dossier when few match (105 ms on 100,000 dossiers; see
// ui/web BenchmarkDossierListPage), while gathering a common name's
// thousands of dossiers to sort them is slower than that walk, so the
// name's match count (capped, from its index) picks the plan.
func (s *Store) dossierSearch(ctx context.Context, q string) (string, []any, error) {
	code, name := strings.ToUpper(q), foldName(q)
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM applicants
		WHERE name_folded >= ? AND name_folded < ? LIMIT ?)`, name, name+"\xff", commonNameApplicants).Scan(&n); err != nil {
		return "", nil, fmt.Errorf("list dossiers: %w", err)
	}
	if n >= commonNameApplicants {
		return `(d.tracking_code LIKE ? ESCAPE '\' OR a.id_number = ? OR a.name_folded LIKE ? ESCAPE '\')`,
			[]any{likePrefix(code), q, likePrefix(name)}, nil
	}
	return `d.id IN (
		SELECT id FROM dossiers WHERE tracking_code >= ? AND tracking_code < ?
		UNION ALL SELECT d2.id FROM applicants a2 JOIN dossiers d2 ON d2.applicant_id = a2.id WHERE a2.id_number = ?
		UNION ALL SELECT d3.id FROM applicants a3 JOIN dossiers d3 ON d3.applicant_id = a3.id
			WHERE a3.name_folded >= ? AND a3.name_folded < ?)`,
		[]any{code, code + "\xff", q, name, name + "\xff"}, nil
}
