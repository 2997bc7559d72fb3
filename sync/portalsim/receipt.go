package portalsim

import (
	"fmt"
	"time"

	"fieldkit/agent/model"
)

// maxDailySequence is the last sequence number four digits can hold.
const maxDailySequence = 9999

// vietnamTime is t in Vietnam's time (model.VietnamTime, the one zone).
func vietnamTime(t time.Time) time.Time {
	return t.In(model.VietnamTime)
}

// receiptCode builds a receipt code in the shape Circular 01/2018/TT-VPCP
// gives dossier codes: the receiving agency's code, the date of receipt
// as YYMMDD in Vietnam, and a four-digit sequence restarting at 0001
// each day — e.g. "000.00.00.H48-261124-0001".
func receiptCode(agency string, at time.Time, seq int) string {
	return fmt.Sprintf("%s-%s-%04d", agency, vietnamTime(at).Format("060102"), seq)
}
