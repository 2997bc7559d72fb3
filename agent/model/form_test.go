package model

import (
	"reflect"
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
