// Package static holds the UI's assets, embedded in the binary: the kit
// works with no internet, so nothing is loaded from outside.
package static

import "embed"

// FS holds every asset, served under /static/.
//
//go:embed *.css *.js *.svg
var FS embed.FS
