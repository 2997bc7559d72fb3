package model

import (
	"encoding/json"
	"testing"
)

func ptr[T any](v T) *T { return &v }

func TestFilingGaps_MandateByTheCatalogsRule(t *testing.T) {
	hkd := &Procedure{Code: "1.001612", MandateComponent: "uy-quyen-nop-ho-so",
		Channels: []Channel{{Kind: ChannelInPerson}, {Kind: ChannelPostal}},
		Components: []Component{
			{ID: "uy-quyen-thanh-vien-ho-gia-dinh", Name: "Văn bản ủy quyền của thành viên hộ gia đình"},
			{ID: "uy-quyen-nop-ho-so", Name: "Văn bản ủy quyền nộp hồ sơ"}}}
	proxy := Filing{FiledBy: FiledByProxy, Receiver: ReceiverApplicant, Delivery: Delivery{Method: DeliveryPickup}}
	for _, tc := range []struct {
		name    string
		filing  Filing
		vals    FormValues
		channel string
		docs    []Document
		want    string
	}{
		{"the applicant by post needs none", Filing{FiledBy: FiledByPost}, nil, ChannelPostal, nil, ""},
		{"a result delivered by post needs none", Filing{FiledBy: FiledByPost, Delivery: Delivery{Method: DeliveryPost}}, nil, ChannelPostal, nil, ""},
		{"a proxy needs the filing mandate, not the household's", proxy, nil, ChannelInPerson, nil, "uy-quyen-nop-ho-so"},
		{"a proxy with it is complete", proxy, nil, ChannelInPerson,
			[]Document{{Component: "uy-quyen-nop-ho-so", Status: DocReady}}, ""},
		{"another receiver needs it too", Filing{FiledBy: FiledBySelf, Receiver: ReceiverOther}, nil, ChannelInPerson, nil, "uy-quyen-nop-ho-so"},
		{"an older dossier's proxy note still counts", Filing{}, FormValues{FormFiledBy: "proxy"}, ChannelInPerson, nil, "uy-quyen-nop-ho-so"},
		{"an older postal dossier is not a proxy's", Filing{}, FormValues{}, ChannelPostal, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.filing.Normalize(tc.channel)
			if tc.vals != nil && tc.filing.FiledBy != "" && tc.vals[FormFiledBy] != "" {
				tc.filing = Filing{} // legacy: read from the note
			}
			g := FilingGaps(Dossier{Channel: tc.channel, Documents: tc.docs, Filing: tc.filing}, hkd, tc.vals)
			got := ""
			if m := g.Mandate(); m != nil {
				got = m.ID
			}
			if got != tc.want {
				t.Errorf("mandate %q, want %q (gaps %+v)", got, tc.want, g)
			}
		})
	}
}

func TestFilingGaps_InPersonProcedures(t *testing.T) {
	marriage := &Procedure{Code: "1.000894", ProxyAllowed: ptr(false), PostAllowed: ptr(true),
		Channels: []Channel{{Kind: ChannelInPerson}, {Kind: ChannelPostal}}}
	for _, tc := range []struct {
		name   string
		ch     string
		filing Filing
		want   []string // rules
	}{
		{"the applicant in person", ChannelInPerson, Filing{FiledBy: FiledBySelf}, nil},
		{"a proxy is refused", ChannelInPerson, Filing{FiledBy: FiledByProxy}, []string{GapProxyNotAllowed}},
		{"another receiver is refused", ChannelInPerson, Filing{FiledBy: FiledBySelf, Receiver: ReceiverOther}, []string{GapResultInPerson}},
		{"delivery by post is refused", ChannelPostal, Filing{FiledBy: FiledByPost, Delivery: Delivery{Method: DeliveryPost}}, []string{GapResultInPerson}},
		{"a channel not offered", ChannelOnline, Filing{FiledBy: FiledBySelf}, []string{GapChannel}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.filing.Normalize(tc.ch)
			g := FilingGaps(Dossier{Channel: tc.ch, Filing: tc.filing}, marriage, nil)
			if len(g) != len(tc.want) {
				t.Fatalf("gaps %+v, want rules %v", g, tc.want)
			}
			for i, r := range tc.want {
				if g[i].Rule != r {
					t.Errorf("gap %d is %s, want %s", i, g[i].Rule, r)
				}
			}
		})
	}
	noPost := &Procedure{Code: "2.000815", PostAllowed: ptr(false), Channels: []Channel{{Kind: ChannelInPerson}, {Kind: ChannelPostal}}}
	g := FilingGaps(Dossier{Channel: ChannelPostal, Filing: Filing{FiledBy: FiledByPost}}, noPost, nil)
	if len(g) != 1 || g[0].Rule != GapPostNotAllowed || g.Err() == nil {
		t.Errorf("a postal filing where post is not allowed: gaps %+v", g)
	}
}

func TestNewDossier_Filing(t *testing.T) {
	base := func() NewDossier {
		return NewDossier{ProcedureCode: "1.001193", Channel: ChannelInPerson,
			Applicant: Applicant{IDNumber: "048090123456", FullName: "Nguyễn Văn An", DateOfBirth: "1990-05-17", Gender: GenderMale,
				Address: Address{CommuneCode: "20242"}},
			Consent: Consent{Given: true, Method: ConsentPaperSigned}}
	}
	t.Run("defaults: the applicant files, receives and collects", func(t *testing.T) {
		n := base()
		var v ValidationError
		n.Validate(nil, &v)
		if v.Err() != nil || n.Filing.FiledBy != FiledBySelf || n.Filing.Receiver != ReceiverApplicant || n.Filing.Delivery.Method != DeliveryPickup {
			t.Fatalf("filing %+v, err %v", n.Filing, v.Err())
		}
	})
	t.Run("a postal dossier is filed by post", func(t *testing.T) {
		n := base()
		n.Channel = ChannelPostal
		var v ValidationError
		n.Validate(nil, &v)
		if v.Err() != nil || n.Filing.FiledBy != FiledByPost {
			t.Fatalf("filing %+v, err %v", n.Filing, v.Err())
		}
	})
	t.Run("an older client's _filed_by becomes the filing and leaves the form", func(t *testing.T) {
		n := base()
		n.Form = json.RawMessage(`{"_filed_by":"proxy"}`)
		n.Filing = nil
		var v ValidationError
		n.Validate(nil, &v)
		if n.Filing.FiledBy != FiledByProxy || string(n.Form) != "{}" {
			t.Fatalf("filing %+v, form %s", n.Filing, n.Form)
		}
		// A proxy must say who they are.
		if v.Fields["filing.proxy.full_name"] == "" || v.Fields["filing.proxy.id_number"] == "" {
			t.Errorf("a proxy with no identity passes: %v", v.Fields)
		}
	})
	t.Run("a proxy's identity is checked", func(t *testing.T) {
		n := base()
		n.Filing = &Filing{FiledBy: FiledByProxy, Proxy: &Person{FullName: " Trần  Thị Bình ", IDNumber: "048185000777", Phone: "+84 905 000 777"}}
		var v ValidationError
		n.Validate(nil, &v)
		if v.Err() != nil || n.Filing.Proxy.FullName != "Trần Thị Bình" || n.Filing.Proxy.Phone != "0905000777" {
			t.Fatalf("proxy %+v, err %v", n.Filing.Proxy, v.Err())
		}
	})
	t.Run("by post on the counter channel is refused", func(t *testing.T) {
		n := base()
		n.Filing = &Filing{FiledBy: FiledByPost}
		var v ValidationError
		n.Validate(nil, &v)
		if v.Fields["filing.filed_by"] == "" {
			t.Fatal("filed by post on the in-person channel passes")
		}
	})
	t.Run("delivery to another province, commune typed", func(t *testing.T) {
		n := base()
		n.Filing = &Filing{Delivery: Delivery{Method: DeliveryPost, Address: &Address{ProvinceCode: "01", CommuneName: "Phường Ba Đình", Detail: "1 Hoàng Diệu"}}}
		var v ValidationError
		n.Validate(PlaceFuncs{Province: func(c string) bool { return c == "01" || c == "48" }}, &v)
		if v.Err() != nil {
			t.Fatal(v.Err())
		}
		n.Filing.Delivery.Address.CommuneName = ""
		var v2 ValidationError
		n.Validate(nil, &v2)
		if v2.Fields["filing.delivery.address.commune_name"] == "" {
			t.Errorf("a delivery address outside Da Nang with no commune passes: %v", v2.Fields)
		}
	})
}

func TestAddress_OtherProvinces(t *testing.T) {
	places := PlaceFuncs{Province: func(c string) bool { return c == "79" || c == "48" }, Commune: func(c string) bool { return c == "20242" }}
	for _, tc := range []struct {
		name string
		a    Address
		want string // field with a problem, "" none
	}{
		{"Da Nang from the list", Address{CommuneCode: "20242"}, ""},
		{"Da Nang needs a listed commune", Address{ProvinceCode: "48", CommuneCode: "99999"}, "commune_code"},
		{"Ho Chi Minh City, commune typed", Address{ProvinceCode: "79", CommuneName: "Phường Sài Gòn"}, ""},
		{"another province needs its commune", Address{ProvinceCode: "79"}, "commune_name"},
		{"an unknown province", Address{ProvinceCode: "63", CommuneName: "Xã A"}, "province_code"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.a
			a.Normalize()
			var v ValidationError
			a.Validate("", places, &v)
			if (tc.want == "") != (v.Err() == nil) || (tc.want != "" && v.Fields[tc.want] == "") {
				t.Errorf("problems %v, want one on %q", v.Fields, tc.want)
			}
		})
	}
}
