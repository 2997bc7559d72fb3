package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"

	"github.com/gofiber/fiber/v2"

	"fieldkit/agent/model"
)

// uploadFieldParts is room, beyond the files, for the fields of an upload
// form: the CSRF token, the component, the mode, an empty picker or two.
const uploadFieldParts = 8

// readUpload reads the request's multipart body as one upload of at most
// maxFiles files. A body that is not one is errUploadUnreadable, never a
// missing field: no multipart Content-Type or boundary, a truncated or
// malformed body, more parts than an upload form has (Go's reader alone
// would take up to 1000), a part without a readable name, or a file name
// holding a control character, a direction override or invalid UTF-8.
//
// The parts are first walked over the raw body (as received, within
// BodyLimit; nothing is decoded), counting them and reading nothing into
// memory; only a body that passes is parsed into a form.
func readUpload(c *fiber.Ctx, maxFiles int) (*multipart.Form, error) {
	if err := scanUpload(c, maxFiles+uploadFieldParts); err != nil {
		return nil, fmt.Errorf("%w: %w", errUploadUnreadable, err)
	}
	form, err := c.MultipartForm()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errUploadUnreadable, err)
	}
	return form, nil
}

func scanUpload(c *fiber.Ctx, maxParts int) error {
	mt, params, err := mime.ParseMediaType(c.Get(fiber.HeaderContentType))
	if err != nil || mt != fiber.MIMEMultipartForm || params["boundary"] == "" {
		return errors.New("not a multipart/form-data body with a boundary")
	}
	mr := multipart.NewReader(bytes.NewReader(c.Request().Body()), params["boundary"])
	for n := 0; ; n++ {
		p, err := mr.NextPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if n >= maxParts {
			return fmt.Errorf("more than %d parts", maxParts)
		}
		if p.FormName() == "" {
			return errors.New("a part without a name")
		}
		if name := p.FileName(); name != "" && model.TextProblem(name, false) != "" {
			return errors.New("a file name with control characters")
		}
		if _, err := io.Copy(io.Discard, p); err != nil {
			return err
		}
	}
}

// formValue is the first value of a multipart form's field, or "".
func formValue(f *multipart.Form, name string) string {
	if vs := f.Value[name]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// multipartUnreadable is errUploadUnreadable for a multipart body that
// cannot be parsed at all, so that a form whose token is inside such a
// body is told "could not be read", not "the form has expired". Nothing
// is done for the request either way.
func multipartUnreadable(c *fiber.Ctx) error {
	mt, _, _ := mime.ParseMediaType(c.Get(fiber.HeaderContentType))
	if mt != fiber.MIMEMultipartForm {
		return nil
	}
	if _, err := c.MultipartForm(); err != nil {
		return fmt.Errorf("%w: %w", errUploadUnreadable, err)
	}
	return nil
}
