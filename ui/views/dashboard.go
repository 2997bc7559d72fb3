package views

import (
	"fmt"
	"time"

	g "maragu.dev/gomponents"
	h "maragu.dev/gomponents/html"

	"fieldkit/agent/model"
)

// DashboardProps is the supervisor's page.
type DashboardProps struct {
	Page      PageProps
	Dashboard model.Dashboard
	Now       time.Time
	SyncAsked bool // the "sync now" button was just pressed
	// Disk is the room left for the data; a warning shows when it is low.
	Disk model.DiskSpace
}

// statusLabels names statuses in Vietnamese for the counters.
var statusLabels = map[model.Status]string{
	model.StatusDraft:               "Đang soạn",
	model.StatusReady:               "Sẵn sàng",
	model.StatusQueued:              "Chờ gửi",
	model.StatusSending:             "Đang gửi",
	model.StatusNeedsAttention:      "Cần xử lý",
	model.StatusSubmitted:           "Đã nộp",
	model.StatusProcessing:          "Đang giải quyết",
	model.StatusSupplementRequested: "Yêu cầu bổ sung",
	model.StatusRejected:            "Bị từ chối",
	model.StatusResultReady:         "Có kết quả",
	model.StatusClosed:              "Đã đóng",
}

func statusLabel(s model.Status) string {
	if l, ok := statusLabels[s]; ok {
		return l
	}
	return string(s)
}

// Dashboard shows today's dossiers by operator and status, then what
// needs a person first, and a button that makes the kit try the portal now.
func Dashboard(p DashboardProps) g.Node {
	d := p.Dashboard
	return Page(p.Page,
		h.H1(g.Text("Bảng điều khiển giám sát")),
		g.If(p.Disk.Low(), h.P(h.Class("alert"), h.Role("alert"), h.ID("disk-low"),
			g.Text(p.Page.T.F("disk.low", p.Page.T.Bytes(p.Disk.Free), p.Page.T.Bytes(p.Disk.MinFree))))),
		h.Form(h.Method("post"), h.Action("/dashboard/sync"),
			h.Button(h.Type("submit"), g.Text("Gửi ngay lên cổng DVC")),
		),
		g.If(p.SyncAsked, h.P(h.Role("status"), g.Text("Đã yêu cầu gửi: các hồ sơ chờ gửi sẽ được gửi khi có kết nối."))),
		h.H2(g.Text("Hồ sơ hôm nay")),
		g.If(len(d.Today) == 0, h.P(g.Text("Chưa có hồ sơ nào hôm nay."))),
		g.If(len(d.Today) > 0, h.Table(
			h.THead(h.Tr(h.Th(g.Text("Cán bộ")), h.Th(g.Text("Trạng thái")), h.Th(g.Text("Số hồ sơ")))),
			h.TBody(g.Map(d.Today, func(r model.OperatorDay) g.Node {
				return h.Tr(h.Td(g.Text(r.Operator)), h.Td(g.Text(statusLabel(r.Status))), h.Td(g.Text(fmt.Sprint(r.Count))))
			})),
		)),
		h.H2(g.Text("Cần chú ý")),
		g.If(len(d.Attention) == 0, h.P(g.Text("Không có hồ sơ nào cần chú ý."))),
		g.If(len(d.Attention) > 0, h.Table(h.Class("attention"),
			h.THead(h.Tr(h.Th(g.Text("Mã hồ sơ")), h.Th(g.Text("Thủ tục")), h.Th(g.Text("Trạng thái")),
				h.Th(g.Text("Cán bộ")), h.Th(g.Text("Từ")))),
			h.TBody(g.Map(d.Attention, func(it model.DashboardItem) g.Node {
				state := statusLabel(it.Status)
				if it.Overdue {
					state = "Quá hạn (" + it.DueAt.Format("02/01/2006") + ")"
				}
				return h.Tr(g.If(it.Overdue || it.Status == model.StatusSupplementRequested, h.Style("background:#fff1e6;font-weight:600")),
					h.Td(g.Text(it.TrackingCode)), h.Td(g.Text(it.ProcedureName)), h.Td(g.Text(state)),
					h.Td(g.Text(it.Operator)), h.Td(g.Text(waited(p.Now, it.Since))))
			})),
		)),
	)
}

// waited says how long ago t was, in plain Vietnamese.
func waited(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Hour:
		return fmt.Sprintf("%d phút", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d giờ", int(d.Hours()))
	}
	return fmt.Sprintf("%d ngày", int(d.Hours()/24))
}
