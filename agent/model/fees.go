package model

import "fmt"

// Fee rules of a channel (Channel.FeeRule, Channel.LateFee).
const (
	FeePerCopy            = "per_copy"             // FeeVND for each copy
	FeeCertifiedCopyPages = "certified_copy_pages" // TT 226/2016: by pages, capped per copy
	LateFeeByCouncil      = "council"
)

// FeeQuote is what the receipt prints as the fee: an amount when the rule
// gives one, and the words when it does not (or cannot be sure).
type FeeQuote struct {
	VND        *int64
	Text       string // Vietnamese, as printed
	Unverified bool   // rests on a rate the kit does not know
}

// Certified copies (TT 226/2016/TT-BTC): 2,000 đ a page for pages 1 and 2,
// 1,000 đ a page from page 3, at most 200,000 đ a copy.
const (
	certFirstPages   = 2000
	certLaterPages   = 1000
	certMaxPerCopy   = 200000
	certFirstPagesTo = 2
)

// Fee is the fee for a dossier filed through ch, whose documents have
// pages pages, asking for copies copies (at least 1).
func Fee(ch Channel, pages, copies int) FeeQuote {
	copies = max(copies, 1)
	if ch.FeeVND == nil {
		return FeeQuote{Text: "theo quy định", Unverified: true}
	}
	var amount int64
	switch ch.FeeRule {
	case FeeCertifiedCopyPages:
		pages = max(pages, 1)
		perCopy := int64(min(pages, certFirstPagesTo))*certFirstPages + int64(max(pages-certFirstPagesTo, 0))*certLaterPages
		amount = min(perCopy, certMaxPerCopy) * int64(copies)
	case FeePerCopy:
		amount = *ch.FeeVND * int64(copies)
	default:
		amount = *ch.FeeVND
	}
	q := FeeQuote{VND: &amount, Text: formatVND(amount)}
	if amount == 0 {
		q.Text = "miễn phí"
	}
	if ch.LateFee == LateFeeByCouncil {
		// On time it is free (or the on-time fee); late, the People's
		// Council's rate, which the kit does not know.
		q.Text += " nếu đăng ký đúng hạn; quá hạn: theo quy định của HĐND thành phố"
		q.Unverified = true
	}
	return q
}

// formatVND writes đồng with dot thousands separators: "7.000 đ".
func formatVND(n int64) string {
	s := fmt.Sprint(n)
	out := make([]byte, 0, len(s)+len(s)/3+2)
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, '.')
		}
		out = append(out, s[i])
	}
	return string(out) + " đ"
}
