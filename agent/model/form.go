package model

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// FormSchema describes a procedure's declaration form (tờ khai): the
// fields the UI renders and both the UI and the API validate a dossier's
// form against. Labels keep the official form's wording and footnote
// numbers, e.g. "Nơi cư trú (2)".
type FormSchema struct {
	Title string `json:"title"`           // as printed, e.g. "TỜ KHAI ĐĂNG KÝ KHAI SINH"
	Basis string `json:"basis,omitempty"` // the text that issues the form
	// Kind names the official form, one of the FormX constants: it picks
	// the printed layout and the rules across fields (marriage ages, a
	// minor's consent). "" is a form with no layout of its own.
	Kind   string      `json:"kind,omitempty"`
	Fields []FormField `json:"fields"`
}

// The official forms the kit prints in their own shape (FORMS.md a.–e.).
const (
	FormBirth         = "birth"          // Tờ khai đăng ký khai sinh
	FormDeath         = "death"          // Tờ khai đăng ký khai tử
	FormMarriage      = "marriage"       // Tờ khai đăng ký kết hôn
	FormMaritalStatus = "marital_status" // Tờ khai cấp Giấy xác nhận tình trạng hôn nhân
	FormResidence     = "ct01"           // Mẫu CT01, Tờ khai thay đổi thông tin cư trú
)

var formKinds = []string{"", FormBirth, FormDeath, FormMarriage, FormMaritalStatus, FormResidence}

// FormField is one field of a declaration form.
type FormField struct {
	Name     string       `json:"name"` // key in the dossier's form object
	Label    string       `json:"label"`
	LabelEN  string       `json:"label_en,omitempty"`
	Type     string       `json:"type"` // one of the FieldX constants
	Required bool         `json:"required,omitempty"`
	Group    string       `json:"group,omitempty"` // fields of one group are shown together under this heading
	Help     string       `json:"help,omitempty"`  // footnote text, shown under the field
	Options  []FormOption `json:"options,omitempty"`
	Max      int          `json:"max,omitempty"` // characters for text, value for number
	Min      int          `json:"min,omitempty"` // least value for number ("Kết hôn lần thứ mấy" is at least 1)
	// List names a list the kit keeps in place of Options: ListEthnicity
	// (the 54 groups) or ListNationality (the countries).
	List string `json:"list,omitempty"`
	// YearOK lets a date field take a year alone ("1950"), where the form
	// allows it: the deceased, the parents (FORMS.md a. fn 5).
	YearOK bool `json:"year_ok,omitempty"`
	// NotFuture refuses a date after today (a birth, a death).
	NotFuture bool `json:"not_future,omitempty"`
	// RequiredIf makes the field required when every named field holds
	// one of the values listed, or, for an empty list, any value: the
	// passport line once "Hộ chiếu" is chosen, the consenting owner's
	// name once consent went through VNeID.
	RequiredIf map[string][]string `json:"required_if,omitempty"`
	// Prefill names where a value comes from when the helper has not typed
	// one: "applicant.full_name", "applicant.id_number",
	// "applicant.date_of_birth", "applicant.gender", "applicant.address",
	// "applicant.phone", "applicant.commune", or "" for none. Values from
	// the applicant's earlier dossiers of any procedure fill fields of the
	// same name (declared once).
	Prefill string `json:"prefill,omitempty"`
}

// FormOption is one choice of a select field.
type FormOption struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// Form field types.
const (
	FieldText     = "text"
	FieldTextarea = "textarea"
	FieldDate     = "date"      // YYYY-MM-DD
	FieldNumber   = "number"    // a non-negative integer
	FieldSelect   = "select"    // one of Options
	FieldIDNumber = "id_number" // 12-digit personal ID
	FieldPhone    = "tel"
	FieldEmail    = "email"
	FieldCheckbox = "checkbox" // "yes" or empty
)

var emailRE = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

// Check reports problems with the schema itself (used when a catalog is
// imported): every field needs a unique name, a label and a known type.
func (s *FormSchema) Check() error {
	if !slices.Contains(formKinds, s.Kind) {
		return fmt.Errorf("form kind %q is not one the kit prints", s.Kind)
	}
	seen := map[string]bool{}
	for _, f := range s.Fields {
		seen[f.Name] = true
	}
	for _, f := range s.Fields {
		for other := range f.RequiredIf {
			if !seen[other] || other == f.Name {
				return fmt.Errorf("form field %s: required_if names %q, not another field of the form", f.Name, other)
			}
		}
		if msg := f.footnoteProblem(); msg != "" {
			return fmt.Errorf("form field %s: %s", f.Name, msg)
		}
		if f.List != "" && (f.Type != FieldSelect || listOptions(f.List) == nil) {
			return fmt.Errorf("form field %s: list %q is not a kit list, or the field is not a select", f.Name, f.List)
		}
	}
	seen = map[string]bool{}
	for i, f := range s.Fields {
		if f.Name == "" || f.Label == "" || seen[f.Name] {
			return fmt.Errorf("form field %d: name and label are required and names unique (%q)", i, f.Name)
		}
		seen[f.Name] = true
		switch f.Type {
		case FieldText, FieldTextarea, FieldDate, FieldNumber, FieldIDNumber, FieldPhone, FieldEmail, FieldCheckbox:
		case FieldSelect:
			if len(f.Choices()) == 0 {
				return fmt.Errorf("form field %s: a select needs options", f.Name)
			}
		default:
			return fmt.Errorf("form field %s: unknown type %q", f.Name, f.Type)
		}
	}
	return nil
}

// FormValues is a filled-in declaration: field name → value, all strings.
type FormValues map[string]string

// ParseFormValues reads a dossier's form JSON. Non-string values (from API
// clients) are turned into their JSON text so they can still be checked.
func ParseFormValues(raw json.RawMessage) (FormValues, error) {
	vals := FormValues{}
	if len(raw) == 0 || string(raw) == "null" {
		return vals, nil
	}
	var obj map[string]any
	if err := json.Unmarshal(raw, &obj); err != nil {
		return nil, fmt.Errorf("form must be a JSON object: %w", err)
	}
	for k, v := range obj {
		switch x := v.(type) {
		case string:
			vals[k] = x
		case nil:
		case bool:
			if x {
				vals[k] = "yes"
			}
		default:
			b, _ := json.Marshal(x)
			vals[k] = string(b)
		}
	}
	return vals, nil
}

// FormFiledBy is the kit's own note in a dossier's form saying whether
// the applicant files in person ("self") or through a proxy holding a
// mandate ("proxy"). It is not a field of any official form.
const FormFiledBy = "_filed_by"

// kitNotes are the only keys besides a schema's fields a form may hold,
// each with the values it may take.
var kitNotes = map[string][]string{FormFiledBy: {"self", "proxy"}}

// CheckForm is the one rule for a new dossier's form, for the API and the
// pages alike: raw must be a JSON object; a procedure without a
// declaration schema takes no form at all (only the kit's notes); one
// with a schema takes its fields and the kit's notes, each bounded by the
// schema, and no more keys than those. Without this a client could store
// a 900 kB value or 60,000 keys in a dossier. Problems go into v; the
// form comes back normalised (trimmed, NFC).
func CheckForm(schema *FormSchema, raw json.RawMessage, v *ValidationError) json.RawMessage {
	vals, err := ParseFormValues(raw)
	if err != nil {
		v.Add("form", "must be a JSON object")
		return raw
	}
	fields := 0
	if schema != nil {
		fields = len(schema.Fields)
	}
	if len(vals) > fields+len(kitNotes) {
		// One message, not one per key: the answer stays small.
		v.Add("form", "has too many fields")
		return raw
	}
	if schema == nil {
		for k := range vals {
			if _, note := kitNotes[k]; !note {
				v.Add("form", "this procedure has no declaration form")
				return raw
			}
		}
		checkKitNotes(vals, v)
	} else {
		schema.Validate(vals, v)
	}
	out, _ := json.Marshal(vals)
	return out
}

// checkKitNotes refuses a kit note with a value the kit does not write.
func checkKitNotes(vals FormValues, v *ValidationError) {
	for k, allowed := range kitNotes {
		if val, ok := vals[k]; ok && !slices.Contains(allowed, val) {
			v.Add("form."+k, "is not one of the choices")
		}
	}
}

// Validate checks vals against the schema and records problems in v under
// "form.<name>". Values are trimmed and put in NFC in place. Unknown keys
// are refused so that typos in API clients do not pass silently; so are
// keys starting with "_" other than the kit's own notes.
func (s *FormSchema) Validate(vals FormValues, v *ValidationError) {
	s.ValidateOn(vals, time.Now().In(VietnamTime), v)
}

// ValidateOn is Validate on a given day: no birth after it, marriage ages
// reached on it.
func (s *FormSchema) ValidateOn(vals FormValues, today time.Time, v *ValidationError) {
	known := map[string]bool{}
	for _, f := range s.Fields {
		known[f.Name] = true
		val := strings.TrimSpace(NFC(vals[f.Name]))
		if val == "" {
			delete(vals, f.Name)
			if f.Required {
				v.Add("form."+f.Name, "required")
			}
			continue
		}
		vals[f.Name] = val
		if msg := f.check(val, today); msg != "" {
			v.Add("form."+f.Name, msg)
		}
	}
	for _, f := range s.Fields {
		if vals[f.Name] == "" && f.requiredBy(vals) {
			v.Add("form."+f.Name, "required")
		}
	}
	s.checkAcross(vals, today, v)
	for k := range vals {
		if _, note := kitNotes[k]; !known[k] && !note {
			v.Add("form."+k, "is not a field of this form")
		}
	}
	checkKitNotes(vals, v)
}

// Choices are the field's options: its own, or the kit list it names.
func (f FormField) Choices() []FormOption {
	if f.List != "" {
		return listOptions(f.List)
	}
	return f.Options
}

// requiredBy says whether the field's RequiredIf conditions all hold.
func (f FormField) requiredBy(vals FormValues) bool {
	if len(f.RequiredIf) == 0 {
		return false
	}
	for other, values := range f.RequiredIf {
		got := strings.TrimSpace(vals[other])
		if got == "" || (len(values) > 0 && !slices.Contains(values, got)) {
			return false
		}
	}
	return true
}

func (f FormField) check(val string, today time.Time) string {
	if msg := TextProblem(val, f.Type == FieldTextarea); msg != "" {
		return msg
	}
	max := f.Max
	switch f.Type {
	case FieldText, FieldTextarea:
		if max == 0 {
			max = 500
		}
		if utf8.RuneCountInString(val) > max {
			return "is too long"
		}
	case FieldDate:
		if _, yearAlone := yearOnly(val); yearAlone && !f.YearOK {
			return "must be a full date, not a year alone"
		}
		d, ok := StoredDate(val)
		if !ok {
			return "must be a date YYYY-MM-DD"
		}
		if f.NotFuture && d.After(time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)) {
			return "must not be in the future"
		}
	case FieldNumber:
		n, err := strconv.Atoi(val)
		if err != nil || n < f.Min || n < 0 || (max > 0 && n > max) {
			return "must be a whole number in range"
		}
	case FieldSelect:
		for _, o := range f.Choices() {
			if o.Value == val {
				return ""
			}
		}
		return "is not one of the choices"
	case FieldIDNumber:
		return ValidateIDNumber(val, time.Time{}, "")
	case FieldPhone:
		if !phoneRE.MatchString(NormalizePhone(val)) {
			return "must be a Vietnamese phone number of 10 digits"
		}
	case FieldEmail:
		if !emailRE.MatchString(val) {
			return "must be an email address"
		}
	case FieldCheckbox:
		if val != "yes" {
			return "must be yes or empty"
		}
	}
	return ""
}

// footnoteRE finds a footnote mark such as "(2)" in a label or at the
// start of a help text.
var (
	footnoteRE     = regexp.MustCompile(`\(([0-9]{1,2})\)`)
	helpFootnoteRE = regexp.MustCompile(`^\(([0-9]{1,2})\)`)
)

// footnoteProblem checks that a help text which opens with a footnote mark
// explains one the label prints: the form prints "(4)" beside "Nơi cư
// trú", and a help starting "(2)" under it sends the helper to the wrong
// note (as the marriage form's once did).
func (f FormField) footnoteProblem() string {
	m := helpFootnoteRE.FindStringSubmatch(f.Help)
	marks := footnoteRE.FindAllStringSubmatch(f.Label, -1)
	if m == nil {
		if len(marks) > 0 && f.Help != "" {
			return fmt.Sprintf("the label prints footnote (%s) but its help does not open with it", marks[0][1])
		}
		return ""
	}
	for _, l := range marks {
		if l[1] == m[1] {
			return ""
		}
	}
	return fmt.Sprintf("the help explains footnote (%s), which the label %q does not print", m[1], f.Label)
}
