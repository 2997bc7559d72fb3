package i18n

import (
	"fmt"
	"strings"
)

// Bytes writes a size the way the printer's readers write it: "1.5 GB",
// "1,5 GB" in Vietnamese (a decimal comma), "512 MB", "900 bytes".
func (p Printer) Bytes(n uint64) string {
	var s string
	switch {
	case n >= 1<<30:
		s = fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		s = fmt.Sprintf("%.0f MB", float64(n)/(1<<20))
	default:
		return fmt.Sprintf("%d %s", n, p.T("unit.bytes"))
	}
	if p.Lang != EN {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}
