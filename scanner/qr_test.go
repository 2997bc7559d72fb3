package scanner

import (
	"testing"

	"fieldkit/agent/model"
	"fieldkit/scanner/scantest"
)

const cccdQR = "048090123456|201234567|Nguyễn Văn An|17051990|Nam|12 Bạch Đằng, Hải Châu, Đà Nẵng|15042021"

func TestDecodeQR_FindsTheIDCardOnAPhoto(t *testing.T) {
	// A 12 MP-class photo of the card's back: decoded on a reduced copy.
	jpg := scantest.JPEGOf(scantest.QRPage(cccdQR, 3000, 2000))
	src := ingest(t, "cccd.jpg", jpg)
	got, err := DecodeQR(src)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != cccdQR {
		t.Fatalf("decoded %q", got)
	}
	card, ok := ParseIDCardQR(got[0])
	want := IDCard{IDNumber: "048090123456", OldIDNumber: "201234567", FullName: "Nguyễn Văn An",
		DateOfBirth: "1990-05-17", Gender: model.GenderMale, Address: "12 Bạch Đằng, Hải Châu, Đà Nẵng", IssueDate: "2021-04-15"}
	if !ok || card != want {
		t.Fatalf("card %+v, %v", card, ok)
	}
}

func TestNormalize_AttachesQRText(t *testing.T) {
	_, rep, err := preparePage(ingest(t, "result.png", encodePNGForTest(t)), Options{}.withDefaults())
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.QR) != 1 || rep.QR[0] != "https://dichvucong.danang.gov.vn/tra-cuu?ma=000.00.18.H17-250715-0001" {
		t.Fatalf("QR %q", rep.QR)
	}
}

func encodePNGForTest(t *testing.T) []byte {
	return scantest.JPEGOf(scantest.QRPage("https://dichvucong.danang.gov.vn/tra-cuu?ma=000.00.18.H17-250715-0001", 1240, 1754))
}

func TestParseIDCardQR(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		ok      bool
		problem bool
	}{
		{"the card's layout", cccdQR, true, false},
		{"a woman, no old number", "048190123456||Trần Thị Bình|01021990|Nữ|Hải Châu, Đà Nẵng|01012022", true, false},
		{"digits disagreeing with the birth date", "048085123456||Lê Văn C|17051990|Nam|Đà Nẵng|15042021", true, true},
		{"a URL", "https://example.org/x", false, false},
		{"a short ID", "04809012|x|Nguyễn Văn An|17051990|Nam|Đà Nẵng|15042021", false, false},
		{"a bad date", "048090123456||Nguyễn Văn An|1990-05-17|Nam|Đà Nẵng|15042021", false, false},
		{"an unknown gender", "048090123456||Nguyễn Văn An|17051990|X|Đà Nẵng|15042021", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := ParseIDCardQR(tt.in)
			if ok != tt.ok || (c.Problem != "") != tt.problem {
				t.Fatalf("ok %v problem %q, want %v/%v", ok, c.Problem, tt.ok, tt.problem)
			}
		})
	}
}
