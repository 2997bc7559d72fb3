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
