package agent

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/configs"
	"fieldkit/sync/portal"
	"fieldkit/sync/portal/igate"
	"fieldkit/sync/portalsim"
)

// The rig of TestEndToEnd_Lifecycle: the kit's API and the portal's back
// office as the test reads and drives them, and the counts it checks.

// lifeDossier is GET /api/v1/dossiers/{id} as these tests read it.
type lifeDossier struct {
	ID           string `json:"id"`
	TrackingCode string `json:"tracking_code"`
	Status       string `json:"status"`
	Portal       *struct {
		DossierID   string                   `json:"dossier_id"`
		ReceiptCode string                   `json:"receipt_code"`
		Status      string                   `json:"status"`
		StatusCode  int                      `json:"status_code"`
		DueDate     string                   `json:"due_date"`
		Supplement  *model.SupplementRequest `json:"supplement"`
		Fee         *model.FeeDue            `json:"fee"`
		Results     []model.ResultRef        `json:"results"`
		Events      []model.PortalEvent      `json:"events"`
	} `json:"portal"`
	Documents []model.Document `json:"documents"`
	History   []model.Event    `json:"history"`
}

// lifeRig is one adapter's portal and kit, and a signed-in helper.
type lifeRig struct {
	t       *testing.T
	adapter string
	kit     *client // the helper, on the kit's API
	sim     *client // the officer, on the portal's back office
	portal  string  // the portal's URL
	// faults: the portal misbehaves (FIELDKIT_LIFE_FAULTS): a request
	// may arrive twice, so only what the portal holds is counted.
	faults bool
	// browser holds the session cookie the pages need.
	browser  *http.Client
	password string
}

// receivedCode is the status code the portal gives a received dossier:
// the reference contract gives none until the back office sets one;
// igate always answers one.
func (r *lifeRig) receivedCode() int {
	if r.adapter == configs.AdapterIGate {
		return model.CodeReceived
	}
	return 0
}

// dossier reads the kit's view of one dossier.
func (r *lifeRig) dossier(id string) lifeDossier {
	r.t.Helper()
	var d lifeDossier
	if st := r.kit.json("GET", "/api/v1/dossiers/"+id, nil, &d); st != 200 {
		r.t.Fatalf("GET dossier %s: %d", id, st)
	}
	return d
}

// until asks the kit for news ("any news?": sync now) and reads the
// dossier until ok holds, or fails after within.
func (r *lifeRig) until(id string, within time.Duration, what string, ok func(lifeDossier) bool) lifeDossier {
	r.t.Helper()
	deadline := time.Now().Add(within)
	for {
		d := r.dossier(id)
		if ok(d) {
			return d
		}
		if time.Now().After(deadline) {
			b, _ := json.Marshal(d)
			r.t.Fatalf("dossier not %s after %v: %s", what, within, b)
		}
		if st := r.kit.json("POST", "/api/v1/sync/now", nil, nil); st != 202 {
			r.t.Fatalf("sync now: %d", st)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// simDossier is what the portal holds of the dossier with this official
// code (under igate the kit knows the dossier by its code alone).
func (r *lifeRig) simDossier(code string) portalsim.Dossier {
	r.t.Helper()
	var list portalsim.DossierList
	if st := r.sim.json("GET", "/_sim/dossiers", nil, &list); st != 200 {
		r.t.Fatalf("GET /_sim/dossiers: %d", st)
	}
	for _, d := range list.Dossiers {
		if d.ReceiptCode == code {
			return d
		}
	}
	r.t.Fatalf("the portal holds no dossier %s", code)
	return portalsim.Dossier{}
}

// simUntil reads the portal's dossier until ok holds.
func (r *lifeRig) simUntil(code string, within time.Duration, what string, ok func(portalsim.Dossier) bool) portalsim.Dossier {
	r.t.Helper()
	deadline := time.Now().Add(within)
	for {
		d := r.simDossier(code)
		if ok(d) {
			return d
		}
		if time.Now().After(deadline) {
			b, _ := json.Marshal(d)
			r.t.Fatalf("the portal's dossier not %s after %v: %s", what, within, b)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// decide posts a back-office decision.
func (r *lifeRig) decide(pid string, d portalsim.BackOffice) {
	r.t.Helper()
	var out map[string]any
	if st := r.sim.json("POST", "/_sim/dossiers/"+pid+"/status", d, &out); st != http.StatusNoContent {
		r.t.Fatalf("back office %+v: %d %v", d, st, out)
	}
}

// igateNextCode draws the next official code from the igate face, as the
// adapter does (a token, then PUT …/--get-next-value).
func (r *lifeRig) igateNextCode(procedure string) string {
	t := r.t
	t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}}
	req, _ := http.NewRequest("POST", r.portal+igate.TokenPath(igate.DefaultRealm), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(portal.DefaultClientID, portal.DefaultClientSecret)
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	r.httpJSON(req, &tok)
	req, _ = http.NewRequest("PUT", r.portal+fmt.Sprintf(igate.PathCodeNext, "default")+"?code="+url.QueryEscape(procedure), nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	var v igate.NextValue
	r.httpJSON(req, &v)
	return v.Value
}

func (r *lifeRig) httpJSON(req *http.Request, out any) {
	r.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || json.Unmarshal(b, out) != nil {
		r.t.Fatalf("%s %s: %d %s", req.Method, req.URL.Path, resp.StatusCode, b)
	}
}

// download reads one of the kit's files.
func (r *lifeRig) download(path string) ([]byte, string) {
	r.t.Helper()
	req, _ := http.NewRequest("GET", r.kit.base+path, nil)
	req.Header.Set("Authorization", "Bearer "+r.kit.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		r.t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
	}
	return b, resp.Header.Get("Content-Type")
}

// page reads the dossier's page, as the helper's browser does, and checks
// that it says each of wants (HTML-escaped as the page writes text).
func (r *lifeRig) page(id string, wants ...string) {
	r.t.Helper()
	if r.browser == nil {
		jar, _ := cookiejar.New(nil)
		r.browser = &http.Client{Jar: jar}
		body, _ := json.Marshal(map[string]string{"username": "helper", "password": r.password})
		resp, err := r.browser.Post(r.kit.base+"/api/v1/session", "application/json", bytes.NewReader(body))
		if err != nil {
			r.t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			r.t.Fatalf("browser sign in: %d", resp.StatusCode)
		}
	}
	resp, err := r.browser.Get(r.kit.base + "/dossiers/" + id)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		r.t.Fatalf("the dossier page: %d %.300s", resp.StatusCode, b)
	}
	for _, w := range wants {
		if !strings.Contains(string(b), html.EscapeString(w)) {
			r.t.Errorf("the dossier page does not say %q", w)
		}
	}
}

// vnDay is the Vietnamese calendar date days from today, YYYY-MM-DD.
func vnDay(days int) string {
	return time.Now().In(model.VietnamTime).AddDate(0, 0, days).Format(time.DateOnly)
}

// historyHas counts the history's entries of one kind.
func historyHas(d lifeDossier, kind string) int {
	n := 0
	for _, e := range d.History {
		if e.Kind == kind {
			n++
		}
	}
	return n
}

// supplementToResult: the portal asks for a supplement, the helper
// attaches two documents and sends them, the portal holds each once;
// processing; a result document, downloaded byte for byte; every
var requestLogRE = regexp.MustCompile(`msg=request .*method=(\S+) route=("[^"]*"|\S*) status=(\d+)`)

// checkRequests counts, in the portal's request log, the answered
// requests that carry a document, a supplement, a withdrawal, a payment
// or a result: with no faults each went once, a restart of the kit
// included.
func (r *lifeRig) checkRequests(log string) {
	r.t.Helper()
	ok := map[string]int{}
	for _, m := range requestLogRE.FindAllStringSubmatch(log, -1) {
		if st, _ := strconv.Atoi(m[3]); st < 300 {
			route := strings.Trim(m[2], `"`)
			if !strings.HasPrefix(route, m[1]+" ") {
				route = m[1] + " " + route // the tus handler's pattern names no method
			}
			ok[route]++
		}
	}
	// 4 dossiers of 2 documents, and supplements of 2 and 1.
	const documents = 4*2 + 2 + 1
	var want map[string]int
	switch r.adapter {
	case configs.AdapterReference:
		want = map[string]int{
			"POST " + portal.PathUploads: documents, "PATCH " + portal.PathUploads: documents,
			"POST /api/v1/dossiers/{pid}/supplements": 2, "POST /api/v1/dossiers/{pid}/supplements/{round}/submit": 2,
			"POST /api/v1/dossiers/{pid}/withdraw": 2, "POST /api/v1/dossiers/{pid}/payments": 2,
			"GET /api/v1/dossiers/{pid}/results/{rid}": 2,
		}
	case configs.AdapterIGate:
		// A file the portal holds already (found by its hash) is not
		// sent again: each document is either uploaded or found, once.
		if up, found := ok["POST "+igate.PathFiles], ok["GET "+igate.PathFileByHash]; up+found != documents {
			r.t.Errorf("igate: %d files uploaded and %d found by hash, want %d in all", up, found, documents)
		}
		want = map[string]int{
			"POST " + igate.PathApply: 4, "POST " + igate.PathSupplement: 2, "PUT " + igate.PathWithdraw: 2,
			"POST " + igate.PathPayment: 2, "GET " + igate.PathFile + "{id}": 2,
		}
	}
	for route, n := range want {
		if ok[route] != n {
			r.t.Errorf("the portal answered %q %d times, want %d", route, ok[route], n)
		}
	}
}
