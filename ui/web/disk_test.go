package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/agent/sqlite"
	"fieldkit/scanner/scantest"
)

// fullDisk stands in for the disk: how much is free, and whether writes
// fail as the store reports a full disk (SQLITE_FULL or ENOSPC, wrapped
// with model.ErrDiskFull). agent's TestDiskFull_OnARealFullDisk does the
// same on a real full tmpfs where mounting one is allowed.
type fullDisk struct {
	free atomic.Uint64
	full atomic.Bool
}

func (d *fullDisk) err() error {
	return fmt.Errorf("%w: %w", model.ErrDiskFull, &fs.PathError{Op: "write", Path: "tmp-x", Err: syscall.ENOSPC})
}

// fullStore is the real store whose writes fail while the disk is full.
type fullStore struct {
	*sqlite.Store
	disk *fullDisk
}

func (s fullStore) SaveFile(r io.Reader, maxBytes int64) (model.StoredFile, error) {
	if s.disk.full.Load() {
		return model.StoredFile{}, fmt.Errorf("save file: %w", s.disk.err())
	}
	return s.Store.SaveFile(r, maxBytes)
}

func (s fullStore) Authenticate(ctx context.Context, username, password, addr string, ttl time.Duration) (string, model.Operator, error) {
	if s.disk.full.Load() {
		return "", model.Operator{}, fmt.Errorf("authenticate: commit: %w", s.disk.err())
	}
	return s.Store.Authenticate(ctx, username, password, addr, ttl)
}

func TestDiskFull_AnswersThroughTheSeam(t *testing.T) {
	disk := &fullDisk{}
	disk.free.Store(10 << 30)
	r := newAPIRig(t, func(o *Options) {
		o.Store = fullStore{Store: o.Store.(*sqlite.Store), disk: disk}
		o.Disk = Disk{Free: func() (uint64, error) { return disk.free.Load(), nil }, MinFree: 500 << 20}
	})
	if _, err := r.store.CreateOperator(context.Background(), "chi", model.RoleSupervisor, "long enough password"); err != nil {
		t.Fatal(err)
	}
	var boss struct{ Token string }
	if st := r.json("POST", "/api/v1/session", map[string]string{"username": "chi", "password": "long enough password"}, &boss); st != 200 {
		t.Fatalf("supervisor sign-in: %d", st)
	}
	health := func() map[string]any {
		resp, err := http.Get(r.base + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var h map[string]any
		json.NewDecoder(resp.Body).Decode(&h)
		if resp.StatusCode != 200 {
			t.Fatalf("healthz: %d", resp.StatusCode)
		}
		return h
	}
	dashboard := func() string {
		req := httptest.NewRequest("GET", "/dashboard", nil)
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: boss.Token}) // a page: the browser's cookie
		resp, err := r.sendPage(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("dashboard: %d", resp.StatusCode)
		}
		return string(b)
	}
	if h := health(); h["status"] != "ok" || h["disk_free_bytes"] != float64(10<<30) {
		t.Fatalf("healthz with room: %v", h)
	}
	if strings.Contains(dashboard(), `id="disk-low"`) {
		t.Fatal("the dashboard warns with 10 GB free")
	}

	disk.free.Store(120 << 20) // under the threshold, writes still work
	if h := health(); h["status"] != "disk_low" || h["disk_min_free_bytes"] != float64(500<<20) ||
		!strings.Contains(h["message"].(string), "Only 120 MB free") {
		t.Fatalf("healthz under the threshold: %v", h)
	}
	if page := dashboard(); !strings.Contains(page, `id="disk-low"`) || !strings.Contains(page, "Chỉ còn 120 MB trống") {
		t.Fatalf("the dashboard does not warn at 120 MB free:\n%s", page)
	}

	disk.free.Store(0)
	disk.full.Store(true)
	id := r.create() // no file write: the database still has room
	var up apiError
	if st := r.upload(id, "giay-chung-sinh", scantest.JPEG(64, 64), &up); st != 507 || up.Error != "disk_full" ||
		!strings.Contains(up.Message, "The disk is full") {
		t.Fatalf("upload on a full disk: %d %+v", st, up)
	}
	var in apiError
	if st := r.json("POST", "/api/v1/session", map[string]string{"username": "helper", "password": "long enough password"}, &in); st != 507 ||
		in.Error != "disk_full" {
		t.Fatalf("API sign-in on a full disk: %d %+v", st, in)
	}
	r.token = "" // the sign-in page, as a signed-out browser posts it
	form := url.Values{"username": {"helper"}, "password": {"long enough password"}}
	for lang, want := range map[string]string{"vi": "Ổ đĩa đã đầy", "en": "The disk is full"} {
		st, body, _ := r.page("POST", "/signin", form, lang)
		if st != 507 || !strings.Contains(body, want) {
			t.Fatalf("%s sign-in page on a full disk: %d, no %q", lang, st, want)
		}
	}
}
