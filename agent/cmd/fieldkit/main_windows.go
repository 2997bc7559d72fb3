//go:build windows

package main

// MuPDF's Windows archives need symbols Debian's mingw-w64 lacks.
import _ "fieldkit/installer/winfix"
