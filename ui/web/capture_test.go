package web

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"fieldkit/agent/model"
	"fieldkit/agent/sqlite"
	"fieldkit/scanner"
	"fieldkit/scanner/scantest"
)

// uploadMany posts several files as one upload for one component.
func (r *apiRig) uploadMany(dossierID, component string, files map[string][]byte, order []string, out any) int {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("component", component)
	for _, name := range order {
		fw, _ := w.CreateFormFile("file", name)
		fw.Write(files[name])
	}
	w.Close()
	req := httptest.NewRequest("POST", "/api/v1/dossiers/"+dossierID+"/documents", &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return r.do(req, out)
}

func (r *apiRig) get(path string) (int, []byte, string) {
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("Authorization", "Bearer "+r.token)
	resp, err := r.send(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp.Header.Get("Content-Type")
}

func TestAPI_TwoPhotosOfOneComponentMakeOnePDF(t *testing.T) {
	r := newAPIRig(t)
	id := r.create()
	front, back := scantest.JPEG(1200, 800), scantest.JPEG(1200, 800)
	var doc model.Document
	st := r.uploadMany(id, "giay-chung-sinh", map[string][]byte{"front.jpg": front, "back.jpg": back},
		[]string{"front.jpg", "back.jpg"}, &doc)
	if st != 201 || doc.Status != model.DocReady || doc.Pages != 2 || doc.ContentType != "application/pdf" {
		t.Fatalf("upload: %d %+v", st, doc)
	}
	if len(doc.Report) != 2 || doc.Report[0].Source != "front.jpg" || doc.Report[1].Source != "back.jpg" {
		t.Fatalf("report: %+v", doc.Report)
	}
	base := "/api/v1/dossiers/" + id + "/documents/" + doc.ID
	st, pdf, ct := r.get(base + "/file")
	if st != 200 || ct != "application/pdf" || !bytes.HasPrefix(pdf, []byte("%PDF-")) || int64(len(pdf)) != doc.Bytes {
		t.Fatalf("file: %d %s %d bytes", st, ct, len(pdf))
	}
	for n, want := range [][]byte{front, back} {
		st, orig, _ := r.get(base + "/original?n=" + string(rune('0'+n)))
		if st != 200 || !bytes.Equal(orig, want) {
			t.Fatalf("original %d: %d, %d bytes", n, st, len(orig))
		}
	}
	if st, _, _ := r.get(base + "/original?n=2"); st != 404 {
		t.Fatalf("a third original: %d", st)
	}
	for _, page := range []string{"1", "2"} {
		st, img, ct := r.get(base + "/pages/" + page + "/image?dpi=24")
		if st != 200 || ct != "image/jpeg" || !bytes.HasPrefix(img, []byte{0xFF, 0xD8}) {
			t.Fatalf("thumbnail %s: %d %s", page, st, ct)
		}
	}
	if st, _, _ := r.get(base + "/pages/3/image"); st != 404 {
		t.Fatalf("thumbnail of a page that does not exist: %d", st)
	}
	var view documentView
	st, body, _ := r.get(base)
	if st != 200 || json.Unmarshal(body, &view) != nil || len(view.Sources) != 2 || view.Sources[1].Name != "back.jpg" {
		t.Fatalf("document: %d %s", st, body)
	}
}

func TestAPI_ARefusedFileInAnUploadLeavesNothing(t *testing.T) {
	r := newAPIRig(t)
	id := r.create()
	jpg := scantest.JPEG(200, 100)
	var e apiError
	st := r.uploadMany(id, "giay-chung-sinh", map[string][]byte{"ok.jpg": jpg, "cut.pdf": scantest.PDF(1)[:80]},
		[]string{"ok.jpg", "cut.pdf"}, &e)
	if st != 422 || !bytes.Contains([]byte(e.Message), []byte("cut.pdf")) {
		t.Fatalf("status %d %+v, want 422 naming cut.pdf", st, e)
	}
	d, err := r.store.Dossier(t.Context(), model.KitViewer(), id)
	if err != nil || len(d.Documents) != 0 {
		t.Fatalf("documents after a refused upload: %+v %v", d.Documents, err)
	}
}

func TestAPI_DecodeQRStoresNothing(t *testing.T) {
	r := newAPIRig(t)
	const qr = "048090123456|201234567|Nguyễn Văn An|17051990|Nam|12 Bạch Đằng, Hải Châu, Đà Nẵng|15042021"
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, _ := w.CreateFormFile("file", "cccd.jpg")
	fw.Write(scantest.JPEGOf(scantest.QRPage(qr, 1600, 1000)))
	w.Close()
	req := httptest.NewRequest("POST", "/api/v1/qr", &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	var out qrAnswer
	if st := r.do(req, &out); st != 200 {
		t.Fatalf("status %d", st)
	}
	if len(out.Codes) != 1 || out.IDCard == nil || out.IDCard.IDNumber != "048090123456" || out.IDCard.DateOfBirth != "1990-05-17" {
		t.Fatalf("answer %+v", out)
	}
}

// TestAPI_ScanFromANetworkScanner serves a minimal eSCL endpoint (what a
// driverless scanner answers) and scans a page into a component.
func TestAPI_ScanFromANetworkScanner(t *testing.T) {
	esclSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == "POST" && r.URL.Path == "/eSCL/ScanJobs":
			w.Header().Set("Location", "/eSCL/ScanJobs/1")
			w.WriteHeader(http.StatusCreated)
		case r.Method == "GET" && r.URL.Path == "/eSCL/ScanJobs/1/NextDocument":
			w.Write(scantest.JPEG(827, 1169))
		case r.Method == "DELETE":
		default:
			http.NotFound(w, r)
		}
	}))
	defer esclSrv.Close()
	drv, err := scanner.NewESCL(esclSrv.URL+"/eSCL", esclSrv.Client(), nil)
	if err != nil {
		t.Fatal(err)
	}
	reg := &scanner.Registry{}
	reg.Add(drv)

	r := newAPIRig(t, func(o *Options) {
		o.Capture = testPipeline(t, o.Store.(*sqlite.Store), scanner.CaptureOptions{Scanners: reg})
	})
	id := r.create()
	var list []model.ScannerInfo
	st, body, _ := r.get("/api/v1/scanners")
	if st != 200 || json.Unmarshal(body, &list) != nil || len(list) != 1 || list[0].ID != drv.ID() {
		t.Fatalf("scanners: %d %s", st, body)
	}
	var doc model.Document
	if st := r.json("POST", "/api/v1/dossiers/"+id+"/scan", map[string]any{"scanner": drv.ID(), "component": "giay-chung-sinh", "dpi": 100}, &doc); st != 201 {
		t.Fatalf("scan: %d %+v", st, doc)
	}
	if doc.Status != model.DocReady || doc.Pages != 1 || doc.ContentType != "application/pdf" {
		t.Fatalf("scanned document %+v", doc)
	}
	var e apiError
	if st := r.json("POST", "/api/v1/dossiers/"+id+"/scan", map[string]any{"scanner": "escl:nowhere", "component": "giay-chung-sinh"}, &e); st != 422 {
		t.Fatalf("unknown scanner: %d", st)
	}
}

// TestAPI_HostileFilesAre4xxAndTheKitStaysUp sends issue 12's files to
// every endpoint that reads a file: each answers 4xx naming the file, and
// the kit answers /healthz after them. Before the capture pipeline
// bounded page sizes, the first one aborted the process inside MuPDF.
func TestAPI_HostileFilesAre4xxAndTheKitStaysUp(t *testing.T) {
	r := newAPIRig(t)
	id := r.create()
	files := map[string][]byte{
		"huge-mediabox.pdf": scantest.HugeBoxPDF(),
		"huge-cropbox.pdf":  scantest.PagesPDF("/MediaBox [0 0 595 842] /CropBox [0 0 200000 200000]"),
		"userunit.pdf":      scantest.PagesPDF("/MediaBox [0 0 595 842] /UserUnit 75000"),
		"14400.pdf":         scantest.PagesPDF("/MediaBox [0 0 14400 14400]"),
		"bomb.png":          scantest.PNGBomb(5000, 5000, 16),
		"huge.jpg":          scantest.JPEGHeader(65500, 65500),
	}
	for name, data := range files {
		var e apiError
		if st := r.uploadMany(id, "giay-chung-sinh", map[string][]byte{name: data}, []string{name}, &e); st != 422 ||
			!strings.Contains(e.Message, name) {
			t.Errorf("upload %s: %d %q, want 422 naming the file", name, st, e.Message)
		}
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		fw, _ := w.CreateFormFile("file", name)
		fw.Write(data)
		w.Close()
		req := httptest.NewRequest("POST", "/api/v1/qr", &buf)
		req.Header.Set("Content-Type", w.FormDataContentType())
		if st := r.do(req, &e); st != 422 {
			t.Errorf("QR of %s: %d %q, want 422", name, st, e.Message)
		}
	}
	if st, _, _ := r.get("/healthz"); st != 200 {
		t.Fatalf("healthz after the hostile files: %d", st)
	}
	d, err := r.store.Dossier(t.Context(), model.KitViewer(), id)
	if err != nil || len(d.Documents) != 0 {
		t.Fatalf("documents after refused uploads: %+v %v", d.Documents, err)
	}
}

// TestAPI_PicturesOnlyOfReadyDocuments: a document still processing, or
// failed, has only its original as a file, which the pictures never draw.
func TestAPI_PicturesOnlyOfReadyDocuments(t *testing.T) {
	r := newAPIRig(t)
	id := r.create()
	var doc model.Document
	cut := scantest.JPEG(800, 600)
	cut = cut[:len(cut)/2] // the header passes the check, the picture fails
	if st := r.uploadMany(id, "giay-chung-sinh", map[string][]byte{"cut.jpg": cut}, []string{"cut.jpg"}, &doc); st != 201 ||
		doc.Status != model.DocFailed || !strings.Contains(doc.Reason, "cut.jpg") {
		t.Fatalf("upload: %d %+v", st, doc)
	}
	for _, p := range []string{"/api/v1/dossiers/" + id + "/documents/" + doc.ID + "/thumb.png",
		"/api/v1/dossiers/" + id + "/documents/" + doc.ID + "/pages/1/image"} {
		if st, _, _ := r.get(p); st != 409 && st != 404 {
			t.Errorf("%s of a failed document: %d", p, st)
		}
	}
}

// TestAPI_OneIDCardShape: the text endpoint and the photo endpoint give
// the card under the same JSON names, from the one parser.
func TestAPI_OneIDCardShape(t *testing.T) {
	r := newAPIRig(t)
	const qr = "048090123456|201234567|Nguyễn Văn An|17051990|Nam|12 Bạch Đằng, Hải Châu, Đà Nẵng|15042021"
	var fromText map[string]string
	if st := r.json("POST", "/api/v1/cccd-qr", map[string]string{"text": qr}, &fromText); st != 200 {
		t.Fatalf("text: %d", st)
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, _ := w.CreateFormFile("file", "back.jpg")
	fw.Write(scantest.JPEGOf(scantest.QRPage(qr, 1600, 1000)))
	w.Close()
	req := httptest.NewRequest("POST", "/api/v1/qr", &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	var fromPhoto struct {
		IDCard map[string]string `json:"id_card"`
	}
	if st := r.do(req, &fromPhoto); st != 200 {
		t.Fatalf("photo: %d", st)
	}
	want := map[string]string{"id_number": "048090123456", "old_id_number": "201234567", "full_name": "Nguyễn Văn An",
		"date_of_birth": "1990-05-17", "gender": "male", "address": "12 Bạch Đằng, Hải Châu, Đà Nẵng", "issue_date": "2021-04-15"}
	for k, v := range want {
		if fromText[k] != v || fromPhoto.IDCard[k] != v {
			t.Errorf("%s: text %q, photo %q, want %q", k, fromText[k], fromPhoto.IDCard[k], v)
		}
	}
}
