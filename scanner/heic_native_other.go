//go:build !(linux && (amd64 || arm64))

package scanner

import "image"

// nativeHEIC is not there on this system (Windows, other CPUs): HEIC is
// decoded by gen2brain/heic's WebAssembly build (see heic.go).
func nativeHEIC(data []byte, configOnly bool) (image.Image, image.Config, bool, error) {
	return nil, image.Config{}, false, nil
}

// heicNative is false: there is no native decoder here.
func heicNative() bool { return false }
