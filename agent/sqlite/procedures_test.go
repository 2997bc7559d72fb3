package sqlite

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"fieldkit/agent/model"
	"fieldkit/configs"
	"fieldkit/configs/synth"
)

// seedProcedures is the embedded seed catalog.
func seedProcedures(t testing.TB) []model.Procedure {
	t.Helper()
	c, err := configs.SeedCatalog()
	if err != nil {
		t.Fatal(err)
	}
	return c.Procedures
}

// openCatalog opens a store holding procs.
func openCatalog(t testing.TB, procs []model.Procedure) *Store {
	t.Helper()
	s := openTest(t)
	n, err := s.UpsertProcedures(context.Background(), procs)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(procs) {
		t.Fatalf("upserted %d, want %d", n, len(procs))
	}
	return s
}

func codes(hits []model.ProcedureSummary) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Code
	}
	return out
}

// describe lists the first hits for a failure message.
func describe(hits []model.ProcedureSummary) string {
	var b strings.Builder
	for i, h := range hits[:min(len(hits), 5)] {
		fmt.Fprintf(&b, "\n  %d. %s %s", i+1, h.Code, h.Name)
	}
	return b.String()
}

// searchCases are the acceptance tests of the search box: what a helper
// types, and the procedure that must come first (or, for top > 1, be
// among the first top hits).
var searchCases = []struct {
	q    string
	want string
	top  int
}{
	{"khai sinh", "1.001193", 1},
	{"Khai Sinh", "1.001193", 1},
	{"dang ky khai sinh", "1.001193", 1},
	{"đăng ký khai sinh", "1.001193", 1},
	{"ĐĂNG KÝ KHAI SINH", "1.001193", 1},
	{"ÐĂNG KÝ KHAI SINH", "1.001193", 1}, // Ð (U+00D0) pasted for Đ
	{norm.NFD.String("đăng ký khai sinh"), "1.001193", 1},
	{"  đăng   ký, khai-sinh!  ", "1.001193", 1},
	{"khai si", "1.001193", 1}, // still typing
	{"dang ky kh", "1.001193", 1},
	{"ddang kys khai sinh", "1.001193", 1}, // Telex typed with the input method off
	{"dang ky khai sinhf", "1.001193", 1},
	{"dang ky khai snh", "1.001193", 3}, // a typo: any word will do
	{"ket hon", "1.000894", 1},
	{"kết hôn", "1.000894", 1},
	{"chung thuc ban sao", "2.000815", 1},
	{"chứng thực bản sao", "2.000815", 1},
	{"thuong tru", "1.004222", 1},
	{"khai tu", "1.000656", 1},
	{"tam tru", "1.004194", 1},
	{"ho kinh doanh", "1.001612", 1},
	{"xac nhan tinh trang hon nhan", "1.004873", 1},
	{"giay khai sinh", "1.001193", 2}, // or the copy of one (2.000635)
	{"1.001193", "1.001193", 1},
	{"001193", "1.001193", 1},
	{"XNTTHN", "1.004873", 1},
	{"GKS", "1.001193", 1},
	{"gks", "1.001193", 1},
	{"CT01", "1.004222", 2},
	{"CT01", "1.004194", 2},
	{"HKD", "1.001612", 1},
	{"LLTP", "3.000333", 1},
	{"ly lich tu phap", "3.000333", 1},
	{"hộ khẩu", "1.004222", 1},
}

func TestSearchProcedures_FindsTheObviousProcedure(t *testing.T) {
	ctx := context.Background()
	seed := seedProcedures(t)
	catalogs := []struct {
		name  string
		procs []model.Procedure
	}{
		{"seed", seed},
		// The same answers must hold at national size.
		{"seed+synthetic", append(slices.Clone(seed), synth.Generate(6400, 1)...)},
	}
	for _, c := range catalogs {
		t.Run(c.name, func(t *testing.T) {
			s := openCatalog(t, c.procs)
			for _, tc := range searchCases {
				t.Run(tc.q, func(t *testing.T) {
					hits, err := s.SearchProcedures(ctx, tc.q, 10)
					if err != nil {
						t.Fatal(err)
					}
					if i := slices.Index(codes(hits), tc.want); i < 0 || i >= tc.top {
						t.Errorf("%q: want %s in the first %d, got:%s", tc.q, tc.want, tc.top, describe(hits))
					}
				})
			}
		})
	}
}

func TestSearchProcedures_TakesAnyInputWithoutError(t *testing.T) {
	ctx := context.Background()
	s := openCatalog(t, seedProcedures(t))
	for _, q := range []string{
		`"`, `""`, `*`, `khai*`, `"khai sinh`, `khai sinh"`, `)(`, `NEAR(khai sinh)`, `khai OR`, `AND`,
		`NOT khai`, `name:khai`, `{name}: khai`, `^khai`, `-`, `khai + sinh`, `'; DROP TABLE procedures; --`,
		`%`, `_`, `\`, "\x00", "khai\x00sinh", strings.Repeat("khai sinh ", 200), "ßẞ🙂", "漢字",
	} {
		hits, err := s.SearchProcedures(ctx, q, 10)
		if err != nil {
			t.Errorf("%q: %v", q, err)
		}
		if len(hits) > 10 {
			t.Errorf("%q: %d hits, limit was 10", q, len(hits))
		}
	}
	if n, _ := s.CountProcedures(ctx); n != 44 {
		t.Fatalf("catalog has %d procedures after the garbage, want 44", n)
	}
}

func TestSearchProcedures_FindsNothingForUnknownWords(t *testing.T) {
	s := openCatalog(t, seedProcedures(t))
	hits, err := s.SearchProcedures(context.Background(), "zzqx wvvy", 10)
	if err != nil {
		t.Fatal(err)
	}
	if hits == nil || len(hits) != 0 {
		t.Fatalf("got %v, want an empty, non-nil list", codes(hits))
	}
}

func TestSearchProcedures_ListsByFieldAndCodeWithoutWords(t *testing.T) {
	ctx := context.Background()
	procs := append(seedProcedures(t), synth.Generate(150, 2)...)
	s := openCatalog(t, procs)
	for _, tc := range []struct {
		q     string
		limit int
		want  int
	}{
		{"", 0, 20}, {"  ", -5, 20}, {"", 7, 7}, {"", 500, 100}, {"?!", 30, 30},
	} {
		hits, err := s.SearchProcedures(ctx, tc.q, tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != tc.want {
			t.Errorf("q %q limit %d: %d hits, want %d", tc.q, tc.limit, len(hits), tc.want)
		}
		if !slices.IsSortedFunc(hits, func(a, b model.ProcedureSummary) int {
			return strings.Compare(a.Field+"\x00"+a.Code, b.Field+"\x00"+b.Code)
		}) {
			t.Errorf("q %q: not ordered by field, code: %v", tc.q, codes(hits))
		}
	}
}

func TestSearchProcedures_CapsTheLimit(t *testing.T) {
	s := openCatalog(t, append(seedProcedures(t), synth.Generate(400, 3)...))
	hits, err := s.SearchProcedures(context.Background(), "cap", 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != maxSearchLimit {
		t.Fatalf("%d hits, want %d", len(hits), maxSearchLimit)
	}
}

func TestSearchProcedures_SummarisesHits(t *testing.T) {
	ctx := context.Background()
	seed := seedProcedures(t)
	s := openCatalog(t, seed)
	hits, err := s.SearchProcedures(ctx, "1.013225", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 {
		t.Fatal("no hit")
	}
	var p model.Procedure
	for _, sp := range seed {
		if sp.Code == "1.013225" {
			p = sp
		}
	}
	want := model.ProcedureSummary{Code: p.Code, Name: p.Name, Field: p.Field, Level: p.Level,
		Verified: "unverified", Channels: p.Channels}
	if !reflect.DeepEqual(hits[0], want) {
		t.Fatalf("got %+v\nwant %+v", hits[0], want)
	}
}

func TestProcedure_ReturnsTheWholeDocument(t *testing.T) {
	ctx := context.Background()
	seed := seedProcedures(t)
	s := openCatalog(t, seed)
	for _, want := range seed {
		got, err := s.Procedure(ctx, want.Code)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(*got, want) {
			t.Fatalf("%s: stored procedure differs from the catalog", want.Code)
		}
	}
}

func TestProcedure_UnknownCodeIsNotFound(t *testing.T) {
	s := openCatalog(t, seedProcedures(t))
	_, err := s.Procedure(context.Background(), "9.999999")
	if !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}

func TestUpsertProcedures_UpdatesByCodeAndReindexes(t *testing.T) {
	ctx := context.Background()
	seed := seedProcedures(t)
	s := openCatalog(t, seed)
	changed := seed[0] // 1.001193
	changed.Name = "Đăng ký khai sinh (bản thử)"
	changed.Keywords = "zebra"
	changed.Verified = "secondary"
	added := model.Procedure{Code: "9.000001", Name: "Thủ tục thử nghiệm", Field: "Thử", Level: "commune"}
	n, err := s.UpsertProcedures(ctx, []model.Procedure{changed, added})
	if err != nil || n != 2 {
		t.Fatalf("upsert = %d, %v", n, err)
	}
	if count, _ := s.CountProcedures(ctx); count != len(seed)+1 {
		t.Fatalf("count = %d, want %d", count, len(seed)+1)
	}
	got, err := s.Procedure(ctx, changed.Code)
	if err != nil || got.Name != changed.Name || got.Verified != "secondary" {
		t.Fatalf("after update: %+v, %v", got, err)
	}
	for q, want := range map[string]string{
		"zebra":         changed.Code,
		"ban thu":       changed.Code,
		"khai sinh thu": changed.Code,
		"thu nghiem":    added.Code,
		"Thủ tục thử":   added.Code,
		"9.000001":      added.Code,
	} {
		hits, err := s.SearchProcedures(ctx, q, 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 || hits[0].Code != want {
			t.Errorf("%q: want %s first, got:%s", q, want, describe(hits))
		}
	}
	// The old keywords left the index with the old row.
	if hits, _ := s.SearchProcedures(ctx, "GKS", 5); slices.Contains(codes(hits), changed.Code) {
		t.Errorf("GKS still finds %s", changed.Code)
	}
	var fts int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM procedures_fts`).Scan(&fts); err != nil || fts != len(seed)+1 {
		t.Fatalf("index has %d rows (%v), want one per procedure", fts, err)
	}
}

func TestUpsertProcedures_RefusesProceduresWithoutCodeOrName(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	_, err := s.UpsertProcedures(ctx, []model.Procedure{{Code: "1.000001", Name: "Có tên"}, {Code: " ", Name: "x"}, {Code: "1.000002"}})
	var v *model.ValidationError
	if !errors.As(err, &v) || len(v.Fields) != 2 {
		t.Fatalf("err = %v, want a validation error on two fields", err)
	}
	if n, _ := s.CountProcedures(ctx); n != 0 {
		t.Fatalf("%d procedures written, want none", n)
	}
}
