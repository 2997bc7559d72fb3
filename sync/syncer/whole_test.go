package syncer

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/sync/portal"
	"fieldkit/sync/portal/igate"
	"fieldkit/sync/portalsim"
)

// lateLanding stands in front of the portal as a gateway that buffers
// request bodies (nginx's proxy_request_buffering) in front of a slow
// backend: it reads the first upload of each document whole, hangs up on
// the kit without an answer, and hands the body to the portal only after
// delay. That is also what a kit killed just after its last byte meets:
// the portal reads that byte from its buffers and commits the file after
// the restarted kit has asked for it.
type lateLanding struct {
	next  http.Handler
	delay time.Duration

	mu     sync.Mutex
	cut    map[string]bool // file names whose first upload was held back
	landed chan struct{}   // one value per upload handed on late
}

func (g *lateLanding) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != igate.PathFiles {
		g.next.ServeHTTP(w, r)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "read", http.StatusBadRequest)
		return
	}
	name := fileNameIn(body)
	g.mu.Lock()
	first := !g.cut[name]
	g.cut[name] = true
	g.mu.Unlock()
	if !first {
		r.Body = io.NopCloser(bytes.NewReader(body))
		g.next.ServeHTTP(w, r)
		return
	}
	late := r.Clone(context.WithoutCancel(r.Context()))
	late.Body = io.NopCloser(bytes.NewReader(body))
	go func() {
		time.Sleep(g.delay)
		rec := httptest.NewRecorder()
		g.next.ServeHTTP(rec, late)
		if rec.Code != http.StatusOK {
			panic(fmt.Sprintf("the late upload was refused: %d %s", rec.Code, rec.Body))
		}
		g.landed <- struct{}{}
	}()
	portalsim.Abort(w)
}

// fileNameIn is the file name of a multipart body's "files" part: the
// kit's document id.
func fileNameIn(body []byte) string {
	const key = `filename="`
	i := bytes.Index(body, []byte(key))
	if i < 0 {
		return ""
	}
	rest := body[i+len(key):]
	return string(rest[:bytes.IndexByte(rest, '"')])
}

// lateRig is an igate rig whose uploads go through a lateLanding gateway.
func lateRig(t *testing.T, delay, settle time.Duration) (*rig, *lateLanding) {
	t.Helper()
	r := newRigFor(t, portal.AdapterIGate)
	gw := &lateLanding{next: r.sim.Handler(), delay: delay, cut: map[string]bool{}, landed: make(chan struct{}, 16)}
	srv := httptest.NewServer(gw)
	t.Cleanup(srv.Close)
	r.adapter = newAdapter(t, portal.AdapterIGate, srv.URL, -1, time.Millisecond, time.Millisecond, 0)
	r.syncer = New(Options{Store: r.store, Portal: r.adapter, BackoffMin: time.Millisecond, BackoffMax: time.Millisecond,
		Parallel: 1, UploadSettle: settle})
	return r, gw
}

// checkOneCopyEach fails unless the portal holds the documents of the
// given dossiers, and no others, exactly once each (the fixture's
// documents share their bytes, so the count is per hash: a file per
// document), and the kit has recorded each dossier submitted.
func checkOneCopyEach(t *testing.T, r *rig, ids ...string) {
	t.Helper()
	copies, err := r.sim.FileCopies(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]int{}
	for _, id := range ids {
		d := stored(t, r, id)
		if d.Status != model.StatusSubmitted {
			t.Errorf("dossier %s is %s, want submitted", id, d.Status)
		}
		if len(d.Documents) == 0 {
			t.Fatalf("dossier %s has no documents", id)
		}
		for _, doc := range d.Documents {
			docs[doc.SHA256]++
		}
	}
	for sum, n := range docs {
		if copies[sum] != n {
			t.Errorf("the portal holds %d files with SHA-256 %s, want %d (one per document)", copies[sum], sum, n)
		}
	}
}

// stored reads a dossier back from the store, with its documents.
func stored(t *testing.T, r *rig, id string) model.Dossier {
	t.Helper()
	d, err := r.store.Dossier(context.Background(), model.KitViewer(), id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// An upload whose answer never came may still be landing: the kit waits
// for it to settle before it asks by hash, and does not send it again.
func TestIgate_AnUploadStillLandingIsNotSentAgain(t *testing.T) {
	r, gw := lateRig(t, 300*time.Millisecond, time.Second)
	d := stored(t, r, r.queued(t, "048090123456").ID)
	if err := r.syncer.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	for range d.Documents {
		<-gw.landed
	}
	checkOneCopyEach(t, r, d.ID)
}

// A previous life of the kit left an upload in doubt (killed after its
// last byte): the new life steps aside until it has settled, delivers the
// other dossiers meanwhile, and then finds the file the portal took.
func TestIgate_AnUploadLeftInDoubtByAPreviousLifeSettlesFirst(t *testing.T) {
	ctx := context.Background()
	r := newRigFor(t, portal.AdapterIGate)
	inDoubt := stored(t, r, r.queued(t, "048090123456").ID)
	other := r.queued(t, "048090123457")
	before := time.Now()
	for _, doc := range inDoubt.Documents {
		if err := r.store.MarkUploadInDoubt(ctx, doc.ID, before); err != nil {
			t.Fatal(err)
		}
	}
	const settle = 500 * time.Millisecond
	r.syncer = New(Options{Store: r.store, Portal: r.adapter, BackoffMin: time.Millisecond, BackoffMax: time.Millisecond,
		Parallel: 1, UploadSettle: settle})
	if err := r.syncer.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := r.store.Dossier(ctx, model.KitViewer(), inDoubt.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != model.StatusQueued {
		t.Fatalf("the dossier in doubt is %s before its upload settled, want queued", got.Status)
	}
	checkOneCopyEach(t, r, other.ID)

	// What the previous life sent lands now, before the settle is over.
	wu := r.adapter.(portal.WholeUploader)
	for _, doc := range inDoubt.Documents {
		open := func() (io.ReadCloser, error) { f, err := r.store.OpenFile(doc.Path); return f, err }
		if _, err := wu.UploadFile(ctx, portal.FileUpload{DocumentID: doc.ID, Component: doc.Component,
			ContentType: doc.ContentType, Bytes: doc.Bytes, SHA256: doc.SHA256}, open); err != nil {
			t.Fatal(err)
		}
	}
	due, ok, err := r.store.NextOutboxDue(ctx)
	if err != nil || !ok {
		t.Fatalf("no delivery pending (%v)", err)
	}
	if due.Before(before.Add(settle)) {
		t.Fatalf("the dossier in doubt is due at %s, before its upload settles", due)
	}
	time.Sleep(time.Until(due))
	if err := r.syncer.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	checkOneCopyEach(t, r, inDoubt.ID, other.ID)
}

// An upload the portal answered, even with an error, is over: the kit
// asks at once, without waiting for anything to settle.
func TestMayStillLand(t *testing.T) {
	cases := []struct {
		err  error
		want bool
	}{
		{io.ErrUnexpectedEOF, true},
		{&portal.Error{Code: portal.CodeHTTP}, true},
		{&portal.Error{StatusCode: http.StatusBadGateway}, true},
		{&portal.Error{StatusCode: http.StatusGatewayTimeout}, true},
		{&portal.Error{StatusCode: http.StatusInternalServerError}, false},
		{&portal.Error{StatusCode: http.StatusServiceUnavailable}, false},
		{&portal.Error{StatusCode: http.StatusFound, Code: portal.CodeRedirect}, false},
	}
	for _, c := range cases {
		if got := mayStillLand(c.err); got != c.want {
			t.Errorf("mayStillLand(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}

// cutNotFound stands in front of the portal and cuts in half the first
// "not found" it answers to each look-up by hash, as a dropping link
// does: the kit reads a 404 whose JSON body ends early.
type cutNotFound struct {
	next http.Handler

	mu  sync.Mutex
	cut map[string]bool // file names whose look-up was cut
}

func (g *cutNotFound) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("filename")
	g.mu.Lock()
	first := r.URL.Path == igate.PathFileByHash && !g.cut[name]
	g.cut[name] = g.cut[name] || first
	g.mu.Unlock()
	if !first {
		g.next.ServeHTTP(w, r)
		return
	}
	rec := httptest.NewRecorder()
	g.next.ServeHTTP(rec, r)
	if rec.Code != http.StatusNotFound {
		panic(fmt.Sprintf("the first look-up of %s answered %d, want 404", name, rec.Code))
	}
	body := rec.Body.Bytes()
	w.Header().Set("Content-Type", rec.Header().Get("Content-Type"))
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(http.StatusNotFound)
	w.Write(body[:len(body)/2])
	portalsim.Abort(w)
}

// A 404 whose body was cut short on the way is not the portal refusing
// the dossier: it is retried and delivered, even while other deliveries,
// side by side, keep finding the link online. It once set a dossier
// aside for good in the crash test (the refusal was judged by the link's
// state, which another delivery's success had just set).
func TestIgate_ANotFoundCutShortIsRetriedNotARefusal(t *testing.T) {
	ctx := context.Background()
	r := newRigFor(t, portal.AdapterIGate)
	srv := httptest.NewServer(&cutNotFound{next: r.sim.Handler(), cut: map[string]bool{}})
	t.Cleanup(srv.Close)
	r.adapter = newAdapter(t, portal.AdapterIGate, srv.URL, -1, time.Millisecond, time.Millisecond, 0)
	r.syncer = New(Options{Store: r.store, Portal: r.adapter, BackoffMin: time.Millisecond, BackoffMax: time.Millisecond,
		Parallel: 1})
	d := r.queued(t, "048090123456")

	// Stand-in for the other deliveries: each success says the link is
	// online, at any moment.
	others, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		for others.Err() == nil {
			r.syncer.observe(ctx, nil)
		}
	})
	for range 10 {
		if err := r.syncer.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		if stored(t, r, d.ID).Status == model.StatusSubmitted {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	stop()
	wg.Wait()
	if got := stored(t, r, d.ID); got.Status != model.StatusSubmitted {
		t.Fatalf("dossier is %s, want submitted", got.Status)
	}
	checkOneCopyEach(t, r, d.ID)
}
