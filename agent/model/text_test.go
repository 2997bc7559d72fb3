package model

import (
	"strings"
	"testing"
)

func TestTextProblem(t *testing.T) {
	tests := []struct {
		name, in  string
		multiline bool
		want      string
	}{
		{"Vietnamese text", "Nguyễn Thị Ánh, 12 Bạch Đằng", false, ""},
		{"an empty string", "", false, ""},
		{"a NUL", "An\x00", false, msgInvisibleChars},
		{"a bell", "An\a", false, msgInvisibleChars},
		{"DEL", "An\x7f", false, msgInvisibleChars},
		{"a C1 control", "An\u0085", false, msgInvisibleChars},
		{"a newline in one line", "12 Bạch\nĐằng", false, msgInvisibleChars},
		{"a newline in a textarea", "dòng 1\r\ndòng 2\tx", true, ""},
		{"a NUL in a textarea", "dòng\x00", true, msgInvisibleChars},
		{"a right-to-left override", "An \u202eDNA", false, msgInvisibleChars},
		{"a left-to-right embedding", "\u202aAn", false, msgInvisibleChars},
		{"a pop directional formatting", "An\u202c", false, msgInvisibleChars},
		{"a left-to-right isolate", "\u2066An\u2069", false, msgInvisibleChars},
		{"a first-strong isolate", "\u2068An", false, msgInvisibleChars},
		{"a right-to-left mark", "An\u200f", false, msgInvisibleChars},
		{"a left-to-right mark", "An\u200e", false, msgInvisibleChars},
		{"an Arabic letter mark", "An\u061c", false, msgInvisibleChars},
		{"a line separator", "An\u2028Bình", false, msgInvisibleChars},
		{"invalid UTF-8", "V\xffn", false, msgInvalidText},
		{"a truncated sequence", "Nguy\xe1\xbb", false, msgInvalidText},
		{"the replacement character JSON leaves for invalid bytes", "V\ufffdn", false, msgInvalidText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := TextProblem(tt.in, tt.multiline); got != tt.want {
				t.Errorf("TextProblem(%q, %v) = %q, want %q", tt.in, tt.multiline, got, tt.want)
			}
		})
	}
}

// Normalising (NFC, trimming) must not mend what validation refuses: the
// profile is checked as the helper sent it.
func TestApplicant_RefusesControlAndDirectionCharacters(t *testing.T) {
	tests := []struct{ name, fullName, detail, field string }{
		{"a NUL in the name", "Nguyễn\x00 Văn An", "12 Bạch Đằng", "applicant.full_name"},
		{"an override in the name", "Nguyễn \u202eVăn An", "12 Bạch Đằng", "applicant.full_name"},
		{"invalid UTF-8 in the name", "Nguy\xffn Văn An", "12 Bạch Đằng", "applicant.full_name"},
		{"an isolate in the address", "Nguyễn Văn An", "12 \u2067Bạch Đằng", "applicant.address.detail"},
		{"a NUL in the address", "Nguyễn Văn An", "12 Bạch\x00Đằng", "applicant.address.detail"},
		{"invalid UTF-8 in the address", "Nguyễn Văn An", "12 B\xe1ch", "applicant.address.detail"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Applicant{IDNumber: "048090123456", FullName: tt.fullName, DateOfBirth: "1990-05-17", Gender: "male",
				Address: Address{CommuneCode: "20242", Detail: tt.detail}}
			a.Normalize()
			var v ValidationError
			a.Validate("applicant.", nil, &v)
			if len(v.Fields) != 1 || !strings.Contains(v.Fields[tt.field], "characters") && !strings.Contains(v.Fields[tt.field], "valid text") {
				t.Fatalf("got %v, want one error on %s", v.Fields, tt.field)
			}
		})
	}
}
