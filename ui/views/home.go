package views

import (
	"fmt"
	"strings"

	g "maragu.dev/gomponents"
	h "maragu.dev/gomponents/html"

	"fieldkit/agent/model"
)

// HomeProps is the procedure finder: the query and its results.
type HomeProps struct {
	Page    PageProps
	Query   string
	Results []model.ProcedureSummary
}

// Home is the start page: find a procedure (works without scripting).
func Home(p HomeProps) g.Node {
	return Page(p.Page,
		h.H1(g.Text("Tìm thủ tục hành chính")),
		h.Form(h.Class("search"), h.Method("get"), h.Action("/"), h.Role("search"),
			h.Label(h.For("q"), h.Class("visually-hidden"), g.Text("Tên thủ tục")),
			h.Input(h.Type("search"), h.ID("q"), h.Name("q"), h.Value(p.Query), h.AutoFocus(),
				h.Placeholder("ví dụ: khai sinh, ket hon, chung thuc ban sao")),
			h.Button(h.Type("submit"), g.Text("Tìm")),
		),
		g.If(p.Query != "" && len(p.Results) == 0, h.P(g.Text("Không tìm thấy thủ tục phù hợp."))),
		h.Ul(h.Class("results"), g.Map(p.Results, result)),
	)
}

func result(r model.ProcedureSummary) g.Node {
	return h.Li(
		h.Strong(g.Text(r.Name)),
		g.If(r.Verified != "" && r.Verified != "official", h.Span(h.Class("badge"), g.Text(" chưa xác minh"))),
		h.Div(h.Class("meta"), g.Text(fmt.Sprintf("%s · %s · %s", r.Code, r.Field, levelName(r.Level)))),
		h.Div(h.Class("meta"), g.Text(channelsText(r.Channels))),
	)
}

func levelName(l string) string {
	switch l {
	case "commune":
		return "Cấp xã"
	case "province":
		return "Cấp tỉnh/thành phố"
	}
	return l
}

var channelNames = map[string]string{
	model.ChannelInPerson: "Trực tiếp",
	model.ChannelOnline:   "Trực tuyến",
	model.ChannelPostal:   "Bưu chính",
}

func channelsText(cs []model.Channel) string {
	parts := make([]string, 0, len(cs))
	for _, c := range cs {
		days := "thời hạn chưa rõ"
		if c.ProcessingDays != nil {
			if *c.ProcessingDays == 0 {
				days = "trong ngày"
			} else {
				days = fmt.Sprintf("%d ngày làm việc", *c.ProcessingDays)
			}
		}
		fee := "lệ phí chưa rõ"
		if c.FeeVND != nil {
			if *c.FeeVND == 0 {
				fee = "miễn phí"
			} else {
				fee = fmt.Sprintf("%d đ", *c.FeeVND)
			}
		}
		parts = append(parts, fmt.Sprintf("%s: %s, %s", channelNames[c.Kind], days, fee))
	}
	return strings.Join(parts, " · ")
}
