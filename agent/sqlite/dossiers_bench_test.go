package sqlite

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkCreateDossier measures one dossier creation: applicant upsert,
// tracking code, dossier row and history event in one durable
// (synchronous=FULL) transaction. Half the dossiers reuse a known applicant.
func BenchmarkCreateDossier(b *testing.B) {
	s, _ := seeded(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		nd := newDossier("Nguyễn Văn An")
		nd.Applicant.IDNumber = fmt.Sprintf("048090%06d", i/2)
		if _, err := s.CreateDossier(ctx, nd, "op"); err != nil {
			b.Fatal(err)
		}
	}
}
