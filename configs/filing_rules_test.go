package configs

import (
	"fmt"
	"strings"
	"testing"

	"fieldkit/agent/model"
)

// inPersonOnly are the procedures the parties must do themselves: marriage
// and its re-registration, nhận cha, mẹ, con and the birth registration
// that includes it (Luật Hộ tịch Art 18.1, 25.1), a signature certified in
// front of the officer, a will.
var inPersonOnly = map[string]bool{"1.000894": true, "1.004746": true, "1.001022": true, "1.000689": true,
	"2.000884": true, "2.001019": true}

// TestSeedCatalog_FilingRulesAreExplicit: every procedure states its
// proxy and post rules; none is left to a default or a name guess.
func TestSeedCatalog_FilingRulesAreExplicit(t *testing.T) {
	c, err := SeedCatalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range c.Procedures {
		if p.ProxyAllowed == nil || p.PostAllowed == nil {
			t.Errorf("%s: proxy_allowed or post_allowed missing", p.Code)
			continue
		}
		if *p.ProxyAllowed == inPersonOnly[p.Code] {
			t.Errorf("%s: proxy_allowed %v", p.Code, *p.ProxyAllowed)
		}
		if p.MandateComponent != "" {
			comp, _ := p.Component(p.MandateComponent)
			if !strings.Contains(strings.ToLower(comp.Name), "ủy quyền") || comp.ID == "uy-quyen-thanh-vien-ho-gia-dinh" {
				t.Errorf("%s: mandate_component %q (%s) is not the filing mandate", p.Code, comp.ID, comp.Name)
			}
		}
	}
}

// TestSeedCatalog_FilingGapsAgreeWithTheRules runs model.FilingGaps over
// every procedure, every channel it lists and every filing mode (the
// applicant, a proxy, by post; the applicant or another receiving; pick-up
// or post), with and without the mandate in hand, and checks its answer
// against the rules written out here a second time.
func TestSeedCatalog_FilingGapsAgreeWithTheRules(t *testing.T) {
	c, err := SeedCatalog()
	if err != nil {
		t.Fatal(err)
	}
	proxy := &model.Person{FullName: "Trần Thị Bình", IDNumber: "048185000777"}
	cases := 0
	for _, p := range c.Procedures {
		for _, ch := range []string{model.ChannelInPerson, model.ChannelOnline, model.ChannelPostal} {
			for _, by := range []string{model.FiledBySelf, model.FiledByProxy, model.FiledByPost} {
				for _, recv := range []string{model.ReceiverApplicant, model.ReceiverOther} {
					for _, delivery := range []string{model.DeliveryPickup, model.DeliveryPost} {
						for _, withMandate := range []bool{false, true} {
							f := model.Filing{FiledBy: by, Proxy: proxy, Receiver: recv, ReceiverPerson: proxy, Delivery: model.Delivery{Method: delivery}}
							d := model.Dossier{Channel: ch, Filing: f}
							if withMandate && p.MandateComponent != "" {
								d.Documents = []model.Document{{Component: p.MandateComponent, Status: model.DocReady}}
							}
							name := fmt.Sprintf("%s/%s/%s/%s/%s/mandate=%v", p.Code, ch, by, recv, delivery, withMandate)
							got := map[string]bool{}
							for _, g := range model.FilingGaps(d, &p, nil) {
								got[g.Rule] = true
							}
							_, offered := p.Channel(ch)
							want := map[string]bool{
								model.GapChannel:         !offered,
								model.GapProxyNotAllowed: by == model.FiledByProxy && inPersonOnly[p.Code],
								// Post is allowed exactly where the seed lists a postal channel.
								model.GapPostNotAllowed: by == model.FiledByPost && !hasPostal(p),
								model.GapResultInPerson: inPersonOnly[p.Code] && (recv == model.ReceiverOther || delivery == model.DeliveryPost),
								// QĐ 45/2016: a mandate when someone acts for the applicant, never for post as such.
								model.GapMandate: p.MandateComponent != "" && !withMandate &&
									(by == model.FiledByProxy || recv == model.ReceiverOther),
							}
							for rule, w := range want {
								if got[rule] != w {
									t.Errorf("%s: gap %s = %v, want %v", name, rule, got[rule], w)
								}
							}
							cases++
						}
					}
				}
			}
		}
	}
	t.Logf("%d cases", cases)
}

func hasPostal(p model.Procedure) bool {
	_, ok := p.Channel(model.ChannelPostal)
	return ok
}

// TestParseCatalog_FilingRules: the import refuses rules that contradict
// the record.
func TestParseCatalog_FilingRules(t *testing.T) {
	for _, tc := range []struct{ name, doc, want string }{
		{"post allowed with no postal channel",
			`{"procedures":[{"code":"1","name":"a","channels":[{"kind":"in_person"}],"post_allowed":true}]}`, "no postal channel"},
		{"a mandate that is not a component",
			`{"procedures":[{"code":"1","name":"a","components":[{"id":"x"}],"mandate_component":"uy-quyen"}]}`, "not one of its components"},
		{"a mandate where no proxy may file",
			`{"procedures":[{"code":"1","name":"a","components":[{"id":"uy-quyen"}],"mandate_component":"uy-quyen","proxy_allowed":false}]}`, "proxy_allowed is false"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseCatalog(strings.NewReader(tc.doc))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want one saying %q", err, tc.want)
			}
		})
	}
	if _, err := ParseCatalog(strings.NewReader(`{"procedures":[{"code":"1","name":"a","channels":[{"kind":"postal"}],"post_allowed":false,"proxy_allowed":true}]}`)); err != nil {
		t.Errorf("a postal channel the rules refuse is a valid record: %v", err)
	}
}

func TestProvinces(t *testing.T) {
	ps, err := Provinces()
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 34 || ps[0].Code != model.DaNangProvince || ps[0].Name != "Đà Nẵng" {
		t.Fatalf("%d provinces, first %+v; want 34 with Da Nang first", len(ps), ps[0])
	}
	seen := map[string]bool{}
	for _, p := range ps {
		if seen[p.Code] || len(p.Code) != 2 || p.Name == "" {
			t.Errorf("province %+v repeated or malformed", p)
		}
		seen[p.Code] = true
	}
}

// Test3000333_PostalChannel: the judicial-record procedure can go by post
// since NĐ 216/2026 (with a certified signature on the declaration), and
// its basis names Law 107/2025/QH15.
func Test3000333_PostalChannel(t *testing.T) {
	c, err := SeedCatalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range c.Procedures {
		if p.Code != "3.000333" {
			continue
		}
		if _, ok := p.Channel(model.ChannelPostal); !ok || !p.AllowsPost() {
			t.Error("no postal channel")
		}
		basis := strings.Join(p.LegalBasis, "; ")
		for _, want := range []string{"107/2025/QH15", "216/2026/NĐ-CP"} {
			if !strings.Contains(basis, want) {
				t.Errorf("legal basis lacks %s: %s", want, basis)
			}
		}
		missing := model.MissingComponents(&p, model.ChannelPostal, nil)
		found := false
		for _, m := range missing {
			found = found || strings.Contains(m.Name, "chứng thực chữ ký")
		}
		if !found {
			t.Errorf("a postal filing is not asked for the declaration with a certified signature: %+v", missing)
		}
		return
	}
	t.Fatal("3.000333 not in the seed")
}
