package web

import (
	"errors"
	"mime/multipart"

	"github.com/gofiber/fiber/v2"

	"fieldkit/agent/model"
)

// decodeQRPhoto reads the QR code in a photo of the ID card's back (or a
// PDF of it) through the capture pipeline, which checks the file like an
// upload before decoding it. The ID card's code is preferred when the
// photo shows several.
func (s *server) decodeQRPhoto(c *fiber.Ctx, fh *multipart.FileHeader) (string, error) {
	codes, err := s.decodeQRFile(c, fh)
	if err != nil {
		return "", err
	}
	if len(codes) == 0 {
		return "", errors.New("no QR code found")
	}
	for _, code := range codes {
		if _, err := model.ParseCCCDQR(code); err == nil {
			return code, nil
		}
	}
	return codes[0], nil
}
