package model

import "testing"

func TestDateInWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2026-12-25", "ngày hai mươi lăm tháng mười hai năm hai nghìn không trăm hai mươi sáu"},
		{"2026-03-15", "ngày mười lăm tháng ba năm hai nghìn không trăm hai mươi sáu"},
		{"2026-04-01", "ngày một tháng tư năm hai nghìn không trăm hai mươi sáu"},
		{"2021-11-21", "ngày hai mươi mốt tháng mười một năm hai nghìn không trăm hai mươi mốt"},
		{"2000-01-10", "ngày mười tháng một năm hai nghìn"},
		{"2005-05-05", "ngày năm tháng năm năm hai nghìn không trăm linh năm"},
		{"2010-10-20", "ngày hai mươi tháng mười năm hai nghìn không trăm mười"},
		{"1990-05-31", "ngày ba mươi mốt tháng năm năm một nghìn chín trăm chín mươi"},
		{"1985-02-14", "ngày mười bốn tháng hai năm một nghìn chín trăm tám mươi lăm"},
		{"1904-07-24", "ngày hai mươi bốn tháng bảy năm một nghìn chín trăm linh bốn"},
		{"2015-09-11", "ngày mười một tháng chín năm hai nghìn không trăm mười lăm"},
		{"1950", "năm một nghìn chín trăm năm mươi"},
		{"2026-02-30", ""},
		{"25/12/2026", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := DateInWords(tt.in); got != tt.want {
			t.Errorf("DateInWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNumberWords(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{0, "không"}, {1, "một"}, {10, "mười"}, {11, "mười một"}, {15, "mười lăm"}, {21, "hai mươi mốt"},
		{25, "hai mươi lăm"}, {30, "ba mươi"}, {100, "một trăm"}, {101, "một trăm linh một"}, {115, "một trăm mười lăm"},
		{1000, "một nghìn"}, {1001, "một nghìn không trăm linh một"}, {2026, "hai nghìn không trăm hai mươi sáu"},
		{9999, "chín nghìn chín trăm chín mươi chín"},
	}
	for _, tt := range tests {
		if got := NumberWords(tt.n); got != tt.want {
			t.Errorf("NumberWords(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}
