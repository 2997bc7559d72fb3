// Package i18n holds the UI's strings in Vietnamese (the default) and
// English. Every string a page shows goes through a Printer, and a test
// checks that both tables have the same keys.
package i18n

import (
	"fmt"
	"strings"
)

// Lang is a UI language.
type Lang string

// The UI's languages.
const (
	VI Lang = "vi"
	EN Lang = "en"
)

// Parse returns the language named by s, Vietnamese when unknown.
func Parse(s string) Lang {
	if strings.HasPrefix(strings.ToLower(s), "en") {
		return EN
	}
	return VI
}

// Printer translates keys into one language.
type Printer struct{ Lang Lang }

// New returns a printer for l.
func New(l Lang) Printer { return Printer{Lang: l} }

func (p Printer) table() map[string]string {
	if p.Lang == EN {
		return en
	}
	return vi
}

// T returns the text for key. A missing key shows as «key» so that a
// forgotten translation is visible on the page and caught by tests.
func (p Printer) T(key string) string {
	if s, ok := p.table()[key]; ok {
		return s
	}
	return "«" + key + "»"
}

// F formats the text for key with args (fmt verbs in the table).
func (p Printer) F(key string, args ...any) string {
	return fmt.Sprintf(p.T(key), args...)
}

// Msg translates a validation message from the domain (English, such as
// "required") into the printer's language; unknown messages pass through.
func (p Printer) Msg(msg string) string {
	if s, ok := p.table()["msg."+msg]; ok {
		return s
	}
	return msg
}

// Catalog translates a short piece of catalog text (a declaration's group
// heading or option, written in Vietnamese as the official form has it)
// when the table knows it; otherwise, and in Vietnamese, it is unchanged.
func (p Printer) Catalog(vi string) string {
	if p.Lang == VI {
		return vi
	}
	if s, ok := catalogEN[vi]; ok {
		return s
	}
	return vi
}

// catalogEN is the English of the catalog's declaration groups and options.
var catalogEN = map[string]string{
	"Bên nam": "The man", "Bên nữ": "The woman", "Bản sao": "Copies", "Cha, mẹ": "Parents", "Chủ hộ": "Head of household",
	"Người kê khai": "Declarant", "Người yêu cầu": "Requester", "Người đã chết": "The deceased",
	"Người được cấp giấy xác nhận": "Person certified", "Người được khai sinh": "Person whose birth is registered",
	"Ý kiến đồng ý": "Consent", "Đề nghị": "Request",
	"Hiện tại chưa đăng ký kết hôn với ai": "Not currently married to anyone", "Hiện tại đang có vợ/chồng": "Currently married",
	"Khác": "Other", "Ký trên tờ khai": "Signed on the declaration", "Nam": "Male", "Nữ": "Female", "Văn bản riêng": "A separate letter",
	"Xác nhận qua VNeID": "Confirmed through VNeID",
	"Đã đăng ký kết hôn hoặc đã có vợ/chồng nhưng đã ly hôn; hiện tại chưa đăng ký kết hôn với ai":            "Married before but divorced; not currently married to anyone",
	"Đã đăng ký kết hôn hoặc đã có vợ/chồng nhưng vợ/chồng đã chết; hiện tại chưa đăng ký kết hôn với ai":     "Married before but widowed; not currently married to anyone",
	"Từ ngày … tháng … năm … đến ngày … tháng … năm … chưa đăng ký kết hôn với ai; hiện tại đang có vợ/chồng": "Unmarried from … to …; currently married",
	"Giấy chứng nhận kết hôn của cha, mẹ": "Parents' marriage certificate",
	"Có số định danh cá nhân":             "Has a personal ID number", "Hộ chiếu": "Passport", "Giấy tờ hợp lệ khác": "Another valid paper",
	"Không có hoặc không cung cấp": "None, or not given",
}

// Keys lists the keys of l's table (for tests).
func Keys(l Lang) []string {
	t := vi
	if l == EN {
		t = en
	}
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	return keys
}
