// Package views renders Field Kit's screens with gomponents. Views are
// pure functions of typed props: no HTTP, no SQL.
package views

import (
	"fmt"

	g "maragu.dev/gomponents"
	h "maragu.dev/gomponents/html"
)

// PageProps are what every page's layout needs.
type PageProps struct {
	Title string
	Sync  SyncBadge
}

// SyncBadge is the header's summary of delivery to the portal.
type SyncBadge struct {
	Online bool
	Queued int
}

// Page is the shared layout.
func Page(p PageProps, children ...g.Node) g.Node {
	return h.Doctype(h.HTML(h.Lang("vi"),
		h.Head(
			h.Meta(h.Charset("utf-8")),
			h.Meta(h.Name("viewport"), h.Content("width=device-width, initial-scale=1")),
			h.TitleEl(g.Text(p.Title+" · Field Kit")),
			h.Link(h.Rel("stylesheet"), h.Href("/static/app.css")),
		),
		h.Body(
			h.Header(
				h.A(h.Href("/"), g.Text("Field Kit · Bộ công cụ hỗ trợ dịch vụ công")),
				h.Span(h.Class("sync"), g.Text(syncText(p.Sync))),
			),
			h.Main(children...),
		),
	))
}

func syncText(s SyncBadge) string {
	state := "Mất kết nối cổng DVC"
	if s.Online {
		state = "Đã kết nối cổng DVC"
	}
	return fmt.Sprintf("%s · %d hồ sơ chờ gửi", state, s.Queued)
}
