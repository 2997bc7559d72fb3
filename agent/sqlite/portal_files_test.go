package sqlite

import (
	"context"
	"testing"
	"time"
)

// An upload in doubt is kept, moves on
// with each mark, and ends when the portal's file is recorded (in the
// same transaction) or the attempt is known answered.
func TestUploadInDoubt_KeptUntilThePortalsFileIsRecorded(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	const doc = "01a23c96-c422-730b-9460-e69502fa3008"
	if _, ok, err := s.UploadInDoubt(ctx, doc); err != nil || ok {
		t.Fatalf("a document never sent is in doubt: %v %v", ok, err)
	}
	first := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	for _, at := range []time.Time{first, first.Add(5 * time.Second)} {
		if err := s.MarkUploadInDoubt(ctx, doc, at); err != nil {
			t.Fatal(err)
		}
		since, ok, err := s.UploadInDoubt(ctx, doc)
		if err != nil || !ok || !since.Equal(at) {
			t.Fatalf("in doubt since %s (%v, %v), want %s", since, ok, err, at)
		}
	}
	if err := s.SavePortalFile(ctx, doc, "6526a6b3b9b8a05b5012f5ab", "eb98a7124f32a4003a1bea12a5028726c4660e02ff93c355b13b29124d26ba1d"); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.UploadInDoubt(ctx, doc); err != nil || ok {
		t.Fatalf("still in doubt after the portal's file was recorded: %v %v", ok, err)
	}
	if err := s.MarkUploadInDoubt(ctx, doc, first); err != nil {
		t.Fatal(err)
	}
	if err := s.ClearUploadDoubt(ctx, doc); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.UploadInDoubt(ctx, doc); err != nil || ok {
		t.Fatalf("still in doubt after it was cleared: %v %v", ok, err)
	}
}
