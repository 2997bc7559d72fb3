package model

import (
	"regexp"
	"strings"
)

// curatorRemark matches a parenthesised remark that the catalog's curators
// wrote for each other (where a figure came from, what the national portal
// printed, what is still to compare), not for the helper at the counter.
var curatorRemark = regexp.MustCompile(`\s*\([^()]*(DVCQG|nguồn thứ cấp|đối chiếu|bản chụp|cần kiểm tra|công bố|seed)[^()]*\)`)

// HelperNote is a catalog note as a helper reads it: without the
// curators' remarks. Caveats that matter at the counter ("chưa xác minh")
// stay.
func HelperNote(note string) string {
	return strings.TrimSpace(curatorRemark.ReplaceAllString(note, ""))
}

// curatorSentence marks a sentence of a procedure's notes written about
// the sources (what a page printed, what is still to compare, where a
// code came from), not for the counter.
var curatorSentence = regexp.MustCompile(`(?i)DVCQG|bản chụp|nguồn|đối chiếu|read_file|lấy từ|trang Bộ Tư pháp ghi|\(S\d\)|thứ cấp|tạm dựng|chưa đưa vào danh mục|lỗi nhập liệu|ghi nhận 1 bản`)

// HelperCaveats is a procedure's notes as a helper needs them beside the
// checklist ("khi nhận Giấy chứng nhận kết hôn cả hai bên phải có mặt"):
// one caveat a sentence, the curators' sentences left out.
func HelperCaveats(notes string) []string {
	var out []string
	for _, s := range sentenceEnd.Split(HelperNote(notes), -1) {
		s = strings.TrimSpace(s)
		if s == "" || curatorSentence.MatchString(s) {
			continue
		}
		if !strings.HasSuffix(s, ".") {
			s += "."
		}
		out = append(out, s)
	}
	return out
}

// sentenceEnd splits after a full stop that ends a sentence (not the dots
// inside a code such as 1.001193).
var sentenceEnd = regexp.MustCompile(`\.\s+`)
