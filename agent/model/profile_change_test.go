package model

import (
	"reflect"
	"testing"
)

func TestProfileChanges(t *testing.T) {
	filed := Applicant{IDNumber: "048090123456", FullName: "Nguyễn Văn An", DateOfBirth: "1990-05-17", Gender: GenderMale,
		Phone: "0905123456", Address: Address{CommuneCode: "20194", Detail: "12 Bạch Đằng"}}
	changed := filed
	changed.FullName, changed.Phone = "Trần Văn Giả", "0905000111"
	other := changed
	other.IDNumber = "048090999999"
	tests := []struct {
		name string
		now  Applicant
		want []FieldChange
	}{
		{"the same profile proposes nothing", filed, nil},
		{"each changed field is listed", changed, []FieldChange{
			{"full_name", "Nguyễn Văn An", "Trần Văn Giả"}, {"phone", "0905123456", "0905000111"}}},
		{"a deleted profile proposes nothing", Applicant{}, nil},
		{"another person's profile proposes nothing", other, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ProfileChanges(filed, tt.now); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
