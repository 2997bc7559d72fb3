package views

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	g "maragu.dev/gomponents"
	h "maragu.dev/gomponents/html"

	"fieldkit/agent/model"
)

// ReceiptProps is the receipt with appointment (Giấy tiếp nhận hồ sơ và
// hẹn trả kết quả) and, for the post-office channel, the sending slip.
type ReceiptProps struct {
	Page       PageProps
	Dossier    model.Dossier
	Procedure  *model.Procedure
	Channel    model.Channel
	ReceivedAt time.Time
	Expected   time.Time
	StatusURL  string
	QRSVG      string // inline SVG of StatusURL
	Layout     string // "a5" or "thermal"
	Centre     string // the receiving centre's name (or the post office's)
	Agency     string // the line above it: the authority it belongs to
	Place      string // where the receipt is made, for "…, ngày … tháng … năm …"
	Commune    string // the applicant's commune, by name
	Loc        *time.Location
	// ExpectedTentative: counted through unannounced holidays, an estimate.
	ExpectedTentative bool
	// PortalDue is the portal's own due date, once it gave one (zero
	// before): it is what the receipt prints, and when it differs from the
	// kit's count (Expected) the receipt says so.
	PortalDue time.Time
	// DeliveryAddress is where a result sent by post goes, in words.
	DeliveryAddress string
	// Ratings is the satisfaction question offered after the receipt;
	// Rating the answer given, if any.
	Ratings model.RatingScale
	Rating  *model.Rating
}

// Receipt renders the printable receipt. The official form is Vietnamese,
// so its labels are printed in Vietnamese whatever the UI language; the
// screen controls around it follow the UI language.
func Receipt(p ReceiptProps) g.Node {
	t, d := p.Page.T, p.Dossier
	a := d.Applicant
	if a == nil {
		a = &model.Applicant{}
	}
	days := "trong ngày"
	if p.Channel.ProcessingDays == nil {
		days = "theo quy định của thủ tục"
	} else if *p.Channel.ProcessingDays > 0 {
		days = fmt.Sprintf("%d ngày làm việc", *p.Channel.ProcessingDays)
	}
	if h := p.Channel.ProcessingHalfDays; h != nil && *h%2 == 1 {
		days = halfDaysText(*h)
	}
	official := d.Portal != nil && d.Portal.ReceiptCode != ""
	rec := p.ReceivedAt.In(p.Loc)
	docs := receiptDocs(p)
	layout := p.Layout
	if layout != "thermal" {
		layout = "a5"
	}
	return Page(p.Page,
		h.Div(h.Class("no-print actions"),
			printButton(t),
			h.A(h.Class("button"), h.Href("?layout=a5"), g.Text("A5")),
			h.A(h.Class("button"), h.Href("?layout=thermal"), g.Text(t.T("receipt.thermal"))),
			h.A(h.Class("button"), h.Href("/dossiers/"+d.ID), g.Text(t.T("receipt.back"))),
		),
		// On screen, whether the portal has the dossier yet: a receipt
		// printed offline must not pass for the portal's.
		h.Div(h.Class("no-print "+map[bool]string{true: "notice", false: "alert"}[official]), h.ID("receipt-state"), h.Role("status"),
			g.Text(t.T(map[bool]string{true: "receipt.state_official", false: "receipt.state_kit"}[official]))),
		h.Article(h.Class("paper receipt "+layout), h.ID("receipt"),
			// Mẫu 01 (TT 01/2018/TT-VPCP; the 2025 form's content is not
			// known): agency and unit with "Số: …/…" on the left, the motto
			// and the place and date on the right.
			h.Div(h.Class("head"),
				h.P(g.If(p.Agency != "", g.Group([]g.Node{g.Text(p.Agency), h.Br()})), h.Strong(g.Text(p.Centre)), h.Br(),
					g.Text("BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"), h.Br(), g.Text("Số: ……/……")),
				h.P(h.Strong(g.Text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")), h.Br(), g.Text("Độc lập - Tự do - Hạnh phúc"), h.Br(),
					h.Em(h.ID("receipt-place-date"), g.Text(placeDate(p.Place, rec)))),
			),
			// The official form names the portal's code. Until the portal
			// has the dossier, this paper is the kit's acknowledgement and
			// says so: a code no portal knows is never printed as "Mã hồ sơ".
			g.If(official, g.Group([]g.Node{
				h.H1(g.Text("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")),
				h.P(h.Class("code"), g.Text("Mã hồ sơ: "), h.Strong(h.ID("receipt-code"), g.Text(officialCode(d)))),
				h.P(h.Class("code small"), g.Text("Mã tiếp nhận tại điểm hỗ trợ: "+d.TrackingCode)),
				h.P(h.Class("code small"), g.Text("(Liên: Lưu / Giao người nộp hồ sơ)")),
			})),
			g.If(!official, g.Group([]g.Node{
				h.H1(h.ID("receipt-kind"), g.Text("GIẤY XÁC NHẬN ĐÃ NHẬN HỒ SƠ TẠI ĐIỂM HỖ TRỢ")),
				h.P(h.Class("code"), g.Text("Mã tiếp nhận tại điểm hỗ trợ: "), h.Strong(h.ID("receipt-code"), g.Text(d.TrackingCode))),
				h.P(h.Class("small"), g.Text("Hồ sơ đang chờ gửi lên Cổng dịch vụ công. Mã hồ sơ chính thức do Cổng cấp khi tiếp nhận hồ sơ; "+
					"khi đó điểm hỗ trợ in Giấy tiếp nhận hồ sơ và hẹn trả kết quả.")),
			})),
			h.Dl(h.Class("kv"),
				h.Dt(g.Text("Tiếp nhận hồ sơ của")), h.Dd(g.Text(a.FullName)),
				h.Dt(g.Text("Địa chỉ")), h.Dd(h.ID("receipt-address"), g.Text(strings.Trim(a.Address.Detail+", "+p.Commune, ", "))),
				h.Dt(g.Text("Số điện thoại")), h.Dd(g.Text(a.Phone+" · Email: ……")),
				h.Dt(g.Text("Nội dung yêu cầu giải quyết")), h.Dd(g.Text(p.Procedure.Name+" ("+p.Procedure.Code+")")),
			),
			h.P(g.Text("1. Thành phần hồ sơ nộp gồm:")),
			receiptDocList(layout, docs),
			h.P(g.Text("2. Số lượng hồ sơ: 01 (bộ)")),
			h.P(g.Text("3. Thời gian giải quyết hồ sơ theo quy định là: "+days)),
			h.P(g.Text("4. Thời gian nhận hồ sơ: "+fmt.Sprintf("%02d giờ %02d phút, ngày %02d tháng %02d năm %d", rec.Hour(), rec.Minute(), rec.Day(), rec.Month(), rec.Year()))),
			// The hour is the receiving officer's to write: the catalog gives
			// days, not the hour results are handed out.
			h.P(g.Text("5. Thời gian trả kết quả giải quyết hồ sơ: …… giờ …… phút, "), h.Strong(h.ID("receipt-expected"), g.Text(expectedText(p))),
				g.If(portalDiffers(p), h.Span(h.Class("small"), h.ID("receipt-due-differs"),
					g.Text(" (ngày hẹn do Cổng dịch vụ công cấp; điểm hỗ trợ đã tính "+vnDate(p.Expected)+")")))),
			h.P(h.ID("receipt-fee"), g.Text("6. Phí, lệ phí: "+receiptFee(p, docs))),
			h.P(h.ID("receipt-delivery"), g.Text("7. Đăng ký nhận kết quả tại: "+deliveryText(p))),
			g.Iff(d.Filing.FiledBy == model.FiledByProxy && d.Filing.Proxy != nil, func() g.Node {
				return h.P(h.ID("receipt-proxy"), g.Text("Người nộp thay: "+d.Filing.Proxy.FullName+" — số định danh "+d.Filing.Proxy.IDNumber))
			}),
			g.Iff(d.Filing.Receiver == model.ReceiverOther && d.Filing.ReceiverPerson != nil, func() g.Node {
				return h.P(h.ID("receipt-receiver"), g.Text("Người nhận kết quả thay (có văn bản ủy quyền): "+d.Filing.ReceiverPerson.FullName+
					" — số định danh "+d.Filing.ReceiverPerson.IDNumber))
			}),
			h.Div(h.Class("qr"),
				g.Raw(p.QRSVG),
				g.If(official, h.P(h.Class("small"), g.Text("Tra cứu tiến độ: "), h.Span(h.Class("url"), g.Text(p.StatusURL)))),
				g.If(!official, h.P(h.Class("small"), g.Text("Mã QR: mã tiếp nhận tại điểm hỗ trợ, để tra cứu tại quầy."))),
			),
			h.P(h.Class("small"), h.ID("receipt-logbook"), g.Text("Vào Sổ theo dõi hồ sơ, Quyển số: …… Số thứ tự: ……")),
			h.Div(h.Class("signs"),
				h.P(h.Strong(g.Text("NGƯỜI NỘP HỒ SƠ")), h.Br(), h.Em(g.Text("(Ký và ghi rõ họ tên)"))),
				h.P(h.Strong(g.Text("NGƯỜI TIẾP NHẬN HỒ SƠ")), h.Br(), h.Em(g.Text("(Ký và ghi rõ họ tên)"))),
			),
		),
		g.If(d.Channel == model.ChannelPostal, sendingSlip(p, docs)),
		ratingForm(t, d.ID, p.Ratings, p.Rating),
	)
}

// deliveryText is item 7: where the resident registered to receive the
// result.
func deliveryText(p ReceiptProps) string {
	if p.Dossier.Filing.Delivery.Method == model.DeliveryPost {
		return "chuyển phát qua dịch vụ bưu chính công ích đến " + p.DeliveryAddress
	}
	return "Bộ phận tiếp nhận và trả kết quả"
}

// portalDiffers: the portal gave its own due date and it is not the day
// the kit counted.
func portalDiffers(p ReceiptProps) bool {
	return !p.PortalDue.IsZero() && p.Channel.ProcessingDays != nil && !sameDay(p.PortalDue, p.Expected)
}

func sameDay(a, b time.Time) bool {
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}

func vnDate(t time.Time) string { return fmt.Sprintf("%02d/%02d/%d", t.Day(), t.Month(), t.Year()) }

// receiptDocList is the table of documents on A5; on the 80 mm roll a
// four-column table wraps a long name to a word per line, so each document
// is one list item there.
func receiptDocList(layout string, docs []receiptDoc) g.Node {
	if layout == "thermal" {
		return h.Ol(h.Class("docs"), g.Map(docs, func(r receiptDoc) g.Node {
			return h.Li(g.Text(fmt.Sprintf("%s (bản chính: %d, bản sao: %d, %d trang)", r.Name, r.Originals, r.Copies, r.Pages)))
		}))
	}
	return h.Table(h.Class("grid"),
		h.THead(h.Tr(h.Th(g.Text("TT")), h.Th(g.Text("Tên giấy tờ")), h.Th(g.Text("Bản chính")), h.Th(g.Text("Bản sao")), h.Th(g.Text("Số trang")))),
		h.TBody(g.Map(docs, func(r receiptDoc) g.Node {
			return h.Tr(h.Td(g.Text(fmt.Sprint(r.N))), h.Td(g.Text(r.Name)), h.Td(g.Text(fmt.Sprint(r.Originals))),
				h.Td(g.Text(fmt.Sprint(r.Copies))), h.Td(g.Text(fmt.Sprint(r.Pages))))
		})),
	)
}

type receiptDoc struct {
	N                        int
	Name                     string
	Originals, Copies, Pages int
}

func receiptDocs(p ReceiptProps) []receiptDoc {
	var out []receiptDoc
	idx := map[string]int{}
	for _, doc := range p.Dossier.Documents {
		if doc.Status != model.DocReady {
			continue
		}
		i, ok := idx[doc.Component]
		if !ok {
			r := receiptDoc{N: len(out) + 1, Name: doc.Component}
			if c, ok := p.Procedure.Component(doc.Component); ok {
				r.Name, r.Originals, r.Copies = c.Name, c.Originals, c.Copies
			}
			out = append(out, r)
			i = len(out) - 1
			idx[doc.Component] = i
		}
		out[i].Pages += doc.Pages
	}
	return out
}

// receiptFee is the fee as the rule of the channel makes it for this
// dossier: its pages, and the copies asked for in its declaration.
func receiptFee(p ReceiptProps, docs []receiptDoc) string {
	pages := 0
	for _, d := range docs {
		pages += d.Pages
	}
	copies := 1
	if vals, err := model.ParseFormValues(p.Dossier.Form); err == nil {
		if n, err := strconv.Atoi(vals["so_ban_sao"]); err == nil && n > 0 {
			copies = n
		}
	}
	q := model.Fee(p.Channel, pages, copies)
	if q.Unverified {
		return q.Text + " (chưa xác minh)"
	}
	return q.Text
}

// sendingSlip is the Phiếu gửi hồ sơ for the post-office channel. Its
// official layout (TT 17/2017/TT-BTTTT) was not found, so this carries the
// facts Decision 45/2016 requires: sender, agency, procedure, documents,
// fees, and both signatures.
func sendingSlip(p ReceiptProps, docs []receiptDoc) g.Node {
	d := p.Dossier
	a := d.Applicant
	if a == nil {
		a = &model.Applicant{}
	}
	return h.Article(h.Class("paper receipt slip a5"), h.ID("sending-slip"),
		h.H1(g.Text("PHIẾU GỬI HỒ SƠ")),
		h.P(h.Class("code"), g.Text("Mã tiếp nhận tại điểm hỗ trợ: "), h.Strong(g.Text(d.TrackingCode))),
		h.Dl(h.Class("kv"),
			h.Dt(g.Text("Người gửi")), h.Dd(g.Text(a.FullName)),
			h.Dt(g.Text("Địa chỉ")), h.Dd(g.Text(a.Address.Detail)),
			h.Dt(g.Text("Số điện thoại")), h.Dd(g.Text(a.Phone)),
			h.Dt(g.Text("Cơ quan nhận hồ sơ")), h.Dd(g.Text(p.Procedure.Agency)),
			h.Dt(g.Text("Thủ tục")), h.Dd(g.Text(p.Procedure.Name)),
			h.Dt(g.Text("Phí, lệ phí")), h.Dd(g.Text(receiptFee(p, docs))),
		),
		h.Ol(g.Map(docs, func(r receiptDoc) g.Node {
			return h.Li(g.Text(fmt.Sprintf("%s — %d trang", r.Name, r.Pages)))
		})),
		h.Div(h.Class("signs"),
			h.P(h.Strong(g.Text("NGƯỜI GỬI")), h.Br(), h.Em(g.Text("(Ký và ghi rõ họ tên)"))),
			h.P(h.Strong(g.Text("NHÂN VIÊN BƯU ĐIỆN")), h.Br(), h.Em(g.Text("(Ký và ghi rõ họ tên)"))),
		),
	)
}

// expectedText is the appointment date, or a line for the receiving
// officer to fill in by hand when the catalog does not know the
// processing time (never a made-up date).
func expectedText(p ReceiptProps) string {
	if !p.PortalDue.IsZero() {
		d := p.PortalDue
		return fmt.Sprintf("ngày %02d tháng %02d năm %d", d.Day(), d.Month(), d.Year())
	}
	if p.Channel.ProcessingDays == nil {
		return "ngày …… tháng …… năm ……"
	}
	s := fmt.Sprintf("ngày %02d tháng %02d năm %d", p.Expected.Day(), p.Expected.Month(), p.Expected.Year())
	if p.ExpectedTentative {
		s += tentativeReceipt
	}
	return s
}

func officialCode(d model.Dossier) string {
	if d.Portal == nil {
		return ""
	}
	return d.Portal.ReceiptCode
}

// placeDate is "Đà Nẵng, ngày 03 tháng 12 năm 2026", the day the dossier
// was received (not the day of printing), with dots for an unknown place.
func placeDate(place string, at time.Time) string {
	if place == "" {
		place = "……"
	}
	return fmt.Sprintf("%s, ngày %02d tháng %02d năm %d", place, at.Day(), at.Month(), at.Year())
}
