package scanner

import (
	"bytes"
	"context"
	"image"
	"os"
	"testing"

	"github.com/gen2brain/heic"
)

// TestHEIC_NativeAndWebAssemblyAgree: where libheif is there, the native
// decoder gives the picture the WebAssembly one gives (same size, the
// same luma to within rounding), and refuses a cut file with an error.
func TestHEIC_NativeAndWebAssemblyAgree(t *testing.T) {
	if !heicNative() {
		t.Skip("no system libheif (Debian libheif1): HEIC is decoded by WebAssembly only")
	}
	for _, name := range []string{"photo.heic", "phone12mp.heic"} {
		data := testdata(t, name)
		got, cfg, ok, err := nativeHEIC(data, false)
		if !ok || err != nil {
			t.Fatalf("%s: native decode: %v %v", name, ok, err)
		}
		want, err := heic.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		g, w := got.(*image.YCbCr), want.(*image.YCbCr)
		if g.Rect != w.Rect || cfg.Width != w.Rect.Dx() || cfg.Height != w.Rect.Dy() {
			t.Fatalf("%s: native %v (config %d×%d), WebAssembly %v", name, g.Rect, cfg.Width, cfg.Height, w.Rect)
		}
		var diff, n int
		for y := 0; y < g.Rect.Dy(); y += 7 {
			for x := 0; x < g.Rect.Dx(); x += 7 {
				diff += absDiff(g.Y[g.YOffset(x, y)], w.Y[w.YOffset(x, y)])
				diff += absDiff(g.Cb[g.COffset(x, y)], w.Cb[w.COffset(x, y)])
				n += 2
			}
		}
		if mean := float64(diff) / float64(n); mean > 1.5 {
			t.Fatalf("%s: the decoders differ by %.2f gray levels on average", name, mean)
		}
	}
	data := testdata(t, "photo.heic")
	if _, _, ok, err := nativeHEIC(data[:len(data)/2], false); !ok || err == nil {
		t.Fatalf("a cut HEIC decoded: %v", err)
	}
}

func absDiff(a, b uint8) int { return max(int(a)-int(b), int(b)-int(a)) }

// BenchmarkHEIC decodes a 12 MP phone HEIC (testdata/phone12mp.heic, or
// the file $FIELDKIT_HEIC_BENCH names) with each decoder, and takes it
// through the whole page path with the one the kit picks:
//
//	go test -tags sqlite_fts5 -run '^$' -bench HEIC -benchtime 5x -cpu 1 ./scanner/
//
// The WebAssembly module is compiled before the timer starts: that is a
// once-per-process cost, which warmHEIC pays when the pool starts.
func BenchmarkHEIC(b *testing.B) {
	data := testdata(b, "phone12mp.heic")
	if path := os.Getenv("FIELDKIT_HEIC_BENCH"); path != "" {
		var err error
		if data, err = os.ReadFile(path); err != nil {
			b.Fatal(err)
		}
	}
	heic.Init()
	b.Run("decode/webassembly", func(b *testing.B) {
		defer reportCPU(b, false)()
		for b.Loop() {
			if _, err := heic.Decode(bytes.NewReader(data)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode/libheif", func(b *testing.B) {
		if !heicNative() {
			b.Skip("no system libheif")
		}
		defer reportCPU(b, false)()
		for b.Loop() {
			if _, _, _, err := nativeHEIC(data, false); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("page", func(b *testing.B) {
		defer reportCPU(b, false)()
		for b.Loop() {
			src, err := Ingest("photo.heic", data, DefaultLimits)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := Normalize(context.Background(), []Source{src}, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
