package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"fieldkit/agent/model"
)

// CreateDossier stores the applicant profile (reusing it when the ID
// number is known) and a new draft dossier, with its "created" event, in
// one transaction. The caller has validated nd and checked the procedure.
func (s *Store) CreateDossier(ctx context.Context, nd model.NewDossier, operatorID string) (model.Dossier, error) {
	var d model.Dossier
	err := s.inTx(ctx, func(tx *sql.Tx) (err error) {
		d, err = s.createDossierTx(ctx, tx, nd, operatorID)
		return err
	})
	if err != nil {
		return model.Dossier{}, fmt.Errorf("create dossier: %w", err)
	}
	return d, nil
}

// CreateDossiersBulk creates many dossiers in one transaction (seeding a
// kit for load tests and benchmarks, where one durable transaction per
// dossier would take minutes). Each dossier is made as CreateDossier does.
func (s *Store) CreateDossiersBulk(ctx context.Context, nds []model.NewDossier, operatorID string) ([]model.Dossier, error) {
	out := make([]model.Dossier, 0, len(nds))
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, nd := range nds {
			d, err := s.createDossierTx(ctx, tx, nd, operatorID)
			if err != nil {
				return err
			}
			out = append(out, d)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("create dossiers: %w", err)
	}
	return out, nil
}

func (s *Store) createDossierTx(ctx context.Context, tx *sql.Tx, nd model.NewDossier, operatorID string) (model.Dossier, error) {
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
	kit, err := kitIDTx(ctx, tx)
	if err != nil {
		return d, err
	}
	seq, err := nextDailySeq(ctx, tx, "tracking", now)
	if err != nil {
		return d, err
	}
	d.TrackingCode = fmt.Sprintf("%s-%s-%04d", kit, now.In(model.VietnamTime).Format("060102"), seq)
	d.ApplicantID, err = s.upsertApplicantTx(ctx, tx, nd.Applicant, operatorID)
	if err != nil {
		return d, err
	}
	form, err := s.seal(d.Form, "form:"+d.ID)
	if err != nil {
		return d, err
	}
	// The dossier keeps what it was filed with, whatever later dossiers
	// for the same ID number do to the shared profile.
	applicant := nd.Applicant
	applicant.ID = d.ApplicantID
	snapshot, err := s.sealSnapshot(applicant, d.ID)
	if err != nil {
		return d, err
	}
	d.Applicant = &applicant
	// Who files and receives: given by the caller (validated), or the
	// defaults and an older client's "_filed_by" note.
	if nd.Filing != nil {
		d.Filing = *nd.Filing
	} else {
		vals, _ := model.ParseFormValues(d.Form)
		d.Filing = model.LegacyFiling(d.Channel, vals)
	}
	filing, err := s.sealFiling(d.Filing, d.ID)
	if err != nil {
		return d, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO dossiers (id, tracking_code, procedure_code, channel, applicant_id, form,
		consent_given, consent_method, consent_purpose, consent_at, status, operator_id, created_at, updated_at, applicant_sealed,
		filed_by, receiver, delivery, filing_sealed)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.ID, d.TrackingCode, d.ProcedureCode, d.Channel, d.ApplicantID, form,
		d.Consent.Given, d.Consent.Method, d.Consent.Purpose, ts(d.Consent.At), d.Status, operatorID, ts(now), ts(now), snapshot,
		d.Filing.FiledBy, d.Filing.Receiver, d.Filing.Delivery.Method, filing)
	if err != nil {
		return d, fmt.Errorf("insert dossier: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO consents (applicant_id, dossier_id, purpose, method, given_at, operator_id)
		VALUES (?, ?, ?, ?, ?, ?)`, d.ApplicantID, d.ID, d.Consent.Purpose, d.Consent.Method, ts(d.Consent.At), operatorID); err != nil {
		return d, fmt.Errorf("record consent: %w", err)
	}
	return d, addEventTx(ctx, tx, d.ID, model.Event{At: now, Kind: "created", ToStatus: model.StatusDraft,
		Detail: "consent: " + d.Consent.Method, OperatorID: operatorID})
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
	key := "seq:" + name + ":" + now.In(model.VietnamTime).Format("2006-01-02")
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
	switch {
	case to == model.StatusSubmitted:
		q = `UPDATE dossiers SET status = ?, updated_at = ?, submitted_at = ?2 WHERE id = ?3 AND status = ?4`
	case from == model.StatusDraft:
		// Finalised at the counter: the receipt's time, kept once.
		q = `UPDATE dossiers SET status = ?, updated_at = ?, received_at = coalesce(received_at, ?2) WHERE id = ?3 AND status = ?4`
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
// nothing required is missing, moves it draft → ready and — unless a
// supervisor must approve first — on to queued with its outbox row, all in
// one transaction. Missing components come back as a *MissingError
// listing all of them.
func (s *Store) Submit(ctx context.Context, id string, proc *model.Procedure, operatorID string, needApproval bool) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var status model.Status
		var channel, filedBy, receiver, delivery string
		var sealedForm []byte
		err := tx.QueryRowContext(ctx, `SELECT status, channel, form, filed_by, receiver, delivery FROM dossiers WHERE id = ?`, id).
			Scan(&status, &channel, &sealedForm, &filedBy, &receiver, &delivery)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("dossier %s: %w", id, model.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if err := status.Transition(model.StatusReady); err != nil {
			return err
		}
		docs, err := s.documentsQ(ctx, tx, id)
		if err != nil {
			return err
		}
		if missing := model.MissingComponents(proc, channel, docs); len(missing) > 0 {
			return &model.MissingError{Components: missing}
		}
		// The rest of what blocks a submission (the domain's rule, the
		// same the review page and the API show), checked where it
		// cannot be skipped.
		var form json.RawMessage
		if err := s.unseal(sealedForm, "form:"+id, &form); err != nil {
			return err
		}
		vals, _ := model.ParseFormValues(form)
		d := model.Dossier{Channel: channel, Documents: docs,
			Filing: model.Filing{FiledBy: filedBy, Receiver: receiver, Delivery: model.Delivery{Method: delivery}}}
		if err := model.FilingGaps(d, proc, vals).Err(); err != nil {
			return err
		}
		detail := "checklist complete"
		if needApproval {
			detail += "; waiting for a supervisor's approval"
		}
		if _, err := s.transitionTx(ctx, tx, id, model.StatusReady, detail, operatorID); err != nil {
			return err
		}
		if needApproval {
			return nil
		}
		return s.queueTx(ctx, tx, id, operatorID)
	})
}

// Approve queues a ready dossier on a supervisor's word.
func (s *Store) Approve(ctx context.Context, id, supervisorID string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.queueTx(ctx, tx, id, supervisorID) })
}

// queueTx moves a ready dossier to queued and writes its outbox row.
func (s *Store) queueTx(ctx context.Context, tx *sql.Tx, id, operatorID string) error {
	if _, err := s.transitionTx(ctx, tx, id, model.StatusQueued, "", operatorID); err != nil {
		return err
	}
	now := ts(s.now())
	_, err := tx.ExecContext(ctx, `INSERT INTO outbox (dossier_id, kind, created_at, available_at) VALUES (?, 'submit', ?, ?)`,
		id, now, now)
	return err
}

const dossierCols = `d.id, d.tracking_code, d.procedure_code, coalesce(p.name, ''), d.channel, d.applicant_id, d.form,
	d.consent_given, d.consent_method, d.consent_purpose, d.consent_at, d.status, d.operator_id, d.created_at, d.updated_at,
	d.submitted_at, d.portal_id, d.portal_receipt, d.portal_status, d.applicant_sealed, d.received_at,
	d.filed_by, d.receiver, d.delivery, d.filing_sealed,
	d.portal_status_code, d.portal_due_date, d.portal_fee, d.official_receipt_done,
	coalesce((SELECT r.deadline FROM supplement_rounds r WHERE r.dossier_id = d.id ORDER BY r.round DESC LIMIT 1), ''),
	(SELECT count(*) FROM portal_results r WHERE r.dossier_id = d.id AND r.path IS NOT NULL)`

const dossierFrom = ` FROM dossiers d LEFT JOIN procedures p ON p.code = d.procedure_code `

// scanDossier reads dossierCols, then any extra columns into extra, and
// opens the sealed declaration and applicant (d.Applicant stays nil for
// a dossier from before snapshots).
func (s *Store) scanDossier(row interface{ Scan(...any) error }, extra ...any) (model.Dossier, error) {
	var d model.Dossier
	var form, snapshot, filing []byte
	var consentAt, created, updated, filedBy, receiver, delivery string
	var submitted, pid, receipt, pstatus, received sql.NullString
	var code, results int
	var due, fee, receiptDone, deadline string
	dest := append([]any{&d.ID, &d.TrackingCode, &d.ProcedureCode, &d.ProcedureName, &d.Channel, &d.ApplicantID, &form,
		&d.Consent.Given, &d.Consent.Method, &d.Consent.Purpose, &consentAt, &d.Status, &d.OperatorID, &created, &updated,
		&submitted, &pid, &receipt, &pstatus, &snapshot, &received, &filedBy, &receiver, &delivery, &filing,
		&code, &due, &fee, &receiptDone, &deadline, &results}, extra...)
	err := row.Scan(dest...)
	if err != nil {
		return d, err
	}
	if err := s.unseal(form, "form:"+d.ID, &d.Form); err != nil {
		return d, err
	}
	if snapshot != nil {
		if err := s.openSnapshot(snapshot, &d); err != nil {
			return d, err
		}
	}
	if err := s.openFiling(&d, filedBy, receiver, delivery, filing); err != nil {
		return d, err
	}
	d.Consent.At, d.CreatedAt, d.UpdatedAt = parseTS(consentAt), parseTS(created), parseTS(updated)
	if submitted.Valid {
		t := parseTS(submitted.String)
		d.SubmittedAt = &t
	}
	if received.Valid {
		t := parseTS(received.String)
		d.ReceivedAt = &t
	}
	if pid.Valid {
		d.Portal = &model.PortalRef{DossierID: pid.String, ReceiptCode: receipt.String, Status: pstatus.String,
			StatusCode: code, DueDate: due}
		// What the list needs of the life after submission; Dossier
		// reads the rest.
		if d.Status == model.StatusSupplementRequested {
			d.Portal.Supplement = &model.SupplementRequest{Deadline: deadline}
		}
		if d.Status == model.StatusFeeDue && fee != "" {
			var f model.FeeDue
			if json.Unmarshal([]byte(fee), &f) == nil {
				d.Portal.Fee = &f
			}
		}
		d.OfficialReceiptDue = receipt.String != "" && receiptDone == ""
		if results > 0 {
			// Stand-ins until the caller reads them (Dossier, ListDossiers).
			d.Portal.Results = make([]model.ResultRef, results)
		}
	}
	return d, nil
}

// Dossier returns a dossier with its applicant, documents and history,
// if v may see it; someone else's dossier is model.ErrNotFound.
func (s *Store) Dossier(ctx context.Context, v model.Viewer, id string) (model.Dossier, error) {
	cond, args := scopeCond(v, "d.operator_id")
	d, err := s.scanDossier(s.read.QueryRowContext(ctx, `SELECT `+dossierCols+dossierFrom+` WHERE d.id = ? AND `+cond,
		append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return d, fmt.Errorf("dossier %s: %w", id, model.ErrNotFound)
	}
	if err != nil {
		return d, fmt.Errorf("dossier: %w", err)
	}
	if d.Applicant == nil { // from before snapshots, until the next open with the key
		a, err := s.applicant(ctx, d.ApplicantID)
		if err != nil {
			return d, err
		}
		d.Applicant = &a
	}
	if d.Documents, err = s.documentsQ(ctx, s.read, id); err != nil {
		return d, err
	}
	if err := s.lifeAfterSubmission(ctx, &d); err != nil {
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

// ListDossiers pages through the dossiers v may see, newest first (ids
// are UUIDv7, so id order is creation order). The next cursor is "" on
// the last page.
func (s *Store) ListDossiers(ctx context.Context, v model.Viewer, f model.DossierFilter) ([]model.DossierListItem, string, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	scope, args := scopeCond(v, "d.operator_id")
	where := []string{scope}
	if f.Status != "" {
		where = append(where, "d.status = ?")
		args = append(args, f.Status)
	}
	if f.Cursor != "" {
		where = append(where, "d.id < ?")
		args = append(args, f.Cursor)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		if s.vault == nil {
			return nil, "", ErrLockedVault
		}
		cond, cargs, err := s.dossierSearch(ctx, v, q)
		if err != nil {
			return nil, "", err
		}
		where = append(where, cond)
		args = append(args, cargs...)
	}
	q := `SELECT ` + dossierCols + `, a.id, a.sealed` + dossierFrom + ` JOIN applicants a ON a.id = d.applicant_id` +
		" WHERE " + strings.Join(where, " AND ") + " ORDER BY d.id DESC LIMIT ?"
	args = append(args, f.Limit+1)
	rows, err := s.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, "", fmt.Errorf("list dossiers: %w", err)
	}
	defer rows.Close()
	var out []model.DossierListItem
	for rows.Next() {
		var it model.DossierListItem
		var applicantID string
		var sealed []byte
		d, err := s.scanDossier(rows, &applicantID, &sealed)
		if err != nil {
			return nil, "", fmt.Errorf("list dossiers: %w", err)
		}
		if d.Portal != nil && len(d.Portal.Results) > 0 {
			// The list says "result available: print it": the few
			// dossiers with results read theirs.
			if d.Portal.Results, err = s.storedResults(ctx, d.ID); err != nil {
				return nil, "", fmt.Errorf("list dossiers: %w", err)
			}
		}
		it.Dossier = d
		if d.Applicant != nil {
			it.ApplicantName = d.Applicant.FullName
		} else {
			var p sealedProfile
			if err := s.unseal(sealed, "applicant:"+applicantID, &p); err != nil {
				return nil, "", fmt.Errorf("list dossiers: %w", err)
			}
			it.ApplicantName = p.FullName
		}
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

// ReassignDossier gives a dossier to the operator named username,
// recording who did it in the history.
func (s *Store) ReassignDossier(ctx context.Context, id, username, by string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var to string
		err := tx.QueryRowContext(ctx, `SELECT id FROM operators WHERE username = ?`, username).Scan(&to)
		if errors.Is(err, sql.ErrNoRows) {
			return &model.ValidationError{Fields: map[string]string{"username": "no such operator"}}
		}
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE dossiers SET operator_id = ?, updated_at = ? WHERE id = ?`, to, ts(s.now()), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("dossier %s: %w", id, model.ErrNotFound)
		}
		return addEventTx(ctx, tx, id, model.Event{At: s.now(), Kind: "assigned", Detail: "to operator " + to, OperatorID: by})
	})
}

// commonNameApplicants is where a name search switches plan: a name
// shared by this many applicants is found fastest by walking dossiers
// newest first until a page is full; a rarer one (and a tracking code or
// an ID number, which match few) through its index ranges, since the walk
// would read every dossier before giving up (120 ms on 100,000).
const commonNameApplicants = 500

// dossierSearch is the list condition for a search by tracking-code
// prefix, exact ID number (keyed hash) or name (every typed word the start
// of a name word, through the blind index). The viewer's scope is repeated
// inside each index range, so that an agent's search reads their own
// dossiers only, not the whole kit's range (a prefix such as the kit's
// "FK" matches every tracking code).
func (s *Store) dossierSearch(ctx context.Context, v model.Viewer, q string) (string, []any, error) {
	code := strings.ToUpper(q)
	nameCond, nameArgs, hasName := s.nameMatch("applicant_id", q)
	common := false
	if hasName {
		var n int
		if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM applicant_name_keys WHERE key = ? LIMIT ?)`,
			nameArgs[0], commonNameApplicants).Scan(&n); err != nil {
			return "", nil, fmt.Errorf("list dossiers: %w", err)
		}
		common = n >= commonNameApplicants
	}
	if common {
		// Walking newest first, each dossier's applicant is checked by a
		// primary-key probe per word: building the whole set of a common
		// name's applicants first would cost more than the walk.
		var probes []string
		args := []any{likePrefix(code), s.idHash(q)}
		for _, k := range nameArgs {
			probes = append(probes, `EXISTS (SELECT 1 FROM applicant_name_keys k WHERE k.key = ? AND k.applicant_id = a.id)`)
			args = append(args, k)
		}
		args = append(args, "%"+likePrefix(code))
		return `(d.tracking_code LIKE ? ESCAPE '\' OR a.id_hash = ? OR (` + strings.Join(probes, " AND ") + `) OR d.portal_receipt LIKE ? ESCAPE '\')`, args, nil
	}
	scope, sargs := scopeCond(v, "operator_id")
	scope2, _ := scopeCond(v, "d2.operator_id")
	parts := []string{`SELECT id FROM dossiers WHERE tracking_code >= ? AND tracking_code < ? AND ` + scope,
		`SELECT d2.id FROM applicants a2 JOIN dossiers d2 ON d2.applicant_id = a2.id WHERE a2.id_hash = ? AND ` + scope2}
	args := append(append([]any{code, code + "\xff"}, sargs...), s.idHash(q))
	args = append(args, sargs...)
	if hasName {
		parts = append(parts, `SELECT id FROM dossiers WHERE `+nameCond+` AND `+scope)
		args = append(append(args, nameArgs...), sargs...)
	}
	// The portal's official code, whole or any part of it (a resident
	// reads out "…H17-261203-0099" or just "0099"): a scan of the codes,
	// only for a query that could be one.
	// The kit's tracking code the same way ("0042" of FK01-261203-0042).
	if portalCodeLike(code) {
		parts = append(parts, `SELECT id FROM dossiers WHERE (portal_receipt LIKE ? ESCAPE '\' OR tracking_code LIKE ? ESCAPE '\') AND `+scope)
		args = append(append(args, "%"+likePrefix(code), "%"+likePrefix(code)), sargs...)
	}
	return `d.id IN (` + strings.Join(parts, " UNION ALL ") + `)`, args, nil
}

// portalCodeLike reports whether a search could be (part of) a portal
// dossier code such as 000.00.18.H17-261203-0099: four characters or more,
// with a digit, and only what such codes are made of.
func portalCodeLike(q string) bool {
	if len(q) < 4 || !strings.ContainsAny(q, "0123456789") {
		return false
	}
	for _, r := range q {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r == '.' || r == '-') {
			return false
		}
	}
	return true
}
