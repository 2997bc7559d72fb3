package scanner

import (
	"bytes"
	"image"

	"github.com/gen2brain/heic"
)

// HEIC decoding, and why it is split in two.
//
// gen2brain/heic runs libheif and libde265 compiled to WebAssembly in
// wazero. Measured on this kit's machine (2 shared cores) with
// TestHEIC_DecodeTimes' files:
//   - compiling its module takes 0.65 s, once per process, on the first
//     HEIC (its DecodeConfig at upload, usually): the corpus check's HEIC
//     page paid it in full (0.5 s for a 512×512 picture, 3.3 s on a busy
//     machine). warmHEIC compiles it when the capture pool starts;
//   - each call then instantiates the module (under a millisecond);
//   - decoding a 12 MP photo takes 1.5 s: libde265's own work, run as
//     WebAssembly, about three times native speed. That is the floor of
//     the pure-Go path: the decoder cannot decode at a reduced size
//     (HEVC has no scaled inverse transform, unlike JPEG), nor be given a
//     compilation cache (the package makes its runtime itself).
//
// Where the system has libheif (Debian's libheif1, which the kit's
// package can depend on), heic_native_linux.go calls it through purego
// instead: 0.5 s for the same 12 MP photo. Elsewhere (the Windows build)
// the WebAssembly decoder is used, at 1.5 s.

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
