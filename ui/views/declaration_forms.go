package views

import (
	"strings"

	g "maragu.dev/gomponents"
	h "maragu.dev/gomponents/html"
)

// camDoanMarriage is the marriage form's cam đoan (FORMS.md c., [T]): the
// two parties declare together that the marriage is voluntary.
const camDoanMarriage = "Chúng tôi cam đoan những lời khai trên đây là đúng sự thật, việc kết hôn của chúng tôi là tự nguyện, không vi phạm quy định của Luật Hôn nhân và gia đình Việt Nam. Chúng tôi chịu hoàn toàn trách nhiệm trước pháp luật về cam đoan của mình."

// marriage is the Tờ khai đăng ký kết hôn (FORMS.md c.): one form for
// both parties, in columns Bên nữ / Bên nam, signed by both.
func (d decl) marriage() g.Node {
	rowOf := func(label, suffix string) g.Node {
		return h.Tr(h.Th(h.Scope("row"), g.Text(label)), h.Td(fill(d.v("nu_"+suffix))), h.Td(fill(d.v("nam_"+suffix))))
	}
	return g.Group([]g.Node{
		h.Div(h.Class("photos"), h.Div(h.Class("photo"), g.Text("Ảnh (1)")), h.Div(h.Class("photo"), g.Text("Ảnh (2)"))),
		motto(), h.H1(g.Text(d.s.Title)),
		d.kv("Kính gửi: (3)", "kinh_gui"),
		h.Table(h.Class("grid sides"),
			h.THead(h.Tr(h.Th(g.Text("Thông tin")), h.Th(g.Text("Bên nữ")), h.Th(g.Text("Bên nam")))),
			h.TBody(
				rowOf("Họ, chữ đệm, tên", "ho_ten"),
				rowOf("Ngày, tháng, năm sinh", "ngay_sinh"),
				rowOf("Dân tộc", "dan_toc"),
				rowOf("Quốc tịch", "quoc_tich"),
				rowOf("Nơi cư trú (4)", "noi_cu_tru"),
				rowOf("Giấy tờ tùy thân (5)", "giay_to"),
				rowOf("Kết hôn lần thứ mấy", "lan_ket_hon"),
			)),
		h.P(h.Class("oath"), g.Text(camDoanMarriage)),
		h.P(h.Class("oath"), g.Text("Đề nghị Quý cơ quan đăng ký.")),
		d.made(),
		h.Div(h.Class("signs two"),
			sign("Bên nữ", signHint, d.v("nu_ho_ten")),
			sign("Bên nam", signHint, d.v("nam_ho_ten"))),
		d.copies("(6)"),
	})
}

// ct01Corner is the note printed in the corner of the current CT01
// (FORMS.md e., [T]).
const ct01Corner = "Mẫu CT01 ban hành kèm theo Thông tư số 53/2025/TT-BCA ngày 01/7/2025 của Bộ trưởng Bộ Công an"

// ct01 is the Tờ khai thay đổi thông tin cư trú, Mẫu CT01 of TT 53/2025
// (FORMS.md e.): items 1–11, then the consent blocks (3)–(5) with their
// item (7) when consent went through VNeID, and the declarant's (6).
func (d decl) ct01() g.Node {
	place := d.p.Place
	if place == "" {
		place = "…………"
	}
	return g.Group([]g.Node{
		h.P(h.Class("corner"), h.Em(g.Text(ct01Corner))),
		motto(), h.H1(g.Text("TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ")),
		d.kv("Kính gửi(1):", "kinh_gui"),
		d.kv("1. Họ, chữ đệm và tên:", "ho_ten"),
		row(item("2. Ngày, tháng, năm sinh:", d.v("ngay_sinh")), item("3. Giới tính:", d.v("gioi_tinh"))),
		line("4. Số định danh cá nhân:", idBoxes(d.v("so_dinh_danh"))),
		row(item("5. Số điện thoại liên hệ:", d.v("dien_thoai")), item("6. Email:", d.v("email"))),
		row(item("7. Họ, chữ đệm và tên chủ hộ:", d.v("chu_ho_ho_ten")), item("8. Mối quan hệ với chủ hộ:", d.v("quan_he_chu_ho"))),
		line("9. Số định danh cá nhân của chủ hộ:", idBoxes(d.v("chu_ho_so_dinh_danh"))),
		d.kv("10. Nội dung đề nghị(2):", "noi_dung_de_nghi"),
		line("11. Những thành viên trong hộ gia đình cùng thay đổi:"),
		members(d.v("thanh_vien_cung_thay_doi")),
		h.P(h.Class("right made"), g.Text(place+", "+d.dateWords())),
		h.Div(h.Class("signs four"),
			d.consent("Ý KIẾN CỦA CHỦ HỘ(3)", "y_kien_chu_ho", "chu_ho"),
			d.consent("Ý KIẾN CỦA CHỦ SỞ HỮU CHỖ Ở HỢP PHÁP(4)", "y_kien_chu_so_huu", "chu_so_huu"),
			d.consent("Ý KIẾN CỦA CHA, MẸ HOẶC NGƯỜI GIÁM HỘ(5)", "y_kien_cha_me", "cha_me"),
			sign("NGƯỜI KÊ KHAI(6)", "(Ký, ghi rõ họ tên)", d.v("ho_ten"))),
	})
}

// consent is one of CT01's consent blocks: room to sign when consent is
// written on the form; the way it was given otherwise; and, through
// VNeID, item (7): the name and ID of who gave it (fn 7). The household
// head's are items 7 and 9 of the form.
func (d decl) consent(title, choice, who string) g.Node {
	if _, ok := d.field(choice); !ok {
		return sign(title, "(Ký, ghi rõ họ tên)", "")
	}
	name, id := d.v(who+"_ho_ten"), d.v(who+"_so_dinh_danh")
	var how g.Node
	switch d.p.Values[choice] {
	case "vneid":
		how = h.Em(g.Text("Đã đồng ý qua VNeID"))
	case "van_ban_rieng":
		how = h.Em(g.Text("Có văn bản đồng ý riêng kèm theo"))
	}
	vneid := d.p.Values[choice] == "vneid"
	return h.Div(h.Class("sign"), h.Strong(g.Text(title)), h.Br(), h.Em(g.Text("(Ký, ghi rõ họ tên)")), h.Br(), how,
		h.Div(h.Class("room")),
		g.If(vneid, g.Group([]g.Node{
			h.P(h.Class("seven"), g.Text("(7) Họ và tên: "), fill(name)),
			h.P(h.Class("seven"), g.Text("(7) Số định danh cá nhân: "), fill(id)),
		})))
}

// idBoxes prints a personal ID in the form's twelve boxes.
func idBoxes(id string) g.Node {
	cells := make([]g.Node, 12)
	for i := range cells {
		c := ""
		if i < len(id) {
			c = id[i : i+1]
		}
		cells[i] = h.Span(h.Class("box"), g.Text(c))
	}
	return h.Span(h.Class("boxes"), g.Group(cells))
}

// members is item 11's table, one household member a line of the
// textarea, its parts separated by ";" as the field's help asks.
func members(text string) g.Node {
	var rows []g.Node
	n := 0
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n++
		parts := strings.Split(l, ";")
		cells := []g.Node{h.Td(g.Textf("%d", n))}
		for i := range 5 {
			v := ""
			if i < len(parts) {
				v = strings.TrimSpace(parts[i])
			}
			cells = append(cells, h.Td(g.Text(v)))
		}
		rows = append(rows, h.Tr(cells...))
	}
	for len(rows) < 2 { // the form prints empty rows to write in
		rows = append(rows, h.Tr(h.Td(), h.Td(), h.Td(), h.Td(), h.Td(), h.Td()))
	}
	return h.Table(h.Class("grid members"),
		h.THead(h.Tr(h.Th(g.Text("TT")), h.Th(g.Text("Họ, chữ đệm và tên")), h.Th(g.Text("Ngày, tháng, năm sinh")),
			h.Th(g.Text("Giới tính")), h.Th(g.Text("Số định danh cá nhân")), h.Th(g.Text("Mối quan hệ với chủ hộ")))),
		h.TBody(rows...))
}
