package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"fieldkit/agent/model"
	"fieldkit/agent/sqlite"
	"fieldkit/scanner"
)

// lockoutRig serves the app on loopback over a store that counts every
// password it compares.
type lockoutRig struct {
	t         *testing.T
	base      string
	evaluated atomic.Int64
	client    *http.Client
}

func newLockoutRig(t *testing.T) *lockoutRig {
	r := &lockoutRig{t: t, client: &http.Client{Transport: &http.Transport{MaxConnsPerHost: 0, MaxIdleConnsPerHost: 256}}}
	store, err := sqlite.Open(context.Background(), sqlite.Options{DataDir: t.TempDir(),
		ComparePassword: func(hash, pw []byte) error {
			r.evaluated.Add(1)
			return bcrypt.CompareHashAndPassword(hash, pw)
		}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if _, err := store.CreateOperator(context.Background(), "helper", model.RoleAgent, lanPassword); err != nil {
		t.Fatal(err)
	}
	app := New(Options{Store: store, SessionTTL: time.Hour, Limits: Limits{MaxUploadBytes: 1 << 20}, Capture: testPipeline(t, store, scanner.CaptureOptions{})})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go app.Listener(ln)
	t.Cleanup(func() { app.Shutdown() })
	r.base = "http://" + ln.Addr().String()
	return r
}

func (r *lockoutRig) signIn(user, password string) int {
	b, _ := json.Marshal(map[string]string{"username": user, "password": password})
	resp, err := r.client.Post(r.base+"/api/v1/session", "application/json", strings.NewReader(string(b)))
	if err != nil {
		r.t.Error(err)
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// burst sends n wrong sign-ins at once (user(i) names the account of the
// i-th), then — once at least limit passwords are being compared, so the
// lock is due — the right password for helper, and returns its status.
func (r *lockoutRig) burst(n, limit int, user func(int) string) int {
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if st := r.signIn(user(i), fmt.Sprintf("wrong guess %d", i)); st != 401 && st != 429 {
				r.t.Errorf("wrong guess %d: %d", i, st)
			}
		}()
	}
	deadline := time.Now().Add(10 * time.Second)
	for r.evaluated.Load() < int64(limit) && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	right := r.signIn("helper", lanPassword)
	wg.Wait()
	return right
}

// The lock used to be checked before bcrypt and recorded after it, so
// every request in flight passed the check: 200 parallel guesses had 168
// passwords compared, and the right one got in. Now each attempt is
// reserved before its password is compared.
func TestLockout_ParallelGuessesAtOneAccount(t *testing.T) {
	r := newLockoutRig(t)
	right := r.burst(200, 5, func(int) string { return "helper" })
	if right != 429 {
		t.Errorf("the right password after the lock: %d, want 429", right)
	}
	t.Logf("200 parallel sign-ins to one account: %d passwords compared", r.evaluated.Load())
	if n := r.evaluated.Load(); n > 5 {
		t.Errorf("%d passwords compared for one account, at most 5 allowed", n)
	}
}

func TestLockout_ParallelGuessesFromOneAddress(t *testing.T) {
	r := newLockoutRig(t)
	right := r.burst(200, 20, func(i int) string { return fmt.Sprintf("guess%03d", i) })
	if right != 429 {
		t.Errorf("the right password after the address's lock: %d, want 429", right)
	}
	t.Logf("200 parallel sign-ins from one address: %d passwords compared", r.evaluated.Load())
	if n := r.evaluated.Load(); n > 20 {
		t.Errorf("%d passwords compared from one address, at most 20 allowed", n)
	}
}
