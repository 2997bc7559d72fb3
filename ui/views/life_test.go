package views

import (
	"strings"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/ui/i18n"
)

// Every state the portal leads says what the helper must do next, in both
// languages, with the deadline or the amount where the portal gave them.
func TestNextStep_SaysWhatToDoInEachState(t *testing.T) {
	portal := func(p model.PortalRef) *model.PortalRef { return &p }
	cases := []struct {
		name   string
		d      model.Dossier
		supp   SupplementInfo
		vi, en string
	}{
		{"supplement with a deadline", model.Dossier{Status: model.StatusSupplementRequested,
			Portal: portal(model.PortalRef{Supplement: &model.SupplementRequest{Deadline: "2026-12-10"}})}, SupplementInfo{Round: 1},
			"Bổ sung giấy tờ trước ngày 10/12/2026", "before 10/12/2026"},
		{"supplement sent", model.Dossier{Status: model.StatusSupplementRequested, Portal: portal(model.PortalRef{})},
			SupplementInfo{Round: 1, Submitted: true, Sent: true}, "Cổng đã nhận bổ sung", "received the supplement"},
		{"fee with an amount", model.Dossier{Status: model.StatusFeeDue, Portal: portal(model.PortalRef{Fee: &model.FeeDue{AmountVND: 50000}})},
			SupplementInfo{}, "Nộp lệ phí 50.000 đ", "fee of 50.000 đ"},
		{"done with a result", model.Dossier{Status: model.StatusDone, Portal: portal(model.PortalRef{Results: []model.ResultRef{{ID: "r"}}})},
			SupplementInfo{}, "Kết quả đã có: in cho người dân", "print it for the resident"},
		{"done without one", model.Dossier{Status: model.StatusDone, Portal: portal(model.PortalRef{})}, SupplementInfo{},
			"đến nhận kết quả", "collect the result"},
		{"withdrawal asked", model.Dossier{Status: model.StatusProcessing, Withdrawal: &model.Withdrawal{Reason: "x"}}, SupplementInfo{},
			"chờ cổng xác nhận", "waiting for the portal to confirm"},
		{"not accepted", model.Dossier{Status: model.StatusNotAccepted}, SupplementInfo{}, "không tiếp nhận", "did not accept"},
		{"withdrawn", model.Dossier{Status: model.StatusWithdrawn}, SupplementInfo{}, "Hồ sơ đã rút", "Withdrawn"},
		{"stopped", model.Dossier{Status: model.StatusStopped}, SupplementInfo{}, "dừng xử lý", "stopped"},
		{"returned", model.Dossier{Status: model.StatusReturned}, SupplementInfo{}, "Đã trả kết quả", "returned"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := NextStep(i18n.New(i18n.VI), c.d, c.supp); !strings.Contains(got, c.vi) {
				t.Errorf("vi: %q lacks %q", got, c.vi)
			}
			if got := NextStep(i18n.New(i18n.EN), c.d, c.supp); !strings.Contains(got, c.en) {
				t.Errorf("en: %q lacks %q", got, c.en)
			}
		})
	}
	for _, s := range model.AllStatuses {
		if got := NextStep(i18n.New(i18n.VI), model.Dossier{Status: s}, SupplementInfo{}); strings.HasPrefix(got, "«") {
			t.Errorf("status %s has no next step: %s", s, got)
		}
		if got := statusName(i18n.New(i18n.EN), s); strings.HasPrefix(got, "«") {
			t.Errorf("status %s has no name", s)
		}
	}
}

// The supplement card shows the request and, while the round is open, an
// upload per named component (plus "supplement") and the send button;
// once sent, neither.
func TestSupplementCard_OpenRoundHasAttachFormsAndSend(t *testing.T) {
	proc := &model.Procedure{Components: []model.Component{{ID: "giay-chung-sinh", Name: "Giấy chứng sinh"}}}
	d := model.Dossier{ID: "d1", Status: model.StatusSupplementRequested, Portal: &model.PortalRef{DossierID: "p",
		Supplement: &model.SupplementRequest{Reason: "ảnh mờ", Components: []string{"giay-chung-sinh"}, Deadline: "2026-12-10"}}}
	render := func(s SupplementInfo) string {
		var b strings.Builder
		p := DossierProps{Page: PageProps{T: i18n.New(i18n.VI)}, Dossier: d, Procedure: proc, Supplement: s, Loc: time.UTC}
		if err := supplementCard(p.Page.T, p).Render(&b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	open := render(SupplementInfo{Round: 1})
	for _, want := range []string{"ảnh mờ", "Giấy chứng sinh", "10/12/2026", `value="giay-chung-sinh"`, `value="supplement"`,
		`action="/dossiers/d1/supplement"`, "Gửi bổ sung"} {
		if !strings.Contains(open, want) {
			t.Errorf("open round lacks %q", want)
		}
	}
	if sent := render(SupplementInfo{Round: 1, Submitted: true, Sent: true}); strings.Contains(sent, "/supplement\"") || strings.Contains(sent, "upload") {
		t.Error("a sent round still offers to attach or send")
	}
}

// A sent dossier lists each document once: those filed with it, then each
// supplement round under its heading, except the round the supplement
// card shows.
func TestDocumentList_EachDocumentOnceByRound(t *testing.T) {
	docs := []model.Document{{ID: "a", Status: model.DocReady}, {ID: "b", Round: 1, Status: model.DocReady},
		{ID: "c", Round: 2, Status: model.DocReady}}
	cases := []struct {
		name   string
		inCard int
		want   []string // ids of the documents listed, in order
		rounds []string // round headings
	}{
		{"no card", -1, []string{"a", "b", "c"}, []string{"Bổ sung lần 1", "Bổ sung lần 2"}},
		{"round 2 in the card", 2, []string{"a", "b"}, []string{"Bổ sung lần 1"}},
		{"card before its first paper", 0, []string{"a", "b", "c"}, []string{"Bổ sung lần 1", "Bổ sung lần 2"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b strings.Builder
			if err := documentList(i18n.New(i18n.VI), model.Dossier{ID: "d", Documents: docs}, c.inCard).Render(&b); err != nil {
				t.Fatal(err)
			}
			html := b.String()
			last := -1
			for _, id := range c.want {
				i := strings.Index(html, `id="doc-`+id+`"`)
				if i < 0 || i < last || strings.Count(html, `id="doc-`+id+`"`) != 1 {
					t.Errorf("document %s not listed once in order: %s", id, html)
				}
				last = i
			}
			if strings.Count(html, `id="doc-`) != len(c.want) {
				t.Errorf("%d documents listed, want %d", strings.Count(html, `id="doc-`), len(c.want))
			}
			if strings.Count(html, "<h3") != len(c.rounds) {
				t.Errorf("round headings: %s", html)
			}
			for _, r := range c.rounds {
				if !strings.Contains(html, r) {
					t.Errorf("lacks the heading %q", r)
				}
			}
		})
	}
}
