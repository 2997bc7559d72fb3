package web

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// formFields opens page as the rig's helper and returns what a browser
// would send from its POST form to action before anyone types: the
// hidden fields, the CSRF token among them. The test fails when the page
// has no such form.
func (r *apiRig) formFields(page, action string) url.Values {
	r.t.Helper()
	st, body, _ := r.page("GET", page, nil, "")
	if st != 200 {
		r.t.Fatalf("GET %s: %d", page, st)
	}
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		r.t.Fatalf("%s: %v", page, err)
	}
	form := findForm(doc, action)
	if form == nil {
		r.t.Fatalf("%s has no POST form to %s", page, action)
	}
	vals := url.Values{}
	walk(form, func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "input" && strings.EqualFold(attr(n, "type"), "hidden") && attr(n, "name") != "" {
			vals.Add(attr(n, "name"), attr(n, "value"))
		}
	})
	return vals
}

// submit fills the form of page that posts to action with values (over
// its hidden fields) and posts it as a browser does.
func (r *apiRig) submit(page, action string, values url.Values, lang string) (int, string, string) {
	r.t.Helper()
	form := r.formFields(page, action)
	for k, vs := range values {
		form[k] = vs
	}
	return r.page("POST", action, form, lang)
}

// postMultipart posts a multipart body built by the caller (who took the
// hidden fields from formFields) as a browser does.
func (r *apiRig) postMultipart(action, contentType string, body io.Reader) *http.Response {
	r.t.Helper()
	req := httptest.NewRequest("POST", action, body)
	req.Header.Set("Content-Type", contentType)
	if r.token != "" {
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: r.token})
	}
	resp, err := r.sendPage(req)
	if err != nil {
		r.t.Fatal(err)
	}
	return resp
}

func findForm(n *html.Node, action string) *html.Node {
	var found *html.Node
	walk(n, func(n *html.Node) {
		if found == nil && n.Type == html.ElementNode && n.Data == "form" &&
			strings.EqualFold(attr(n, "method"), "post") && attr(n, "action") == action {
			found = n
		}
	})
	return found
}

func walk(n *html.Node, f func(*html.Node)) {
	f(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// postForm posts form to path with the CSRF field that the page's form
// carries (for tests about something else than which page holds it; the
// pages' own hidden fields are read by submit).
func (r *apiRig) postForm(path string, form url.Values, lang string) (int, string, string) {
	r.t.Helper()
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	if r.token != "" {
		f.Set(CSRFField, csrfToken(r.token))
	}
	return r.page("POST", path, f, lang)
}

// createFromPage files the birth form through the new-dossier page, as a
// browser does, and returns the dossier's id.
func (r *apiRig) createFromPage() string {
	r.t.Helper()
	st, _, loc := r.submit("/dossiers/new?procedure=1.001193", "/dossiers/new", birthForm(), "")
	if st != 303 {
		r.t.Fatalf("create: %d", st)
	}
	return strings.TrimPrefix(strings.Split(loc, "?")[0], "/dossiers/")
}

// uploadFromPage posts files (in order) to one component through the
// dossier page's upload form, hidden fields included, as a browser does.
func (r *apiRig) uploadFromPage(id, component string, names []string, files ...[]byte) *http.Response {
	r.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, vs := range r.formFields("/dossiers/"+id, "/dossiers/"+id+"/upload") {
		w.WriteField(k, vs[0])
	}
	w.WriteField("component", component)
	for i, f := range files {
		fw, _ := w.CreateFormFile("file", names[i])
		fw.Write(f)
	}
	w.Close()
	resp := r.postMultipart("/dossiers/"+id+"/upload", w.FormDataContentType(), &buf)
	resp.Body.Close()
	return resp
}
