package web

import (
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // photos from phones
	_ "image/png"
	"mime/multipart"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"fieldkit/agent/model"
)

// decodeQRPhoto finds and reads the QR code in a photo of the ID card's
// back. The image's size is checked from its header before it is decoded.
func (s *server) decodeQRPhoto(fh *multipart.FileHeader) (string, error) {
	if fh.Size > s.Limits.MaxUploadBytes {
		return "", model.ErrTooLarge
	}
	f, err := fh.Open()
	if err != nil {
		return "", fmt.Errorf("open photo: %w", err)
	}
	defer f.Close()
	cfg, _, err := image.DecodeConfig(f)
	if err != nil {
		return "", fmt.Errorf("photo: %w", err)
	}
	if max := s.Limits.Scan.MaxPixels; max > 0 && cfg.Width*cfg.Height > max {
		return "", errors.New("photo: too many pixels")
	}
	if _, err := f.Seek(0, 0); err != nil {
		return "", err
	}
	img, _, err := image.Decode(f)
	if err != nil {
		return "", fmt.Errorf("photo: %w", err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return "", fmt.Errorf("photo: %w", err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		return "", fmt.Errorf("no QR code found: %w", err)
	}
	return res.GetText(), nil
}
