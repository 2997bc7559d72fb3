package web

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"fieldkit/agent/model"
)

// The dossier page's forms for the life after submission: plain POST
// forms (no script), back to the dossier page with a notice or an error
// that the page translates.

// lifeRedirect goes back to the dossier page's section anchor with a
// notice (n) on success; a refusal the helper can fix comes back as an
// error code (e) instead of an error page.
func lifeRedirect(c *fiber.Ctx, id, anchor, notice string, err error) error {
	back := "/dossiers/" + id
	var ve *model.ValidationError
	switch {
	case err == nil:
		return c.Redirect(back+"?n="+notice+"#"+anchor, fiber.StatusSeeOther)
	case errors.As(err, &ve):
		code := "invalid"
		for field, msg := range ve.Fields {
			code = lifeErrorCode(field, msg)
			break
		}
		return c.Redirect(back+"?e="+code+"#"+anchor, fiber.StatusSeeOther)
	case errors.Is(err, model.ErrConflict), errors.Is(err, model.ErrInvalidTransition):
		return c.Redirect(back+"?e=life_conflict#"+anchor, fiber.StatusSeeOther)
	}
	return err
}

// lifeErrorCode names the page's message for a refused field.
func lifeErrorCode(field, msg string) string {
	switch {
	case field == "documents":
		return "supplement_empty"
	case field == "reason":
		return "withdraw_reason"
	case field == "receipt_number" && strings.Contains(msg, "already"):
		return "payment_duplicate"
	case field == "receipt_number":
		return "payment_receipt"
	case field == "amount_vnd":
		return "payment_amount"
	}
	return "invalid"
}

func (s *server) handleSupplementForm(c *fiber.Ctx) error {
	err := s.Store.QueueSupplement(ctx(c), c.Params("id"), operator(c).ID)
	if err == nil {
		s.wake()
	}
	return lifeRedirect(c, c.Params("id"), "supplement", "supplement_queued", err)
}

func (s *server) handleWithdrawForm(c *fiber.Ctx) error {
	err := s.Store.RequestWithdrawal(ctx(c), c.Params("id"), c.FormValue("reason"), operator(c).ID)
	if err == nil {
		s.wake()
	}
	return lifeRedirect(c, c.Params("id"), "withdraw", "withdraw_queued", err)
}

func (s *server) handlePaymentForm(c *fiber.Ctx) error {
	amount, perr := parseVND(c.FormValue("amount_vnd"))
	if perr != nil {
		return lifeRedirect(c, c.Params("id"), "fee", "", &model.ValidationError{Fields: map[string]string{"amount_vnd": "not a number"}})
	}
	p := model.Payment{AmountVND: amount, ReceiptNumber: c.FormValue("receipt_number")}
	err := s.Store.RecordPayment(ctx(c), c.Params("id"), p, operator(c).ID)
	if err == nil {
		s.wake()
	}
	return lifeRedirect(c, c.Params("id"), "fee", "payment_recorded", err)
}

func (s *server) handleOfficialReceiptForm(c *fiber.Ctx) error {
	how := c.FormValue("how")
	if how != receiptReprinted && how != receiptHandedOver {
		return badRequest("how must be reprinted or handed_over")
	}
	err := s.Store.MarkOfficialReceipt(ctx(c), c.Params("id"), how, operator(c).ID)
	return lifeRedirect(c, c.Params("id"), "official-receipt", "official_receipt_"+how, err)
}

// parseVND reads an amount in đồng as a helper types it: "50000",
// "50.000" or "50 000" (dots and spaces group thousands in Vietnamese).
func parseVND(s string) (int64, error) {
	s = strings.NewReplacer(".", "", " ", "", ",", "", "\u00a0", "", "đ", "", "₫", "").Replace(strings.TrimSpace(s))
	return strconv.ParseInt(s, 10, 64)
}
