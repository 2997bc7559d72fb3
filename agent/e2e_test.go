package agent

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"fieldkit/scanner/scantest"
)

// lockedBuffer collects a command's output while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var urlRE = regexp.MustCompile(`http://127\.0\.0\.1:\d+`)

// process is a fieldkit command running in-process, as main would run it.
type process struct {
	URL    string
	Stdout *lockedBuffer
	Stderr *lockedBuffer // the logs
	stop   func()
}

// startMatching runs a command that prints a URL matching re and returns
// that URL once it printed it.
func startMatching(t *testing.T, re *regexp.Regexp, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, errOut := &lockedBuffer{}, &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, args, func(string) string { return "" }, IO{Stdin: strings.NewReader(""), Stdout: out, Stderr: errOut})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
		}
	})
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := re.FindString(out.String()); m != "" {
			return m
		}
		select {
		case err := <-done:
			t.Fatalf("%v exited early: %v\n%s", args, err, errOut)
		default:
		}
	}
	t.Fatalf("%v printed no URL", args)
	return ""
}

// start runs `fieldkit args…` until the test ends (or stop), and waits
// for the URL it prints and for /healthz to answer.
func start(t *testing.T, args ...string) *process {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &lockedBuffer{}
	errOut := &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, args, func(string) string { return "" }, IO{Stdin: strings.NewReader(""), Stdout: out, Stderr: errOut})
	}()
	p := &process{Stdout: out, Stderr: errOut}
	var once sync.Once
	p.stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("%s stopped with error: %v", args[0], err)
			}
		})
	}
	t.Cleanup(p.stop)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("%v exited early: %v\nstderr:\n%s", args, err, errOut)
		default:
		}
		if m := urlRE.FindString(out.String()); m != "" {
			p.URL = m
			if resp, err := http.Get(m + "/healthz"); err == nil {
				resp.Body.Close()
				if resp.StatusCode == 200 {
					return p
				}
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%v did not come up; stdout %q stderr %q", args, out, errOut)
	return nil
}

// client is a signed-in API client.
type client struct {
	t     *testing.T
	base  string
	token string
}

func (c *client) do(method, path string, body io.Reader, contentType string, out any) int {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && len(b) > 0 {
		if err := json.Unmarshal(b, out); err != nil {
			c.t.Fatalf("%s %s: %d %s: %v", method, path, resp.StatusCode, b, err)
		}
	}
	return resp.StatusCode
}

func (c *client) json(method, path string, in, out any) int {
	c.t.Helper()
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
	}
	return c.do(method, path, body, "application/json", out)
}

func (c *client) upload(dossierID, component, filename string, data []byte) map[string]any {
	c.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("component", component)
	fw, _ := w.CreateFormFile("file", filename)
	fw.Write(data)
	w.Close()
	var out map[string]any
	if st := c.do("POST", "/api/v1/dossiers/"+dossierID+"/documents", &buf, w.FormDataContentType(), &out); st != 201 {
		c.t.Fatalf("upload %s: %d %v", filename, st, out)
	}
	return out
}

// signIn signs in as the demo operator whose password serve --demo printed.
func signIn(t *testing.T, kit *process) *client {
	t.Helper()
	c := &client{t: t, base: kit.URL}
	var out struct{ Token string }
	if st := c.json("POST", "/api/v1/session", map[string]string{"username": "demo", "password": demoPasswordFrom(t, kit)}, &out); st != 200 {
		t.Fatalf("sign in: %d", st)
	}
	c.token = out.Token
	return c
}

var demoPwRE = regexp.MustCompile(`password "([^"]+)"`)

func demoPasswordFrom(t *testing.T, kit *process) string {
	m := demoPwRE.FindStringSubmatch(kit.Stdout.String())
	if m == nil {
		t.Fatalf("no demo password printed: %q", kit.Stdout)
	}
	return m[1]
}

func birthDossier() map[string]any {
	return map[string]any{
		"procedure_code": "1.001193",
		"applicant": map[string]any{"id_number": "048090123456", "full_name": "Nguyễn Văn An", "date_of_birth": "1990-05-17",
			"gender": "male", "phone": "0905123456", "address": map[string]any{"commune_code": "20242", "detail": "12 Bạch Đằng"}},
		// The declaration, checked against the catalog's form schema.
		"form": map[string]any{"kinh_gui": "Ủy ban nhân dân phường Hải Châu", "nguoi_yeu_cau_ho_ten": "Nguyễn Văn An",
			"nguoi_yeu_cau_giay_to": "Căn cước công dân số 048090123456", "quan_he": "Cha", "tre_ho_ten": "Nguyễn Văn Bình",
			"tre_ngay_sinh": "2026-11-20", "tre_gioi_tinh": "nam", "tre_dan_toc": "01", "tre_quoc_tich": "VN",
			"tre_noi_sinh": "Bệnh viện Đà Nẵng"},
		"consent": map[string]any{"given": true, "method": "read_aloud"},
	}
}

type simDossiers struct {
	Dossiers []struct {
		DossierID      string `json:"dossier_id"`
		IdempotencyKey string `json:"idempotency_key"`
		ReceiptCode    string `json:"receipt_code"`
		CreateRequests int    `json:"create_requests"`
		Documents      []struct {
			SHA256 string `json:"sha256"`
			Bytes  int64  `json:"bytes"`
		} `json:"documents"`
	} `json:"dossiers"`
}

func waitStatus(t *testing.T, c *client, id, want string, within time.Duration) map[string]any {
	t.Helper()
	deadline := time.Now().Add(within)
	var d map[string]any
	for time.Now().Before(deadline) {
		d = nil
		c.json("GET", "/api/v1/dossiers/"+id, nil, &d)
		if d["status"] == want {
			return d
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("dossier %s is %v after %v, want %s", id, d["status"], within, want)
	return nil
}

func sha(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func TestEndToEnd_DossierReachesThePortalOnce(t *testing.T) {
	portal := start(t, "portal-sim", "--addr", "127.0.0.1:0", "--data", t.TempDir())
	dataDir := t.TempDir()
	kit := start(t, "serve", "--addr", "127.0.0.1:0", "--data", dataDir, "--portal-url", portal.URL)
	c := &client{t: t, base: kit.URL}
	pw := "correct horse battery"
	mustRun(t, pw+"\n", "operator", "add", "--name", "helper", "--role", "agent", "--data", dataDir)
	var session struct{ Token string }
	if st := c.json("POST", "/api/v1/session", map[string]string{"username": "helper", "password": pw}, &session); st != 200 || session.Token == "" {
		t.Fatalf("sign in: %d", st)
	}
	c.token = session.Token

	var procs struct{ Procedures []struct{ Code string } }
	c.json("GET", "/api/v1/procedures?q=dang+ky+khai+sinh", nil, &procs)
	if len(procs.Procedures) == 0 || procs.Procedures[0].Code != "1.001193" {
		t.Fatalf("search: %+v", procs)
	}
	var created struct{ ID, TrackingCode, Status string }
	if st := c.json("POST", "/api/v1/dossiers", birthDossier(), &created); st != 201 {
		t.Fatalf("create: %d", st)
	}
	pdf := scantest.PDF(2)
	jpg := scantest.JPEG(800, 600)
	doc1 := c.upload(created.ID, "to-khai-khai-sinh", "to-khai.pdf", pdf)
	doc2 := c.upload(created.ID, "giay-chung-sinh", "chung-sinh.jpg", jpg)
	if doc1["status"] != "ready" || doc1["pages"] != 2.0 || doc1["sha256"] != sha(pdf) || doc2["content_type"] != "application/pdf" {
		t.Fatalf("documents: %v %v", doc1, doc2)
	}
	var file []byte
	{
		req, _ := http.NewRequest("GET", kit.URL+"/api/v1/dossiers/"+created.ID+"/documents/"+doc1["id"].(string)+"/file", nil)
		req.Header.Set("Authorization", "Bearer "+c.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		file, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	if !bytes.Equal(file, pdf) {
		t.Fatal("stored file differs from the upload")
	}
	var queued map[string]any
	if st := c.json("POST", "/api/v1/dossiers/"+created.ID+"/submit", nil, &queued); st != 202 || queued["status"] != "queued" {
		t.Fatalf("submit: %d %v", st, queued)
	}
	d := waitStatus(t, c, created.ID, "submitted", 20*time.Second)
	portalRef, _ := d["portal"].(map[string]any)
	receipt, _ := portalRef["receipt_code"].(string)
	if !regexp.MustCompile(`^000\.00\.00\.H48-\d{6}-\d{4}$`).MatchString(receipt) {
		t.Fatalf("receipt code %q", receipt)
	}
	var sim simDossiers
	(&client{t: t, base: portal.URL}).json("GET", "/_sim/dossiers", nil, &sim)
	if len(sim.Dossiers) != 1 {
		t.Fatalf("portal holds %d dossiers, want 1", len(sim.Dossiers))
	}
	got := map[string]bool{}
	for _, doc := range sim.Dossiers[0].Documents {
		got[doc.SHA256] = true
	}
	if len(got) != 2 || !got[sha(pdf)] || !got[doc2["sha256"].(string)] || sim.Dossiers[0].IdempotencyKey != created.ID {
		t.Fatalf("portal dossier %+v", sim.Dossiers[0])
	}
	var st map[string]any
	c.json("GET", "/api/v1/sync", nil, &st)
	if st["queued"] != 0.0 || st["portal_reachable"] != true || st["last_success_at"] == nil {
		t.Fatalf("sync status %v", st)
	}

	// The back of an applicant's ID card, photographed into a new dossier
	// under the name a phone gives it: its QR code holds the card's data,
	// its file name the ID number. Neither may reach the disk in clear.
	// (Not the first applicant's number: the catalog prints that one in
	// its forms' help as an example.)
	nd := birthDossier()
	nd["applicant"] = map[string]any{"id_number": "049190765432", "full_name": "Trần Thị Xuân Hương", "date_of_birth": "1990-05-17",
		"gender": "female", "phone": "0905777888", "address": map[string]any{"commune_code": "20242", "detail": "45 Lê Duẩn"}}
	delete(nd, "form")
	var second struct{ ID string }
	if st := c.json("POST", "/api/v1/dossiers", nd, &second); st != 201 {
		t.Fatalf("create: %d", st)
	}
	card := scantest.JPEGOf(scantest.QRPage(idCardQR, 1200, 900))
	if doc := c.upload(second.ID, "giay-to-tuy-than", "CCCD_049190765432.jpg", card); doc["status"] != "ready" {
		t.Fatalf("ID card upload: %v", doc)
	}
	var full struct {
		Documents []struct {
			Report []struct{ QR []string }
		}
	}
	c.json("GET", "/api/v1/dossiers/"+second.ID, nil, &full)
	if len(full.Documents) != 1 || len(full.Documents[0].Report) != 1 || len(full.Documents[0].Report[0].QR) != 1 ||
		full.Documents[0].Report[0].QR[0] != idCardQR {
		t.Fatalf("the card's QR was not read back: %+v", full.Documents)
	}
	backups := t.TempDir()
	if out := mustRun(t, "", "backup", "--to", backups, "--data", dataDir); !strings.Contains(out, "Backup written") {
		t.Fatalf("backup: %q", out)
	}
	// While the kit runs (the WAL holds the latest writes), and after.
	noPersonalDataOnDisk(t, dataDir, backups)

	// Neither process logged the applicant's personal data or the token.
	kit.stop()
	portal.stop()
	logs := kit.Stderr.String() + portal.Stderr.String()
	if !strings.Contains(logs, "dossier delivered") {
		t.Fatalf("no delivery logged — are the logs captured? %q", logs)
	}
	for _, secret := range []string{"048090123456", "Nguyễn Văn An", "Nguyen Van An", "0905123456", "12 Bạch Đằng", session.Token, pw} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain personal data or a secret: %q", secret)
		}
	}
	out := mustRun(t, "", "audit", "verify", "--data", dataDir)
	if !strings.Contains(out, "intact") {
		t.Fatalf("audit verify: %q", out)
	}

	// Every file in the data folder — the upload as received, the
	// normalised PDFs, the database — holds none of the documents' text.
	files := 0
	filepath.WalkDir(dataDir, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return nil
		}
		b, _ := os.ReadFile(p)
		for _, plain := range []string{"Field Kit test page", "%PDF-", "endstream"} {
			if bytes.Contains(b, []byte(plain)) {
				t.Errorf("%s holds %q in clear", p, plain)
			}
		}
		files++
		return nil
	})
	if files < 4 {
		t.Fatalf("looked at only %d files", files)
	}
	noPersonalDataOnDisk(t, dataDir, backups)
}

// idCardQR is what the QR code on the back of a chip ID card holds: ID
// number, old ID number, name, date of birth, gender, address, issue date.
const idCardQR = "049190765432|201234567|Trần Thị Xuân Hương|17051990|Nữ|45 Lê Duẩn, Hải Châu, Đà Nẵng|01012021"

// noPersonalDataOnDisk fails the test if any file under dirs (the data
// folder: database, WAL, document files; backups) holds the test
// applicants' names, phones or addresses, the ID card's number or QR
// text, or its file name, in clear.
func noPersonalDataOnDisk(t *testing.T, dirs ...string) {
	t.Helper()
	files := 0
	for _, dir := range dirs {
		filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return nil
			}
			b, _ := os.ReadFile(p)
			for _, plain := range []string{"049190765432", "Trần Thị Xuân Hương", "Xuân Hương", "Xuan Huong", "XUAN HUONG", "45 Lê Duẩn",
				"0905777888", "201234567", "17051990", "CCCD_", "Nguyễn Văn An", "Nguyen Van An", "12 Bạch Đằng", "0905123456"} {
				if bytes.Contains(b, []byte(plain)) {
					t.Errorf("%s holds %q in clear", p, plain)
				}
			}
			files++
			return nil
		})
	}
	if files < 6 {
		t.Fatalf("looked at only %d files", files)
	}
}

func TestEndToEnd_QueuedDossiersAreSentAfterRestart(t *testing.T) {
	// Reserve a port for the portal, and keep it closed for now: the kit
	// starts offline.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	portalAddr := ln.Addr().String()
	ln.Close()

	dataDir := t.TempDir()
	pw := "correct horse battery"
	mustRun(t, pw+"\n", "operator", "add", "--name", "helper", "--role", "agent", "--data", dataDir)
	kit := start(t, "serve", "--addr", "127.0.0.1:0", "--data", dataDir, "--portal-url", "http://"+portalAddr)
	c := &client{t: t, base: kit.URL}
	var session struct{ Token string }
	c.json("POST", "/api/v1/session", map[string]string{"username": "helper", "password": pw}, &session)
	c.token = session.Token
	var ids []string
	for i := 0; i < 3; i++ {
		var created struct{ ID string }
		if st := c.json("POST", "/api/v1/dossiers", birthDossier(), &created); st != 201 {
			t.Fatalf("create: %d", st)
		}
		c.upload(created.ID, "to-khai-khai-sinh", "a.pdf", scantest.PDF(1))
		c.upload(created.ID, "giay-chung-sinh", "b.jpg", scantest.JPEG(64, 64))
		if st := c.json("POST", "/api/v1/dossiers/"+created.ID+"/submit", nil, nil); st != 202 {
			t.Fatalf("submit: %d", st)
		}
		ids = append(ids, created.ID)
	}
	var st map[string]any
	time.Sleep(300 * time.Millisecond) // let the syncer fail once against the closed port
	c.json("GET", "/api/v1/sync", nil, &st)
	if st["portal_reachable"] != false || st["queued"].(float64)+st["sending"].(float64) != 3 {
		t.Fatalf("offline sync status %v", st)
	}
	kit.stop()

	portal := start(t, "portal-sim", "--addr", portalAddr, "--data", t.TempDir())
	kit = start(t, "serve", "--addr", "127.0.0.1:0", "--data", dataDir, "--portal-url", portal.URL)
	c.base = kit.URL
	for _, id := range ids {
		waitStatus(t, c, id, "submitted", 30*time.Second)
	}
	var sim simDossiers
	(&client{t: t, base: portal.URL}).json("GET", "/_sim/dossiers", nil, &sim)
	if len(sim.Dossiers) != 3 {
		t.Fatalf("portal holds %d dossiers, want 3", len(sim.Dossiers))
	}
}

// mustRun runs a short fieldkit command with the given standard input.
func mustRun(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	// A strings.Reader is not a terminal, so the password is read from it.
	if err := Run(context.Background(), args, func(string) string { return "" }, IO{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut}); err != nil {
		t.Fatalf("fieldkit %v: %v\n%s", args, err, errOut.String())
	}
	return out.String()
}

func TestServe_DemoModeRunsPortalAndPrintsWorkingCredentials(t *testing.T) {
	kit := start(t, "serve", "--demo", "--addr", "127.0.0.1:0", "--data", t.TempDir())
	c := signIn(t, kit)
	deadline := time.Now().Add(10 * time.Second)
	for {
		var st map[string]any
		c.json("GET", "/api/v1/sync", nil, &st)
		if st["portal_reachable"] == true {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("demo portal never reachable: %v", st)
		}
		time.Sleep(100 * time.Millisecond)
	}
	resp, err := http.Get(kit.URL + "/?q=ket+hon")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(page), "Đăng ký kết hôn") {
		t.Fatalf("home page search did not list marriage registration")
	}
}

func TestOperatorAdd_GeneratesPasswordAtATerminalOnly(t *testing.T) {
	dir := t.TempDir()
	out := mustRun(t, "a piped password\n", "operator", "add", "--name", "an", "--role", "supervisor", "--data", dir)
	if strings.Contains(out, "password:") {
		t.Fatalf("printed a password although one was piped in: %q", out)
	}
	var errOut bytes.Buffer
	err := Run(context.Background(), []string{"operator", "add", "--name", "an", "--data", dir}, func(string) string { return "" },
		IO{Stdin: strings.NewReader("another password\n"), Stdout: io.Discard, Stderr: &errOut})
	if err == nil {
		t.Fatal("duplicate operator accepted")
	}
	if err := Run(context.Background(), []string{"operator", "add", "--name", "bad", "--role", "boss", "--data", dir},
		func(string) string { return "" }, IO{Stdin: strings.NewReader("long enough pw\n"), Stdout: io.Discard, Stderr: io.Discard}); err == nil {
		t.Fatal("unknown role accepted")
	}
}

func TestCatalogImport_UpsertsByCode(t *testing.T) {
	dir := t.TempDir()
	file := dir + "/cat.json"
	body := `{"procedures":[{"code":"9.999999","name":"Thủ tục thử nghiệm","field":"Thử","level":"commune","channels":[{"kind":"in_person","processing_days":3,"fee_vnd":0}],"components":[{"id":"a","name":"Tờ khai","originals":1,"copies":0,"required":true}]}]}`
	if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	out := mustRun(t, "", "catalog", "import", file, "--data", dir+"/data")
	if !strings.Contains(out, "1 procedures imported") {
		t.Fatalf("import said %q", out)
	}
	mustRun(t, "", "catalog", "import", file, "--data", dir+"/data") // again: an update, not a duplicate
	kit := start(t, "serve", "--addr", "127.0.0.1:0", "--data", dir+"/data", "--portal-url", "http://127.0.0.1:9")
	var procs struct{ Procedures []struct{ Code string } }
	(&client{t: t, base: kit.URL}).json("GET", "/api/v1/procedures?q=thu+nghiem", nil, &procs)
	if len(procs.Procedures) != 1 || procs.Procedures[0].Code != "9.999999" {
		t.Fatalf("imported procedure not found once: %+v", procs)
	}
}

// A client that opened a connection and never sent a request on it (the
// kit's syncer, stopped mid-dial, leaves one in its pool) must not hold
// portal-sim's stop: net/http counts such a connection idle only after
// 5 s, and the stop used to end in "context deadline exceeded". Found by
// CI on TestEndToEnd_QueuedDossiersAreSentAfterRestart.
func TestPortalSim_StopsPromptlyWithASilentConnectionOpen(t *testing.T) {
	portal := start(t, "portal-sim", "--addr", "127.0.0.1:0", "--data", t.TempDir())
	conn, err := net.Dial("tcp", strings.TrimPrefix(portal.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	time.Sleep(50 * time.Millisecond) // let the server accept it
	began := time.Now()
	portal.stop() // fails the test if portal-sim stops with an error
	if took := time.Since(began); took > 4*time.Second {
		t.Errorf("portal-sim took %v to stop, want about %v", took, shutdownGrace)
	}
}
