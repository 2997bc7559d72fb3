package model

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NFC returns s in Unicode normalization form C, the form Field Kit stores
// and compares Vietnamese text in (some keyboards and macOS produce NFD).
func NFC(s string) string { return norm.NFC.String(s) }

// dFolder folds the letters đ/Đ, and Ð (U+00D0, often pasted in place of Đ),
// to d/D. They have no Unicode decomposition, so SQLite's remove_diacritics
// never folds them.
var dFolder = strings.NewReplacer("đ", "d", "Đ", "D", "Ð", "D", "ð", "d")

// FoldForSearch prepares text for the full-text index and for queries alike:
// NFC, then đ→d. Diacritics proper are removed by the FTS5 tokenizer.
func FoldForSearch(s string) string { return dFolder.Replace(NFC(s)) }

// StripDiacritics removes Vietnamese tone and vowel marks and folds đ→d:
// "Nguyễn Đức" → "Nguyen Duc". For lookups typed without diacritics.
func StripDiacritics(s string) string {
	d := norm.NFD.String(dFolder.Replace(s))
	b := make([]rune, 0, len(d))
	for _, r := range d {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b = append(b, r)
	}
	return string(b)
}
