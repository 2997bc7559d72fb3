package igate

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"fieldkit/agent/model"
	"fieldkit/sync/portal"
)

// Answers are small; a page that is not the portal's must not fill memory.
const (
	maxAnswerBytes = 4 << 20
	maxErrorBytes  = 64 << 10
)

// applyBody maps the contract's create to PathApply's body.
func applyBody(req portal.CreateDossierRequest) (Apply, error) {
	a := req.Applicant
	birthday := ""
	if a.DateOfBirth != "" {
		t, err := time.ParseInLocation(time.DateOnly, a.DateOfBirth, model.VietnamTime)
		if err != nil {
			return Apply{}, fmt.Errorf("create dossier: date of birth: %w", err)
		}
		birthday = FormatDate(t)
	}
	gender := 0
	if a.Gender == model.GenderMale {
		gender = 1
	}
	var form any = map[string]any{}
	if len(req.Form) > 0 {
		if err := json.Unmarshal(req.Form, &form); err != nil {
			return Apply{}, fmt.Errorf("create dossier: form: %w", err)
		}
	}
	kind := Ref{Code: "counter", Name: "Nộp trực tiếp"}
	if req.Channel == "post" {
		kind = Ref{Code: "post", Name: "Nộp qua bưu chính công ích"}
	}
	return Apply{
		Code:      req.OfficialCode,
		Procedure: Ref{Code: req.ProcedureCode},
		Applicant: ApplicantIn{Data: ApplicantData{
			Fullname: a.FullName, OwnerFullname: a.FullName,
			IdentityNumber: a.IDNumber, OwnerIdentityNumber: a.IDNumber,
			Birthday: birthday, Gender: gender, PhoneNumber: a.Phone,
			Village: a.Address.CommuneCode, Address: a.Address.Detail,
			NoiDungYeuCauGiaiQuyet: "Hồ sơ nộp tại quầy qua Field Kit, mã theo dõi " + req.TrackingCode,
		}},
		EForm:                EForm{Data: form},
		DossierReceivingKind: kind,
		Attachment:           attachments(req.Files),
		TrackingCode:         req.TrackingCode,
	}, nil
}

func attachments(files []portal.FileRef) []Attached {
	out := make([]Attached, 0, len(files))
	for _, f := range files {
		out = append(out, Attached{ID: f.FileID, Filename: f.DocumentID, Size: f.Bytes, Hash: f.SHA256, Component: f.Component})
	}
	return out
}

// statusName is the reference contract's name for a DVCQG code.
func statusName(code int) string {
	switch code {
	case model.CodeRegistered:
		return portal.StatusReceiving
	case model.CodeReceived:
		return portal.StatusReceived
	case model.CodeNotAccepted:
		return portal.StatusNotAccepted
	case model.CodeProcessing:
		return portal.StatusProcessing
	case model.CodeSupplement:
		return portal.StatusSupplementRequested
	case model.CodeFeeDue:
		return portal.StatusFeeDue
	case model.CodeWithdrawn:
		return portal.StatusWithdrawn
	case model.CodeStopped:
		return portal.StatusStopped
	case model.CodeDone:
		return portal.StatusDone
	case model.CodeReturned:
		return portal.StatusReturned
	}
	return ""
}

// toStatus maps a search answer to the contract's DossierStatus.
func toStatus(d Dossier) (portal.DossierStatus, error) {
	code := d.DossierStatus.ID
	if code < 1 || code > 10 {
		return portal.DossierStatus{}, fmt.Errorf("dossier %s: status code %d outside 1–10", d.Code, code)
	}
	st := portal.DossierStatus{DossierID: d.Code, ReceiptCode: d.Code, Status: statusName(code), StatusCode: code,
		Reason: d.Reason, Delivered: code == model.CodeReturned}
	var err error
	if st.ReceivedAt, err = ParseDate(d.AcceptedDate); err != nil {
		return st, err
	}
	if st.DueDate, err = dateOnly(d.AppointmentDate); err != nil {
		return st, err
	}
	if code == model.CodeSupplement {
		for _, s := range d.Supplements {
			if s.Status != 0 {
				continue // answered already
			}
			req := &model.SupplementRequest{Reason: s.Content}
			for _, c := range s.Components {
				req.Components = append(req.Components, c.Code)
			}
			if req.Deadline, err = dateOnly(s.Deadline); err != nil {
				return st, err
			}
			st.Supplement = req
			if st.Reason == "" {
				st.Reason = s.Content
			}
		}
	}
	if code == model.CodeFeeDue {
		var fee model.FeeDue
		var names []string
		for _, f := range d.Fees {
			if f.Paid {
				continue
			}
			fee.AmountVND += f.Amount
			names = append(names, f.Name)
			if fee.PaymentRef == "" {
				fee.PaymentRef = f.PaymentRef
			}
		}
		if fee.AmountVND > 0 {
			fee.Reason = strings.Join(names, "; ")
			st.Fee = &fee
		}
	}
	for _, p := range d.Progress {
		at, err := ParseDate(p.At)
		if err != nil {
			return st, err
		}
		st.Events = append(st.Events, model.PortalEvent{ID: p.ID, At: at, Department: p.Department, Role: p.Role, Note: p.Note})
	}
	for _, r := range d.Results {
		st.Results = append(st.Results, model.ResultRef{ID: r.FileID, Name: r.Name, SHA256: strings.ToLower(r.Hash),
			Bytes: r.Size, ContentType: r.ContentType})
	}
	return st, nil
}

func dateOnly(s string) (string, error) {
	t, err := ParseDate(s)
	if err != nil || t.IsZero() {
		return "", err
	}
	return t.Format(time.DateOnly), nil
}

// readAnswer turns a response into a decoded out or a *portal.Error, in
// the reference client's terms so that the syncer reads the link the
// same way: a redirect or a page that is not JSON is not the portal's, a
// JSON body with error_code is; a 200 whose error_code is not 0 is a
// refusal (the DVCQG habit).
func readAnswer(resp *http.Response, out any) error {
	ct := resp.Header.Get("Content-Type")
	switch {
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		return &portal.Error{StatusCode: resp.StatusCode, Code: portal.CodeRedirect,
			Message: "the portal answered with a redirect; a captive portal may be in the way"}
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return errorFrom(resp)
	}
	if out == nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBytes))
		return nil
	}
	if !portal.IsJSON(ct) {
		return portal.NotJSON(resp.StatusCode, ct)
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes+1))
	if err != nil {
		return fmt.Errorf("read answer: %w", portal.RedactErr(err))
	}
	if len(raw) > maxAnswerBytes {
		return errors.New("answer too large")
	}
	if len(raw) > 0 && raw[0] == '{' {
		var eb ErrorBody
		if json.Unmarshal(raw, &eb) == nil && eb.ErrorCode != nil && *eb.ErrorCode != ErrOK {
			return &portal.Error{StatusCode: http.StatusUnprocessableEntity, Code: codeName(*eb.ErrorCode, http.StatusUnprocessableEntity),
				Message: eb.Message}
		}
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("decode answer: %w", err)
	}
	return nil
}

// errorFrom reads a non-2xx answer: the portal's when its body is JSON
// with an error_code, a proxy's or hotspot's otherwise.
func errorFrom(resp *http.Response) error {
	e := &portal.Error{StatusCode: resp.StatusCode, Code: portal.CodeHTTP, Message: http.StatusText(resp.StatusCode)}
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if mt != "application/json" {
		return e
	}
	var eb ErrorBody
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxErrorBytes)).Decode(&eb); err != nil || eb.ErrorCode == nil {
		return e
	}
	e.Code, e.Message = codeName(*eb.ErrorCode, resp.StatusCode), eb.Message
	return e
}

// codeName maps error_code (or the status) to the contract's codes.
func codeName(errorCode, status int) string {
	switch {
	case errorCode == ErrNotFound || status == http.StatusNotFound:
		return portal.CodeNotFound
	case errorCode == ErrAuth || status == http.StatusUnauthorized:
		return portal.CodeUnauthorized
	case errorCode == ErrRateLimit || status == http.StatusTooManyRequests:
		return "rate_limited"
	case errorCode == ErrConflict || status == http.StatusConflict:
		return "conflict"
	case status == http.StatusServiceUnavailable:
		return portal.CodeUnavailable
	case status >= 500:
		return portal.CodeInternal
	case errorCode == ErrBadRequest || status == http.StatusBadRequest:
		return portal.CodeMalformed
	}
	return portal.CodeInvalid
}

func sha256Sum(b []byte) [32]byte { return sha256.Sum256(b) }
