package configs

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestLoad_ExampleEqualsDefaults(t *testing.T) {
	c, err := Load("fieldkit.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c, Default()) {
		t.Fatalf("example config differs from defaults:\n%+v\n%+v", c, Default())
	}
}

func TestLoad_RejectsUnknownKeysAndBadValues(t *testing.T) {
	for name, body := range map[string]string{
		"typo":                        "adr: 127.0.0.1:1\n",
		"negative limit":              "upload:\n  max_bytes: -1\n",
		"bad duration":                "session_ttl: soon\n",
		"negative disk":               "disk:\n  min_free_bytes: -1\n",
		"unknown kind":                "kit_kind: kiosk\n",
		"unknown commune":             "kit_commune_code: \"99999\"\n",
		"token in clear":              "metrics:\n  token_sha256: my-secret-token\n",
		"mTLS without tls":            "metrics:\n  client_ca: /etc/ca.pem\n",
		"push url":                    "metrics:\n  push_url: pushgw:9091\n",
		"push credentials in the URL": "metrics:\n  push_url: http://kits:pw@pushgw:9091\n",
		"push user alone":             "metrics:\n  push_user: kits\n",
	} {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "c.yaml")
			os.WriteFile(p, []byte(body), 0o600)
			if _, err := Load(p); err == nil {
				t.Fatal("accepted a bad config")
			}
		})
	}
}

func TestSeedCatalog(t *testing.T) {
	c, err := SeedCatalog()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Procedures) < 25 {
		t.Fatalf("seed has %d procedures, want ≥ 25", len(c.Procedures))
	}
	if _, err := ParseCatalog(strings.NewReader(`{"procedures":[{"code":"1","name":"a"},{"code":"1","name":"b"}]}`)); err == nil {
		t.Fatal("duplicate codes accepted")
	}
}

func TestCommunes(t *testing.T) {
	cs, err := Communes()
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 94 {
		t.Fatalf("%d communes, want 94 (23 wards, 70 communes, Hoàng Sa)", len(cs))
	}
}

func TestCalendar_LoadsHolidays(t *testing.T) {
	cal, err := Calendar(false)
	if err != nil {
		t.Fatal(err)
	}
	for _, day := range []string{"2026-01-01", "2026-02-16", "2026-09-02"} {
		if !cal.Holidays[day] {
			t.Errorf("%s is not a holiday", day)
		}
	}
	if !cal.WorkingSaturdays["2026-01-10"] {
		t.Error("the make-up Saturday 2026-01-10 is missing")
	}
}

// Paper declarations serve direct and postal filing alike (FORMS.md): the
// five that were limited to the counter take the post too; and marriage,
// which the seed lists by post, says both parties must attend.
func TestSeedCatalog_PostalFilingsKeepTheirDeclaration(t *testing.T) {
	cat, err := SeedCatalog()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"1.000656": "to-khai-khai-tu", "1.004873": "to-khai-xac-nhan-tthn", "2.000635": "to-khai-cap-ban-sao",
		"1.004746": "to-khai-dang-ky-lai-ket-hon", "1.004837": "to-khai-giam-ho"}
	for _, p := range cat.Procedures {
		if id, ok := want[p.Code]; ok {
			c, _ := p.Component(id)
			if !c.AppliesTo("postal") {
				t.Errorf("%s: the declaration %s is not asked of a postal filing", p.Code, id)
			}
		}
		if p.Code == "1.000894" && !strings.Contains(p.Notes, "Cả hai bên phải có mặt") {
			t.Error("marriage by post does not say both parties must attend")
		}
	}
}

func TestLoad_KitIdentityAndMetrics(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(p, []byte("kit_commune_code: \"20242\"\nkit_kind: post_office\nmetrics:\n  token_sha256: "+
		strings.Repeat("ab", 32)+"\n  push_url: http://127.0.0.1:9091\n"), 0o600)
	c, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if c.KitCommuneCode != "20242" || c.KitKind != KindPostOffice || c.Metrics.PushURL == "" || c.Metrics.PushTimeout <= 0 {
		t.Fatalf("%+v", c)
	}
}
