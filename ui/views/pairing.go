package views

import (
	"time"

	g "maragu.dev/gomponents"
	h "maragu.dev/gomponents/html"

	"fieldkit/agent/model"
)

// PairingProps is the pairing screen: a one-time QR code for a phone.
type PairingProps struct {
	Page        PageProps
	URL         string
	QRDataURI   string
	Expires     time.Time
	Fingerprint string
	LANMode     bool
}

// Pairing shows the QR code a phone scans to join the kit.
func Pairing(p PairingProps) g.Node {
	return Page(p.Page,
		h.H1(g.Text("Kết nối điện thoại với bộ công cụ")),
		g.If(!p.LANMode, h.P(h.Class("badge"), g.Text("Chế độ mạng nội bộ (LAN) đang tắt: điện thoại chưa thể kết nối. Bật lan_mode trong cấu hình."))),
		h.P(g.Text("Dùng camera điện thoại quét mã dưới đây, rồi đăng nhập. Mã chỉ dùng được một lần, hết hạn lúc "+
			p.Expires.In(model.VietnamTime).Format("15:04")+".")),
		h.Img(h.Src(p.QRDataURI), h.Alt("Mã QR kết nối"), h.Width("320"), h.Height("320")),
		h.P(h.Class("meta"), g.Text(p.URL)),
		g.If(p.Fingerprint != "", h.P(h.Class("meta"), g.Text("Dấu vân tay chứng chỉ (SHA-256): "+p.Fingerprint))),
	)
}
