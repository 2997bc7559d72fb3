package agent

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/configs"
	"fieldkit/scanner/scantest"
	"fieldkit/sync/portal"
	"fieldkit/sync/portalsim"
)

// The whole life of a dossier after submission (issue 15), on real
// processes, under each portal adapter: `fieldkit portal-sim --adapter X`
// and `fieldkit serve --portal-adapter X`, driven through HTTP only — the
// kit's API for the helper, the portal's back office for the officer.
func TestEndToEnd_Lifecycle(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the portal and the kit as processes")
	}
	for _, adapter := range []string{configs.AdapterReference, configs.AdapterIGate} {
		t.Run(adapter, func(t *testing.T) { lifecycleRun(t, adapter) })
	}
}

func lifecycleRun(t *testing.T, adapter string) {
	began := time.Now()
	// At debug level the portal logs every request: the test counts uploads.
	simConfig := filepath.Join(t.TempDir(), "portal.yaml")
	if err := os.WriteFile(simConfig, []byte("log_level: debug\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	simArgs := []string{"portal-sim", "--config", simConfig, "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--adapter", adapter}
	// e.g. FIELDKIT_LIFE_FAULTS="503=0.05,429=0.03,reset=0.08,lost=0.1,truncate=0.05,seed=4"
	faults := os.Getenv("FIELDKIT_LIFE_FAULTS")
	if faults != "" {
		simArgs = append(simArgs, "--faults", faults)
	}
	portalProc := start(t, simArgs...)
	dataDir := t.TempDir()
	pw := "correct horse battery"
	mustRun(t, pw+"\n", "operator", "add", "--name", "helper", "--role", "agent", "--data", dataDir)
	kitProc := start(t, "serve", "--addr", "127.0.0.1:0", "--data", dataDir, "--portal-url", portalProc.URL,
		"--portal-adapter", adapter)
	r := &lifeRig{t: t, adapter: adapter, kit: &client{t: t, base: kitProc.URL}, sim: &client{t: t, base: portalProc.URL},
		portal: portalProc.URL, faults: faults != "", password: pw}
	var session struct{ Token string }
	if st := r.kit.json("POST", "/api/v1/session", map[string]string{"username": "helper", "password": pw}, &session); st != 200 {
		t.Fatalf("sign in: %d", st)
	}
	r.kit.token = session.Token

	// 1. Create → official code → received.
	a := r.fileDossier()
	r.checkOfficialCode(a)

	// 2. Supplement → processing → result, on the first dossier.
	result := r.supplementToResult(a)
	// The result is kept encrypted, like every document.
	filepath.WalkDir(dataDir, func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			if b, _ := os.ReadFile(p); bytes.Contains(b, result) {
				t.Errorf("%s holds the result in clear", p)
			}
		}
		return nil
	})

	// 3. A fee due and a payment recorded, on a second.
	b := r.fileDossier()
	r.feeAndPayment(b)

	// 4. A withdrawal, on a third.
	c := r.fileDossier()
	r.withdrawal(c)
	// And a fourth, withdrawn instead of answering a supplement request.
	r.withdrawalInsteadOfSupplement(r.fileDossier())

	// 5. After a restart of the kit, pulls send nothing again and record
	// nothing twice.
	before := map[string]lifeDossier{}
	for _, id := range []string{a.ID, b.ID, c.ID} {
		before[id] = r.dossier(id)
	}
	kitProc.stop()
	kitProc = start(t, "serve", "--addr", "127.0.0.1:0", "--data", dataDir, "--portal-url", portalProc.URL,
		"--portal-adapter", adapter)
	r.kit.base, r.browser = kitProc.URL, nil
	if st := r.kit.json("POST", "/api/v1/session", map[string]string{"username": "helper", "password": pw}, &session); st != 200 {
		t.Fatalf("sign in again: %d", st)
	}
	r.kit.token = session.Token
	// One new event on the open dossier proves a pull went by.
	r.decide(r.simDossier(b.Portal.ReceiptCode).DossierID, portalsim.BackOffice{
		Events: []portalsim.BackOfficeEvent{{Department: "Phòng Tư pháp", Role: "chuyên viên", Note: "Đã nhận lệ phí"}}})
	r.until(b.ID, 10*time.Second, "told of the new event", func(d lifeDossier) bool { return len(d.Portal.Events) > 0 })
	for i := 0; i < 3; i++ {
		r.kit.json("POST", "/api/v1/sync/now", nil, nil)
		time.Sleep(100 * time.Millisecond)
	}
	for id, was := range before {
		now := r.dossier(id)
		if id == b.ID {
			was.History = append(was.History, model.Event{})
			was.Portal.Events = append(was.Portal.Events, model.PortalEvent{})
		}
		if now.Status != was.Status || len(now.History) != len(was.History) || len(now.Portal.Events) != len(was.Portal.Events) ||
			len(now.Portal.Results) != len(was.Portal.Results) {
			t.Errorf("dossier %s after a restart: %s with %d history entries, %d events, %d results; was %s, %d, %d, %d", id,
				now.Status, len(now.History), len(now.Portal.Events), len(now.Portal.Results),
				was.Status, len(was.History), len(was.Portal.Events), len(was.Portal.Results))
		}
	}
	for _, res := range before[a.ID].Portal.Results {
		if got, _ := r.download("/api/v1/dossiers/" + a.ID + "/results/" + url.PathEscape(res.ID) + "/file"); sha(got) != res.SHA256 {
			t.Errorf("after a restart the result %q differs", res.Name)
		}
	}
	r.checkPayments(b.Portal.ReceiptCode)
	if held := r.simDossier(a.Portal.ReceiptCode); len(held.Supplements) != 2 {
		t.Errorf("after a restart the portal holds %d supplement rounds", len(held.Supplements))
	}

	t.Logf("%s: the whole life in %s", adapter, time.Since(began).Round(time.Millisecond))
	if !r.faults {
		r.checkRequests(portalProc.Stderr.String())
	}
}

// fileDossier creates a birth registration with two documents, queues it,
// and waits until the portal received it.
func (r *lifeRig) fileDossier() lifeDossier {
	t := r.t
	t.Helper()
	var created struct{ ID string }
	if st := r.kit.json("POST", "/api/v1/dossiers", birthDossier(), &created); st != 201 {
		t.Fatalf("create: %d", st)
	}
	r.kit.upload(created.ID, "to-khai-khai-sinh", "to-khai.pdf", scantest.PDF(1))
	r.kit.upload(created.ID, "giay-chung-sinh", "chung-sinh.jpg", scantest.JPEG(320, 240))
	if st := r.kit.json("POST", "/api/v1/dossiers/"+created.ID+"/submit", nil, nil); st != 202 {
		t.Fatalf("submit: %d", st)
	}
	return r.until(created.ID, 20*time.Second, "received by the portal with its official code", func(d lifeDossier) bool {
		// The code comes with the first status pull, right after the delivery.
		return d.Status == string(model.StatusSubmitted) && d.Portal != nil && d.Portal.ReceiptCode != "" &&
			d.Portal.StatusCode == r.receivedCode()
	})
}

var officialCodeRE = regexp.MustCompile(`^(\d{3}\.\d{2}\.\d{2}\.H\d{2}-\d{6}-)(\d{4})$`)

// checkOfficialCode: the kit shows the code the portal issued, received;
// under igate it is the value --get-next-value gave before the create;
// the kit's list finds the dossier by that code, whole and in part.
func (r *lifeRig) checkOfficialCode(a lifeDossier) {
	t := r.t
	code := a.Portal.ReceiptCode
	m := officialCodeRE.FindStringSubmatch(code)
	if m == nil {
		t.Fatalf("official code %q", code)
	}
	wantCode := r.receivedCode()
	if a.Portal.Status != portal.StatusReceived || a.Portal.StatusCode != wantCode {
		t.Errorf("portal status %q (%d), want received (%d)", a.Portal.Status, a.Portal.StatusCode, wantCode)
	}
	held := r.simDossier(code)
	if held.Face != r.adapter || held.StatusCode != wantCode || len(held.Documents) != 2 {
		t.Fatalf("the portal holds %+v; the kit shows code %q", held, code)
	}
	if wantID := map[string]string{configs.AdapterReference: held.DossierID, configs.AdapterIGate: code}[r.adapter]; a.Portal.DossierID != wantID {
		t.Errorf("the kit knows the portal's dossier as %q, want %q", a.Portal.DossierID, wantID)
	}
	if r.adapter == configs.AdapterIGate && !r.faults {
		// The code came from the pattern's sequence: the next value the
		// portal issues is the one after it (no other code was drawn).
		seq, _ := strconv.Atoi(m[2])
		if next := r.igateNextCode("1.001193"); next != fmt.Sprintf("%s%04d", m[1], seq+1) {
			t.Errorf("after %s the pattern issues %s: the kit's code did not come from --get-next-value once", code, next)
		}
	}
	part := code[4:] // drops the first group; not part of the tracking code
	if strings.Contains(a.TrackingCode, part) {
		t.Fatalf("the part %q is in the tracking code %q too", part, a.TrackingCode)
	}
	for _, q := range []string{code, part, strings.ToLower(part[4:])} {
		var list struct{ Dossiers []struct{ ID string } }
		if st := r.kit.json("GET", "/api/v1/dossiers?q="+url.QueryEscape(q), nil, &list); st != 200 {
			t.Fatalf("list ?q=%s: %d", q, st)
		}
		if len(list.Dossiers) != 1 || list.Dossiers[0].ID != a.ID {
			t.Errorf("search %q: %+v, want the dossier %s", q, list.Dossiers, a.ID)
		}
	}
}

// progress event in the history once.
func (r *lifeRig) supplementToResult(a lifeDossier) (result []byte) {
	t := r.t
	code, pid := a.Portal.ReceiptCode, r.simDossier(a.Portal.ReceiptCode).DossierID
	// An event's time crosses the wire as the portal writes it (igate:
	// yyyyMMddHHmmss, Vietnam time) and comes back the same instant.
	askedAt := time.Now().Add(-90 * time.Minute).Truncate(time.Second)
	ask := portalsim.BackOffice{StatusCode: model.CodeSupplement, Reason: "Thiếu bản sao giấy chứng sinh có chứng thực",
		Components: []string{"giay-chung-sinh"}, Deadline: vnDay(27), DueDate: vnDay(2),
		Events: []portalsim.BackOfficeEvent{{At: askedAt, Department: "Bộ phận một cửa", Role: "chuyên viên", Note: "Đề nghị bổ sung giấy tờ"}}}
	r.decide(pid, ask)
	d := r.until(a.ID, 10*time.Second, "asked for a supplement", func(d lifeDossier) bool {
		return d.Status == string(model.StatusSupplementRequested) && d.Portal.Supplement != nil
	})
	if s := d.Portal.Supplement; s.Reason != ask.Reason || strings.Join(s.Components, ",") != "giay-chung-sinh" || s.Deadline != ask.Deadline ||
		d.Portal.StatusCode != model.CodeSupplement || d.Portal.DueDate != ask.DueDate {
		t.Fatalf("the kit shows the supplement %+v (code %d, due %s), want %+v", s, d.Portal.StatusCode, d.Portal.DueDate, ask)
	}

	r.page(a.ID, a.Portal.ReceiptCode, "Bổ sung giấy tờ trước ngày", ask.Reason)
	// Nothing attached yet: nothing to send.
	if st := r.kit.json("POST", "/api/v1/dossiers/"+a.ID+"/supplement", nil, nil); st != 422 {
		t.Fatalf("supplement with nothing attached: %d, want 422", st)
	}
	copyPDF := scantest.PDF(2)
	byComponent := r.kit.upload(a.ID, "giay-chung-sinh", "ban-sao-chung-sinh.pdf", copyPDF)
	loose := r.kit.upload(a.ID, "supplement", "giai-trinh.jpg", scantest.JPEG(400, 300))
	want := map[string]int64{}
	for _, doc := range []map[string]any{byComponent, loose} {
		if doc["status"] != "ready" {
			t.Fatalf("supplementary document %v", doc)
		}
		want[doc["sha256"].(string)] = int64(doc["bytes"].(float64))
	}
	if byComponent["sha256"] != sha(copyPDF) || len(want) != 2 {
		t.Fatalf("supplementary documents %v %v", byComponent, loose)
	}
	var queued map[string]any
	if st := r.kit.json("POST", "/api/v1/dossiers/"+a.ID+"/supplement", nil, &queued); st != 202 {
		t.Fatalf("supplement: %d %v", st, queued)
	}
	held := r.simUntil(code, 20*time.Second, "holding the supplement", func(d portalsim.Dossier) bool {
		return len(d.Supplements) > 0 && d.Supplements[0].ReceivedAt != nil
	})
	if len(held.Supplements) != 1 || len(held.Supplements[0].Documents) != len(want) {
		t.Fatalf("the portal holds the supplement rounds %+v, want one with %d documents", held.Supplements, len(want))
	}
	seen := map[string]bool{}
	for _, doc := range held.Supplements[0].Documents {
		if n, ok := want[doc.SHA256]; !ok || n != doc.Bytes || !doc.Received || seen[doc.SHA256] {
			t.Errorf("the portal holds the supplement document %+v; the kit sent %v", doc, want)
		}
		seen[doc.SHA256] = true
	}
	if len(held.Documents) != 2 {
		t.Errorf("the dossier's own documents are %d after the supplement, want 2", len(held.Documents))
	}
	// The kit records the delivery and the new due date the portal set
	// on receipt, and no longer shows the request.
	newDue := vnDay(portalsim.DueDays)
	r.until(a.ID, 10*time.Second, "past its supplement, due "+newDue, func(d lifeDossier) bool {
		return d.Portal.Supplement == nil && historyHas(d, "supplement_sent") == 1 && d.Portal.DueDate == newDue
	})
	if st := r.kit.json("POST", "/api/v1/dossiers/"+a.ID+"/supplement", nil, nil); st != 409 {
		t.Errorf("a second supplement for the same round: %d, want 409", st)
	}

	// Processing again, with a progress event.
	r.decide(pid, portalsim.BackOffice{StatusCode: model.CodeProcessing,
		Events: []portalsim.BackOfficeEvent{{Department: "Phòng Tư pháp", Role: "công chức tư pháp - hộ tịch", Note: "Đã nhận đủ giấy tờ"}}})
	r.until(a.ID, 10*time.Second, "processing", func(d lifeDossier) bool {
		return d.Status == string(model.StatusProcessing) && d.Portal.StatusCode == model.CodeProcessing && d.Portal.Supplement == nil
	})

	// The portal asks once more: a second round, answered with one
	// document, held beside the first.
	again := portalsim.BackOffice{StatusCode: model.CodeSupplement, Reason: "Bản sao chưa rõ nét, đề nghị nộp lại",
		Deadline: vnDay(33)}
	r.decide(pid, again)
	r.until(a.ID, 10*time.Second, "asked for a second supplement", func(d lifeDossier) bool {
		return d.Status == string(model.StatusSupplementRequested) && d.Portal.Supplement != nil &&
			d.Portal.Supplement.Reason == again.Reason && d.Portal.Supplement.Deadline == again.Deadline
	})
	// The officer refines the request before the helper answered it: the
	// open round follows, no new one.
	again.Deadline, again.Components = vnDay(38), []string{"to-khai-khai-sinh"}
	r.decide(pid, again)
	r.until(a.ID, 10*time.Second, "shown the refined request", func(d lifeDossier) bool {
		return d.Portal.Supplement != nil && d.Portal.Supplement.Deadline == again.Deadline &&
			strings.Join(d.Portal.Supplement.Components, ",") == "to-khai-khai-sinh"
	})
	if st := r.kit.json("POST", "/api/v1/dossiers/"+a.ID+"/supplement", nil, nil); st != 422 {
		t.Fatalf("second supplement with nothing attached: %d, want 422", st)
	}
	clearer := r.kit.upload(a.ID, "supplement", "ban-sao-ro.jpg", scantest.JPEG(500, 350))
	if st := r.kit.json("POST", "/api/v1/dossiers/"+a.ID+"/supplement", nil, nil); st != 202 {
		t.Fatalf("second supplement: %d", st)
	}
	held = r.simUntil(code, 20*time.Second, "holding the second round", func(d portalsim.Dossier) bool {
		return len(d.Supplements) > 1 && d.Supplements[1].ReceivedAt != nil
	})
	if len(held.Supplements) != 2 || len(held.Supplements[0].Documents) != 2 || len(held.Supplements[1].Documents) != 1 ||
		held.Supplements[1].Documents[0].SHA256 != clearer["sha256"] || held.Supplements[1].Documents[0].Bytes != int64(clearer["bytes"].(float64)) {
		t.Fatalf("the portal holds the rounds %+v; the second should hold only %v", held.Supplements, clearer["sha256"])
	}
	r.until(a.ID, 10*time.Second, "past its second supplement", func(d lifeDossier) bool {
		return d.Portal.Supplement == nil && historyHas(d, "supplement_sent") == 2
	})

	// Done, with two electronic results: the certificate and an extract.
	result = scantest.PDF(3) // not the bytes of any document
	extract := scantest.JPEG(200, 280)
	sent := map[string]struct {
		body []byte
		ct   string
	}{"Giấy khai sinh (bản điện tử)": {result, "application/pdf"}, "Trích lục khai sinh": {extract, "image/jpeg"}}
	r.decide(pid, portalsim.BackOffice{StatusCode: model.CodeDone,
		Events: []portalsim.BackOfficeEvent{{Department: "Ủy ban nhân dân phường", Role: "lãnh đạo", Note: "Đã ký"}},
		Results: []portalsim.BackOfficeResult{
			{Name: "Giấy khai sinh (bản điện tử)", ContentBase64: base64.StdEncoding.EncodeToString(result), ContentType: "application/pdf"},
			{Name: "Trích lục khai sinh", ContentBase64: base64.StdEncoding.EncodeToString(extract), ContentType: "image/jpeg"}}})
	d = r.until(a.ID, 15*time.Second, "done with its results downloaded", func(d lifeDossier) bool {
		return d.Status == string(model.StatusDone) && len(d.Portal.Results) >= len(sent)
	})
	if len(d.Portal.Results) != len(sent) {
		t.Fatalf("results %+v, want %d", d.Portal.Results, len(sent))
	}
	for _, res := range d.Portal.Results {
		want, ok := sent[res.Name]
		if !ok || res.SHA256 != sha(want.body) || res.Bytes != int64(len(want.body)) || res.ID == "" {
			t.Fatalf("the kit lists the result %+v; the portal holds %s (%d bytes)", res, sha(want.body), len(want.body))
		}
		got, ct := r.download("/api/v1/dossiers/" + a.ID + "/results/" + url.PathEscape(res.ID) + "/file")
		if sha(got) != sha(want.body) || ct != want.ct {
			t.Fatalf("the result file %q: %d bytes (%s), sha256 %s; the portal holds %s", res.Name, len(got), ct, sha(got), sha(want.body))
		}
	}

	r.page(a.ID, "Kết quả đã có: in cho người dân.", "Trích lục khai sinh")
	// Every progress event once, however often the kit asked.
	for i := 0; i < 3; i++ {
		r.kit.json("POST", "/api/v1/sync/now", nil, nil)
	}
	d = r.dossier(a.ID)
	if n := historyHas(d, "portal_event"); n != 3 || len(d.Portal.Events) != 3 {
		t.Fatalf("history holds %d portal_event entries and portal.events %d, want 3 each: %+v", n, len(d.Portal.Events), d.History)
	}
	details := map[string]bool{}
	for _, e := range d.History {
		if e.Kind == "portal_event" {
			details[e.Detail] = true
		}
	}
	if !details["Bộ phận một cửa · chuyên viên"] || !details["Phòng Tư pháp · công chức tư pháp - hộ tịch"] {
		t.Errorf("portal_event entries say %v, want each event's department and role", details)
	}
	notes := map[string]bool{}
	for _, e := range d.Portal.Events {
		notes[e.Note] = true
		if e.Note == "Đề nghị bổ sung giấy tờ" && !e.At.Equal(askedAt) {
			t.Errorf("the event of %s shows at %s", askedAt, e.At)
		}
	}
	if !notes["Đề nghị bổ sung giấy tờ"] || !notes["Đã nhận đủ giấy tờ"] || !notes["Đã ký"] {
		t.Errorf("portal events %+v", d.Portal.Events)
	}
	// The kit keeps each supplementary document with its round.
	rounds := map[int][]string{}
	for _, doc := range d.Documents {
		rounds[doc.Round] = append(rounds[doc.Round], doc.SHA256)
	}
	if len(rounds[0]) != 2 || len(rounds[1]) != 2 || len(rounds[2]) != 1 || rounds[2][0] != clearer["sha256"] {
		t.Errorf("the kit's documents by round: %v", rounds)
	}
	// Pulled many times since, the portal still holds the two rounds.
	if held := r.simDossier(code); len(held.Supplements) != 2 || len(held.Supplements[0].Documents) != 2 ||
		len(held.Supplements[1].Documents) != 1 || len(held.Documents) != 2 {
		t.Errorf("after the result the portal holds %d documents and the supplement rounds %+v", len(held.Documents), held.Supplements)
	}

	// Handed back to the resident (10): the dossier's life ends there.
	r.decide(pid, portalsim.BackOffice{StatusCode: model.CodeReturned, Delivered: true})
	d = r.until(a.ID, 10*time.Second, "returned", func(d lifeDossier) bool {
		return d.Status == string(model.StatusReturned)
	})
	if len(d.Portal.Results) != len(sent) {
		t.Errorf("returned, the kit lists the results %+v", d.Portal.Results)
	}
	return result
}

// feeAndPayment: a fee due shows with its amount and payment reference; a
// payment taken at the counter reaches the portal once.
func (r *lifeRig) feeAndPayment(b lifeDossier) {
	t := r.t
	code, pid := b.Portal.ReceiptCode, r.simDossier(b.Portal.ReceiptCode).DossierID
	// Nothing asked of this dossier yet: neither a supplement nor a payment.
	if st := r.kit.json("POST", "/api/v1/dossiers/"+b.ID+"/supplement", nil, nil); st != 409 {
		t.Errorf("supplement with none asked: %d, want 409", st)
	}
	if st := r.kit.json("POST", "/api/v1/dossiers/"+b.ID+"/payments", map[string]any{"amount_vnd": 8000, "receipt_number": "BL-0041"}, nil); st != 409 {
		t.Errorf("payment with no fee due: %d, want 409", st)
	}
	r.decide(pid, portalsim.BackOffice{StatusCode: model.CodeFeeDue, FeeVND: 8000, Reason: "Lệ phí cấp bản sao trích lục",
		PaymentRef: "DN-PAY-000123"})
	d := r.until(b.ID, 10*time.Second, "fee due", func(d lifeDossier) bool {
		return d.Status == string(model.StatusFeeDue) && d.Portal.Fee != nil
	})
	if f := d.Portal.Fee; f.AmountVND != 8000 || f.PaymentRef != "DN-PAY-000123" || f.Reason != "Lệ phí cấp bản sao trích lục" {
		t.Fatalf("the kit shows the fee %+v", f)
	}
	r.page(b.ID, "DN-PAY-000123")
	// Paid in two parts at the counter: after the first the fee is still
	// due, and the same receipt cannot be recorded twice.
	pay := func(amount int64, receipt string) int {
		return r.kit.json("POST", "/api/v1/dossiers/"+b.ID+"/payments", map[string]any{"amount_vnd": amount, "receipt_number": receipt}, nil)
	}
	if st := pay(5000, "BL-0042"); st != 202 {
		t.Fatalf("payment: %d", st)
	}
	r.simUntil(code, 15*time.Second, "paid in part", func(d portalsim.Dossier) bool { return len(d.Payments) > 0 })
	if d := r.until(b.ID, 10*time.Second, "told the payment went", func(d lifeDossier) bool {
		return historyHas(d, "payment_sent") == 1
	}); d.Status != string(model.StatusFeeDue) {
		t.Fatalf("paid 5000 of 8000, the dossier is %s", d.Status)
	}
	if st := pay(5000, "BL-0042"); st != 422 {
		t.Errorf("the same receipt again: %d, want 422", st)
	}
	if st := pay(3000, "BL-0043"); st != 202 {
		t.Fatalf("second payment: %d", st)
	}
	// Paid in full, the portal goes back to processing; the kit follows,
	// pulling several times: no payment is sent again.
	r.until(b.ID, 15*time.Second, "processing after the payments", func(d lifeDossier) bool {
		return d.Status == string(model.StatusProcessing) && d.Portal.Fee == nil
	})
	for i := 0; i < 3; i++ {
		r.kit.json("POST", "/api/v1/sync/now", nil, nil)
		time.Sleep(50 * time.Millisecond)
	}
	if n := historyHas(r.dossier(b.ID), "payment_sent"); n != 2 {
		t.Errorf("%d payment_sent entries, want 2", n)
	}
	r.checkPayments(code)
}

// checkPayments: the portal holds the two counter payments, once each.
func (r *lifeRig) checkPayments(code string) {
	r.t.Helper()
	held := r.simDossier(code)
	got := map[string]int64{}
	for _, p := range held.Payments {
		if p.Requests != 1 && !r.faults {
			r.t.Errorf("payment %s arrived %d times", p.ReceiptNumber, p.Requests)
		}
		got[p.ReceiptNumber] = p.AmountVND
	}
	if len(held.Payments) != 2 || got["BL-0042"] != 5000 || got["BL-0043"] != 3000 {
		r.t.Errorf("the portal holds the payments %+v, want BL-0042 for 5000 and BL-0043 for 3000, once each", held.Payments)
	}
}

// withdrawal: the resident withdraws; the portal records it and confirms
// (code 7); the kit ends withdrawn.
func (r *lifeRig) withdrawal(c lifeDossier) {
	t := r.t
	code, pid := c.Portal.ReceiptCode, r.simDossier(c.Portal.ReceiptCode).DossierID
	if st := r.kit.json("POST", "/api/v1/dossiers/"+c.ID+"/withdraw", map[string]string{"reason": ""}, nil); st != 422 {
		t.Fatalf("withdraw without a reason: %d, want 422", st)
	}
	if st := r.kit.json("POST", "/api/v1/dossiers/"+c.ID+"/withdraw", map[string]string{"reason": "Người dân xin rút để nộp lại sau"}, nil); st != 202 {
		t.Fatalf("withdraw: %d", st)
	}
	r.simUntil(code, 15*time.Second, "withdrawn", func(d portalsim.Dossier) bool { return d.Withdrawn })
	r.decide(pid, portalsim.BackOffice{StatusCode: model.CodeWithdrawn})
	d := r.until(c.ID, 10*time.Second, "withdrawn", func(d lifeDossier) bool {
		return d.Status == string(model.StatusWithdrawn)
	})
	if d.Portal.StatusCode != model.CodeWithdrawn {
		t.Errorf("withdrawn with the portal's code %d, want 7", d.Portal.StatusCode)
	}
	r.page(c.ID, "Hồ sơ đã rút theo yêu cầu của người dân; không cần làm gì thêm.")
}

// withdrawalInsteadOfSupplement: asked for a supplement, the resident
// withdraws with a document attached but not sent; the document never
// reaches the portal, and the request goes.
func (r *lifeRig) withdrawalInsteadOfSupplement(e lifeDossier) {
	t := r.t
	code, pid := e.Portal.ReceiptCode, r.simDossier(e.Portal.ReceiptCode).DossierID
	r.decide(pid, portalsim.BackOffice{StatusCode: model.CodeSupplement, Reason: "Thiếu giấy tờ", Deadline: vnDay(28)})
	r.until(e.ID, 10*time.Second, "asked for a supplement", func(d lifeDossier) bool {
		return d.Status == string(model.StatusSupplementRequested)
	})
	r.kit.upload(e.ID, "supplement", "chua-gui.jpg", scantest.JPEG(300, 200))
	if st := r.kit.json("POST", "/api/v1/dossiers/"+e.ID+"/withdraw", map[string]string{"reason": "Không bổ sung được"}, nil); st != 202 {
		t.Fatalf("withdraw while a supplement is asked: %d", st)
	}
	if st := r.kit.json("POST", "/api/v1/dossiers/"+e.ID+"/withdraw", map[string]string{"reason": "lần nữa"}, nil); st != 409 {
		t.Errorf("a second withdrawal: %d, want 409", st)
	}
	d := r.until(e.ID, 15*time.Second, "withdrawn", func(d lifeDossier) bool {
		return d.Status == string(model.StatusWithdrawn)
	})
	if d.Portal.Supplement != nil || d.Portal.StatusCode != model.CodeWithdrawn {
		t.Errorf("withdrawn, the kit shows the supplement %+v and code %d", d.Portal.Supplement, d.Portal.StatusCode)
	}
	if held := r.simDossier(code); !held.Withdrawn || len(held.Supplements) != 0 {
		t.Errorf("the portal holds withdrawn=%v and the supplement rounds %+v", held.Withdrawn, held.Supplements)
	}
	if st := r.kit.json("POST", "/api/v1/dossiers/"+e.ID+"/supplement", nil, nil); st != 409 {
		t.Errorf("a supplement after the withdrawal: %d, want 409", st)
	}
}
