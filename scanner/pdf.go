package scanner

import (
	"bytes"
	"fmt"
	"io"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// pdfConfig is pdfcpu's configuration for the kit: relaxed validation
// (real-world PDFs are often slightly off) and no config dir on disk.
func pdfConfig() *model.Configuration {
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	return conf
}

// imagePagePDF lays one JPEG, centred and fitted, on an A4 page turned to
// the image's orientation. The page size is set explicitly: sizing a page
// from pixel counts makes 34×49-inch pages that take seconds to render.
// pdfcpu embeds the JPEG as it is (DCTDecode), without re-encoding.
func imagePagePDF(jpg []byte, landscape bool) ([]byte, error) {
	imp := pdfcpu.DefaultImportConfig()
	dim := types.PaperSize["A4"]
	if landscape {
		dim = &types.Dim{Width: dim.Height, Height: dim.Width}
	}
	imp.PageDim, imp.PageSize, imp.UserDim = dim, "A4", true
	imp.Pos, imp.Scale, imp.ScaleAbs = types.Center, 1.0, false
	var out bytes.Buffer
	if err := api.ImportImages(nil, &out, []io.Reader{bytes.NewReader(jpg)}, imp, pdfConfig()); err != nil {
		return nil, fmt.Errorf("lay image on page: %w", err)
	}
	return out.Bytes(), nil
}

// mergePDFs concatenates PDFs in order; one PDF is returned as it is.
func mergePDFs(parts [][]byte) ([]byte, error) {
	if len(parts) == 1 {
		return parts[0], nil
	}
	rs := make([]io.ReadSeeker, len(parts))
	for i, p := range parts {
		rs[i] = bytes.NewReader(p)
	}
	var out bytes.Buffer
	if err := api.MergeRaw(rs, &out, false, pdfConfig()); err != nil {
		return nil, fmt.Errorf("merge pages: %w", err)
	}
	return out.Bytes(), nil
}
