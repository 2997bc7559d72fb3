// Package scanner turns what residents bring — phone photos, flatbed
// scans, PDFs — into compact, legible PDFs the portal accepts.
//
// The pipeline, per dossier component:
//
//  1. Ingest (ingest.go) identifies each file by its content, never its
//     name, and checks it cheaply before anything is decoded: the pixel
//     count and decoded size from the image header (decompression bombs),
//     the page count, page sizes and encryption of a PDF. A refusal names
//     the file.
//  2. Normalise (normalize.go) decodes each image — at a reduced scale
//     when the JPEG is much larger than needed (scaled IDCT, see
//     internal/jpegscale) — straightens photos (straighten.go,
//     internal/pagefind: the page's edges found on a 512-pixel copy, the
//     perspective corrected and the table cropped by one warp at the
//     output's size, the tilt left measured on the text lines; a photo
//     with no page found is kept and its report says so; scans are left
//     alone, density.go) — applies the EXIF orientation, downscales to fit
//     an A4 page at Options.DPI, optionally cleans up text pages
//     (grayscale + contrast stretch), and keeps each page in its mode
//     (mode.go): Options.Mode, the helper's choice, or the one ChooseMode
//     picks from the page — colour for colourful pages and any with a
//     vivid seal or stamp (Hasler–Süsstrunk colourfulness and the share
//     of saturated pixels, after white balance on the paper), bilevel for
//     ink on paper (Otsu separability of the luminance divided by its
//     local mean), gray otherwise. Colour and gray pages are JPEGs laid
//     on an A4 page by pdfcpu (pdf.go); bilevel pages are thresholded by
//     Sauvola's rule (bilevel.go), drawn at Options.BilevelDPI and stored
//     as CCITT G4 (internal/g4, our encoder of T.6) in a one-page PDF we
//     write ourselves (pdf_bilevel.go): a text photo's page is ~35 KB
//     instead of ~230 KB (scanner/bench-pages.sh). Every page of a multi-page TIFF is
//     a page (tiffpages.go). PDF inputs are kept as they are and merged
//     in order.
//  3. Checks (quality.go, qr.go) look at a small grayscale copy of each
//     page: too small, blank, dark, blurred (variance of the Laplacian),
//     and QR codes, with the chip-based ID card's QR parsed into applicant
//     data.
//
// Design decision on the syncer contract: one upload (one or more files
// for one component, e.g. both sides of a card) makes one
// model.Document. While it is processed the document is "processing" and
// its Path is the first original; when done, its Path, ContentType
// ("application/pdf"), Bytes and SHA256 describe the normalised PDF, which
// is what the syncer sends (it sends only "ready" documents). The
// originals, as received, are kept beside it (table document_sources,
// GET …/original) until the portal has acknowledged the dossier; then
// Pool.Prune deletes them.
//
// Processing runs in Pool, a bounded set of workers off the request path;
// the store's "processing" status is the record, so a restart takes up
// whatever was interrupted. An upload request waits briefly (answering 201
// with the final state) and otherwise answers 202; the UI polls the
// document, which carries the pool's progress.
//
// Scaled decoding: a 12 MP photo decoded at 1/2 is about 180 DPI on A4
// rather than 200 (scaleSlack), which is legible and avoids most of the
// work. The codec, internal/jpegscale, is our own (written from ITU-T
// T.81 and JFIF; pure Go, so the Windows cross-build is unaffected): a
// decoder with a reduced inverse DCT for 1/2, 1/4 and 1/8, which leaves
// what it does not handle (arithmetic coding, 12-bit samples, unusual
// sampling) to image/jpeg, and a baseline 4:2:0 encoder.
//
// MuPDF is used to inspect and render PDFs, through internal/mupdf: every
// call inside fz_try (an exception is an error, never a process abort),
// in a context whose allocations are bounded. Before any page is drawn
// its pixel size is computed from its box (MediaBox or CropBox, /UserUnit
// and /Rotate, as MuPDF will draw it): a page over Limits.MaxPixels at the
// check resolution is refused at ingest; thumbnails and previews are drawn
// at a lower resolution instead. A mupdf.Doc is opened, used and closed by
// one goroutine: it is never shared.
//
// Capture (capture.go) is the package's facade for the rest of the kit:
// the check of an upload, the pool, the pictures the UI shows, QR codes
// and scanners. ui/web knows it only through an interface it declares.
package scanner
