package model

import (
	"strings"
	"unicode"
	"unicode/utf8"

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

// Messages of TextProblem, translated by the UI like every field message.
const (
	msgInvalidText    = "is not valid text"
	msgInvisibleChars = "contains control or invisible direction characters"
)

// TextProblem says what makes s unfit to be stored as a person's text (a
// name, an address, a declaration's answer), or "" when nothing does.
// Refused: bytes that are not UTF-8 and U+FFFD, which JSON decoding puts
// in their place, so invalid input is refused rather than silently
// mended; control characters (NUL among them), which have no place on a
// printed receipt or in the portal's records; and bidirectional controls
// (U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C), with which
// "U+202E" can make a receipt print a name or address backwards.
// Multi-line text (a textarea) may hold line breaks and tabs.
func TextProblem(s string, multiline bool) string {
	if !utf8.ValidString(s) || strings.ContainsRune(s, utf8.RuneError) {
		return msgInvalidText
	}
	for _, r := range s {
		if multiline && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029' {
			return msgInvisibleChars
		}
	}
	return ""
}
