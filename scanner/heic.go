package scanner

import (
	"bytes"
	"image"

	"github.com/gen2brain/heic"
)

// HEIC decoding, and why it is split in two.
//
// gen2brain/heic runs libheif and libde265 compiled to WebAssembly in
// wazero. Measured with BenchmarkHEIC on a 12 MP phone photo of 1.4 MB
// (2 shared cores, nearly idle):
//   - compiling its module takes 0.6 s of one core, once per process, on
//     the first HEIC (its DecodeConfig at upload, usually): the corpus
//     check's HEIC page paid it in full (0.5 s for a 512×512 picture,
//     3.3 s on a busy machine). warmHEIC compiles it when the pool starts;
//   - each call then instantiates the module (under a millisecond);
//   - decoding takes 1.4 s of CPU: libde265's own work run as
//     WebAssembly, over twice its native time. That is the floor of the
//     pure-Go path: HEVC cannot be decoded at a reduced size (no scaled
//     inverse transform, unlike JPEG), and the package makes its wazero
//     runtime itself (no compilation cache or engine option reaches it);
//   - the full-size picture was then resized by a bilinear pass over
//     12 MP (90 ms): shrink now box-reduces it by the factor a scaled
//     JPEG decode would use (wholeFactor).
//
// Where the system has libheif (Debian's libheif1, which the kit's
// package recommends), heic_native_linux.go calls it through purego:
// 0.63 s to decode, 0.66 s for the whole page. Elsewhere (the Windows
// build) the WebAssembly decoder is used: about 1.5 s a page.

// decodeHEIC decodes a HEIC's primary image.
func decodeHEIC(data []byte) (image.Image, error) {
	if img, _, ok, err := nativeHEIC(data, false); ok {
		return img, err
	}
	return heic.Decode(bytes.NewReader(data))
}

// decodeHEICConfig reads a HEIC's size without decoding it.
func decodeHEICConfig(data []byte) (image.Config, error) {
	if _, cfg, ok, err := nativeHEIC(data, true); ok {
		return cfg, err
	}
	return heic.DecodeConfig(bytes.NewReader(data))
}

// warmHEIC makes the first HEIC fast: it loads libheif or, without it,
// compiles the WebAssembly decoder, off any request's path.
func warmHEIC() {
	if !heicNative() {
		heic.Init()
	}
}
