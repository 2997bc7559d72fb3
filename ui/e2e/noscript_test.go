package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/go-rod/rod/lib/proto"
)

// TestBrowser_CounterFlowWithoutScript completes the counter flow with
// the kit's script blocked, as on a phone whose browser has scripting off
// or a link so poor that app.js never arrives: search by submitting the
// form, pick the commune from the full list, upload with the form's own
// button, review, submit, receipt. (The browser still runs the test
// driver's own scripts: rod needs them to type and click, so blocking
// app.js is how scripting is taken away from the page.)
func TestBrowser_CounterFlowWithoutScript(t *testing.T) {
	s := getSuite(t)
	jpeg, pdf := testFiles(t)
	f := newFlow(t, s, viewports[0], "noscript")
	if err := (proto.NetworkEnable{}).Call(f.p); err != nil {
		t.Fatal(err)
	}
	if err := (proto.NetworkSetBlockedURLs{Urls: []string{"*/static/app.js*"}}).Call(f.p); err != nil {
		t.Fatal(err)
	}
	f.signIn(s.Password)
	if f.p.MustEval(`() => document.documentElement.classList.contains("js")`).Bool() {
		t.Fatal("app.js ran: it was meant to be blocked")
	}

	f.input("#q", "dang ky khai sinh")
	f.submit(`form.search button[type=submit]`)
	f.shot("search")
	f.submit(`#results a.title`) // the first result
	if !strings.Contains(f.text("main"), "Giấy chứng sinh") {
		t.Fatal("the checklist does not list Giấy chứng sinh")
	}
	f.submit("#start-dossier")

	id := "048190123459" // female, born in 1990
	f.fillBirthFiling(birthFiling{ID: id, Name: "Lê Thị Hoa", Born: time.Date(1990, 8, 1, 0, 0, 0, 0, time.UTC),
		Gender: "Nữ", Phone: "0905123459", Street: "7 Trần Phú", Relation: "Mẹ", Child: "Lê Minh Khang"})
	if f.p.MustElement("#commune-filter").MustVisible() {
		t.Fatal("the commune filter shows without script, where it cannot work")
	}
	f.p.MustElement(`[name="applicant.address.commune_code"]`).MustSelect("Phường Hải Châu")
	f.submit("#create")
	if !f.p.MustHas("#dossier-status") {
		f.shot("not-created")
		t.Fatalf("creating did not lead to the dossier: %s", f.p.MustInfo().URL)
	}
	if !strings.Contains(f.text("#dossier-status"), "Đang lập") {
		t.Fatalf("after creating: status %q", f.text("#dossier-status"))
	}

	// Without script a file input does nothing by itself: the form's own
	// upload button sends it.
	for comp, files := range map[string][]string{"giay-chung-sinh": {jpeg, jpeg}, "to-khai-khai-sinh": {pdf}} {
		f.p.MustElement("#file-" + comp).MustSetFiles(files...)
		f.submit("#comp-" + comp + " form.upload button.no-js")
		f.p.MustElement("#comp-" + comp + " .st-ok")
	}
	if n := len(f.p.MustElements("#comp-giay-chung-sinh figure.thumb")); n != 2 {
		t.Fatalf("%d thumbnails for two pages", n)
	}
	f.shot("uploaded")
	f.submit("#to-review")
	if f.p.MustHas("#missing") {
		t.Fatalf("review lists missing items: %s", f.text("#missing"))
	}
	f.submit("#submit")
	checkReceiptKind(t, f.text("#receipt"))
	if !f.p.MustHas("#receipt svg.qrcode") {
		t.Fatal("no receipt with its QR code after submitting")
	}
	f.shot("receipt")
}
