package portalsim

import "fieldkit/sync/portal"

// The portal's ten codes (DVCQG TrangThaiHoSo) and the reference
// contract's names for them.
var codeNames = map[int]string{
	1: portal.StatusReceiving, 2: portal.StatusReceived, 3: portal.StatusNotAccepted, 4: portal.StatusProcessing,
	5: portal.StatusSupplementRequested, 6: portal.StatusFeeDue, 7: portal.StatusWithdrawn, 8: portal.StatusStopped,
	9: portal.StatusDone, 10: portal.StatusReturned,
}

// legacyNames are the statuses the first contract had; a back office
// that sets one of them sets no code, and the kit maps the name.
var legacyNames = map[string]bool{
	portal.StatusProcessing: true, portal.StatusSupplementRequested: true, portal.StatusRejected: true,
	portal.StatusResultReady: true,
}

// storedName is the old name kept in the status column for a code (the
// column's CHECK knows only the old names).
func storedName(code int) string {
	switch code {
	case 1:
		return portal.StatusReceiving
	case 2:
		return portal.StatusReceived
	case 4, 6:
		return portal.StatusProcessing
	case 5:
		return portal.StatusSupplementRequested
	case 9, 10:
		return portal.StatusResultReady
	}
	return portal.StatusRejected // 3, 7, 8
}

// codeOfName is the code a name stands for (0 for none).
func codeOfName(name string) int {
	for c, n := range codeNames {
		if n == name {
			return c
		}
	}
	return 0
}

// derivedCode is the code of a dossier the back office set by an old
// name, for the igate face, which always answers a code.
func derivedCode(status string, delivered bool) int {
	if delivered {
		return 10
	}
	switch status {
	case portal.StatusReceiving:
		return 1
	case portal.StatusReceived:
		return 2
	case portal.StatusRejected:
		return 3
	case portal.StatusProcessing:
		return 4
	case portal.StatusSupplementRequested:
		return 5
	case portal.StatusResultReady:
		return 9
	}
	return 0
}
