package e2e

import (
	"fmt"
	"testing"
	"time"
)

// declaredByAPI files a draft with a filled declaration and returns its ID.
func declaredByAPI(t *testing.T, s *suite, procedure string, form map[string]string) string {
	t.Helper()
	nd := map[string]any{"procedure_code": procedure, "channel": "in_person", "form": form,
		"applicant": map[string]any{"id_number": "048090123456", "full_name": "Nguyễn Văn An", "date_of_birth": "1990-05-17",
			"gender": "male", "phone": "0905000888", "address": map[string]string{"commune_code": "20194", "detail": "12 Bạch Đằng"}},
		"consent": map[string]any{"given": true, "method": "paper_signed"}}
	var out struct {
		ID     string
		Fields map[string]string
	}
	if st := s.api(t, "POST", "/api/v1/dossiers", nd, &out); st != 201 || out.ID == "" {
		t.Fatalf("declaration for %s: %d %v", procedure, st, out.Fields)
	}
	return out.ID
}

// TestBrowser_DeclarationsPrintInTheirShape prints each declaration
// through the browser (Page.printToPDF, as Ctrl+P does) and reads the PDF
// back with MuPDF: the form's blocks in its official order, on one A4
// sheet. The golden blocks cite FORMS.md; before, every form printed one
// list of labels, one cam đoan and one "Người yêu cầu".
func TestBrowser_DeclarationsPrintInTheirShape(t *testing.T) {
	s := getSuite(t)
	now := time.Now().In(time.FixedZone("ICT", 7*3600))
	made := fmt.Sprintf("ngày %02d tháng %02d năm %d", now.Day(), int(now.Month()), now.Year())
	requester := map[string]string{"kinh_gui": "Ủy ban nhân dân phường Hải Châu", "nguoi_yeu_cau_ho_ten": "Nguyễn Văn An",
		"nguoi_yeu_cau_noi_cu_tru": "12 Bạch Đằng, phường Hải Châu, Đà Nẵng", "nguoi_yeu_cau_giay_to": "Căn cước công dân số 048090123456"}
	with := func(base map[string]string, kv ...string) map[string]string {
		out := map[string]string{}
		for k, v := range base {
			out[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			out[kv[i]] = kv[i+1]
		}
		return out
	}
	tests := []struct {
		name, procedure string
		form            map[string]string
		blocks          []string
	}{
		// FORMS.md a. Tờ khai đăng ký khai sinh (TT 04/2024): rows 1–29 in order.
		{"birth", "1.001193", with(requester, "quan_he", "Cha", "tre_ho_ten", "Nguyễn Văn Bình", "tre_ngay_sinh", "2025-12-25",
			"tre_gioi_tinh", "nam", "tre_dan_toc", "01", "tre_quoc_tich", "VN", "tre_noi_sinh", "Bệnh viện Phụ sản - Nhi Đà Nẵng",
			"tre_que_quan", "Quảng Nam", "me_ho_ten", "Trần Thị Hoa", "me_nam_sinh", "1992-03-04", "me_dan_toc", "01", "me_quoc_tich", "VN",
			"me_noi_cu_tru", "12 Bạch Đằng, phường Hải Châu", "me_loai_giay_to", "dinh_danh", "me_so_dinh_danh", "048192000111",
			"cha_ho_ten", "John Smith", "cha_nam_sinh", "1988", "cha_quoc_tich", "US", "cha_noi_cu_tru", "12 Bạch Đằng, phường Hải Châu",
			"cha_loai_giay_to", "ho_chieu", "cha_giay_to", "Hộ chiếu số 567890123",
			"gcnkh_so", "12", "gcnkh_quyen", "01/2024", "gcnkh_ngay", "2024-03-01", "gcnkh_noi", "UBND phường Hải Châu",
			"de_nghi_cap_ban_sao", "yes", "so_ban_sao", "2"),
			[]string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "TỜ KHAI ĐĂNG KÝ KHAI SINH",
				"Kính gửi: (1)", "Ủy ban nhân dân phường Hải Châu", "Họ, chữ đệm, tên người yêu cầu:", "Nguyễn Văn An",
				"Nơi cư trú: (2)", "Giấy tờ tùy thân: (3)", "Quan hệ với người được khai sinh:", "Cha",
				"Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:", "Họ, chữ đệm, tên:", "Nguyễn Văn Bình",
				"Ngày, tháng, năm sinh:", "25/12/2025", "ghi bằng chữ:", "ngày hai mươi lăm tháng mười hai năm hai nghìn không trăm hai mươi lăm",
				"Giới tính:", "Nam", "Dân tộc:", "Kinh", "Quốc tịch:", "Việt Nam", "Nơi sinh: (4)", "Bệnh viện Phụ sản - Nhi Đà Nẵng", "Quê quán:",
				"Họ, chữ đệm, tên người mẹ:", "Trần Thị Hoa", "Năm sinh: (5)", "04/03/1992", "Dân tộc: (2)", "Quốc tịch: (2)",
				"Nơi cư trú: (2)", "Giấy tờ tùy thân: (3)", "048192000111",
				"Họ, chữ đệm, tên người cha:", "John Smith", "Năm sinh: (5)", "1988", "Quốc tịch: (2)", "Hoa Kỳ", "Giấy tờ tùy thân: (3)", "Hộ chiếu số 567890123",
				"Thông tin về Giấy chứng nhận kết hôn của cha, mẹ trẻ", "12", "Quyển số", "01/2024", "đăng ký ngày", "01/03/2024", "UBND phường Hải Châu",
				"Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật, được sự thỏa thuận nhất trí của các bên liên quan",
				"Làm tại: Đà Nẵng, " + made, "Người yêu cầu", "(Ký, ghi rõ họ, chữ đệm, tên)", "Nguyễn Văn An",
				"Đề nghị cấp bản sao (6):", "Có ☒", "Không ☐", "Số lượng:", "2", "bản"}},
		// FORMS.md b. Tờ khai đăng ký khai tử (TT 04/2024): rows 1–16.
		{"death", "1.000656", with(requester, "quan_he", "Con", "nguoi_chet_ho_ten", "Nguyễn Văn Cả", "nguoi_chet_ngay_sinh", "1930",
			"nguoi_chet_gioi_tinh", "nam", "nguoi_chet_dan_toc", "01", "nguoi_chet_quoc_tich", "VN", "ngay_chet", "2026-11-30", "gio_chet", "14:30",
			"noi_chet", "Tại nhà, 12 Bạch Đằng", "nguyen_nhan_chet", "Già yếu", "giay_bao_tu", "Giấy báo tử số 15 do Trạm y tế phường Hải Châu cấp"),
			[]string{"TỜ KHAI ĐĂNG KÝ KHAI TỬ", "Kính gửi: (1)", "Họ, chữ đệm, tên người yêu cầu:", "Nơi cư trú: (2)", "Giấy tờ tùy thân: (3)",
				"Quan hệ với người đã chết:", "Con", "Đề nghị cơ quan đăng ký khai tử cho người có tên dưới đây:", "Họ, chữ đệm, tên:", "Nguyễn Văn Cả",
				"Ngày, tháng, năm sinh:", "1930", "Giới tính:", "Dân tộc:", "Quốc tịch:", "Nơi cư trú cuối cùng: (2)", "Giấy tờ tùy thân: (3)",
				"Đã chết vào lúc:", "14", "giờ", "30", "phút, ngày", "30", "tháng", "11", "năm", "2026", "Nơi chết:", "Nguyên nhân chết:", "Già yếu",
				"Số Giấy báo tử/Giấy tờ thay thế Giấy báo tử: (4)", "Giấy báo tử số 15",
				"Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về cam đoan của mình.",
				"Làm tại: Đà Nẵng, " + made, "Người yêu cầu", "(Ký, ghi rõ họ, chữ đệm, tên)", "Đề nghị cấp bản sao (5):"}},
		// FORMS.md c. Tờ khai đăng ký kết hôn (TT 04/2024): photos (1)(2), Kính gửi (3), the Bên nữ | Bên nam table, two signatures.
		{"marriage", "1.000894", map[string]string{"kinh_gui": "Ủy ban nhân dân phường Hải Châu",
			"nu_ho_ten": "Trần Thị Mai", "nu_ngay_sinh": "1998-04-02", "nu_dan_toc": "01", "nu_quoc_tich": "VN", "nu_noi_cu_tru": "5 Lê Lợi, phường Hải Châu",
			"nu_giay_to": "Căn cước số 048198000222", "nu_lan_ket_hon": "1",
			"nam_ho_ten": "Lê Văn Nam", "nam_ngay_sinh": "1995-08-15", "nam_dan_toc": "17", "nam_quoc_tich": "VN", "nam_noi_cu_tru": "9 Trần Phú, phường Hải Châu",
			"nam_giay_to": "Căn cước số 048095000333", "nam_lan_ket_hon": "2"},
			[]string{"Ảnh (1)", "Ảnh (2)", "TỜ KHAI ĐĂNG KÝ KẾT HÔN", "Kính gửi: (3)", "Ủy ban nhân dân phường Hải Châu", "Thông tin", "Bên nữ", "Bên nam",
				"Họ, chữ đệm, tên", "Trần Thị Mai", "Lê Văn Nam", "Ngày, tháng, năm sinh", "02/04/1998", "15/08/1995", "Dân tộc", "Kinh", "Chăm",
				"Quốc tịch", "Việt Nam", "Việt Nam", "Nơi cư trú (4)", "Giấy tờ tùy thân (5)", "048198000222", "048095000333", "Kết hôn lần thứ mấy", "1", "2",
				"Chúng tôi cam đoan những lời khai trên đây là đúng sự thật, việc kết hôn của chúng tôi là tự nguyện",
				"Đề nghị Quý cơ quan đăng ký.", "Làm tại: Đà Nẵng, " + made, "Bên nữ", "Bên nam", "(Ký, ghi rõ họ, chữ đệm, tên)", "Đề nghị cấp bản sao (6):"}},
		// FORMS.md d. Tờ khai cấp Giấy xác nhận tình trạng hôn nhân (TT 04/2024): rows 1–13.
		{"marital-status", "1.004873", with(requester, "quan_he", "Bản thân", "ho_ten", "Nguyễn Văn An", "ngay_sinh", "1990-05-17", "gioi_tinh", "nam",
			"dan_toc", "01", "quoc_tich", "VN", "noi_cu_tru", "12 Bạch Đằng, phường Hải Châu", "giay_to", "Căn cước công dân số 048090123456",
			"tinh_trang_hon_nhan", "ly_hon", "giay_to_hon_nhan_truoc", "Quyết định số 10/2020/QĐST-HNGĐ của TAND quận Hải Châu", "muc_dich", "Đăng ký kết hôn"),
			[]string{"TỜ KHAI CẤP GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN", "Kính gửi: (1)", "Họ, chữ đệm, tên người yêu cầu:", "Nơi cư trú: (2)",
				"Giấy tờ tùy thân: (3)", "Quan hệ với người được cấp Giấy xác nhận tình trạng hôn nhân:", "Bản thân",
				"Đề nghị cấp Giấy xác nhận tình trạng hôn nhân cho người có tên dưới đây:", "Họ, chữ đệm, tên:", "Ngày, tháng, năm sinh:", "17/05/1990",
				"Giới tính:", "Dân tộc:", "Quốc tịch:", "Nơi cư trú: (2)", "Giấy tờ tùy thân: (3)", "Trong thời gian cư trú tại:",
				"Tình trạng hôn nhân:", "Đã đăng ký kết hôn hoặc đã có vợ/chồng nhưng đã ly hôn; hiện tại chưa đăng ký kết hôn với ai", "Quyết định số 10/2020",
				"Mục đích sử dụng Giấy xác nhận tình trạng hôn nhân: (5)", "Đăng ký kết hôn",
				"Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về cam đoan của mình.",
				"Làm tại: Đà Nẵng, " + made, "Người yêu cầu"}},
		// FORMS.md e. Mẫu CT01 (TT 53/2025): corner note, items 1–11, the blocks (3)–(6), item (7) under a consent through VNeID.
		{"ct01", "1.004194", map[string]string{"kinh_gui": "Công an phường Hải Châu", "ho_ten": "Nguyễn Văn An", "ngay_sinh": "1990-05-17",
			"gioi_tinh": "nam", "so_dinh_danh": "048090123456", "dien_thoai": "0905000888", "email": "an@example.vn",
			"chu_ho_ho_ten": "Phạm Văn Hùng", "quan_he_chu_ho": "Cháu", "chu_ho_so_dinh_danh": "048065000555",
			"noi_dung_de_nghi":         "Đăng ký tạm trú tại 5 Lê Lợi, phường Hải Châu, thành phố Đà Nẵng",
			"thanh_vien_cung_thay_doi": "Nguyễn Thị Bé; 01/02/2015; Nữ; 048315000666; Cháu",
			"y_kien_chu_ho":            "tren_to_khai", "y_kien_chu_so_huu": "vneid", "chu_so_huu_ho_ten": "Phạm Thị Lan", "chu_so_huu_so_dinh_danh": "048170000444"},
			[]string{"Mẫu CT01 ban hành kèm theo Thông tư số 53/2025", "ngày 01/7/2025 của Bộ trưởng Bộ Công an", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ",
				"Kính gửi(1):", "Công an phường Hải Châu", "1. Họ, chữ đệm và tên:", "Nguyễn Văn An", "2. Ngày, tháng, năm sinh:", "17/05/1990",
				"3. Giới tính:", "Nam", "4. Số định danh cá nhân:", "5. Số điện thoại liên hệ:", "0905000888", "6. Email:", "an@example.vn",
				"7. Họ, chữ đệm và tên chủ hộ:", "Phạm Văn Hùng", "8. Mối quan hệ với chủ hộ:", "Cháu", "9. Số định danh cá nhân của chủ hộ:",
				"10. Nội dung đề nghị(2):", "Đăng ký tạm trú tại 5 Lê Lợi", "11. Những thành viên trong hộ gia đình cùng thay đổi:",
				"TT", "Họ, chữ đệm và tên", "Ngày, tháng, năm sinh", "Giới tính", "Số định danh cá nhân", "Mối quan hệ với chủ hộ", "Nguyễn Thị Bé",
				"Đà Nẵng, " + made, "Ý KIẾN CỦA CHỦ HỘ(3)", "Ý KIẾN CỦA CHỦ SỞ HỮU CHỖ Ở HỢP PHÁP(4)", "Đã đồng ý qua VNeID",
				"(7) Họ và tên:", "Phạm Thị Lan", "(7) Số định danh cá nhân:", "048170000444",
				"Ý KIẾN CỦA CHA, MẸ HOẶC NGƯỜI GIÁM HỘ(5)", "NGƯỜI KÊ KHAI(6)", "(Ký, ghi rõ họ tên)", "Nguyễn Văn An"}},
	}
	f := newFlow(t, s, viewports[1], "declarations")
	f.signIn(s.Password)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := declaredByAPI(t, s, tt.procedure, tt.form)
			f.open("/dossiers/" + id + "/declaration")
			f.shot(tt.name)
			pdf := f.printedPDF("declaration-" + tt.name)
			inOrder(t, "printed "+tt.name+" declaration", pdfText(t, pdf), tt.blocks...)
			n, w, h := pdfPages(t, pdf)
			if n != 1 || w < 209 || w > 211 || h < 296 || h > 298 {
				t.Errorf("%s printed on %d page(s) of %.0f×%.0f mm, want one A4 sheet (210×297)", tt.name, n, w, h)
			}
		})
	}
}
