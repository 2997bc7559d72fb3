package syncer

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/agent/sqlite"
	"fieldkit/sync/portal"
	"fieldkit/sync/portalsim"
)

// lifeStore is the kit's store with the issue-15 methods h-life builds in
// agent/sqlite played by a fake: supplement, withdrawal and payment rows
// queued by the test, document rounds, payments and results kept here.
// Submits and status changes go to the real store.
type lifeStore struct {
	*sqlite.Store
	mu          sync.Mutex
	extra       []model.OutboxItem // non-submit deliveries the test queued
	done        []model.OutboxItem
	failFirst   bool // the next CompleteOutbox fails: a crash after the portal took the delivery
	rounds      map[string]int
	docRounds   map[string]int
	withdrawals map[string]*model.Withdrawal
	payments    map[string][]model.Payment
	sentPays    map[string]int
	updates     map[string][]model.PortalUpdate
	results     map[string][]byte // result id → stored body
}

func newLifeStore(s *sqlite.Store) *lifeStore {
	return &lifeStore{Store: s, rounds: map[string]int{}, docRounds: map[string]int{},
		withdrawals: map[string]*model.Withdrawal{}, payments: map[string][]model.Payment{}, sentPays: map[string]int{},
		updates: map[string][]model.PortalUpdate{}, results: map[string][]byte{}}
}

func (l *lifeStore) queue(kind, dossierID string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.extra = append(l.extra, model.OutboxItem{ID: int64(1000 + len(l.extra) + len(l.done)), DossierID: dossierID, Kind: kind})
}

func (l *lifeStore) DueOutbox(ctx context.Context, limit int) ([]model.OutboxItem, error) {
	l.mu.Lock()
	if len(l.extra) > 0 {
		out := slices.Clone(l.extra[:min(limit, len(l.extra))])
		l.mu.Unlock()
		return out, nil
	}
	l.mu.Unlock()
	return l.Store.DueOutbox(ctx, limit)
}

func (l *lifeStore) StartSending(ctx context.Context, it model.OutboxItem) error {
	if it.Kind != model.OutboxSubmit {
		return nil
	}
	return l.Store.StartSending(ctx, it)
}

func (l *lifeStore) RetryLater(ctx context.Context, it model.OutboxItem, reason string, at time.Time) error {
	if it.Kind != model.OutboxSubmit {
		return nil // stays queued
	}
	return l.Store.RetryLater(ctx, it, reason, at)
}

func (l *lifeStore) NeedsAttention(ctx context.Context, it model.OutboxItem, reason string) error {
	if it.Kind != model.OutboxSubmit {
		return fmt.Errorf("delivery %s set aside: %s", it.Kind, reason)
	}
	return l.Store.NeedsAttention(ctx, it, reason)
}

func (l *lifeStore) Dossier(ctx context.Context, v model.Viewer, id string) (model.Dossier, error) {
	d, err := l.Store.Dossier(ctx, v, id)
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := range d.Documents {
		d.Documents[i].Round = l.docRounds[d.Documents[i].ID]
	}
	d.Withdrawal = l.withdrawals[id]
	d.Payments = l.payments[id]
	return d, err
}

func (l *lifeStore) CompleteOutbox(_ context.Context, it model.OutboxItem) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.failFirst {
		l.failFirst = false
		return errors.New("killed before the delivery was recorded")
	}
	l.extra = slices.DeleteFunc(l.extra, func(x model.OutboxItem) bool { return x.ID == it.ID })
	l.done = append(l.done, it)
	if it.Kind == model.OutboxPayment {
		l.sentPays[it.DossierID] = len(l.payments[it.DossierID])
	}
	return nil
}

func (l *lifeStore) SupplementRound(_ context.Context, id string) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.rounds[id], nil
}

func (l *lifeStore) UnsentPayments(_ context.Context, id string) ([]model.Payment, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.payments[id][l.sentPays[id]:]), nil
}

func (l *lifeStore) ApplyPortalStatus(ctx context.Context, id string, u model.PortalUpdate) (bool, error) {
	l.mu.Lock()
	l.updates[id] = append(l.updates[id], u)
	l.mu.Unlock()
	return l.Store.ApplyPortalStatus(ctx, id, u)
}

func (l *lifeStore) lastUpdate(id string) model.PortalUpdate {
	l.mu.Lock()
	defer l.mu.Unlock()
	u := l.updates[id]
	if len(u) == 0 {
		return model.PortalUpdate{}
	}
	return u[len(u)-1]
}

func (l *lifeStore) MissingResults(ctx context.Context, limit int) ([]model.ResultToFetch, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []model.ResultToFetch
	for id, us := range l.updates {
		for _, r := range us[len(us)-1].Results {
			if _, ok := l.results[r.ID]; !ok && len(out) < limit {
				d, err := l.Store.Dossier(ctx, model.KitViewer(), id)
				if err != nil {
					return nil, err
				}
				out = append(out, model.ResultToFetch{DossierID: id, PortalID: d.Portal.DossierID, Result: r})
			}
		}
	}
	return out, nil
}

func (l *lifeStore) SaveResult(_ context.Context, _ string, r model.ResultRef, body io.Reader) error {
	b, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(b)
	if hex.EncodeToString(sum[:]) != r.SHA256 {
		return fmt.Errorf("result %s: SHA-256 mismatch", r.ID)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.results[r.ID] = b
	return nil
}

// lifeDossier queues a dossier with one original document and one
// document kept back for a first supplement round.
func (r *rig) lifeDossier(t *testing.T, l *lifeStore, idNumber string) (model.Dossier, model.Document) {
	t.Helper()
	ctx := context.Background()
	nd := model.NewDossier{ProcedureCode: r.proc.Code,
		Applicant: model.Applicant{IDNumber: idNumber, FullName: "Nguyễn Văn An", DateOfBirth: "1990-05-17",
			Gender: model.GenderMale, Address: model.Address{CommuneCode: "20242"}},
		Consent: model.Consent{Given: true, Method: model.ConsentReadAloud}}
	var v model.ValidationError
	nd.Validate(nil, &v)
	d, err := r.store.CreateDossier(ctx, nd, "")
	if err != nil {
		t.Fatal(err)
	}
	var sup model.Document
	for i, comp := range []string{"to-khai-khai-sinh", "giay-chung-sinh"} {
		f, err := r.store.SaveFile(io.LimitReader(rand.Reader, 40<<10), 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := r.store.AddDocument(ctx, model.Document{DossierID: d.ID, Component: comp, Status: model.DocReady,
			ContentType: "application/pdf", Bytes: f.Bytes, SHA256: f.SHA256, Pages: 1, Path: f.Path}, "")
		if err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			l.docRounds[doc.ID] = 1 // attached later, for the supplement
			sup = doc
		}
	}
	lenient := *r.proc
	lenient.Components = nil
	if err := r.store.Submit(ctx, d.ID, &lenient, "", false); err != nil {
		t.Fatal(err)
	}
	return d, sup
}

// TestLife_SupplementFeePaymentResultWithdrawal carries dossiers through
// their life after submission under both adapters: official code and
// receipt, a supplement asked, answered (its documents held once each,
// even when the delivery is repeated after a crash) and followed by
// processing with a new due date, a fee due and paid at the counter,
// events, a result downloaded with the portal's SHA-256, and a withdrawal.
func TestLife_SupplementFeePaymentResultWithdrawal(t *testing.T) {
	for _, adapter := range adapters {
		t.Run(adapter, func(t *testing.T) {
			r := newRigFor(t, adapter)
			ctx := context.Background()
			l := newLifeStore(r.store)
			r.syncer = New(Options{Store: l, Portal: r.adapter, BackoffMin: time.Millisecond, BackoffMax: time.Millisecond, Parallel: 1})
			d, supDoc := r.lifeDossier(t, l, "048090123456")
			w, _ := r.lifeDossier(t, l, "048090123457")
			r.drain(t, []string{d.ID, w.ID}, 20*time.Second)
			loaded, _ := l.Dossier(ctx, model.KitViewer(), d.ID)
			held := r.simDossier(t, loaded.Portal.ReceiptCode)
			if len(held.Documents) != 1 || loaded.Portal.ReceiptCode == "" {
				t.Fatalf("portal holds %+v for receipt %q; want the one original document", held.Documents, loaded.Portal.ReceiptCode)
			}

			// A supplement is asked.
			if err := r.sim.Decide(ctx, held.DossierID, portalsim.BackOffice{StatusCode: model.CodeSupplement,
				Reason: "thiếu giấy chứng sinh", Components: []string{"giay-chung-sinh"}, Deadline: "2026-12-20"}); err != nil {
				t.Fatal(err)
			}
			r.pull(t)
			u := l.lastUpdate(d.ID)
			if u.Status != model.StatusSupplementRequested || u.StatusCode != model.CodeSupplement || u.Supplement == nil ||
				u.Supplement.Reason != "thiếu giấy chứng sinh" || !slices.Equal(u.Supplement.Components, []string{"giay-chung-sinh"}) ||
				u.Supplement.Deadline != "2026-12-20" {
				t.Fatalf("supplement update %+v (supplement %+v)", u, u.Supplement)
			}
			// Answered; the first delivery "crashes" after the portal took it.
			l.rounds[d.ID] = 1
			l.failFirst = true
			l.queue(model.OutboxSupplement, d.ID)
			for range 3 {
				if err := r.syncer.Sync(ctx); err != nil {
					t.Fatal(err)
				}
			}
			if len(l.done) != 1 || len(l.extra) != 0 {
				t.Fatalf("supplement delivered %d times, %d left", len(l.done), len(l.extra))
			}
			held = r.simDossier(t, loaded.Portal.ReceiptCode)
			if len(held.Supplements) != 1 || held.Supplements[0].ReceivedAt == nil || len(held.Supplements[0].Documents) != 1 ||
				held.Supplements[0].Documents[0].SHA256 != supDoc.SHA256 || held.Supplements[0].Documents[0].Bytes != supDoc.Bytes {
				t.Fatalf("portal supplements %+v, want round 1 with the one document", held.Supplements)
			}
			if sum, err := r.sim.StoredSHA256(ctx, held.DossierID, supDoc.ID); err != nil || sum != supDoc.SHA256 {
				t.Fatalf("supplement document stored %s (%v)", sum, err)
			}
			if u := l.lastUpdate(d.ID); u.Status != model.StatusProcessing || u.DueDate == "" || u.Supplement != nil {
				t.Fatalf("after the supplement: %+v, want processing with a new due date", u)
			}
			if adapter == "igate" {
				copies, _ := r.sim.FileCopies(ctx)
				if copies[supDoc.SHA256] != 1 {
					t.Fatalf("supplement file taken %d times", copies[supDoc.SHA256])
				}
			}

			// A fee is due, and paid at the counter.
			if err := r.sim.Decide(ctx, held.DossierID, portalsim.BackOffice{Status: "fee_due", FeeVND: 50000,
				Reason: "lệ phí", PaymentRef: "PAY-123"}); err != nil {
				t.Fatal(err)
			}
			r.pull(t)
			if u := l.lastUpdate(d.ID); u.Status != model.StatusFeeDue || u.Fee == nil || u.Fee.AmountVND != 50000 ||
				u.Fee.PaymentRef != "PAY-123" {
				t.Fatalf("fee update %+v (fee %+v)", u, u.Fee)
			}
			l.payments[d.ID] = []model.Payment{{AmountVND: 50000, ReceiptNumber: "BL-0001", At: time.Now()}}
			l.queue(model.OutboxPayment, d.ID)
			if err := r.syncer.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			held = r.simDossier(t, loaded.Portal.ReceiptCode)
			if len(held.Payments) != 1 || held.Payments[0].ReceiptNumber != "BL-0001" || held.Payments[0].Requests != 1 {
				t.Fatalf("portal payments %+v", held.Payments)
			}
			if u := l.lastUpdate(d.ID); u.Status != model.StatusProcessing {
				t.Fatalf("after payment: %s, want processing", u.Status)
			}

			// Done, with an event and a result document.
			result := []byte("%PDF-1.4 kết quả " + d.ID)
			if err := r.sim.Decide(ctx, held.DossierID, portalsim.BackOffice{StatusCode: model.CodeDone,
				Events:  []portalsim.BackOfficeEvent{{Department: "Phòng Tư pháp", Role: "chuyên viên", Note: "đã ký"}},
				Results: []portalsim.BackOfficeResult{{Name: "trich-luc.pdf", ContentBase64: base64.StdEncoding.EncodeToString(result), ContentType: "application/pdf"}}}); err != nil {
				t.Fatal(err)
			}
			r.pull(t)
			u = l.lastUpdate(d.ID)
			if u.Status != model.StatusDone || len(u.Events) != 1 || u.Events[0].Department != "Phòng Tư pháp" ||
				u.Events[0].At.IsZero() || len(u.Results) != 1 {
				t.Fatalf("done update %+v", u)
			}
			got := l.results[u.Results[0].ID]
			if !bytes.Equal(got, result) || u.Results[0].Bytes != int64(len(result)) {
				t.Fatalf("result downloaded %q, want %q", got, result)
			}

			// The other dossier is withdrawn.
			l.withdrawals[w.ID] = &model.Withdrawal{Reason: "người dân đổi ý", RequestedAt: time.Now()}
			l.queue(model.OutboxWithdraw, w.ID)
			if err := r.syncer.Sync(ctx); err != nil {
				t.Fatal(err)
			}
			wl, _ := l.Dossier(ctx, model.KitViewer(), w.ID)
			if wl.Status != model.StatusWithdrawn || !r.simDossier(t, wl.Portal.ReceiptCode).Withdrawn {
				t.Fatalf("withdrawn dossier: kit %s", wl.Status)
			}
		})
	}
}

func (r *rig) pull(t *testing.T) {
	t.Helper()
	if _, err := r.syncer.PullStatus(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// simDossier is the portal's dossier with this receipt code.
func (r *rig) simDossier(t *testing.T, receipt string) portalsim.Dossier {
	t.Helper()
	ds, err := r.sim.Dossiers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.ReceiptCode == receipt {
			return d
		}
	}
	t.Fatalf("portal holds no dossier with receipt %q", receipt)
	return portalsim.Dossier{}
}

// Under igate, two dossiers that hold byte-identical papers (the same
// blank form, printed twice) each get their own portal files: the
// look-up by hash is scoped to the document, so one dossier is never
// linked to another's file.
func TestIgate_SameBytesInTwoDossiersAreTwoFiles(t *testing.T) {
	r := newRigFor(t, portal.AdapterIGate)
	ctx := context.Background()
	a := r.queued(t, "048090123456")
	b := r.queued(t, "048090123457")
	if err := r.syncer.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for _, id := range []string{a.ID, b.ID} {
		d, err := r.store.Dossier(ctx, model.KitViewer(), id)
		if err != nil {
			t.Fatal(err)
		}
		if d.Status != model.StatusSubmitted {
			t.Fatalf("dossier %s is %s, want submitted", id, d.Status)
		}
		for _, doc := range d.Documents {
			fid, _, ok, err := r.store.PortalFile(ctx, doc.ID)
			if err != nil || !ok {
				t.Fatalf("document %s: no portal file (%v)", doc.ID, err)
			}
			if other, dup := seen[fid]; dup {
				t.Fatalf("documents %s and %s share the portal file %s", other, doc.ID, fid)
			}
			seen[fid] = doc.ID
		}
	}
	if len(seen) != 4 {
		t.Fatalf("%d portal files for 4 documents", len(seen))
	}
}

// Under igate the portal's code (1–10) comes with the delivery itself, so
// a dossier just delivered shows it before any status pull.
func TestIgate_DeliveryRecordsTheStatusCode(t *testing.T) {
	r := newRigFor(t, portal.AdapterIGate)
	ctx := context.Background()
	d := r.queued(t, "048090123458")
	if err := r.syncer.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := r.store.Dossier(ctx, model.KitViewer(), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != model.StatusSubmitted || got.Portal == nil {
		t.Fatalf("dossier %s, portal %+v", got.Status, got.Portal)
	}
	if c := got.Portal.StatusCode; c != model.CodeRegistered && c != model.CodeReceived {
		t.Fatalf("status code %d after delivery, want the portal's 1 or 2", c)
	}
}
