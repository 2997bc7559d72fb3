package web

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"net/url"
	"strings"
	"testing"

	"fieldkit/agent/model"
	"fieldkit/scanner/scantest"
)

// signInAs opens a session for another operator of the rig's store and
// returns its token (the rig's own token is left as it was).
func (r *apiRig) signInAs(name string) string {
	r.t.Helper()
	keep := r.token
	defer func() { r.token = keep }()
	r.token = ""
	var out struct{ Token string }
	if st := r.json("POST", "/api/v1/session", map[string]string{"username": name, "password": "long enough password"}, &out); st != 200 {
		r.t.Fatalf("sign in %s: %d", name, st)
	}
	return out.Token
}

// as runs fn with the rig signed in as the operator holding token.
func (r *apiRig) as(token string, fn func()) {
	keep := r.token
	r.token = token
	defer func() { r.token = keep }()
	fn()
}

// createPage creates a dossier through the new-dossier form and returns
// its id.
func (r *apiRig) createPage(form url.Values) string {
	r.t.Helper()
	st, body, loc := r.postForm("/dossiers/new", form, "")
	if st != 303 {
		r.t.Fatalf("create: %d %s", st, body)
	}
	return strings.TrimPrefix(strings.Split(loc, "?")[0], "/dossiers/")
}

// Two agents on one kit: agent B reaches none of agent A's dossiers or
// documents, through the pages or the API — not in the list, not by a
// search for the applicant's ID number, name or the tracking code, not by
// opening it, not by reusing one of its documents, not by downloading a
// file. A supervisor reaches them all.
func TestScope_AgentsReachOnlyTheirOwnDossiersThroughPagesAndAPI(t *testing.T) {
	r := newAPIRig(t) // "helper" is agent A
	ctx := context.Background()
	for _, op := range []struct{ name, role string }{{"agentb", model.RoleAgent}, {"boss", model.RoleSupervisor}} {
		if _, err := r.store.CreateOperator(ctx, op.name, op.role, "long enough password"); err != nil {
			t.Fatal(err)
		}
	}
	tokB, tokBoss := r.signInAs("agentb"), r.signInAs("boss")

	aID := r.createPage(birthForm())
	var doc model.Document
	if st := r.upload(aID, "giay-chung-sinh", scantest.JPEG(300, 400), &doc); st != 201 || doc.Status != model.DocReady {
		t.Fatalf("A's upload: %d %+v", st, doc)
	}
	var aDossier model.Dossier
	r.json("GET", "/api/v1/dossiers/"+aID, nil, &aDossier)
	aCode := aDossier.TrackingCode
	if aCode == "" {
		t.Fatal("no tracking code")
	}

	// B files for the same resident (same profile, unchanged), so that A's
	// scan of the birth certificate would be "on file" for B's dossier.
	var bID, bCode string
	r.as(tokB, func() {
		bID = r.createPage(birthForm())
		var d model.Dossier
		r.json("GET", "/api/v1/dossiers/"+bID, nil, &d)
		bCode = d.TrackingCode
	})

	files := []string{
		"/api/v1/dossiers/" + aID + "/documents/" + doc.ID + "/file",
		"/api/v1/dossiers/" + aID + "/documents/" + doc.ID + "/original",
		"/api/v1/dossiers/" + aID + "/documents/" + doc.ID,
		"/api/v1/dossiers/" + aID + "/documents/" + doc.ID + "/pages/1/image",
		"/api/v1/dossiers/" + aID + "/documents/" + doc.ID + "/thumb.png",
	}
	r.as(tokB, func() {
		// The list page, plain and searched (GET and the search form's POST).
		searches := []url.Values{nil, {"q": {"048090123456"}}, {"q": {"Nguyễn Văn"}}, {"q": {"nguyen"}}, {"q": {aCode}}, {"status": {"draft"}}}
		for _, q := range searches {
			for _, method := range []string{"GET", "POST"} {
				path, form := "/dossiers", q
				if method == "GET" {
					path, form = "/dossiers?"+q.Encode(), nil
				} else if form == nil {
					form = url.Values{}
				}
				post := r.page
				if method == "POST" {
					post = func(_, path string, form url.Values, lang string) (int, string, string) {
						return r.postForm(path, form, lang)
					}
				}
				st, body, _ := post(method, path, form, "vi")
				if st != 200 {
					t.Fatalf("B %s /dossiers %v: %d", method, q, st)
				}
				// The search box echoes the query: look for a row's text.
				if strings.Contains(body, ">"+aCode+"<") || strings.Contains(body, aID) {
					t.Errorf("B's dossier list (%s %v) shows A's dossier", method, q)
				}
			}
		}
		if _, body, _ := r.page("GET", "/dossiers", nil, "vi"); !strings.Contains(body, bCode) {
			t.Error("B's list does not show B's own dossier")
		}
		// The API list and search.
		for _, q := range []string{"", "048090123456", "nguyen", aCode} {
			var list struct{ Dossiers []model.DossierListItem }
			r.json("GET", "/api/v1/dossiers?q="+url.QueryEscape(q), nil, &list)
			for _, it := range list.Dossiers {
				if it.ID == aID {
					t.Errorf("B's API list (q=%q) holds A's dossier", q)
				}
			}
		}
		// Opening it, as a page or through the API.
		for _, p := range []string{"/dossiers/" + aID, "/dossiers/" + aID + "/review", "/dossiers/" + aID + "/receipt",
			"/dossiers/" + aID + "/documents/" + doc.ID + "/thumb.png"} {
			if st, _, _ := r.page("GET", p, nil, ""); st != 404 {
				t.Errorf("B GET %s: %d, want 404", p, st)
			}
		}
		for _, p := range append([]string{"/api/v1/dossiers/" + aID}, files...) {
			if st := r.json("GET", p, nil, nil); st != 404 {
				t.Errorf("B GET %s: %d, want 404", p, st)
			}
		}
		// B's own dossier page offers none of A's documents for reuse…
		st, body, _ := r.page("GET", "/dossiers/"+bID, nil, "vi")
		if st != 200 || strings.Contains(body, doc.ID) || strings.Contains(body, aCode) {
			t.Errorf("B's dossier page (%d) offers A's document for reuse", st)
		}
		// …and a hand-made reuse form copies nothing.
		st, _, loc := r.postForm("/dossiers/"+bID+"/reuse", url.Values{"component": {"giay-chung-sinh"}, "from": {aID}, "doc": {doc.ID}}, "")
		if st != 404 {
			t.Errorf("B reusing A's document: %d → %s, want 404", st, loc)
		}
		var d model.Dossier
		r.json("GET", "/api/v1/dossiers/"+bID, nil, &d)
		if len(d.Documents) != 0 {
			t.Errorf("B's dossier got %d documents from A's", len(d.Documents))
		}
	})

	// A reuses their own scan: the feature still works for its owner.
	aSecond := r.createPage(birthForm())
	st, body, _ := r.page("GET", "/dossiers/"+aSecond, nil, "vi")
	if st != 200 || !strings.Contains(body, doc.ID) {
		t.Fatal("A's second dossier does not offer A's own scan for reuse")
	}
	if st, _, loc := r.postForm("/dossiers/"+aSecond+"/reuse", url.Values{"component": {"giay-chung-sinh"}, "from": {aID}, "doc": {doc.ID}}, ""); st != 303 || !strings.Contains(loc, "n=reused") {
		t.Fatalf("A reusing own scan: %d → %s", st, loc)
	}

	// The supervisor reaches everyone's.
	r.as(tokBoss, func() {
		st, body, _ := r.postForm("/dossiers", url.Values{"q": {"048090123456"}}, "vi")
		if st != 200 || !strings.Contains(body, aCode) || !strings.Contains(body, bCode) {
			t.Errorf("supervisor's search (%d) misses A's or B's dossier", st)
		}
		if st, _, _ := r.page("GET", "/dossiers/"+aID, nil, ""); st != 200 {
			t.Errorf("supervisor opening A's dossier: %d", st)
		}
		for _, p := range files {
			if st := r.json("GET", p, nil, nil); st != 200 {
				t.Errorf("supervisor GET %s: %d", p, st)
			}
		}
		var list struct{ Dossiers []model.DossierListItem }
		r.json("GET", "/api/v1/dossiers", nil, &list)
		if len(list.Dossiers) != 3 {
			t.Errorf("supervisor lists %d dossiers, want 3", len(list.Dossiers))
		}
	})
}

// Handlers serve a person: every store read takes the signed-in
// operator's viewer(c), never the kit workers' all-seeing scope.
func TestScope_HandlersNeverReadAsTheKit(t *testing.T) {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi fs.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, pkg := range pkgs {
		for name, f := range pkg.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "KitViewer" {
					t.Errorf("%s: %s uses model.KitViewer", name, fset.Position(sel.Pos()))
				}
				return true
			})
		}
	}
}
