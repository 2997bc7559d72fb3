package model

import "testing"

func TestFilingGaps_MandateByTheCatalogsRule(t *testing.T) {
	hkd := &Procedure{Code: "1.001612", MandateComponent: "uy-quyen-nop-ho-so", Components: []Component{
		{ID: "uy-quyen-thanh-vien-ho-gia-dinh", Name: "Văn bản ủy quyền của thành viên hộ gia đình"},
		{ID: "uy-quyen-nop-ho-so", Name: "Văn bản ủy quyền nộp hồ sơ"}}}
	for _, tc := range []struct {
		name    string
		vals    FormValues
		channel string
		docs    []Document
		want    string
	}{
		{"the applicant by post needs none", FormValues{FormFiledBy: "self"}, ChannelPostal, nil, ""},
		{"a proxy needs the filing mandate, not the household's", FormValues{FormFiledBy: "proxy"}, ChannelInPerson, nil, "uy-quyen-nop-ho-so"},
		{"a proxy with it is complete", FormValues{FormFiledBy: "proxy"}, ChannelInPerson,
			[]Document{{Component: "uy-quyen-nop-ho-so", Status: DocReady}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, _ := FilingGaps(Dossier{Channel: tc.channel, Documents: tc.docs}, hkd, tc.vals)
			got := ""
			if m != nil {
				got = m.ID
			}
			if got != tc.want {
				t.Errorf("mandate %q, want %q", got, tc.want)
			}
		})
	}
}
