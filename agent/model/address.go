package model

import "strings"

// SplitCardAddress splits an address as an ID card's QR code prints it
// ("12 Bạch Đằng, Hải Châu, Đà Nẵng", "Tổ 5, Phường Hải Châu, Thành phố
// Đà Nẵng") into the commune it names, among communes, and the part before
// it (street, village). No commune found: code is "" and detail the whole
// address, for the helper to pick.
func SplitCardAddress(addr string, communes []Commune) (code, detail string) {
	parts := strings.Split(addr, ",")
	key := func(s string) string {
		s = strings.ToLower(StripDiacritics(strings.TrimSpace(s)))
		for _, p := range []string{"phuong ", "xa ", "dac khu ", "thi tran "} {
			s = strings.TrimPrefix(s, p)
		}
		return strings.Join(strings.Fields(s), " ")
	}
	byKey := make(map[string]string, len(communes))
	for _, c := range communes {
		byKey[key(c.Name)] = c.Code
	}
	// From the end: the commune comes after the street and before the
	// province, and a street may share a commune's name.
	for i := len(parts) - 1; i > 0; i-- {
		if c, ok := byKey[key(parts[i])]; ok {
			return c, strings.TrimSpace(strings.Join(parts[:i], ","))
		}
	}
	return "", strings.TrimSpace(addr)
}
