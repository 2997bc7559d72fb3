package web

import (
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	qrcode "github.com/skip2/go-qrcode"

	"fieldkit/agent/model"
	"fieldkit/ui/views"
)

func (s *server) handleReceiptPage(c *fiber.Ctx) error {
	d, proc, err := s.loadDossier(c)
	if err != nil {
		return err
	}
	if d.Status.Editable() {
		return c.Redirect("/dossiers/"+d.ID+"/review", fiber.StatusSeeOther)
	}
	exp, ch := s.expectedDate(d, proc)
	// Before the portal has the dossier, its lookup page cannot know it:
	// the QR carries the kit's code as plain text, for the counter. Once
	// the portal issued its own code, the QR is its lookup link.
	status := d.TrackingCode
	if d.Portal != nil && d.Portal.ReceiptCode != "" {
		status = s.statusURL(d.Portal.ReceiptCode)
	}
	svg, err := qrSVG(status)
	if err != nil {
		return err
	}
	// The moment the helper finalised it: not the draft's creation, not the
	// portal's later time, so that every reprint says the same.
	received := d.CreatedAt
	if d.ReceivedAt != nil {
		received = *d.ReceivedAt
	}
	p := s.pageProps(c, "receipt.title")
	p.Bare = true
	var commune string
	if d.Applicant != nil {
		a := d.Applicant.Address
		commune = s.addressText(model.Address{ProvinceCode: a.ProvinceCode, CommuneCode: a.CommuneCode, CommuneName: a.CommuneName})
	}
	rating, err := s.Store.Rating(ctx(c), d.ID)
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.Receipt(views.ReceiptProps{Page: p, Dossier: d, Procedure: proc, Channel: ch,
		ReceivedAt: received, Expected: exp.Date, ExpectedTentative: exp.Tentative, StatusURL: status, QRSVG: svg, Layout: c.Query("layout"),
		Centre: s.Centre, Agency: s.Agency, Place: s.Place, Commune: commune, Loc: model.VietnamTime,
		PortalDue: portalDue(d), DeliveryAddress: s.addressText(deliveryAddress(d)), Ratings: s.Ratings, Rating: rating}))
}

// portalDue is the portal's own due date for the result, zero until it
// gave one (or when what it gave is not a date).
func portalDue(d model.Dossier) time.Time {
	if d.Portal == nil || d.Portal.DueDate == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation(time.DateOnly, d.Portal.DueDate, model.VietnamTime)
	if err != nil {
		return time.Time{}
	}
	return t
}

// receiptInfo is the API's view of a receipt: what the printed one says.
type receiptInfo struct {
	TrackingCode string    `json:"tracking_code"`
	Procedure    string    `json:"procedure"`
	Channel      string    `json:"channel"`
	ReceivedAt   time.Time `json:"received_at"`
	ExpectedDate string    `json:"expected_date"`
	// ExpectedTentative: the date was counted through days whose holidays
	// are not announced yet, so it is an estimate.
	ExpectedTentative bool `json:"expected_tentative,omitempty"`
	// KitExpectedDate is the kit's own count; PortalDueDate the portal's
	// due date once given, which ExpectedDate then is.
	KitExpectedDate string `json:"kit_expected_date,omitempty"`
	PortalDueDate   string `json:"portal_due_date,omitempty"`
	// DueDatesDiffer: the portal's due date is not the kit's count.
	DueDatesDiffer bool `json:"due_dates_differ,omitempty"`
	// Delivery is where the result goes (pickup or post) and, for post,
	// the address in words.
	Delivery        string `json:"delivery"`
	DeliveryAddress string `json:"delivery_address,omitempty"`
	StatusURL       string `json:"status_url"`
	Documents       int    `json:"documents"`
	ReceiptHTML     string `json:"receipt_html"`
	SendingSlip     bool   `json:"sending_slip"`
	Declaration     string `json:"declaration_html,omitempty"`
}

// handleReceiptAPI is the receipt for API clients (parity with the page).
func (s *server) handleReceiptAPI(c *fiber.Ctx) error {
	d, proc, err := s.loadDossier(c)
	if err != nil {
		return err
	}
	if d.Status.Editable() {
		return model.ErrConflict
	}
	exp, ch := s.expectedDate(d, proc)
	// The moment the helper finalised it: not the draft's creation, not the
	// portal's later time, so that every reprint says the same.
	received := d.CreatedAt
	if d.ReceivedAt != nil {
		received = *d.ReceivedAt
	}
	info := receiptInfo{TrackingCode: d.TrackingCode, Procedure: proc.Code, Channel: d.Channel, ReceivedAt: received,
		ExpectedDate: exp.Date.Format(time.DateOnly), ExpectedTentative: exp.Tentative, StatusURL: s.statusURL(d.TrackingCode), Documents: len(d.Documents),
		ReceiptHTML: "/dossiers/" + d.ID + "/receipt", SendingSlip: d.Channel == model.ChannelPostal}
	if ch.ProcessingDays == nil {
		info.ExpectedDate, info.ExpectedTentative = "", false // the catalog does not know the processing time
	}
	info.KitExpectedDate = info.ExpectedDate
	info.Delivery = d.Filing.Delivery.Method
	if info.Delivery == model.DeliveryPost {
		info.DeliveryAddress = s.addressText(deliveryAddress(d))
	}
	if due := portalDue(d); !due.IsZero() {
		info.PortalDueDate = due.Format(time.DateOnly)
		info.DueDatesDiffer = info.KitExpectedDate != "" && info.KitExpectedDate != info.PortalDueDate
		info.ExpectedDate, info.ExpectedTentative = info.PortalDueDate, false // the portal's date wins
	}
	if proc.FormSchema != nil {
		info.Declaration = "/dossiers/" + d.ID + "/declaration"
	}
	return c.JSON(info)
}

// handleCCCDQRAPI parses the text of an ID card's QR code (parity with
// the applicant page's "read the ID card" step).
func (s *server) handleCCCDQRAPI(c *fiber.Ctx) error {
	var req struct {
		Text string `json:"text"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	card, err := model.ParseCCCDQR(req.Text)
	if err != nil {
		return &model.ValidationError{Fields: map[string]string{"text": "is not an ID card QR text"}}
	}
	return c.JSON(card) // the same shape as /qr's id_card
}

// handleApplicantAPI returns one stored profile (parity with reusing an
// applicant on the new-dossier page).
func (s *server) handleApplicantAPI(c *fiber.Ctx) error {
	a, err := s.Store.Applicant(ctx(c), viewer(c), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(a)
}

// qrSVG renders text as a QR code in SVG, server-side: crisp at any print
// size and no image libraries. The encoder is the kit's only one
// (skip2/go-qrcode, also behind the pairing page's PNG).
func qrSVG(text string) (string, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return "", fmt.Errorf("qr: %w", err)
	}
	q.DisableBorder = true
	bm := q.Bitmap()
	const quiet = 4
	n := len(bm) + 2*quiet
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="qrcode" viewBox="0 0 %d %d" shape-rendering="crispEdges" role="img" aria-label="QR"><rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n, n, n)
	for y, row := range bm {
		for x, on := range row {
			if on {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x+quiet, y+quiet)
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return b.String(), nil
}
