package model

import "testing"

func TestFee(t *testing.T) {
	vnd := func(n int64) *int64 { return &n }
	cert := Channel{FeeVND: vnd(2000), FeeRule: FeeCertifiedCopyPages}
	for _, tc := range []struct {
		name          string
		ch            Channel
		pages, copies int
		want          string
		unverified    bool
	}{
		{"certified copy, 1 page", cert, 1, 1, "2.000 đ", false},
		{"certified copy, 2 pages", cert, 2, 1, "4.000 đ", false},
		{"certified copy, 5 pages", cert, 5, 1, "7.000 đ", false},
		{"certified copy, 5 pages, 3 copies", cert, 5, 3, "21.000 đ", false},
		{"certified copy, capped at 200,000 a copy", cert, 500, 1, "200.000 đ", false},
		{"extract copies multiply", Channel{FeeVND: vnd(8000), FeeRule: FeePerCopy}, 1, 3, "24.000 đ", false},
		{"flat fee ignores pages", Channel{FeeVND: vnd(50000)}, 9, 1, "50.000 đ", false},
		{"free", Channel{FeeVND: vnd(0)}, 1, 1, "miễn phí", false},
		{"late registration: the council's rate", Channel{FeeVND: vnd(0), LateFee: LateFeeByCouncil}, 1, 1,
			"miễn phí nếu đăng ký đúng hạn; quá hạn: theo quy định của HĐND thành phố", true},
		{"unknown", Channel{}, 1, 1, "theo quy định", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := Fee(tc.ch, tc.pages, tc.copies)
			if q.Text != tc.want || q.Unverified != tc.unverified {
				t.Errorf("Fee = %q (unverified %v), want %q (%v)", q.Text, q.Unverified, tc.want, tc.unverified)
			}
		})
	}
}
