package mupdf

// The Windows test binary links MuPDF (go-fitz) with Debian's mingw-w64
// as the Windows program does: winfix supplies the runtime helpers the
// bundled archives expect (see installer/winfix).
import _ "fieldkit/installer/winfix"
