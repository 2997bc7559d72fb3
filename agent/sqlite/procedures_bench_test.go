package sqlite

import (
	"context"
	"slices"
	"testing"
	"time"

	"fieldkit/agent/model"
	"fieldkit/configs/synth"
)

// nationalCatalog is the seed plus 6,400 synthetic procedures: about the
// size of the national catalog.
func nationalCatalog(b *testing.B) []model.Procedure {
	b.Helper()
	return append(seedProcedures(b), synth.Generate(6400, 1)...)
}

// benchQueries is what helpers type: with and without diacritics, words
// still being typed, one to four words, codes and abbreviations, a Telex
// slip and a typo that needs the any-word fallback.
var benchQueries = []string{
	"khai sinh", "đăng ký khai sinh", "dang ky kh", "Đăng ký kết hôn", "ket hon",
	"chung thuc ban sao", "chứng thực bản sao", "thường trú", "tam tru", "ho kinh doanh",
	"giấy phép lái xe", "giay phep xay dung", "cap lai", "cấp lại giấy", "d", "kh", "dang",
	"XNTTHN", "GKS", "1.001193", "thue thu nhap ca nhan", "y tế", "đất đai", "chuyen nhuong dat",
	"giay chung nhan quyen su dung dat", "ddang kys khai sinh", "dang ky khai snh", "trợ cấp",
	"ly lich tu phap", "co yeu to nuoc ngoai", "xac nhan tinh trang hon nhan", "giấy phép môi trường",
}

func BenchmarkSearchProcedures(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, Options{DataDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := s.UpsertProcedures(ctx, nationalCatalog(b)); err != nil {
		b.Fatal(err)
	}
	for _, q := range benchQueries { // warm the page cache and the pool
		if _, err := s.SearchProcedures(ctx, q, 20); err != nil {
			b.Fatal(err)
		}
	}
	var took []time.Duration
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		if _, err := s.SearchProcedures(ctx, benchQueries[i%len(benchQueries)], 20); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	p := func(q float64) float64 {
		return float64(took[int(q*float64(len(took)-1))].Nanoseconds()) / 1e3
	}
	b.ReportMetric(p(0.50), "p50-µs")
	b.ReportMetric(p(0.99), "p99-µs")
}

// BenchmarkUpsertCatalog imports the national-size catalog: into an empty
// store (a first import), and over itself (a re-import, every row updated).
func BenchmarkUpsertCatalog(b *testing.B) {
	ctx := context.Background()
	procs := nationalCatalog(b)
	b.Run("insert", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			s, err := Open(ctx, Options{DataDir: b.TempDir()})
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if _, err := s.UpsertProcedures(ctx, procs); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			s.Close()
			b.StartTimer()
		}
		b.ReportMetric(float64(len(procs)), "procedures/op")
	})
	b.Run("update", func(b *testing.B) {
		s, err := Open(ctx, Options{DataDir: b.TempDir()})
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		if _, err := s.UpsertProcedures(ctx, procs); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := s.UpsertProcedures(ctx, procs); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(procs)), "procedures/op")
	})
}
