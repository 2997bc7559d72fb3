package model

import "testing"

func TestHelperNote(t *testing.T) {
	for in, want := range map[string]string{
		"Ngay trong ngày tiếp nhận. (DVCQG ghi thời hạn '1', đơn vị 'Khác'; các trường hợp 1.001193.01/.02 ghi 1 ngày làm việc.)": "Ngay trong ngày tiếp nhận.",
		"50.000 đồng (nguồn thứ cấp trích từ biểu phí kèm NĐ 280/2025/NĐ-CP — chưa đối chiếu bản gốc)":                            "50.000 đồng",
		"0 đồng khi đăng ký đúng hạn (trong 60 ngày kể từ ngày sinh)":                                                             "0 đồng khi đăng ký đúng hạn (trong 60 ngày kể từ ngày sinh)",
		"Mức thu trực tuyến (chưa xác minh mức thu trực tuyến)":                                                                   "Mức thu trực tuyến (chưa xác minh mức thu trực tuyến)",
		"": "",
	} {
		if got := HelperNote(in); got != want {
			t.Errorf("HelperNote(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHelperCaveats(t *testing.T) {
	got := HelperCaveats("Một bên có thể nộp hồ sơ mà không cần ủy quyền của bên kia; khi nhận Giấy chứng nhận kết hôn cả hai bên phải có mặt. " +
		"DVCQG (S1) ghi thời hạn '3' đơn vị 'Khác'. Mã 1.001022 lấy từ danh mục thứ cấp. Xem thủ tục 1.000689 trước")
	want := []string{"Một bên có thể nộp hồ sơ mà không cần ủy quyền của bên kia; khi nhận Giấy chứng nhận kết hôn cả hai bên phải có mặt.",
		"Xem thủ tục 1.000689 trước."}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("HelperCaveats = %q, want %q", got, want)
	}
}
