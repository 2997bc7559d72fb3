package model

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestFormSchema_Validate(t *testing.T) {
	s := FormSchema{Fields: []FormField{
		{Name: "name", Label: "Họ tên", Type: FieldText, Required: true, Max: 5},
		{Name: "dob", Label: "Ngày sinh", Type: FieldDate},
		{Name: "id", Label: "Số định danh", Type: FieldIDNumber},
		{Name: "sex", Label: "Giới tính", Type: FieldSelect, Options: []FormOption{{"nam", "Nam"}, {"nu", "Nữ"}}},
		{Name: "copies", Label: "Số bản sao", Type: FieldNumber, Max: 10},
		{Name: "copy", Label: "Cấp bản sao", Type: FieldCheckbox},
	}}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		vals FormValues
		want map[string]string
	}{
		{"a valid form", FormValues{"name": " An ", "dob": "2026-01-02", "id": "048090123456", "sex": "nu", "copies": "2", "copy": "yes"}, nil},
		{"a missing required field", FormValues{}, map[string]string{"form.name": "required"}},
		{"every kind of bad value", FormValues{"name": "Nguyễn Văn", "dob": "2/1/2026", "id": "123", "sex": "x", "copies": "11", "copy": "1", "zzz": "1"},
			map[string]string{"form.name": "is too long", "form.dob": "must be a date YYYY-MM-DD", "form.id": "must have 12 digits",
				"form.sex": "is not one of the choices", "form.copies": "must be a whole number in range", "form.copy": "must be yes or empty",
				"form.zzz": "is not a field of this form"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v ValidationError
			s.Validate(tt.vals, &v)
			if !reflect.DeepEqual(v.Fields, tt.want) {
				t.Errorf("got %v, want %v", v.Fields, tt.want)
			}
		})
	}
}

func TestFormSchema_CheckRefusesBadSchemas(t *testing.T) {
	for _, s := range []FormSchema{
		{Fields: []FormField{{Name: "a", Label: "A", Type: "color"}}},
		{Fields: []FormField{{Name: "a", Label: "A", Type: FieldSelect}}},
		{Fields: []FormField{{Name: "a", Label: "A", Type: FieldText}, {Name: "a", Label: "B", Type: FieldText}}},
	} {
		if s.Check() == nil {
			t.Errorf("schema %+v passed", s)
		}
	}
}

func TestCheckForm(t *testing.T) {
	schema := &FormSchema{Fields: []FormField{
		{Name: "name", Label: "Họ tên", Type: FieldText, Max: 20},
		{Name: "note", Label: "Ghi chú", Type: FieldTextarea},
	}}
	var b strings.Builder
	for i := range 60000 {
		fmt.Fprintf(&b, `,"k%d":""`, i)
	}
	many := "{" + b.String()[1:] + "}"
	tests := []struct {
		name   string
		schema *FormSchema
		raw    string
		want   map[string]string
	}{
		{"a valid form", schema, `{"name":" An ","note":"dòng 1\ndòng 2","_filed_by":"proxy"}`, nil},
		{"not an object", schema, `[1]`, map[string]string{"form": "must be a JSON object"}},
		{"no schema, only the kit's note", nil, `{"_filed_by":"self"}`, nil},
		{"no schema, a 900 kB value", nil, `{"x":"` + strings.Repeat("a", 900<<10) + `"}`,
			map[string]string{"form": "this procedure has no declaration form"}},
		{"60,000 keys", schema, many, map[string]string{"form": "has too many fields"}},
		{"60,000 keys, no schema", nil, many, map[string]string{"form": "has too many fields"}},
		{"a note the kit does not write", schema, `{"_junk":"x"}`, map[string]string{"form._junk": "is not a field of this form"}},
		{"a kit note with a foreign value", schema, `{"_filed_by":"neighbour"}`, map[string]string{"form._filed_by": "is not one of the choices"}},
		{"a value over the schema's bound", schema, `{"name":"` + strings.Repeat("a", 21) + `"}`, map[string]string{"form.name": "is too long"}},
		{"a textarea over the default bound", schema, `{"note":"` + strings.Repeat("a", 501) + `"}`, map[string]string{"form.note": "is too long"}},
		{"an override in a text field", schema, `{"name":"B\u202eình"}`, map[string]string{"form.name": msgInvisibleChars}},
		{"a NUL in a textarea", schema, `{"note":"a\u0000b"}`, map[string]string{"form.note": msgInvisibleChars}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v ValidationError
			out := CheckForm(tt.schema, json.RawMessage(tt.raw), &v)
			if !reflect.DeepEqual(v.Fields, tt.want) {
				t.Fatalf("got %v, want %v", v.Fields, tt.want)
			}
			if tt.want == nil && strings.Contains(string(out), " An ") {
				t.Errorf("the form was not normalised: %s", out)
			}
		})
	}
}
