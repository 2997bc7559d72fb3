// Package winfix lets the Windows build link with Debian's mingw-w64.
//
// go-fitz's bundled Windows MuPDF archives were built against the UCRT
// runtime with _FORTIFY_SOURCE, so they call __intrinsic_setjmpex and the
// __*_chk helpers, which msvcrt-based mingw-w64 10 does not provide.
// Importing this package for its side effect (agent/cmd/fieldkit does, on
// Windows only) links small definitions of them, so a plain
// `GOOS=windows CGO_ENABLED=1 go build` works without -extldflags. On
// other systems the package is empty.
package winfix
