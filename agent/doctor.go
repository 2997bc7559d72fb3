package agent

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"fieldkit/agent/model"
	"fieldkit/agent/osprotect"
	"fieldkit/agent/sqlite"
	"fieldkit/agent/vault"
	"fieldkit/configs"
	"fieldkit/scanner"
)

// checkState is a doctor check's verdict.
type checkState string

const (
	checkOK   checkState = "OK"
	checkWarn checkState = "WARN"
	checkFail checkState = "FAIL"
	checkNone checkState = "--" // not configured
)

// checkResult is one line of the doctor's report, in plain words.
type checkResult struct {
	Name   string
	State  checkState
	Detail string
	// Summary, when set, is repeated in the report's last line: what a
	// reader who skips the lines must still learn.
	Summary string
}

// doctor runs the health checks. Its fields are what tests vary.
type doctor struct {
	cfg     configs.Config
	now     func() time.Time
	http    *http.Client
	minFree uint64 // bytes of free disk below which the data dir check fails (disk.min_free_bytes)
	// freeSpace reports free bytes on the disk holding dir.
	freeSpace func(dir string) (uint64, error)
	// pdfPages counts a PDF's pages (scanner.InspectPDF; tests break it).
	pdfPages func(pdf []byte) (int, error)
	// buildTime is the earliest date the clock may show: receipts carry dates.
	buildTime time.Time
	// unlock opens the data key the way serve would.
	unlock func() error
	// calendar is the holiday calendar serve would use (checkCalendar).
	calendar    model.Calendar
	calendarErr error
}

func newDoctor(cfg configs.Config) doctor {
	cal, calErr := configs.Calendar(cfg.Receipt.SaturdayMornings)
	return doctor{cfg: cfg, now: time.Now, http: &http.Client{Timeout: 10 * time.Second},
		minFree: uint64(cfg.Disk.MinFreeBytes), freeSpace: diskFree, pdfPages: inspectPages, buildTime: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		calendar: cal, calendarErr: calErr}
}

func runDoctor(ctx context.Context, args []string, getenv Env, stdio IO) error {
	fs := newFlagSet("doctor", stdio.Stderr)
	var common commonFlags
	common.register(fs, getenv)
	var server serverFlags
	server.register(fs, getenv)
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	cfg, err := common.load(getenv, newLogger(stdio.Stderr, "warn"))
	if err != nil {
		return err
	}
	server.apply(&cfg)
	d := newDoctor(cfg)
	warnings := newLogger(stdio.Stderr, "warn")
	d.unlock = func() error { _, err := unlockVault(cfg, getenv, warnings); return err }
	results := d.run(ctx)
	failed, warned := 0, 0
	var summaries []string
	for _, r := range results {
		fmt.Fprintf(stdio.Stdout, "%-4s  %-22s %s\n", r.State, r.Name, r.Detail)
		switch r.State {
		case checkFail:
			failed++
		case checkWarn:
			warned++
		}
		if r.Summary != "" {
			summaries = append(summaries, r.Summary)
		}
	}
	also := ""
	if len(summaries) > 0 {
		also = " (" + strings.Join(summaries, "; ") + ")"
	}
	if failed > 0 {
		return fmt.Errorf("%d checks failed%s: see above", failed, also)
	}
	if warned > 0 {
		// The kit works, but someone should read the warnings.
		fmt.Fprintf(stdio.Stdout, "The kit can run; %d warnings above are worth a look%s.\n", warned, also)
		return nil
	}
	fmt.Fprintln(stdio.Stdout, "Everything checked is fine.")
	return nil
}

// run performs every check in order; none stops the others.
func (d doctor) run(ctx context.Context) []checkResult {
	portal, serverTime := d.checkPortal(ctx)
	return []checkResult{
		d.checkDataDir(),
		d.checkDatabase(ctx),
		d.checkStuckDocuments(ctx),
		d.checkKey(),
		// After checkKey: unlocking creates, rewraps and restricts the key
		// file, as a start would, and this reports what that left.
		d.checkDataAccess(),
		portal,
		d.checkClock(serverTime),
		d.checkScanner(),
		d.checkPort(ctx),
		d.checkCalendar(),
	}
}

func (d doctor) checkDataDir() checkResult {
	r := checkResult{Name: "data folder"}
	dir := d.cfg.DataDir
	if err := os.MkdirAll(dir, 0o700); err != nil {
		r.State, r.Detail = checkFail, fmt.Sprintf("cannot create the data folder %s: %v. Check the disk and the folder's permissions.", dir, err)
		return r
	}
	f, err := os.CreateTemp(dir, ".doctor-*")
	if err != nil {
		r.State, r.Detail = checkFail, fmt.Sprintf("cannot write in %s: %v. The kit could not save dossiers there.", dir, err)
		return r
	}
	f.Close()
	os.Remove(f.Name())
	free, err := d.freeSpace(dir)
	if err != nil {
		r.State, r.Detail = checkWarn, fmt.Sprintf("%s is writable, but free space is unknown: %v", dir, err)
		return r
	}
	if space := (model.DiskSpace{Known: true, Free: free, MinFree: d.minFree}); space.Low() {
		r.State, r.Detail = checkFail, fmt.Sprintf("only %s free on the disk holding %s (need %s, disk.min_free_bytes): free space on the disk or move the data folder to a bigger disk; once it is full nothing new can be saved.", human(free), dir, human(d.minFree))
		r.Summary = "the disk is nearly full"
		return r
	}
	r.State, r.Detail = checkOK, fmt.Sprintf("%s is writable, %s free", dir, human(free))
	return r
}

// checkDataAccess tells whether other accounts on this computer are kept
// out of the data folder and the key file: 0700/0600 on Unix; on Windows
// an access list letting in only SYSTEM and Administrators. That matters
// on Windows too despite DPAPI: its machine scope lets any local account
// that can read the key file unwrap it. Every start restricts both, so an
// open one here means that failed (the log says why).
func (d doctor) checkDataAccess() checkResult {
	r := checkResult{Name: "data folder access"}
	paths := []string{d.cfg.DataDir}
	if d.cfg.Encryption.Mode == "" || d.cfg.Encryption.Mode == vault.ModeKeyFile {
		if keyFile, _ := keyPaths(d.cfg); fileExists(keyFile) {
			paths = append(paths, keyFile) // none yet before the first start
		}
	}
	var open, closed []string
	for _, p := range paths {
		ok, detail, err := osprotect.Check(p)
		switch {
		case err != nil:
			open = append(open, fmt.Sprintf("cannot tell who may open %s (%v)", p, err))
		case !ok:
			open = append(open, p+": "+detail)
		default:
			closed = append(closed, p+": "+detail)
		}
	}
	if len(open) > 0 {
		r.State, r.Detail = checkWarn, strings.Join(open, "; ")+
			". Other users of this computer could read the data; the kit could not restrict it (see the warning above or in the log; "+restrictHint()+")."
		return r
	}
	r.State, r.Detail = checkOK, strings.Join(closed, "; ")
	return r
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// restrictHint says who can fix the folder's or key file's access.
func restrictHint() string {
	if runtime.GOOS == "windows" {
		return "run fieldkit as an administrator, or start the service, to restrict it"
	}
	return "run fieldkit as the account that owns the data, or chmod it to 0700 (files 0600)"
}

func (d doctor) checkDatabase(ctx context.Context) checkResult {
	r := checkResult{Name: "database"}
	path := filepath.Join(d.cfg.DataDir, sqlite.DBFileName)
	if _, err := os.Stat(path); os.IsNotExist(err) {
		r.State, r.Detail = checkOK, "no database yet: it is created on first start"
		return r
	}
	problems, err := sqlite.IntegrityCheck(ctx, path)
	if err != nil {
		r.State, r.Detail = checkFail, fmt.Sprintf("the database cannot be read, it may be damaged (%v). Restore the latest backup (fieldkit restore).", err)
		return r
	}
	if len(problems) > 0 {
		r.State, r.Detail = checkFail, fmt.Sprintf("the database is damaged (%s). Stop the kit and restore the latest backup (fieldkit restore).", problems[0])
		return r
	}
	r.State, r.Detail = checkOK, "integrity check passed"
	return r
}

// checkKey unlocks the data key as serve would: without it no personal
// data can be read or written. On Windows, in key-file mode, it also tells
// whether the key file is wrapped with DPAPI (who may read the file is
// checkDataAccess's part).
func (d doctor) checkKey() checkResult {
	r := checkResult{Name: "encryption key"}
	if d.unlock == nil {
		r.State, r.Detail = checkNone, "not checked"
		return r
	}
	if err := d.unlock(); err != nil {
		r.State, r.Detail = checkFail, "the data key cannot be unlocked: "+err.Error()+
			" (passphrase mode: set FIELDKIT_PASSPHRASE; key-file mode: check encryption.key_file)"
		return r
	}
	mode := d.cfg.Encryption.Mode
	if mode == "" {
		mode = vault.ModeKeyFile
	}
	r.State, r.Detail = checkOK, "unlocked ("+mode+" mode)"
	if mode != vault.ModeKeyFile || !vault.OSSealsKeyFile() {
		return r
	}
	keyFile, _ := keyPaths(d.cfg)
	sealed, err := vault.KeyFileSealed(keyFile)
	switch {
	case err != nil:
		r.State, r.Detail = checkWarn, r.Detail+", but "+err.Error()
	case !sealed:
		r.State, r.Detail = checkWarn, r.Detail+", but the key file is not wrapped with DPAPI, so a copy of it opens the data on any computer (the kit wraps it at start; see the log for why it could not)"
	default:
		r.Detail += "; the key file is wrapped with DPAPI for this computer"
	}
	return r
}

// checkPortal asks the portal's health check; it returns the portal's
// clock (its Date header) for the clock check, zero if unknown.
func (d doctor) checkPortal(ctx context.Context) (checkResult, time.Time) {
	r := checkResult{Name: "portal"}
	url := strings.TrimRight(d.cfg.PortalURL, "/") + "/healthz"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		r.State, r.Detail = checkFail, fmt.Sprintf("the portal address %q is not valid: fix portal_url in the config", d.cfg.PortalURL)
		return r, time.Time{}
	}
	resp, err := d.http.Do(req)
	if err != nil {
		r.State, r.Detail = checkWarn, fmt.Sprintf("cannot reach the portal at %s: no link right now? Dossiers wait safely in the queue (%v)", d.cfg.PortalURL, err)
		return r, time.Time{}
	}
	defer resp.Body.Close()
	var h struct {
		Status string `json:"status"`
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	serverTime, _ := http.ParseTime(resp.Header.Get("Date"))
	switch {
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		r.State, r.Detail = checkFail, "the portal refuses this kit's credentials: ask the IOC for new ones"
	case resp.StatusCode != http.StatusOK || json.Unmarshal(body, &h) != nil || h.Status != "ok":
		r.State, r.Detail = checkFail, fmt.Sprintf("%s answered, but not as the portal does (HTTP %d): a Wi-Fi login page, or a wrong address?", d.cfg.PortalURL, resp.StatusCode)
	default:
		r.State, r.Detail = checkOK, fmt.Sprintf("%s answers and accepts this kit", d.cfg.PortalURL)
	}
	return r, serverTime
}

func (d doctor) checkClock(serverTime time.Time) checkResult {
	r := checkResult{Name: "clock"}
	now := d.now()
	if now.Before(d.buildTime) {
		r.State, r.Detail = checkFail, fmt.Sprintf("the computer's date is %s, before this version was made: set the date and time, receipts carry dates", now.Format("2006-01-02"))
		return r
	}
	if serverTime.IsZero() {
		r.State, r.Detail = checkOK, fmt.Sprintf("%s (not compared with the portal: no link)", now.UTC().Format(time.RFC3339))
		return r
	}
	if skew := now.Sub(serverTime).Abs(); skew > 5*time.Minute {
		r.State, r.Detail = checkFail, fmt.Sprintf("the computer's clock is %s away from the portal's: set the date and time", skew.Round(time.Minute))
		return r
	}
	r.State, r.Detail = checkOK, "agrees with the portal's"
	return r
}

// checkScanner makes sure documents can be read: it runs the PDF reader
// (MuPDF) over a tiny PDF, the same path an upload takes.
func (d doctor) checkScanner() checkResult {
	r := checkResult{Name: "document reader"}
	pages, err := d.pdfPages([]byte(probePDF()))
	if err != nil || pages != 1 {
		r.State, r.Detail = checkFail, fmt.Sprintf("the PDF reader does not work (%v): reinstall Field Kit", err)
		return r
	}
	r.State, r.Detail = checkOK, "PDF and image uploads can be read"
	return r
}

// checkPort tells whether the UI's address is free, or already served by
// a running Field Kit (which is fine).
func (d doctor) checkPort(ctx context.Context) checkResult {
	r := checkResult{Name: "port"}
	ln, err := net.Listen("tcp", d.cfg.Addr)
	if err == nil {
		ln.Close()
		r.State, r.Detail = checkOK, d.cfg.Addr+" is free for the kit"
		return r
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+d.cfg.Addr+"/healthz", nil)
	if resp, herr := d.http.Do(req); herr == nil {
		var h struct {
			Status, Version string
		}
		json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&h)
		resp.Body.Close()
		if (h.Status == "ok" || h.Status == "disk_low") && h.Version != "" { // disk_low: checkDataDir says more
			r.State, r.Detail = checkOK, fmt.Sprintf("Field Kit %s is already running at %s", h.Version, d.cfg.Addr)
			return r
		}
	}
	r.State, r.Detail = checkFail, fmt.Sprintf("another program uses %s: close it or set another addr in the config", d.cfg.Addr)
	return r
}

func inspectPages(data []byte) (int, error) {
	info, err := scanner.InspectPDF(data, scanner.Limits{MaxPages: 10, MaxPixels: 1 << 20})
	return info.Pages, err
}

func human(b uint64) string {
	switch {
	case b >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(b)/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%.0f MB", float64(b)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", b)
}

// probePDF builds a valid one-page PDF with a correct cross-reference
// table, so MuPDF reads it without repairing (and without warnings).
func probePDF() string {
	objs := []string{
		"<</Type/Catalog/Pages 2 0 R>>",
		"<</Type/Pages/Kids[3 0 R]/Count 1>>",
		"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>",
	}
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.String()
}
