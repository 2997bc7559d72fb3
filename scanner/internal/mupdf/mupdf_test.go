package mupdf

import (
	"context"
	"errors"
	"image"
	"testing"
	"time"

	"fieldkit/scanner/scantest"
)

func open(t *testing.T, data []byte) *Doc {
	t.Helper()
	d, err := Open(data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	return d
}

// TestRender_HugeBoxIsAnErrorNotAnAbort is issue 12's 200000-point page:
// go-fitz aborted the process; here MuPDF's refusal, and the size check
// before it, are errors.
func TestRender_HugeBoxIsAnErrorNotAnAbort(t *testing.T) {
	d := open(t, scantest.HugeBoxPDF())
	b, err := d.Bound(0)
	if err != nil {
		t.Fatal(err)
	}
	if b.Dx() != 200000 || b.Dy() != 200000 {
		t.Fatalf("box %+v", b)
	}
	if _, err := d.Render(context.Background(), 0, 72, true, 50_000_000); !errors.Is(err, ErrTooManyPixels) {
		t.Fatalf("render: %v", err)
	}
}

func TestRender_BoxesUserUnitAndRotate(t *testing.T) {
	tests := []struct {
		name string
		page string
		w, h float64
	}{
		{"A4", "/MediaBox [0 0 595 842]", 595, 842},
		{"CropBox inside the MediaBox", "/MediaBox [0 0 595 842] /CropBox [0 0 300 400]", 300, 400},
		// MuPDF 1.24 takes the CropBox as it is, even larger than the
		// MediaBox: a huge CropBox makes a huge page.
		{"huge CropBox", "/MediaBox [0 0 595 842] /CropBox [0 0 200000 200000]", 200000, 200000},
		{"UserUnit", "/MediaBox [0 0 595 842] /UserUnit 2", 1190, 1684},
		{"Rotate 90 turns a tall box", "/MediaBox [0 0 200 14400] /Rotate 90", 14400, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := open(t, scantest.PagesPDF(tt.page))
			b, err := d.Bound(0)
			if err != nil {
				t.Fatal(err)
			}
			if int(b.Dx()+0.5) != int(tt.w) || int(b.Dy()+0.5) != int(tt.h) {
				t.Fatalf("box %.0f×%.0f, want %.0f×%.0f", b.Dx(), b.Dy(), tt.w, tt.h)
			}
		})
	}
}

func TestRender_DrawsThePage(t *testing.T) {
	d := open(t, scantest.PDF(2))
	if d.Pages() != 2 {
		t.Fatalf("pages %d", d.Pages())
	}
	img, err := d.Render(context.Background(), 1, 72, false, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	m := img.(*image.RGBA)
	if m.Bounds().Dx() != 595 || m.Bounds().Dy() != 842 {
		t.Fatalf("size %v", m.Bounds())
	}
	dark := 0
	for i := 0; i < len(m.Pix); i += 4 {
		if m.Pix[i] < 128 {
			dark++
		}
	}
	if dark == 0 || dark > len(m.Pix)/40 {
		t.Fatalf("%d dark pixels: the text was not drawn", dark)
	}
	g, err := d.Render(context.Background(), 0, 36, true, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := g.(*image.Gray); !ok {
		t.Fatalf("gray render is %T", g)
	}
	if has, err := d.HasText(0); err != nil || !has {
		t.Fatalf("text %v %v", has, err)
	}
}

func TestOpen_RefusesWhatIsNotAPDF(t *testing.T) {
	for name, data := range map[string][]byte{
		"cut short": scantest.PDF(1)[:60],
		"encrypted": scantest.EncryptedPDF(1),
		"garbage":   []byte("%PDF-1.7\n\x00\x01\x02 not at all"),
	} {
		t.Run(name, func(t *testing.T) {
			d, err := Open(data, Options{})
			if err == nil {
				defer d.Close()
				if d.Pages() > 0 {
					if _, err := d.Render(context.Background(), 0, 72, true, 1<<20); err == nil && name != "cut short" {
						t.Fatalf("rendered")
					}
				}
			}
		})
	}
}

// TestRender_MemoryBound: an image that decodes to more than the bound
// is MuPDF's exception, caught and returned as ErrMemory, and the
// document stays usable.
func TestRender_MemoryBound(t *testing.T) {
	if _, err := Open(scantest.PDF(1), Options{Memory: 64 << 10}); !errors.Is(err, ErrMemory) {
		t.Fatalf("opened within 64 KiB: %v", err)
	}
	d, err := Open(scantest.ImageBombPDF(4000, 4000), Options{Memory: 32 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	// At 72 DPI MuPDF decodes the image at a quarter of its size, which
	// fits; at 500 DPI it needs all 48 MB.
	if _, err := d.Render(context.Background(), 0, 72, true, 1<<20); err != nil {
		t.Fatalf("subsampled: %v", err)
	}
	if _, err := d.Render(context.Background(), 0, 500, true, 1<<26); !errors.Is(err, ErrMemory) {
		t.Fatalf("48 MB image in 32 MiB: %v", err)
	}
	if d.PeakMemory() > 32<<20 {
		t.Fatalf("peak %d", d.PeakMemory())
	}
	if _, err := d.Bound(0); err != nil {
		t.Fatalf("after the refusal: %v", err)
	}
}

func TestRender_StopsWhenTheContextEnds(t *testing.T) {
	d := open(t, scantest.PDF(1))
	ctx, cancel := context.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel()
	time.Sleep(time.Millisecond)
	if _, err := d.Render(ctx, 0, 72, true, 1<<20); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v", err)
	}
}
