package portalsim

import (
	"testing"
	"time"
)

func TestFingerprint(t *testing.T) {
	base := `{"kit_id":"k","documents":[{"id":"a","bytes":1}],"form":{"x":"y","z":null}}`
	tests := []struct {
		name  string
		other string
		same  bool
	}{
		{"ignores key order", `{"form":{"z":null,"x":"y"},"documents":[{"bytes":1,"id":"a"}],"kit_id":"k"}`, true},
		{"ignores whitespace", "{ \"kit_id\" : \"k\",\n\t\"documents\":[ {\"id\":\"a\", \"bytes\":1} ], \"form\":{\"x\":\"y\",\"z\":null} }", true},
		{"ignores escaping choices", `{"kit_id":"\u006b","documents":[{"id":"a","bytes":1}],"form":{"x":"y","z":null}}`, true},
		{"sees a changed value", `{"kit_id":"k2","documents":[{"id":"a","bytes":1}],"form":{"x":"y","z":null}}`, false},
		{"sees array order", `{"kit_id":"k","documents":[{"id":"a","bytes":1}],"form":{"x":"y"}}`, false},
		{"sees 1 and 1.0 as different numbers", `{"kit_id":"k","documents":[{"id":"a","bytes":1.0}],"form":{"x":"y","z":null}}`, false},
	}
	want, err := fingerprint([]byte(base))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := fingerprint([]byte(tt.other))
			if err != nil {
				t.Fatal(err)
			}
			if (got == want) != tt.same {
				t.Fatalf("same fingerprint = %v, want %v", got == want, tt.same)
			}
		})
	}
}

func TestReceiptCode(t *testing.T) {
	tests := []struct {
		name string
		at   time.Time
		seq  int
		want string
	}{
		{"uses the date in Vietnam", time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC), 1, "A-261124-0001"},
		{"a minute before midnight in Vietnam is still that day", time.Date(2026, 11, 24, 16, 59, 0, 0, time.UTC), 12, "A-261124-0012"},
		{"midnight in Vietnam is the next day", time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC), 9999, "A-261125-9999"},
		{"pads the year", time.Date(2005, 1, 2, 3, 0, 0, 0, time.UTC), 123, "A-050102-0123"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := receiptCode("A", tt.at, tt.seq); got != tt.want {
				t.Fatalf("receiptCode = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestIdempotencyKey(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"0190f1c2-7b3a-7def-8abc-0123456789ab", "0190f1c2-7b3a-7def-8abc-0123456789ab", true},
		{`"0190f1c2-7b3a-7def-8abc-0123456789ab"`, "0190f1c2-7b3a-7def-8abc-0123456789ab", true},
		{"0190F1C2-7B3A-7DEF-8ABC-0123456789AB", "0190f1c2-7b3a-7def-8abc-0123456789ab", true},
		{"", "", false},
		{`""`, "", false},
		{"urn:uuid:0190f1c2-7b3a-7def-8abc-0123456789ab", "", false},
		{"not-a-uuid", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := idempotencyKey(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Fatalf("idempotencyKey(%q) = %q, %v", tt.in, got, err)
			}
		})
	}
}
