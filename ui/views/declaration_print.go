package views

import (
	"fmt"
	"strings"
	"time"

	g "maragu.dev/gomponents"
	h "maragu.dev/gomponents/html"

	"fieldkit/agent/model"
)

// DeclarationProps is a filled-in declaration for printing and signing.
type DeclarationProps struct {
	Page      PageProps
	Procedure *model.Procedure
	Dossier   model.Dossier
	Values    model.FormValues
	// Place and MadeOn fill "Làm tại …, ngày … tháng … năm …": where the
	// kit receives (the receipt's place, else the applicant's commune) and
	// the day the dossier was finalised at the counter (else created), in
	// Vietnam time. A zero MadeOn leaves the date to be written by hand.
	Place  string
	MadeOn time.Time
}

// Declaration prints the filled form in its official shape, chosen by the
// schema's kind (FORMS.md a.–e.); a form of no known kind prints as a
// list of its labels. The text of the forms is the law's and stays in
// Vietnamese whatever the UI's language.
func Declaration(p DeclarationProps) g.Node {
	t, s := p.Page.T, p.Procedure.FormSchema
	d := decl{p: p, s: s}
	var body g.Node
	switch s.Kind {
	case model.FormBirth:
		body = d.birth()
	case model.FormDeath:
		body = d.death()
	case model.FormMarriage:
		body = d.marriage()
	case model.FormMaritalStatus:
		body = d.maritalStatus()
	case model.FormResidence:
		body = d.ct01()
	default:
		body = d.generic()
	}
	return Page(p.Page,
		h.Div(h.Class("no-print actions"), printButton(t),
			h.A(h.Class("button"), h.Href("/dossiers/"+p.Dossier.ID), g.Text(t.T("receipt.back")))),
		h.Article(h.Class("paper a4 form form-"+kindClass(s.Kind)), h.Lang("vi"), body,
			h.P(h.Class("meta small"), g.Text(strings.Trim(s.Basis+" · "+p.Dossier.TrackingCode, " ·")))),
	)
}

func kindClass(kind string) string {
	if kind == "" {
		return "generic"
	}
	return kind
}

// decl reads one dossier's values through its form's schema.
type decl struct {
	p DeclarationProps
	s *model.FormSchema
}

func (d decl) field(name string) (model.FormField, bool) {
	for _, f := range d.s.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return model.FormField{}, false
}

// v is a field's value as printed: a choice's label, a date dd/mm/yyyy,
// "" when empty or not in this form.
func (d decl) v(name string) string {
	f, ok := d.field(name)
	if !ok {
		return ""
	}
	return displayValue(f, d.p.Values[name])
}

const dots = "……………………"

// fill is a value written on the form's dotted line.
func fill(v string) g.Node {
	if v == "" {
		return h.Span(h.Class("dots"), g.Text(dots))
	}
	return h.Span(h.Class("v"), g.Text(v))
}

// line is one printed line: the form's own label, then the values.
func line(label string, vals ...g.Node) g.Node {
	return h.P(h.Class("line"), h.Span(h.Class("l"), g.Text(label+" ")), g.Group(vals))
}

// kv is a line with one field's value.
func (d decl) kv(label, name string) g.Node { return line(label, fill(d.v(name))) }

// row puts several short lines side by side, as the forms print
// "Giới tính … Dân tộc … Quốc tịch …" on one line.
func row(items ...g.Node) g.Node { return h.Div(h.Class("row"), g.Group(items)) }

func item(label string, v string) g.Node {
	return h.Span(h.Class("item"), h.Span(h.Class("l"), g.Text(label+" ")), fill(v))
}

func motto() g.Node {
	return h.P(h.Class("motto"), h.Strong(g.Text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")), h.Br(), h.Strong(g.Text("Độc lập - Tự do - Hạnh phúc")))
}

// dateWords is "ngày dd tháng mm năm yyyy" of the day made, dotted when
// unknown.
func (d decl) dateWords() string {
	if d.p.MadeOn.IsZero() {
		return "ngày …… tháng …… năm ……"
	}
	m := d.p.MadeOn.In(model.VietnamTime)
	return fmt.Sprintf("ngày %02d tháng %02d năm %d", m.Day(), int(m.Month()), m.Year())
}

// made is the civil-status forms' "Làm tại: …, ngày … tháng … năm …".
func (d decl) made() g.Node {
	place := d.p.Place
	if place == "" {
		place = "…………"
	}
	return h.P(h.Class("right made"), g.Text("Làm tại: "+place+", "+d.dateWords()))
}

// sign is a signature block: its title, the form's instruction, room to
// sign, and the name typed in the kit.
func sign(title, hint, name string) g.Node {
	return h.Div(h.Class("sign"), h.Strong(g.Text(title)), h.Br(), h.Em(g.Text(hint)),
		h.Div(h.Class("room")), g.If(name != "", h.Strong(g.Text(name))))
}

const signHint = "(Ký, ghi rõ họ, chữ đệm, tên)"

// copies is "Đề nghị cấp bản sao (n): Có ☐ Không ☐ — Số lượng: … bản".
func (d decl) copies(mark string) g.Node {
	if _, ok := d.field("de_nghi_cap_ban_sao"); !ok {
		return nil
	}
	yes := d.p.Values["de_nghi_cap_ban_sao"] == "yes"
	box := map[bool]string{true: "☒", false: "☐"}
	label := "Đề nghị cấp bản sao"
	if mark != "" {
		label += " " + mark
	}
	return line(label+":", g.Text("Có "+box[yes]+"   Không "+box[!yes]+"   Số lượng: "), fill(d.v("so_ban_sao")), g.Text(" bản"))
}

// requester is the civil-status forms' first block.
func (d decl) requester(relation string) g.Node {
	return g.Group([]g.Node{
		d.kv("Kính gửi: (1)", "kinh_gui"),
		d.kv("Họ, chữ đệm, tên người yêu cầu:", "nguoi_yeu_cau_ho_ten"),
		d.kv("Nơi cư trú: (2)", "nguoi_yeu_cau_noi_cu_tru"),
		d.kv("Giấy tờ tùy thân: (3)", "nguoi_yeu_cau_giay_to"),
		d.kv(relation+":", "quan_he"),
	})
}

// The cam đoan of each form, as printed (FORMS.md a.–d., [T]).
const (
	camDoanBirth = "Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật, được sự thỏa thuận nhất trí của các bên liên quan theo quy định pháp luật. Tôi chịu hoàn toàn trách nhiệm trước pháp luật về nội dung cam đoan của mình."
	camDoanPlain = "Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về cam đoan của mình."
)

// birth is the Tờ khai đăng ký khai sinh (FORMS.md a., TT 04/2024).
func (d decl) birth() g.Node {
	dob := d.p.Values["tre_ngay_sinh"]
	return g.Group([]g.Node{
		motto(), h.H1(g.Text(d.s.Title)),
		d.requester("Quan hệ với người được khai sinh"),
		h.P(h.Class("ask"), h.Em(g.Text("Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:"))),
		d.kv("Họ, chữ đệm, tên:", "tre_ho_ten"),
		line("Ngày, tháng, năm sinh:", fill(d.v("tre_ngay_sinh")), g.Text(" ghi bằng chữ: "), fill(model.DateInWords(dob))),
		row(item("Giới tính:", d.v("tre_gioi_tinh")), item("Dân tộc:", d.v("tre_dan_toc")), item("Quốc tịch:", d.v("tre_quoc_tich"))),
		d.kv("Nơi sinh: (4)", "tre_noi_sinh"),
		d.kv("Quê quán:", "tre_que_quan"),
		d.parent("me", "mẹ"), d.parent("cha", "cha"),
		line("Thông tin về Giấy chứng nhận kết hôn của cha, mẹ trẻ (nếu cha, mẹ trẻ đã đăng ký kết hôn): Số",
			fill(d.v("gcnkh_so")), g.Text(", Quyển số "), fill(d.v("gcnkh_quyen")), g.Text(", đăng ký ngày "), fill(d.v("gcnkh_ngay")),
			g.Text(" tại "), fill(d.v("gcnkh_noi"))),
		h.P(h.Class("oath"), g.Text(camDoanBirth)),
		d.made(),
		h.Div(h.Class("signs one"), sign("Người yêu cầu", signHint, d.v("nguoi_yeu_cau_ho_ten"))),
		d.copies("(6)"),
	})
}

// parent is a mother's or father's block of the birth form.
func (d decl) parent(pfx, who string) g.Node {
	return g.Group([]g.Node{
		d.kv("Họ, chữ đệm, tên người "+who+":", pfx+"_ho_ten"),
		row(item("Năm sinh: (5)", d.v(pfx+"_nam_sinh")), item("Dân tộc: (2)", d.v(pfx+"_dan_toc")), item("Quốc tịch: (2)", d.v(pfx+"_quoc_tich"))),
		d.kv("Nơi cư trú: (2)", pfx+"_noi_cu_tru"),
		line("Giấy tờ tùy thân: (3)", fill(d.paper(pfx))),
	})
}

// paper is what a person's identity line says: the paper written out,
// else the personal ID number, else "Không có" when none was declared
// (a parent may have no paper at all).
func (d decl) paper(pfx string) string {
	switch {
	case d.v(pfx+"_giay_to") != "":
		return d.v(pfx + "_giay_to")
	case d.v(pfx+"_so_dinh_danh") != "":
		return "Số định danh cá nhân " + d.v(pfx+"_so_dinh_danh")
	case d.p.Values[pfx+"_loai_giay_to"] == "khong_co":
		return "Không có"
	}
	return ""
}

// death is the Tờ khai đăng ký khai tử (FORMS.md b.).
func (d decl) death() g.Node {
	hour, minute := splitTime(d.p.Values["gio_chet"])
	day := d.p.Values["ngay_chet"]
	var dd, mm, yy string
	if t, err := time.Parse(time.DateOnly, day); err == nil {
		dd, mm, yy = fmt.Sprintf("%02d", t.Day()), fmt.Sprintf("%02d", int(t.Month())), fmt.Sprint(t.Year())
	}
	return g.Group([]g.Node{
		motto(), h.H1(g.Text(d.s.Title)),
		d.requester("Quan hệ với người đã chết"),
		h.P(h.Class("ask"), h.Em(g.Text("Đề nghị cơ quan đăng ký khai tử cho người có tên dưới đây:"))),
		d.kv("Họ, chữ đệm, tên:", "nguoi_chet_ho_ten"),
		d.kv("Ngày, tháng, năm sinh:", "nguoi_chet_ngay_sinh"),
		row(item("Giới tính:", d.v("nguoi_chet_gioi_tinh")), item("Dân tộc:", d.v("nguoi_chet_dan_toc")), item("Quốc tịch:", d.v("nguoi_chet_quoc_tich"))),
		d.kv("Nơi cư trú cuối cùng: (2)", "nguoi_chet_noi_cu_tru"),
		d.kv("Giấy tờ tùy thân: (3)", "nguoi_chet_giay_to"),
		line("Đã chết vào lúc:", fill(hour), g.Text(" giờ "), fill(minute), g.Text(" phút, ngày "), fill(dd), g.Text(" tháng "), fill(mm),
			g.Text(" năm "), fill(yy)),
		d.kv("Nơi chết:", "noi_chet"),
		d.kv("Nguyên nhân chết:", "nguyen_nhan_chet"),
		d.kv("Số Giấy báo tử/Giấy tờ thay thế Giấy báo tử: (4)", "giay_bao_tu"),
		h.P(h.Class("oath"), g.Text(camDoanPlain)),
		d.made(),
		h.Div(h.Class("signs one"), sign("Người yêu cầu", signHint, d.v("nguoi_yeu_cau_ho_ten"))),
		d.copies("(5)"),
	})
}

// splitTime reads an hour typed "14:30", "14h30", "14 giờ 30" or "14".
func splitTime(s string) (hour, minute string) {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r < '0' || r > '9' })
	switch len(f) {
	case 0:
		return "", ""
	case 1:
		return f[0], ""
	}
	return f[0], f[1]
}

// maritalStatus is the Tờ khai cấp Giấy xác nhận tình trạng hôn nhân
// (FORMS.md d.).
func (d decl) maritalStatus() g.Node {
	status := d.v("tinh_trang_hon_nhan")
	if d.p.Values["tinh_trang_hon_nhan"] == "tung_thoi_ky" && d.v("thoi_ky_chua_ket_hon") != "" {
		status = "Chưa đăng ký kết hôn với ai " + d.v("thoi_ky_chua_ket_hon") + "; hiện tại đang có vợ/chồng"
	}
	if extra := d.v("giay_to_hon_nhan_truoc"); extra != "" {
		status += " (" + extra + ")"
	}
	return g.Group([]g.Node{
		motto(), h.H1(g.Text(d.s.Title)),
		d.requester("Quan hệ với người được cấp Giấy xác nhận tình trạng hôn nhân"),
		h.P(h.Class("ask"), h.Em(g.Text("Đề nghị cấp Giấy xác nhận tình trạng hôn nhân cho người có tên dưới đây:"))),
		d.kv("Họ, chữ đệm, tên:", "ho_ten"),
		d.kv("Ngày, tháng, năm sinh:", "ngay_sinh"),
		row(item("Giới tính:", d.v("gioi_tinh")), item("Dân tộc:", d.v("dan_toc")), item("Quốc tịch:", d.v("quoc_tich"))),
		d.kv("Nơi cư trú: (2)", "noi_cu_tru"),
		d.kv("Giấy tờ tùy thân: (3)", "giay_to"),
		d.kv("Trong thời gian cư trú tại:", "thoi_gian_cu_tru"),
		line("Tình trạng hôn nhân:", fill(status)),
		d.kv("Mục đích sử dụng Giấy xác nhận tình trạng hôn nhân: (5)", "muc_dich"),
		h.P(h.Class("oath"), g.Text(camDoanPlain)),
		d.made(),
		h.Div(h.Class("signs one"), sign("Người yêu cầu", signHint, d.v("nguoi_yeu_cau_ho_ten"))),
		d.copies(""),
	})
}

// generic prints a form the kit has no layout for: its labels in order.
func (d decl) generic() g.Node {
	return g.Group([]g.Node{
		motto(), h.H1(g.Text(d.s.Title)),
		h.Dl(h.Class("filled"), g.Map(d.s.Fields, func(f model.FormField) g.Node {
			v := displayValue(f, d.p.Values[f.Name])
			if f.Type == model.FieldCheckbox {
				v = map[bool]string{true: "☒", false: "☐"}[d.p.Values[f.Name] == "yes"]
			}
			if v == "" {
				v = dots
			}
			return g.Group([]g.Node{h.Dt(g.Text(f.Label + ":")), h.Dd(g.Text(v))})
		})),
		h.P(h.Class("oath"), g.Text(camDoanPlain)),
		d.made(),
		h.Div(h.Class("signs one"), sign("Người yêu cầu", signHint, "")),
	})
}
