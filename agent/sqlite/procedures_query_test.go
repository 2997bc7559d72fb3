package sqlite

import (
	"context"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestSearchWords(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"Đăng ký khai sinh", []string{"dang", "ky", "khai", "sinh"}},
		{norm.NFD.String("Đăng ký khai sinh"), []string{"dang", "ky", "khai", "sinh"}},
		{"ÐĂNG KÝ", []string{"dang", "ky"}},
		{"Nguyễn Hòa Hoà", []string{"nguyen", "hoa", "hoa"}},
		{"1.001193", []string{"1", "001193"}},
		{`"khai" OR sinh* NEAR(a b) {name}:x ^y -z`, []string{"khai", "or", "sinh", "near", "a", "b", "name", "x", "y", "z"}},
		{"cha, mẹ, con", []string{"cha", "me", "con"}},
		{" \t\n!?-", nil},
		{"", nil},
	} {
		if got := searchWords(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("searchWords(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestUntelex(t *testing.T) {
	for in, want := range map[string]string{
		"ddang":    "dang",
		"kys":      "ky",
		"sinhf":    "sinh",
		"thuowngf": "thuong",
		"taij":     "tai",
		"vieetj":   "viet",
		"d9ang2":   "dang",
		"xacs":     "xac",
		"khai":     "khai", // nothing to undo
		"sinh":     "sinh",
		"tru":      "tru",
		"gks":      "gks", // no vowel: an abbreviation
		"ct01":     "ct01",
		"001193":   "001193",
	} {
		if got := untelex(in); got != want {
			t.Errorf("untelex(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSearchPlan(t *testing.T) {
	var got []string
	for _, q := range searchPlan([]string{"ddang", "ky", "khai"}) {
		got = append(got, q.match())
	}
	want := []string{
		`"ddang" AND "ky" AND "khai"*`,
		`"dang" AND "ky" AND "khai"*`,
		`("ky" AND "khai"*) OR (("ddang" OR "dang") AND "khai"*) OR (("ddang" OR "dang") AND "ky")`,
		`"ddang" OR "dang" OR "ky" OR "khai"*`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("plan:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n := len(searchPlan([]string{"khai"})); n != 1 {
		t.Errorf("one plain word: %d queries, want 1", n)
	}
	if n := len(searchPlan(strings.Fields(strings.Repeat("a ", 100)))[0].slots); n != maxQueryWords {
		t.Errorf("100 words: %d kept, want %d", n, maxQueryWords)
	}
}

// FuzzSearchProcedures checks that whatever is typed, search answers
// without an error: no FTS5 syntax gets through.
func FuzzSearchProcedures(f *testing.F) {
	for _, q := range []string{`khai sinh`, `"`, `a OR b`, `(x`, `NEAR(a b, 2)`, `{name}:x`, `x*y`, `ddang kys`, `-a +b`, "\x00"} {
		f.Add(q)
	}
	s := openCatalog(f, seedProcedures(f))
	f.Fuzz(func(t *testing.T, q string) {
		hits, err := s.SearchProcedures(context.Background(), q, 5)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if len(hits) > 5 {
			t.Fatalf("%q: %d hits, limit 5", q, len(hits))
		}
	})
}
