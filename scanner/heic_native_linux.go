//go:build linux && (amd64 || arm64)

package scanner

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"sync"
	"unsafe"

	"github.com/ebitengine/purego"
)

// The system's libheif (Debian libheif1), called through purego: no
// headers or library are needed to build, and a kit where it is missing
// decodes with gen2brain/heic's WebAssembly build instead. Native libde265
// decodes a 12 MP photo about three times faster than the same code
// compiled to WebAssembly and run by wazero (see heic.go for figures).
//
// The values below are libheif's C API (heif.h, stable since 1.x):
// enum heif_colorspace YCbCr = 0; enum heif_chroma 420 = 1; enum
// heif_channel Y = 0, Cb = 1, Cr = 2. Functions returning struct
// heif_error {int code; int subcode; const char *message} return it in
// two registers on amd64 and arm64; purego hands back the first, whose
// low 32 bits are the code (0: no error).
const (
	heifColorspaceYCbCr = 0
	heifChroma420       = 1
	heifChannelY        = 0
	heifChannelCb       = 1
	heifChannelCr       = 2
)

// libheif is the loaded library's functions.
type libheif struct {
	contextAlloc    func() uintptr
	contextFree     func(ctx uintptr)
	readFromMemory  func(ctx uintptr, data *byte, size uintptr, options uintptr) uintptr
	primaryHandle   func(ctx uintptr, handle *uintptr) uintptr
	handleWidth     func(handle uintptr) int32
	handleHeight    func(handle uintptr) int32
	handleRelease   func(handle uintptr)
	decodeImage     func(handle uintptr, img *uintptr, colorspace, chroma int32, options uintptr) uintptr
	imageRelease    func(img uintptr)
	planeReadonly   func(img uintptr, channel int32, stride *int32) *byte
	imageWidth      func(img uintptr, channel int32) int32
	imageHeight     func(img uintptr, channel int32) int32
	bitsPerPixelMax func(img uintptr, channel int32) int32
}

// loadLibheif opens the system's libheif once per process: a dlopen
// handle is the process's, like the library itself, so it is kept here
// rather than passed around. A missing library or symbol is an error, and
// the WebAssembly decoder is used.
var loadLibheif = sync.OnceValues(func() (lib *libheif, err error) {
	h, err := purego.Dlopen("libheif.so.1", purego.RTLD_NOW|purego.RTLD_LOCAL)
	if err != nil {
		return nil, fmt.Errorf("libheif: %w", err)
	}
	defer func() {
		if r := recover(); r != nil { // RegisterLibFunc panics on a missing symbol
			lib, err = nil, fmt.Errorf("libheif: %v", r)
		}
	}()
	lib = &libheif{}
	purego.RegisterLibFunc(&lib.contextAlloc, h, "heif_context_alloc")
	purego.RegisterLibFunc(&lib.contextFree, h, "heif_context_free")
	purego.RegisterLibFunc(&lib.readFromMemory, h, "heif_context_read_from_memory")
	purego.RegisterLibFunc(&lib.primaryHandle, h, "heif_context_get_primary_image_handle")
	purego.RegisterLibFunc(&lib.handleWidth, h, "heif_image_handle_get_width")
	purego.RegisterLibFunc(&lib.handleHeight, h, "heif_image_handle_get_height")
	purego.RegisterLibFunc(&lib.handleRelease, h, "heif_image_handle_release")
	purego.RegisterLibFunc(&lib.decodeImage, h, "heif_decode_image")
	purego.RegisterLibFunc(&lib.imageRelease, h, "heif_image_release")
	purego.RegisterLibFunc(&lib.planeReadonly, h, "heif_image_get_plane_readonly")
	purego.RegisterLibFunc(&lib.imageWidth, h, "heif_image_get_width")
	purego.RegisterLibFunc(&lib.imageHeight, h, "heif_image_get_height")
	purego.RegisterLibFunc(&lib.bitsPerPixelMax, h, "heif_image_get_bits_per_pixel_range")
	return lib, nil
})

// heicNative tells whether libheif is there (loading it if need be).
func heicNative() bool {
	_, err := loadLibheif()
	return err == nil
}

var errHEIFNative = errors.New("libheif could not decode the file")

func heifFailed(ret uintptr) bool { return uint32(ret) != 0 }

// nativeHEIC decodes data's primary image with the system's libheif, as
// 8-bit YCbCr 4:2:0 (the JPEG encoder's own format), or only reads its
// size when configOnly. ok is false when libheif is not there.
func nativeHEIC(data []byte, configOnly bool) (img image.Image, cfg image.Config, ok bool, err error) {
	lib, lerr := loadLibheif()
	if lerr != nil || len(data) == 0 {
		return nil, cfg, false, nil
	}
	ctx := lib.contextAlloc()
	if ctx == 0 {
		return nil, cfg, true, errHEIFNative
	}
	defer lib.contextFree(ctx)
	// libheif keeps its own copy of the file (the _without_copy variant
	// would keep a Go pointer in C past the call, which cgo's rules forbid).
	if heifFailed(lib.readFromMemory(ctx, &data[0], uintptr(len(data)), 0)) {
		return nil, cfg, true, fmt.Errorf("%w: not a readable HEIF", errHEIFNative)
	}
	var handle uintptr
	if heifFailed(lib.primaryHandle(ctx, &handle)) || handle == 0 {
		return nil, cfg, true, fmt.Errorf("%w: no primary image", errHEIFNative)
	}
	defer lib.handleRelease(handle)
	cfg = image.Config{ColorModel: color.YCbCrModel, Width: int(lib.handleWidth(handle)), Height: int(lib.handleHeight(handle))}
	if configOnly {
		return nil, cfg, true, nil
	}
	var hi uintptr
	if heifFailed(lib.decodeImage(handle, &hi, heifColorspaceYCbCr, heifChroma420, 0)) || hi == 0 {
		return nil, cfg, true, fmt.Errorf("%w: the picture does not decode", errHEIFNative)
	}
	defer lib.imageRelease(hi)
	if lib.bitsPerPixelMax(hi, heifChannelY) != 8 {
		return nil, cfg, true, fmt.Errorf("%w: more than 8 bits a sample", errHEIFNative)
	}
	w, h := int(lib.imageWidth(hi, heifChannelY)), int(lib.imageHeight(hi, heifChannelY))
	if w <= 0 || h <= 0 || w > cfg.Width+1 || h > cfg.Height+1 {
		return nil, cfg, true, fmt.Errorf("%w: %d×%d decoded for %d×%d declared", errHEIFNative, w, h, cfg.Width, cfg.Height)
	}
	out := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	cw, ch := (w+1)/2, (h+1)/2
	for _, p := range []struct {
		ch   int32
		dst  []byte
		w, h int
		st   int
	}{{heifChannelY, out.Y, w, h, out.YStride}, {heifChannelCb, out.Cb, cw, ch, out.CStride}, {heifChannelCr, out.Cr, cw, ch, out.CStride}} {
		var stride int32
		ptr := lib.planeReadonly(hi, p.ch, &stride)
		if ptr == nil || int(stride) < p.w || int(lib.imageWidth(hi, p.ch)) < p.w || int(lib.imageHeight(hi, p.ch)) < p.h {
			return nil, cfg, true, fmt.Errorf("%w: plane %d missing", errHEIFNative, p.ch)
		}
		src := unsafe.Slice(ptr, int(stride)*(p.h-1)+p.w) // libheif's plane, valid until imageRelease
		for y := range p.h {
			copy(p.dst[y*p.st:][:p.w], src[y*int(stride):])
		}
	}
	return out, cfg, true, nil
}
