package scanner

import (
	"bytes"
	"context"
	"errors"
	"fieldkit/agent/model"
	"image"
	"image/jpeg"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fieldkit/scanner/scantest"
)

// grayPage is a w×h page of one gray level with a black band at its top.
func grayPage(w, h int, level uint8) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = level
	}
	for i := range g.Pix[:w*h/10] {
		g.Pix[i] = 0
	}
	return g
}

// TestNormalize_EveryPageOfAMultiPageTIFF: a 3-page TIFF, as a flatbed's
// feeder writes it, becomes a 3-page PDF with each page in its order (the
// pages differ in gray level, and the PDF's pages are drawn to check).
// A TIFF joined by libtiff's own tiffcp, when it is installed, too.
func TestNormalize_EveryPageOfAMultiPageTIFF(t *testing.T) {
	levels := []uint8{60, 140, 220}
	var pages []*image.Gray
	for _, l := range levels {
		pages = append(pages, grayPage(620, 877, l))
	}
	files := map[string][]byte{"our writer": scantest.MultiPageTIFF(pages)}
	if tiffcp, err := exec.LookPath("tiffcp"); err == nil {
		dir := t.TempDir()
		var args []string
		for i, p := range pages {
			one := filepath.Join(dir, string(rune('a'+i))+".tif")
			if err := os.WriteFile(one, scantest.MultiPageTIFF([]*image.Gray{p}), 0o600); err != nil {
				t.Fatal(err)
			}
			args = append(args, one)
		}
		out := filepath.Join(dir, "joined.tif")
		if b, err := exec.Command(tiffcp, append(append([]string{"-c", "lzw"}, args...), out)...).CombinedOutput(); err != nil {
			t.Fatalf("tiffcp: %v: %s", err, b)
		}
		joined, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		files["tiffcp -c lzw"] = joined
	} else {
		t.Log("tiffcp is not installed (Debian libtiff-tools): only our writer's TIFF is read")
	}
	for name, data := range files {
		t.Run(name, func(t *testing.T) {
			src, err := Ingest("scan.tif", data, DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			if src.Pages != len(levels) {
				t.Fatalf("Ingest counts %d pages, want %d", src.Pages, len(levels))
			}
			var done []int
			res, err := Normalize(context.Background(), []Source{src}, Options{Mode: model.PageColor, // the levels are read back as they are
				OnPage: func(d, _ int) { done = append(done, d) }})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Pages) != len(levels) || len(done) != len(levels) {
				t.Fatalf("%d page reports, %d progress calls, want %d", len(res.Pages), len(done), len(levels))
			}
			imgs, err := RenderPages(context.Background(), res.PDF, 20, nil, DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			if len(imgs) != len(levels) {
				t.Fatalf("the PDF has %d pages, want %d", len(imgs), len(levels))
			}
			for i, b := range imgs {
				img, err := jpeg.Decode(bytes.NewReader(b))
				if err != nil {
					t.Fatal(err)
				}
				// The page's lower half, below the band, is its level.
				bd := img.Bounds()
				r, _, _, _ := img.At(bd.Dx()/2, bd.Dy()*3/4).RGBA()
				if got := int(r >> 8); got < int(levels[i])-25 || got > int(levels[i])+25 {
					t.Fatalf("page %d is gray %d, want about %d: pages are missing or out of order", i+1, got, levels[i])
				}
			}
		})
	}
}

// TestIngest_HostileTIFFs: pages past the limit, a chain of pages that
// loops and a page declaring more pixels than allowed are refused from
// their directories, each with a reason naming the file.
func TestIngest_HostileTIFFs(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want error
		says string
	}{
		{"10,000 pages", scantest.MultiPageTIFF(make([]*image.Gray, 10000)), ErrTooMany, "more than the 200 pages"},
		{"pages that loop", scantest.LoopingTIFF(), ErrDamaged, "loop"},
		{"a second page of 100000×100000", scantest.HugePageTIFF(100000, 100000), ErrTooBig, "page 2"},
		{"cut inside its first directory", scantest.MultiPageTIFF([]*image.Gray{nil})[:14], ErrDamaged, "cut short"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Ingest("scan.tif", tt.data, DefaultLimits)
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.says) || !strings.Contains(err.Error(), "scan.tif") {
				t.Fatalf("err = %v, want %v saying %q", err, tt.want, tt.says)
			}
		})
	}
}
