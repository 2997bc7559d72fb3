package scanner

import (
	"bytes"
	"image"
	"image/jpeg"

	"fieldkit/scanner/internal/jpegscale"
)

// scaleSlack is how far below the target a scaled decode may land: a
// 12 MP phone photo (4000×3000) decoded at 1/2 is 2000×1500, about 180
// instead of 200 DPI on A4 — legible, and it skips three quarters of the
// inverse DCT and all of the resizing, which is most of the work.
const scaleSlack = 0.85

// decodeJPEGAtLeast decodes a JPEG at the smallest scale (1, 1/2, 1/4,
// 1/8) that still covers about long×short (either way round), using a
// reduced inverse DCT.
func decodeJPEGAtLeast(data []byte, long, short int) (image.Image, error) {
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	tw, th := fitBox(cfg.Width, cfg.Height, long, short)
	scale := 1
	for _, s := range []int{8, 4, 2} {
		w, h := (cfg.Width+s-1)/s, (cfg.Height+s-1)/s
		if float64(w) >= scaleSlack*float64(tw) && float64(h) >= scaleSlack*float64(th) {
			scale = s
			break
		}
	}
	return jpegscale.DecodeScaledBytes(data, scale)
}
