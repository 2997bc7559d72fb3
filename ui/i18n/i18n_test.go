package i18n

import (
	"slices"
	"strings"
	"testing"

	"fieldkit/agent/model"
)

func TestTables_HaveTheSameKeys(t *testing.T) {
	vk, ek := Keys(VI), Keys(EN)
	slices.Sort(vk)
	slices.Sort(ek)
	for _, k := range vk {
		if _, ok := en[k]; !ok {
			t.Errorf("English lacks %q", k)
		}
	}
	for _, k := range ek {
		if _, ok := vi[k]; !ok {
			t.Errorf("Vietnamese lacks %q", k)
		}
	}
	for _, k := range vk {
		if strings.TrimSpace(vi[k]) == "" || strings.TrimSpace(en[k]) == "" {
			t.Errorf("%q is empty in a language", k)
		}
		if strings.Count(vi[k], "%") != strings.Count(en[k], "%") {
			t.Errorf("%q has different format verbs: %q vs %q", k, vi[k], en[k])
		}
	}
}

func TestPrinter(t *testing.T) {
	if got := New(VI).T("nav.search"); got != vi["nav.search"] {
		t.Errorf("vi nav.search = %q", got)
	}
	if got := New(EN).T("no.such.key"); got != "«no.such.key»" {
		t.Errorf("a missing key shows as %q", got)
	}
	if got := New(EN).Msg("required"); got != en["msg.required"] {
		t.Errorf("Msg(required) = %q", got)
	}
	if Parse("en-US") != EN || Parse("") != VI || Parse("fr") != VI {
		t.Error("Parse does not default to Vietnamese")
	}
}

func TestPrinter_Bytes(t *testing.T) {
	for _, tc := range []struct {
		lang Lang
		n    uint64
		want string
	}{
		{EN, 900, "900 bytes"},
		{VI, 900, "900 byte"},
		{EN, 500 << 20, "500 MB"},
		{EN, 3 << 29, "1.5 GB"},
		{VI, 3 << 29, "1,5 GB"},
	} {
		if got := New(tc.lang).Bytes(tc.n); got != tc.want {
			t.Errorf("%s %d: %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
}

// Every quality finding a page report can carry has its words in both
// languages (the page shows "quality."+code).
func TestTables_TranslateEveryQualityFinding(t *testing.T) {
	for _, code := range model.WarningCodes {
		for _, tab := range []map[string]string{vi, en} {
			if _, ok := tab["quality."+code]; !ok {
				t.Errorf("no translation of the finding %q", code)
			}
		}
	}
}
