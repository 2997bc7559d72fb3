package views

import (
	"strings"
	"testing"

	"fieldkit/agent/model"
	"fieldkit/ui/i18n"
)

// A date is a text field typed and shown day first, whatever the PC's
// language, and says the order in the helper's language.
func TestFormField_DateIsTypedDayFirst(t *testing.T) {
	f := model.FormField{Name: "ngay_sinh", Label: "Ngày sinh", LabelEN: "Date of birth", Type: model.FieldDate, Required: true, Help: "(5) footnote"}
	for _, tc := range []struct {
		lang      i18n.Lang
		val, want string
		help      string
	}{
		{i18n.VI, "1990-05-12", `value="12/05/1990"`, "Ghi ngày/tháng/năm"},
		{i18n.EN, "1990-05-12", `value="12/05/1990"`, "Day/month/year"},
		{i18n.VI, "31/02/1990", `value="31/02/1990"`, "Ghi ngày/tháng/năm"}, // as typed, to be put right
	} {
		var b strings.Builder
		if err := formField(i18n.New(tc.lang), f, tc.val, "").Render(&b); err != nil {
			t.Fatal(err)
		}
		html := b.String()
		for _, want := range []string{`type="text"`, tc.want, `inputmode="numeric"`, `placeholder="dd/mm/yyyy"`, `pattern="`, tc.help, "(5) footnote"} {
			if !strings.Contains(html, want) {
				t.Errorf("%s %q: lacks %s in %s", tc.lang, tc.val, want, html)
			}
		}
		if strings.Contains(html, `type="date"`) {
			t.Errorf("%s: a date input follows the PC's language: %s", tc.lang, html)
		}
	}
}
