package sqlite

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fieldkit/agent/model"
	"fieldkit/agent/vault"
	"fieldkit/configs"
)

func TestEncryption_PersonalDataNeverOnDiskInClear(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	v := testVault(t)
	s, err := Open(ctx, Options{DataDir: dir, Vault: v})
	if err != nil {
		t.Fatal(err)
	}
	cat, _ := configs.SeedCatalog()
	s.UpsertProcedures(ctx, cat.Procedures)
	nd := newDossier("Nguyễn Thị Xuân Hương")
	nd.Applicant.IDNumber = "049090765432" // not the catalog's example number
	nd.Applicant.Phone = "0905777888"
	nd.Applicant.Address.Detail = "45 Lê Duẩn"
	nd.Form = []byte(`{"child_name":"Trần Minh Khôi"}`)
	d, err := s.CreateDossier(ctx, nd, "")
	if err != nil {
		t.Fatal(err)
	}
	// An edit makes a revision: that must be sealed too.
	nd.Applicant.Phone = "0905111222"
	if _, err := s.CreateDossier(ctx, nd, ""); err != nil {
		t.Fatal(err)
	}
	// A photo of the ID card's back, under the name the phone gave it:
	// the capture report keeps its QR text, the original its file name.
	card := uploadIDCard(t, s, d.ID, "CCCD_049090765432.jpg", cardQR)
	// A refused file: the reason names it.
	failed := failedUpload(t, s, d.ID, "CCCD_049090765432_mat_sau.jpg")
	s.Close()

	var disk []byte
	for _, name := range []string{DBFileName, DBFileName + "-wal"} {
		b, _ := os.ReadFile(filepath.Join(dir, name))
		disk = append(disk, b...)
	}
	if len(disk) < 4096 {
		t.Fatalf("read only %d bytes of the database", len(disk))
	}
	for _, secret := range []string{"049090765432", "Nguyễn Thị Xuân Hương", "Xuân Hương", "Huong", "0905777888", "0905111222",
		"45 Lê Duẩn", "1990-05-17", "Trần Minh Khôi", "CCCD_", "201234567", "17051990"} {
		if bytes.Contains(disk, []byte(secret)) {
			t.Errorf("database file holds %q in clear", secret)
		}
	}

	// Without the key, or with another one, nothing personal comes out.
	locked, err := Open(ctx, Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := locked.Dossier(ctx, model.KitViewer(), d.ID); !errors.Is(err, ErrLockedVault) {
		t.Fatalf("store without key read a dossier: %v", err)
	}
	if _, err := locked.CreateDossier(ctx, newDossier("Ai Đó"), ""); !errors.Is(err, ErrLockedVault) {
		t.Fatalf("store without key wrote personal data: %v", err)
	}
	if n, _ := locked.CountProcedures(ctx); n == 0 {
		t.Fatal("the catalog should stay readable without the key")
	}
	locked.Close()
	other, _ := vault.New(vault.NewKey())
	wrong, _ := Open(ctx, Options{DataDir: dir, Vault: other})
	defer wrong.Close()
	if _, err := wrong.Dossier(ctx, model.KitViewer(), d.ID); !errors.Is(err, vault.ErrWrongKey) {
		t.Fatalf("wrong key read a dossier: %v", err)
	}
	if found, _ := wrong.FindApplicants(ctx, model.KitViewer(), "049090765432", 5); len(found) != 0 {
		t.Fatal("wrong key found the applicant by ID number")
	}
	right, _ := Open(ctx, Options{DataDir: dir, Vault: v})
	defer right.Close()
	got, err := right.Dossier(ctx, model.KitViewer(), d.ID)
	if err != nil || got.Applicant.FullName != "Nguyễn Thị Xuân Hương" || string(got.Form) != `{"child_name":"Trần Minh Khôi"}` {
		t.Fatalf("right key: %v %+v %s", err, got.Applicant, got.Form)
	}
	doc, srcs, err := right.DocumentSources(ctx, model.KitViewer(), card)
	if err != nil || len(srcs) != 1 || srcs[0].Name != "CCCD_049090765432.jpg" || len(doc.Report) != 1 ||
		doc.Report[0].Source != "CCCD_049090765432.jpg" || len(doc.Report[0].QR) != 1 || doc.Report[0].QR[0] != cardQR {
		t.Fatalf("right key: the card's name and QR text do not read back: %v %+v %+v", err, srcs, doc.Report)
	}
	if doc, _, err := right.DocumentSources(ctx, model.KitViewer(), failed); err != nil || !strings.HasPrefix(doc.Reason, "CCCD_049090765432_mat_sau.jpg: ") {
		t.Fatalf("right key: the failed upload's reason does not read back: %v %q", err, doc.Reason)
	}
	if found, _ := right.FindApplicants(ctx, model.KitViewer(), "049090765432", 5); len(found) != 1 || found[0].Phone != "0905111222" {
		t.Fatalf("lookup by ID number through the keyed hash: %+v", found)
	}
	for q, want := range map[string]int{"nguyen thi x": 1, "Huong": 1, "xuân hư": 1, "ng h": 1, "nguyen an": 0, "x": 0} {
		if found, err := right.FindApplicants(ctx, model.KitViewer(), q, 5); err != nil || len(found) != want {
			t.Errorf("name lookup %q: %d found (%v), want %d", q, len(found), err, want)
		}
	}
}

// cardQR is the QR text on the back of the test applicant's ID card.
const cardQR = "049090765432|201234567|Nguyễn Thị Xuân Hương|17051990|Nữ|45 Lê Duẩn, Hải Châu, Đà Nẵng|01012021"

// uploadIDCard records a photo of an ID card named name for a dossier and
// processes it as the capture pipeline does, with a report holding qr.
// It returns the document's id.
func uploadIDCard(t *testing.T, s *Store, dossierID, name, qr string) string {
	t.Helper()
	ctx := context.Background()
	f, err := s.SaveFile(strings.NewReader("\xff\xd8 a photo"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	src := model.DocumentSource{Name: name, ContentType: "image/jpeg", Bytes: f.Bytes, SHA256: f.SHA256, Path: f.Path}
	doc, err := s.AddUpload(ctx, model.Document{DossierID: dossierID, Component: "giay-to-tuy-than", Status: model.DocProcessing,
		ContentType: src.ContentType, Bytes: f.Bytes, SHA256: f.SHA256, Path: f.Path}, []model.DocumentSource{src}, "")
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := s.SaveFile(strings.NewReader("%PDF-1.4 the card"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	report := []model.PageReport{{Source: name, Width: 800, Height: 600, QR: []string{qr}}}
	if err := s.FinishDocument(ctx, doc.ID, pdf, 1, report); err != nil {
		t.Fatal(err)
	}
	return doc.ID
}

// failedUpload records an upload named name that the pipeline refused,
// as the pool does (the reason names the file), and returns its id.
func failedUpload(t *testing.T, s *Store, dossierID, name string) string {
	t.Helper()
	ctx := context.Background()
	f, err := s.SaveFile(strings.NewReader("not an image"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	src := model.DocumentSource{Name: name, ContentType: "image/jpeg", Bytes: f.Bytes, SHA256: f.SHA256, Path: f.Path}
	doc, err := s.AddUpload(ctx, model.Document{DossierID: dossierID, Component: "giay-to-tuy-than", Status: model.DocProcessing,
		ContentType: src.ContentType, Bytes: f.Bytes, SHA256: f.SHA256, Path: f.Path}, []model.DocumentSource{src}, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.FailDocument(ctx, doc.ID, name+": the file is damaged"); err != nil {
		t.Fatal(err)
	}
	return doc.ID
}

// uploadFile stores body as a one-file upload of a fresh dossier and
// returns its stored path.
func uploadFile(t *testing.T, s *Store, body []byte) string {
	t.Helper()
	ctx := context.Background()
	cat, _ := configs.SeedCatalog()
	if _, err := s.UpsertProcedures(ctx, cat.Procedures); err != nil {
		t.Fatal(err)
	}
	d, err := s.CreateDossier(ctx, newDossier("Nguyễn Văn An"), "")
	if err != nil {
		t.Fatal(err)
	}
	f, err := s.SaveFile(bytes.NewReader(body), 1<<22)
	if err != nil {
		t.Fatal(err)
	}
	if f.Bytes != int64(len(body)) || f.SHA256 != fmt.Sprintf("%x", sha256.Sum256(body)) {
		t.Fatalf("stored %+v: size and hash must describe the plaintext", f)
	}
	src := model.DocumentSource{Name: "cccd.pdf", ContentType: "application/pdf", Bytes: f.Bytes, SHA256: f.SHA256, Path: f.Path}
	if _, err := s.AddUpload(ctx, model.Document{DossierID: d.ID, Component: "giay-chung-sinh", Status: model.DocProcessing,
		ContentType: src.ContentType, Bytes: f.Bytes, SHA256: f.SHA256, Path: f.Path}, []model.DocumentSource{src}, ""); err != nil {
		t.Fatal(err)
	}
	return f.Path
}

// idCardScan stands for a scan of an ID card: a PDF whose text holds the
// card's number and name, long enough to span several encrypted chunks.
func idCardScan() []byte {
	return []byte("%PDF-1.7\n" + strings.Repeat("BT (CAN CUOC 049090765432 NGUYEN THI XUAN HUONG) Tj ET\n", 5000) + "%%EOF\n")
}

func TestEncryption_DocumentFilesNeverOnDiskInClear(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	v := testVault(t)
	s, err := Open(ctx, Options{DataDir: dir, Vault: v})
	if err != nil {
		t.Fatal(err)
	}
	scan := idCardScan()
	rel := uploadFile(t, s, scan)

	var disk []byte
	filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			b, _ := os.ReadFile(p)
			disk = append(disk, b...)
		}
		return nil
	})
	for _, plain := range []string{"049090765432", "NGUYEN THI XUAN HUONG", "%PDF-", "CAN CUOC"} {
		if bytes.Contains(disk, []byte(plain)) {
			t.Errorf("the data folder holds %q in clear", plain)
		}
	}

	// The kit reads it back whole, and from any offset (a resumed upload).
	if got, err := s.ReadFile(rel); err != nil || !bytes.Equal(got, scan) {
		t.Fatalf("read back: %d bytes, %v", len(got), err)
	}
	f, err := s.OpenFile(rel)
	if err != nil {
		t.Fatal(err)
	}
	part := make([]byte, 1000)
	if _, err := f.ReadAt(part, 100_000); err != nil || !bytes.Equal(part, scan[100_000:101_000]) || f.Size() != int64(len(scan)) {
		t.Fatalf("ReadAt: %v, size %d", err, f.Size())
	}
	f.Close()
	s.Close()

	// Without the key, or with another one, the file does not open.
	locked, _ := Open(ctx, Options{DataDir: dir})
	if _, err := locked.ReadFile(rel); !errors.Is(err, ErrLockedVault) {
		t.Fatalf("store without key read a file: %v", err)
	}
	if _, err := locked.SaveFile(strings.NewReader("x"), 10); !errors.Is(err, ErrLockedVault) {
		t.Fatalf("store without key wrote a file: %v", err)
	}
	locked.Close()
	other, _ := vault.New(vault.NewKey())
	wrong, _ := Open(ctx, Options{DataDir: dir, Vault: other})
	if _, err := wrong.ReadFile(rel); !errors.Is(err, vault.ErrWrongKey) {
		t.Fatalf("wrong key read a file: %v", err)
	}
	wrong.Close()

	// A file altered on disk gives an error, never altered bytes.
	right, _ := Open(ctx, Options{DataDir: dir, Vault: v})
	defer right.Close()
	p, _ := right.FilePath(rel)
	raw, _ := os.ReadFile(p)
	raw[len(raw)-5000] ^= 0x20
	os.WriteFile(p, raw, 0o600)
	if got, err := right.ReadFile(rel); err == nil {
		t.Fatalf("an altered file was read (%d bytes)", len(got))
	}
}

// A kit from before document encryption left its files in clear: the
// first start with the key encrypts them in place, and they read the same.
func TestEncryption_FilesStoredInClearAreEncryptedAtStart(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	v := testVault(t)
	s, err := Open(ctx, Options{DataDir: dir, Vault: v})
	if err != nil {
		t.Fatal(err)
	}
	scan := idCardScan()
	rel := uploadFile(t, s, scan)
	if err := s.SetMeta(ctx, filesEncryptedKey, ""); err != nil {
		t.Fatal(err)
	}
	s.Close()
	p := filepath.Join(dir, rel)
	if err := os.WriteFile(p, scan, 0o600); err != nil { // as the earlier version stored it
		t.Fatal(err)
	}
	// Opened without the key, nothing can be encrypted yet, and nothing is lost.
	locked, _ := Open(ctx, Options{DataDir: dir})
	locked.Close()
	if b, _ := os.ReadFile(p); !bytes.Equal(b, scan) {
		t.Fatal("the clear file changed without the key")
	}
	// Nor with a wrong key: encrypted under it, the file would be lost.
	other, _ := vault.New(vault.NewKey())
	wrong, err := Open(ctx, Options{DataDir: dir, Vault: other})
	if err != nil {
		t.Fatal(err)
	}
	wrong.Close()
	if b, _ := os.ReadFile(p); !bytes.Equal(b, scan) {
		t.Fatal("the clear file was encrypted under a wrong key")
	}
	s, err = Open(ctx, Options{DataDir: dir, Vault: v})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	raw, _ := os.ReadFile(p)
	if !vault.IsEncryptedFile(raw) || bytes.Contains(raw, []byte("049090765432")) {
		t.Fatal("the clear file was not encrypted at start")
	}
	if got, err := s.ReadFile(rel); err != nil || !bytes.Equal(got, scan) {
		t.Fatalf("read back after encrypting in place: %d bytes, %v", len(got), err)
	}
	if done, _ := s.Meta(ctx, filesEncryptedKey); done != "1" {
		t.Fatalf("meta %s = %q after a full pass", filesEncryptedKey, done)
	}
	// A file put back in clear later is refused, not served.
	os.WriteFile(p, scan, 0o600)
	if _, err := s.ReadFile(rel); !errors.Is(err, ErrNotEncrypted) {
		t.Fatalf("a clear file was served: %v", err)
	}
}
