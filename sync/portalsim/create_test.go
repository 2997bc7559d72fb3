package portalsim_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"

	"fieldkit/sync/portal"
	"fieldkit/sync/portalsim"
)

func TestServer_CreateIsIdempotent(t *testing.T) {
	t.Parallel()

	t.Run("a replay gets the stored answer and makes no second dossier", func(t *testing.T) {
		t.Parallel()
		s := newSim(t, 0)
		f := newFixture("a document")
		body := mustJSON(t, f.req)
		first := s.createRaw(f.key, body)
		replay := s.createRaw(f.key, body)
		if first.status != http.StatusCreated || replay.status != first.status || !bytes.Equal(replay.body, first.body) {
			t.Fatalf("first %d %s, replay %d %s", first.status, first.body, replay.status, replay.body)
		}
		ds := s.dossiers()
		if len(ds) != 1 || ds[0].CreateRequests != 2 || ds[0].IdempotencyKey != f.key {
			t.Fatalf("dossiers = %+v, want one with create_requests 2", ds)
		}
	})

	t.Run("key order and whitespace do not make a body different", func(t *testing.T) {
		t.Parallel()
		s := newSim(t, 0)
		f := newFixture("a document")
		first := s.createRaw(f.key, mustJSON(t, f.req))
		// The same content, re-encoded with keys reversed and indentation.
		var generic map[string]any
		if err := json.Unmarshal(mustJSON(t, f.req), &generic); err != nil {
			t.Fatal(err)
		}
		var reordered bytes.Buffer
		reordered.WriteString("{\n")
		keys := []string{"documents", "consent", "form", "applicant", "channel", "procedure_code", "tracking_code", "kit_id"}
		for i, k := range keys {
			v, _ := json.MarshalIndent(generic[k], "  ", "    ")
			reordered.WriteString("  \"" + k + "\" :  " + string(v))
			if i < len(keys)-1 {
				reordered.WriteString(",")
			}
			reordered.WriteString("\n")
		}
		reordered.WriteString("}")
		replay := s.createRaw(f.key, reordered.Bytes())
		if replay.status != first.status || !bytes.Equal(replay.body, first.body) {
			t.Fatalf("reordered replay = %d %s, want %d %s", replay.status, replay.body, first.status, first.body)
		}
	})

	t.Run("the same key with different content is refused", func(t *testing.T) {
		t.Parallel()
		s := newSim(t, 0)
		f := newFixture("a document")
		first := s.create(f.key, f.req)
		changed := f.req
		changed.ProcedureCode = "2.000001"
		a := s.createRaw(f.key, mustJSON(t, changed))
		if a.status != http.StatusUnprocessableEntity || a.errorBody(t).Error != portal.CodeIdempotencyKeyReused {
			t.Fatalf("reuse = %d %s", a.status, a.body)
		}
		ds := s.dossiers()
		if len(ds) != 1 || ds[0].DossierID != first.DossierID || ds[0].ProcedureCode != f.req.ProcedureCode {
			t.Fatalf("dossiers = %+v, want the first one unchanged", ds)
		}
	})

	t.Run("twenty concurrent identical creates make exactly one dossier", func(t *testing.T) {
		t.Parallel()
		s := newSim(t, 0)
		f := newFixture("a document", "another")
		body := mustJSON(t, f.req)
		const n = 20
		answers := make([]answer, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Go(func() {
				<-start
				answers[i] = s.createRaw(f.key, body)
			})
		}
		close(start)
		wg.Wait()
		// Each answer is the stored original, or 409 "still in progress"
		// for one that overlapped the first (the client comes back).
		var first []byte
		created := 0
		for i, a := range answers {
			switch {
			case a.status == http.StatusCreated:
				if first == nil {
					first = a.body
				}
				if !bytes.Equal(a.body, first) {
					t.Fatalf("answer %d = %s, first = %s", i, a.body, first)
				}
				created++
			case a.status == http.StatusConflict && bytes.Contains(a.body, []byte(portal.CodeIdempotencyKeyInProgress)):
			default:
				t.Fatalf("answer %d = %d %s", i, a.status, a.body)
			}
		}
		ds := s.dossiers()
		if created == 0 || len(ds) != 1 || ds[0].CreateRequests != created {
			t.Fatalf("dossiers = %+v, want one with create_requests %d", ds, created)
		}
	})
}

func TestServer_CreateRefuses(t *testing.T) {
	t.Parallel()
	s := newSim(t, 0)
	valid := newFixture("x")
	tests := []struct {
		name   string
		key    string
		body   func() []byte
		status int
		code   string
	}{
		{"a request without Idempotency-Key", "", func() []byte { return mustJSON(t, valid.req) },
			http.StatusBadRequest, portal.CodeIdempotencyKeyMissing},
		{"an Idempotency-Key that is not a UUID", "key-1", func() []byte { return mustJSON(t, valid.req) },
			http.StatusBadRequest, portal.CodeIdempotencyKeyInvalid},
		{"a body that is not JSON", newFixture().key, func() []byte { return []byte(`{"kit_id":`) },
			http.StatusBadRequest, portal.CodeMalformed},
		{"a body over 1 MiB", newFixture().key, func() []byte {
			return []byte(`{"form":{"pad":"` + strings.Repeat("x", 1<<20) + `"}}`)
		}, http.StatusRequestEntityTooLarge, portal.CodeTooLarge},
		{"a dossier without kit_id", newFixture().key, func() []byte {
			f := newFixture()
			f.req.KitID = ""
			return mustJSON(t, f.req)
		}, http.StatusUnprocessableEntity, portal.CodeInvalid},
		{"a dossier without consent", newFixture().key, func() []byte {
			f := newFixture()
			f.req.Consent.Given = false
			return mustJSON(t, f.req)
		}, http.StatusUnprocessableEntity, portal.CodeInvalid},
		{"a form that is not an object", newFixture().key, func() []byte {
			f := newFixture()
			f.req.Form = json.RawMessage(`[1,2]`)
			return mustJSON(t, f.req)
		}, http.StatusUnprocessableEntity, portal.CodeInvalid},
		{"a sha256 that is not 64 hex digits", newFixture().key, func() []byte {
			f := newFixture("x")
			f.req.Documents[0].SHA256 = strings.Repeat("g", 64)
			return mustJSON(t, f.req)
		}, http.StatusUnprocessableEntity, portal.CodeInvalid},
		{"negative bytes", newFixture().key, func() []byte {
			f := newFixture("x")
			f.req.Documents[0].Bytes = -1
			return mustJSON(t, f.req)
		}, http.StatusUnprocessableEntity, portal.CodeInvalid},
		{"two documents with one ID", newFixture().key, func() []byte {
			f := newFixture("x", "y")
			f.req.Documents[1].ID = f.req.Documents[0].ID
			return mustJSON(t, f.req)
		}, http.StatusUnprocessableEntity, portal.CodeInvalid},
	}
	for _, tt := range tests {
		t.Run("refuses "+tt.name, func(t *testing.T) {
			a := s.createRaw(tt.key, tt.body())
			if a.status != tt.status || a.errorBody(t).Error != tt.code {
				t.Fatalf("create = %d %s, want %d %s", a.status, a.body, tt.status, tt.code)
			}
		})
	}
	if ds := s.dossiers(); len(ds) != 0 {
		t.Fatalf("refused creates left %d dossiers", len(ds))
	}
}

func TestServer_CreateAcceptsQuotedKeyAndUnknownFields(t *testing.T) {
	t.Parallel()
	s := newSim(t, 0)
	f := newFixture("x")
	body := mustJSON(t, f.req)
	body = append([]byte(`{"future_field":{"a":1},`), body[1:]...)
	a := s.createRaw(`"`+f.key+`"`, body)
	if a.status != http.StatusCreated {
		t.Fatalf("create = %d %s", a.status, a.body)
	}
	if replay := s.createRaw(f.key, body); !bytes.Equal(replay.body, a.body) {
		t.Fatalf("a bare key did not match the quoted one: %s", replay.body)
	}
}

func TestServer_CreateStillInProgressAnswers409ThenTheOriginal(t *testing.T) {
	t.Parallel()
	s := newSim(t, 0)
	f := newFixture("a document")
	body := mustJSON(t, f.req)
	held, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	portalsim.SetBeforeCreate(s.srv, func(string) { once.Do(func() { close(held); <-release }) })
	first := make(chan answer, 1)
	go func() { first <- s.createRaw(f.key, body) }()
	<-held
	if a := s.createRaw(f.key, body); a.status != http.StatusConflict || !bytes.Contains(a.body, []byte(portal.CodeIdempotencyKeyInProgress)) {
		t.Fatalf("overlapping create: %d %s", a.status, a.body)
	}
	close(release)
	a1 := <-first
	if a1.status != http.StatusCreated {
		t.Fatalf("first create: %d %s", a1.status, a1.body)
	}
	if a3 := s.createRaw(f.key, body); a3.status != http.StatusCreated || !bytes.Equal(a3.body, a1.body) {
		t.Fatalf("create after the first finished: %d %s", a3.status, a3.body)
	}
	if ds := s.dossiers(); len(ds) != 1 {
		t.Fatalf("%d dossiers, want 1", len(ds))
	}
}
