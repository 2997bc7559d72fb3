package model

import "testing"

func TestDocumentMode_RichestPage(t *testing.T) {
	for _, c := range []struct {
		pages []PageMode
		want  PageMode
	}{
		{nil, PageAuto},
		{[]PageMode{PageAuto}, PageAuto}, // a kept PDF's pages have no mode
		{[]PageMode{PageBilevel, PageBilevel}, PageBilevel},
		{[]PageMode{PageBilevel, PageGray}, PageGray},
		{[]PageMode{PageGray, PageColor, PageBilevel}, PageColor},
	} {
		var rs []PageReport
		for _, m := range c.pages {
			rs = append(rs, PageReport{Mode: m})
		}
		if got := DocumentMode(rs); got != c.want {
			t.Errorf("%q: %q, want %q", c.pages, got, c.want)
		}
	}
}

func TestPageMode_Valid(t *testing.T) {
	for m, want := range map[PageMode]bool{"": true, "color": true, "gray": true, "bilevel": true, "colour": false, "BILEVEL": false} {
		if m.Valid() != want {
			t.Errorf("%q valid = %v", m, !want)
		}
	}
}
