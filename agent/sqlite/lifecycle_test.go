package sqlite

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"fieldkit/agent/model"
)

// submittedDossier files a dossier and has the portal take it, with an
// official code.
func submittedDossier(t *testing.T, s *Store, proc *model.Procedure, name string) model.Dossier {
	t.Helper()
	ctx := context.Background()
	d, err := s.CreateDossier(ctx, newDossier(name), "agent-a")
	if err != nil {
		t.Fatal(err)
	}
	addDoc(t, s, d.ID, "to-khai-khai-sinh")
	addDoc(t, s, d.ID, "giay-chung-sinh")
	if err := s.Submit(ctx, d.ID, proc, "agent-a", false); err != nil {
		t.Fatal(err)
	}
	due, err := s.DueOutbox(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range due {
		if it.DossierID != d.ID {
			continue
		}
		if err := s.StartSending(ctx, it); err != nil {
			t.Fatal(err)
		}
		if err := s.CompleteSubmit(ctx, it, model.PortalRef{DossierID: "p-" + d.ID, ReceiptCode: "000.00.18.H17-261203-0" + d.ID[len(d.ID)-3:],
			Status: "received"}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Dossier(ctx, model.KitViewer(), d.ID)
	if err != nil || got.Status != model.StatusSubmitted {
		t.Fatalf("dossier %s %v, want submitted", got.Status, err)
	}
	return got
}

func load(t *testing.T, s *Store, id string) model.Dossier {
	t.Helper()
	d, err := s.Dossier(context.Background(), model.KitViewer(), id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func pendingKinds(t *testing.T, s *Store, id string) []string {
	t.Helper()
	rows, err := s.read.Query(`SELECT kind FROM outbox WHERE dossier_id = ? AND done_at IS NULL ORDER BY id`, id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		rows.Scan(&k)
		out = append(out, k)
	}
	return out
}

// Every one of the portal's ten codes lands on the kit status it maps to,
// with the code kept.
func TestApplyPortalStatus_MapsEveryStatusCode(t *testing.T) {
	s, proc := seeded(t)
	ctx := context.Background()
	want := map[int]model.Status{1: model.StatusSubmitted, 2: model.StatusSubmitted, 3: model.StatusNotAccepted,
		4: model.StatusProcessing, 5: model.StatusSupplementRequested, 6: model.StatusFeeDue, 7: model.StatusWithdrawn,
		8: model.StatusStopped, 9: model.StatusDone, 10: model.StatusReturned}
	for code := 1; code <= 10; code++ {
		d := submittedDossier(t, s, proc, "Trần Thị Bình")
		st, ok := model.FromStatusCode(code)
		if !ok || st != want[code] {
			t.Fatalf("code %d maps to %q %v, want %s", code, st, ok, want[code])
		}
		if _, err := s.ApplyPortalStatus(ctx, d.ID, model.PortalUpdate{Status: st, StatusCode: code, DueDate: "2026-12-20"}); err != nil {
			t.Fatalf("code %d: %v", code, err)
		}
		got := load(t, s, d.ID)
		if got.Status != want[code] || got.Portal.StatusCode != code || got.Portal.DueDate != "2026-12-20" {
			t.Errorf("code %d: status %s code %d due %q, want %s", code, got.Status, got.Portal.StatusCode, got.Portal.DueDate, want[code])
		}
	}
}

// The portal's own status word, which the dossier page shows beside the
// kit's, follows every pull: it was left at the one delivery recorded.
func TestApplyPortalStatus_KeepsThePortalsWordCurrent(t *testing.T) {
	s, proc := seeded(t)
	ctx := context.Background()
	d := submittedDossier(t, s, proc, "Trần Thị Bình")
	for _, step := range []struct {
		u    model.PortalUpdate
		want string
	}{
		{model.PortalUpdate{Status: model.StatusProcessing, PortalStatus: "processing"}, "processing"},
		{model.PortalUpdate{Status: model.StatusProcessing}, "processing"}, // a pull without the word keeps it
		{model.PortalUpdate{Status: model.StatusFeeDue, StatusCode: model.CodeFeeDue, PortalStatus: "fee_due"}, "fee_due"},
	} {
		if _, err := s.ApplyPortalStatus(ctx, d.ID, step.u); err != nil {
			t.Fatal(err)
		}
		if got := load(t, s, d.ID).Portal.Status; got != step.want {
			t.Fatalf("after %+v the portal status reads %q, want %q", step.u, got, step.want)
		}
	}
	// A refused move records nothing of the update, the word included.
	if _, err := s.ApplyPortalStatus(ctx, d.ID, model.PortalUpdate{Status: model.StatusDraft, PortalStatus: "receiving"}); !errors.Is(err, model.ErrInvalidTransition) {
		t.Fatalf("back to draft: %v, want a refused move", err)
	}
	if got := load(t, s, d.ID).Portal.Status; got != "fee_due" {
		t.Fatalf("after a refused move the portal status reads %q", got)
	}
}

// A move the state machine does not allow is refused whole: the status,
// the code, the events and results of that pull stay unrecorded.
func TestApplyPortalStatus_RefusesIllegalMoves(t *testing.T) {
	s, proc := seeded(t)
	ctx := context.Background()
	cases := []struct {
		name     string
		from     []model.PortalUpdate
		to       model.PortalUpdate
		wantStay model.Status
	}{
		{"back from processing to received", []model.PortalUpdate{{Status: model.StatusProcessing, StatusCode: 4}},
			model.PortalUpdate{Status: model.StatusSubmitted, StatusCode: 2}, model.StatusProcessing},
		{"out of withdrawn", []model.PortalUpdate{{Status: model.StatusWithdrawn, StatusCode: 7}},
			model.PortalUpdate{Status: model.StatusProcessing, StatusCode: 4}, model.StatusWithdrawn},
		{"out of returned", []model.PortalUpdate{{Status: model.StatusReturned, StatusCode: 10}},
			model.PortalUpdate{Status: model.StatusSupplementRequested, StatusCode: 5}, model.StatusReturned},
		{"not accepted after processing", []model.PortalUpdate{{Status: model.StatusProcessing, StatusCode: 4}},
			model.PortalUpdate{Status: model.StatusNotAccepted, StatusCode: 3}, model.StatusProcessing},
		{"stopped, then done", []model.PortalUpdate{{Status: model.StatusStopped, StatusCode: 8}},
			model.PortalUpdate{Status: model.StatusDone, StatusCode: 9}, model.StatusStopped},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := submittedDossier(t, s, proc, "Lê Văn Cường")
			for _, u := range c.from {
				if _, err := s.ApplyPortalStatus(ctx, d.ID, u); err != nil {
					t.Fatal(err)
				}
			}
			before := load(t, s, d.ID)
			u := c.to
			u.Events = []model.PortalEvent{{ID: "e1", At: time.Now(), Department: "Phòng Tư pháp", Note: "x"}}
			changed, err := s.ApplyPortalStatus(ctx, d.ID, u)
			if !errors.Is(err, model.ErrInvalidTransition) || changed {
				t.Fatalf("illegal move: changed %v, err %v; want refused", changed, err)
			}
			after := load(t, s, d.ID)
			if after.Status != c.wantStay || after.Portal.StatusCode != before.Portal.StatusCode ||
				len(after.History) != len(before.History) || len(after.Portal.Events) != 0 {
				t.Fatalf("after refusal: status %s code %d, %d→%d history entries, %d events", after.Status,
					after.Portal.StatusCode, len(before.History), len(after.History), len(after.Portal.Events))
			}
		})
	}
}

// Supplement: asked with components and a deadline, answered with a
// document of the same capture path (round 1), queued with its outbox row,
// delivered, and a later request opens round 2.
func TestSupplement_AskedAnsweredDeliveredAndAskedAgain(t *testing.T) {
	s, proc := seeded(t)
	ctx := context.Background()
	d := submittedDossier(t, s, proc, "Phạm Thị Dung")
	req := &model.SupplementRequest{Reason: "ảnh giấy chứng sinh bị mờ", Components: []string{"giay-chung-sinh"}, Deadline: "2026-12-10"}
	if err := s.QueueSupplement(ctx, d.ID, "agent-a"); !errors.Is(err, model.ErrConflict) {
		t.Fatalf("supplement before any request: %v, want a conflict", err)
	}
	if _, err := s.ApplyPortalStatus(ctx, d.ID, model.PortalUpdate{Status: model.StatusSupplementRequested, StatusCode: 5,
		Reason: req.Reason, Supplement: req}); err != nil {
		t.Fatal(err)
	}
	got := load(t, s, d.ID)
	if got.Portal.Supplement == nil || got.Portal.Supplement.Reason != req.Reason || got.Portal.Supplement.Deadline != "2026-12-10" ||
		len(got.Portal.Supplement.Components) != 1 {
		t.Fatalf("supplement shown %+v, want %+v", got.Portal.Supplement, req)
	}
	var v *model.ValidationError
	if err := s.QueueSupplement(ctx, d.ID, "agent-a"); !errors.As(err, &v) {
		t.Fatalf("supplement with nothing attached: %v, want a validation error", err)
	}
	// The same request pulled again opens no second round.
	if _, err := s.ApplyPortalStatus(ctx, d.ID, model.PortalUpdate{Status: model.StatusSupplementRequested, StatusCode: 5,
		Reason: req.Reason, Supplement: req}); err != nil {
		t.Fatal(err)
	}
	doc := addDoc(t, s, d.ID, "giay-chung-sinh")
	if doc.Round != 1 {
		t.Fatalf("supplementary document has round %d, want 1", doc.Round)
	}
	if n, err := s.SupplementRound(ctx, d.ID); err != nil || n != 1 {
		t.Fatalf("supplement round %d %v, want 1", n, err)
	}
	if err := s.QueueSupplement(ctx, d.ID, "agent-a"); err != nil {
		t.Fatal(err)
	}
	if k := pendingKinds(t, s, d.ID); len(k) != 1 || k[0] != model.OutboxSupplement {
		t.Fatalf("outbox %v, want one supplement row", k)
	}
	// Once queued, the round takes no more documents.
	if _, err := s.AddDocument(ctx, model.Document{DossierID: d.ID, Component: "giay-chung-sinh", Status: model.DocReady,
		Path: doc.Path}, ""); !errors.Is(err, model.ErrConflict) {
		t.Fatalf("document after the supplement was queued: %v, want a conflict", err)
	}
	due, _ := s.DueOutbox(ctx, 10)
	if len(due) != 1 || due[0].Kind != model.OutboxSupplement {
		t.Fatalf("due %+v", due)
	}
	it := due[0]
	// The supplement's delivery leaves the dossier's status to the portal.
	if err := s.StartSending(ctx, it); err != nil {
		t.Fatal(err)
	}
	if err := s.RetryLater(ctx, it, "no link", time.Now().Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if st := load(t, s, d.ID).Status; st != model.StatusSupplementRequested {
		t.Fatalf("status %s during the supplement's delivery", st)
	}
	// A supplement the portal refuses for good reopens its round, for the
	// helper to answer again; the dossier's status stays the portal's.
	if err := s.NeedsAttention(ctx, it, "portal refused: bad file"); err != nil {
		t.Fatal(err)
	}
	if round, submitted, _, _ := s.SupplementState(ctx, d.ID); round != 1 || submitted {
		t.Fatalf("after a refusal: round %d submitted %v, want round 1 open again", round, submitted)
	}
	if st := load(t, s, d.ID).Status; st != model.StatusSupplementRequested {
		t.Fatalf("status %s after a refused supplement", st)
	}
	if err := s.QueueSupplement(ctx, d.ID, "agent-a"); err != nil {
		t.Fatal(err)
	}
	due, _ = s.DueOutbox(ctx, 10)
	it = due[0]
	if err := s.CompleteOutbox(ctx, it); err != nil {
		t.Fatal(err)
	}
	if err := s.CompleteOutbox(ctx, it); err != nil {
		t.Fatal(err)
	}
	got = load(t, s, d.ID)
	sent := 0
	for _, e := range got.History {
		if e.Kind == "supplement_sent" {
			sent++
		}
	}
	if sent != 1 || len(pendingKinds(t, s, d.ID)) != 0 {
		t.Fatalf("%d supplement_sent events, outbox %v: want one, none left", sent, pendingKinds(t, s, d.ID))
	}
	// The portal still says 5 with the same words: waiting, no new round.
	if _, err := s.ApplyPortalStatus(ctx, d.ID, model.PortalUpdate{Status: model.StatusSupplementRequested, StatusCode: 5,
		Reason: req.Reason, Supplement: req}); err != nil {
		t.Fatal(err)
	}
	if round, submitted, sent, _ := s.SupplementState(ctx, d.ID); round != 1 || !submitted || !sent {
		t.Fatalf("supplement state %d %v %v, want round 1 sent", round, submitted, sent)
	}
	if _, err := s.ApplyPortalStatus(ctx, d.ID, model.PortalUpdate{Status: model.StatusProcessing, StatusCode: 4, DueDate: "2026-12-24"}); err != nil {
		t.Fatal(err)
	}
	if got := load(t, s, d.ID); got.Status != model.StatusProcessing || got.Portal.DueDate != "2026-12-24" || got.Portal.Supplement != nil {
		t.Fatalf("after the supplement: %s due %q supplement %+v", got.Status, got.Portal.DueDate, got.Portal.Supplement)
	}
	if _, err := s.ApplyPortalStatus(ctx, d.ID, model.PortalUpdate{Status: model.StatusSupplementRequested, StatusCode: 5,
		Reason: req.Reason, Supplement: req}); err != nil {
		t.Fatal(err)
	}
	if doc := addDoc(t, s, d.ID, "giay-chung-sinh"); doc.Round != 2 {
		t.Fatalf("second supplement's document has round %d, want 2", doc.Round)
	}
}

// Each progress event joins the history once, whatever the pulls repeat;
// its note is sealed, never in the database in clear.
func TestApplyPortalStatus_KeepsEachEventOnce(t *testing.T) {
	s, proc := seeded(t)
	ctx := context.Background()
	d := submittedDossier(t, s, proc, "Võ Văn Giang")
	at := time.Date(2026, 12, 4, 2, 0, 0, 0, time.UTC)
	events := []model.PortalEvent{
		{At: at, Department: "Bộ phận một cửa", Role: "chuyên viên", Note: "đã chuyển hồ sơ cho ông Võ Văn Giang"},
		{ID: "ev-2", At: at.Add(time.Hour), Department: "Phòng Tư pháp", Role: "lãnh đạo", Note: "đang thẩm định"},
	}
	for i := 0; i < 3; i++ {
		if _, err := s.ApplyPortalStatus(ctx, d.ID, model.PortalUpdate{Status: model.StatusProcessing, StatusCode: 4, Events: events}); err != nil {
			t.Fatal(err)
		}
	}
	got := load(t, s, d.ID)
	n := 0
	for _, e := range got.History {
		if e.Kind == "portal_event" {
			n++
			if strings.Contains(e.Detail, "Giang") {
				t.Fatalf("history detail holds the note: %q", e.Detail)
			}
		}
	}
	if n != 2 || len(got.Portal.Events) != 2 || got.Portal.Events[0].Note != events[0].Note {
		t.Fatalf("%d portal_event entries, events %+v; want 2 each", n, got.Portal.Events)
	}
	raw, _ := os.ReadFile(s.dataDir + "/" + DBFileName)
	wal, _ := os.ReadFile(s.dataDir + "/" + DBFileName + "-wal")
	if bytes.Contains(append(raw, wal...), []byte("Võ Văn Giang")) {
		t.Fatal("an event's note is stored in clear")
	}
}

// A result is stored encrypted only when its SHA-256 is the portal's.
func TestResults_StoredEncryptedAfterTheirHashIsChecked(t *testing.T) {
	s, proc := seeded(t)
	ctx := context.Background()
	d := submittedDossier(t, s, proc, "Đặng Thị Hoa")
	body := []byte("%PDF-1.4 giấy khai sinh bản điện tử")
	sum := sha256.Sum256(body)
	ref := model.ResultRef{ID: "r1", Name: "Giấy khai sinh.pdf", SHA256: hex.EncodeToString(sum[:]), Bytes: int64(len(body)),
		ContentType: "application/pdf"}
	if _, err := s.ApplyPortalStatus(ctx, d.ID, model.PortalUpdate{Status: model.StatusDone, StatusCode: 9,
		Results: []model.ResultRef{ref}}); err != nil {
		t.Fatal(err)
	}
	missing, err := s.MissingResults(ctx, 10)
	if err != nil || len(missing) != 1 || missing[0].DossierID != d.ID || missing[0].PortalID != d.Portal.DossierID ||
		missing[0].Result.Name != ref.Name {
		t.Fatalf("missing results %+v %v", missing, err)
	}
	if err := s.SaveResult(ctx, d.ID, ref, bytes.NewReader(append([]byte("X"), body[1:]...))); !errors.Is(err, ErrResultMismatch) {
		t.Fatalf("altered result: %v, want a mismatch", err)
	}
	if m, _ := s.MissingResults(ctx, 10); len(m) != 1 {
		t.Fatal("a mismatched result counted as stored")
	}
	if err := s.SaveResult(ctx, d.ID, ref, bytes.NewReader(body)); err != nil {
		t.Fatal(err)
	}
	if m, _ := s.MissingResults(ctx, 10); len(m) != 0 {
		t.Fatalf("still missing after the download: %+v", m)
	}
	got := load(t, s, d.ID)
	if len(got.Portal.Results) != 1 || got.Portal.Results[0].SHA256 != ref.SHA256 {
		t.Fatalf("results %+v", got.Portal.Results)
	}
	_, path, err := s.Result(ctx, model.KitViewer(), d.ID, "r1")
	if err != nil {
		t.Fatal(err)
	}
	plain, err := s.ReadFile(path)
	if err != nil || !bytes.Equal(plain, body) {
		t.Fatalf("stored result reads %q %v", plain, err)
	}
	p, _ := s.FilePath(path)
	onDisk, _ := os.ReadFile(p)
	if bytes.Contains(onDisk, []byte("giấy khai sinh")) {
		t.Fatal("the result is stored in clear")
	}
	other := model.Operator{ID: "agent-b", Role: model.RoleAgent}
	if _, _, err := s.Result(ctx, other.Viewer(), d.ID, "r1"); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("another agent reads the result: %v", err)
	}
	// Kept by the sweep of orphan files.
	if err := s.SweepOrphanFiles(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReadFile(path); err != nil {
		t.Fatalf("the sweep removed a stored result: %v", err)
	}
}

// What the helper types for a payment or a withdrawal is printed and
// sent to the portal: hostile text (control or direction characters,
// invalid UTF-8) and absurd amounts are refused, and nothing is queued.
func TestFeeWithdrawal_RefuseHostileText(t *testing.T) {
	s, proc := seeded(t)
	ctx := context.Background()
	d := submittedDossier(t, s, proc, "Bùi Văn Khánh")
	if _, err := s.ApplyPortalStatus(ctx, d.ID, model.PortalUpdate{Status: model.StatusFeeDue, StatusCode: model.CodeFeeDue,
		Fee: &model.FeeDue{AmountVND: 50000}}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []model.Payment{
		{AmountVND: 50000, ReceiptNumber: "BL-\u202e1000"},
		{AmountVND: 50000, ReceiptNumber: "BL-1\nBL-2"},
		{AmountVND: 50000, ReceiptNumber: "BL-\xff"},
		{AmountVND: 1 << 62, ReceiptNumber: "BL-1"},
	} {
		var v *model.ValidationError
		if err := s.RecordPayment(ctx, d.ID, p, "agent-a"); !errors.As(err, &v) {
			t.Errorf("payment %+v: %v, want a validation error", p, err)
		}
	}
	for _, reason := range []string{"đổi ý\u202e", "đổi\x00ý", "\xff"} {
		var v *model.ValidationError
		if err := s.RequestWithdrawal(ctx, d.ID, reason, "agent-a"); !errors.As(err, &v) {
			t.Errorf("withdrawal %q: %v, want a validation error", reason, err)
		}
	}
	if got := pendingKinds(t, s, d.ID); len(got) != 0 {
		t.Fatalf("hostile input queued %v", got)
	}
}

// A fee is shown while due; a payment is taken only then, queued with its
// row, sent once; a withdrawal is queued and the dossier ends withdrawn
// when the portal confirms, and is no longer tracked.
func TestFeeWithdrawal_QueuedAndTracked(t *testing.T) {
	s, proc := seeded(t)
	ctx := context.Background()
	d := submittedDossier(t, s, proc, "Bùi Văn Khánh")
	pay := model.Payment{AmountVND: 50000, ReceiptNumber: "BL-0001"}
	if err := s.RecordPayment(ctx, d.ID, pay, "agent-a"); !errors.Is(err, model.ErrConflict) {
		t.Fatalf("payment with no fee due: %v", err)
	}
	fee := &model.FeeDue{AmountVND: 50000, Reason: "lệ phí", PaymentRef: "PAY-77"}
	if _, err := s.ApplyPortalStatus(ctx, d.ID, model.PortalUpdate{Status: model.StatusFeeDue, StatusCode: 6, Fee: fee}); err != nil {
		t.Fatal(err)
	}
	got := load(t, s, d.ID)
	if got.Portal.Fee == nil || *got.Portal.Fee != *fee {
		t.Fatalf("fee %+v", got.Portal.Fee)
	}
	if err := s.RecordPayment(ctx, d.ID, pay, "agent-a"); err != nil {
		t.Fatal(err)
	}
	var v *model.ValidationError
	if err := s.RecordPayment(ctx, d.ID, pay, "agent-a"); !errors.As(err, &v) {
		t.Fatalf("same receipt twice: %v", err)
	}
	if err := s.RecordPayment(ctx, d.ID, model.Payment{AmountVND: 0, ReceiptNumber: "x"}, "agent-a"); !errors.As(err, &v) {
		t.Fatalf("zero amount: %v", err)
	}
	unsent, err := s.UnsentPayments(ctx, d.ID)
	if err != nil || len(unsent) != 1 || unsent[0].ReceiptNumber != "BL-0001" {
		t.Fatalf("unsent %+v %v", unsent, err)
	}
	due, _ := s.DueOutbox(ctx, 10)
	if len(due) != 1 || due[0].Kind != model.OutboxPayment {
		t.Fatalf("due %+v", due)
	}
	if err := s.CompleteOutbox(ctx, due[0]); err != nil {
		t.Fatal(err)
	}
	if unsent, _ := s.UnsentPayments(ctx, d.ID); len(unsent) != 0 {
		t.Fatalf("still unsent after delivery: %+v", unsent)
	}
	if p := load(t, s, d.ID).Payments; len(p) != 1 || p[0].AmountVND != 50000 {
		t.Fatalf("payments %+v", p)
	}
	if err := s.RequestWithdrawal(ctx, d.ID, " ", "agent-a"); !errors.As(err, &v) {
		t.Fatalf("withdrawal without a reason: %v", err)
	}
	if err := s.RequestWithdrawal(ctx, d.ID, "người dân đổi ý", "agent-a"); err != nil {
		t.Fatal(err)
	}
	if err := s.RequestWithdrawal(ctx, d.ID, "lần nữa", "agent-a"); !errors.Is(err, model.ErrConflict) {
		t.Fatalf("second withdrawal: %v", err)
	}
	if k := pendingKinds(t, s, d.ID); len(k) != 1 || k[0] != model.OutboxWithdraw {
		t.Fatalf("outbox %v", k)
	}
	if w := load(t, s, d.ID).Withdrawal; w == nil || w.Reason != "người dân đổi ý" {
		t.Fatalf("withdrawal %+v", w)
	}
	tracked := func() bool {
		list, err := s.TrackedDossiers(ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, tr := range list {
			if tr.ID == d.ID {
				return true
			}
		}
		return false
	}
	if !tracked() {
		t.Fatal("a fee_due dossier is not tracked")
	}
	if _, err := s.ApplyPortalStatus(ctx, d.ID, model.PortalUpdate{Status: model.StatusWithdrawn, StatusCode: 7}); err != nil {
		t.Fatal(err)
	}
	if st := load(t, s, d.ID).Status; st != model.StatusWithdrawn || tracked() {
		t.Fatalf("status %s tracked %v, want withdrawn and no longer tracked", st, tracked())
	}
}

// The official receipt's badge shows once the code came, until it is
// reprinted or handed over.
func TestOfficialReceipt_BadgeUntilReprintedOrHandedOver(t *testing.T) {
	s, proc := seeded(t)
	ctx := context.Background()
	draft, _ := s.CreateDossier(ctx, newDossier("Ngô Thị Lan"), "agent-a")
	if err := s.MarkOfficialReceipt(ctx, draft.ID, ReceiptReprinted, "agent-a"); !errors.Is(err, model.ErrConflict) {
		t.Fatalf("badge before the code: %v", err)
	}
	for _, how := range []string{ReceiptReprinted, ReceiptHandedOver} {
		d := submittedDossier(t, s, proc, "Ngô Thị Lan")
		if !d.OfficialReceiptDue {
			t.Fatal("no badge with the official code just in")
		}
		items, _, err := s.ListDossiers(ctx, model.KitViewer(), model.DossierFilter{})
		if err != nil || !items[0].OfficialReceiptDue {
			t.Fatalf("list: badge missing (%v)", err)
		}
		if err := s.MarkOfficialReceipt(ctx, d.ID, how, "agent-a"); err != nil {
			t.Fatal(err)
		}
		if load(t, s, d.ID).OfficialReceiptDue {
			t.Fatalf("badge still shown after %s", how)
		}
	}
}

// Search finds a dossier by any part of the kit's tracking code too.
func TestListDossiers_FindsPartOfTheTrackingCode(t *testing.T) {
	s, _ := seeded(t)
	ctx := context.Background()
	d, _ := s.CreateDossier(ctx, newDossier("Hoàng Văn Em"), "agent-a")
	tail := d.TrackingCode[strings.LastIndex(d.TrackingCode, "-")-6:]
	items, _, err := s.ListDossiers(ctx, model.KitViewer(), model.DossierFilter{Query: tail})
	if err != nil || len(items) != 1 || items[0].ID != d.ID {
		t.Fatalf("search %q: %d items %v", tail, len(items), err)
	}
}

// The supervisor's dashboard lists supplements due (nearest deadline
// first) and fees due before anything else.
func TestDashboard_SupplementsAndFeesFirst(t *testing.T) {
	s, proc := seeded(t)
	ctx := context.Background()
	queued, _ := s.CreateDossier(ctx, newDossier("Lý Văn Minh"), "agent-a")
	addDoc(t, s, queued.ID, "to-khai-khai-sinh")
	addDoc(t, s, queued.ID, "giay-chung-sinh")
	fee := submittedDossier(t, s, proc, "Lý Văn Minh")
	late := submittedDossier(t, s, proc, "Lý Văn Minh")
	soon := submittedDossier(t, s, proc, "Lý Văn Minh")
	if err := s.Submit(ctx, queued.ID, proc, "agent-a", false); err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct {
		id string
		u  model.PortalUpdate
	}{
		{fee.ID, model.PortalUpdate{Status: model.StatusFeeDue, StatusCode: 6, Fee: &model.FeeDue{AmountVND: 30000}}},
		{late.ID, model.PortalUpdate{Status: model.StatusSupplementRequested, Supplement: &model.SupplementRequest{Deadline: "2026-12-20"}}},
		{soon.ID, model.PortalUpdate{Status: model.StatusSupplementRequested, Supplement: &model.SupplementRequest{Deadline: "2026-12-10"}}},
	} {
		if _, err := s.ApplyPortalStatus(ctx, u.id, u.u); err != nil {
			t.Fatal(err)
		}
	}
	db, err := s.Dashboard(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range db.Attention {
		got = append(got, it.ID)
	}
	want := []string{soon.ID, late.ID, fee.ID, queued.ID}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("dashboard order %v, want %v", got, want)
	}
	if db.Attention[0].SupplementDeadline != "2026-12-10" || db.Attention[2].FeeVND != 30000 {
		t.Fatalf("dashboard items %+v", db.Attention[:3])
	}
}

// While a supplement is being put together, a paper attached by mistake
// can be taken out or reordered; what was filed before, and a round once
// queued, cannot.
func TestSupplement_OpenRoundDocumentsCanBeRemovedUntilQueued(t *testing.T) {
	s, proc := seeded(t)
	ctx := context.Background()
	d := submittedDossier(t, s, proc, "Phạm Thị Dung")
	filed := load(t, s, d.ID).Documents[0]
	if err := s.RemoveDocument(ctx, d.ID, filed.ID, "agent-a"); !errors.Is(err, model.ErrConflict) {
		t.Fatalf("removing a filed document of a sent dossier: %v, want a conflict", err)
	}
	req := &model.SupplementRequest{Reason: "ảnh mờ", Components: []string{"giay-chung-sinh"}}
	if _, err := s.ApplyPortalStatus(ctx, d.ID, model.PortalUpdate{Status: model.StatusSupplementRequested, StatusCode: 5,
		Reason: req.Reason, Supplement: req}); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveDocument(ctx, d.ID, filed.ID, "agent-a"); !errors.Is(err, model.ErrConflict) {
		t.Fatalf("removing a filed document while a supplement is asked: %v, want a conflict", err)
	}
	wrong, a, b := addDoc(t, s, d.ID, "giay-chung-sinh"), addDoc(t, s, d.ID, "giay-chung-sinh"), addDoc(t, s, d.ID, "giay-chung-sinh")
	if err := s.RemoveDocument(ctx, d.ID, wrong.ID, "agent-a"); err != nil {
		t.Fatalf("removing a paper of the open round: %v", err)
	}
	if err := s.MoveDocument(ctx, d.ID, b.ID, -1, "agent-a"); err != nil {
		t.Fatalf("reordering the open round: %v", err)
	}
	pos, err := s.DocumentPositions(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, moved := pos[filed.ID]; moved {
		t.Error("reordering the supplement moved a paper filed before")
	}
	if pos[b.ID] != 0 || pos[a.ID] != 1 {
		t.Errorf("positions %v: want %s first, then %s", pos, b.ID, a.ID)
	}
	if got := load(t, s, d.ID); len(got.Documents) != len(d.Documents)+2 {
		t.Fatalf("%d documents after removing one of three added, want %d", len(got.Documents), len(d.Documents)+2)
	}
	if err := s.QueueSupplement(ctx, d.ID, "agent-a"); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveDocument(ctx, d.ID, a.ID, "agent-a"); !errors.Is(err, model.ErrConflict) {
		t.Fatalf("removing a paper of a queued round: %v, want a conflict", err)
	}
	if _, err := s.SetDocumentMode(ctx, d.ID, a.ID, model.PageColor, "agent-a"); !errors.Is(err, model.ErrConflict) {
		t.Fatalf("changing the mode of a queued round's paper: %v, want a conflict", err)
	}
}
