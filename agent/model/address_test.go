package model

import "testing"

func TestSplitCardAddress(t *testing.T) {
	communes := []Commune{{Code: "20242", Name: "Phường Hải Châu"}, {Code: "20290", Name: "Xã Hòa Vang"}, {Code: "20300", Name: "Phường Sơn Trà"}}
	for _, tc := range []struct{ addr, code, detail string }{
		{"12 Bạch Đằng, Hải Châu, Đà Nẵng", "20242", "12 Bạch Đằng"},
		{"Tổ 5, Phường Hải Châu, Thành phố Đà Nẵng", "20242", "Tổ 5"},
		{"Thôn 3, xa hoa vang, Da Nang", "20290", "Thôn 3"},
		{"45 Sơn Trà, Phường Hải Châu, Đà Nẵng", "20242", "45 Sơn Trà"},
		{"1 Lê Lợi, Quận 1, TP Hồ Chí Minh", "", "1 Lê Lợi, Quận 1, TP Hồ Chí Minh"},
		{"Hải Châu", "", "Hải Châu"},
	} {
		code, detail := SplitCardAddress(tc.addr, communes)
		if code != tc.code || detail != tc.detail {
			t.Errorf("SplitCardAddress(%q) = %q, %q; want %q, %q", tc.addr, code, detail, tc.code, tc.detail)
		}
	}
}
