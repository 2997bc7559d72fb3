package model

import "time"

// Rules across the fields of one official form, by its kind. They hold
// for the API and the pages alike (both call FormSchema.Validate) and
// name the fields as the catalog's forms do.

// Marriage ages (Luật Hôn nhân và gia đình 2014 Điều 8.1.a): a man from
// full 20 years, a woman from full 18, reached on the day of filing.
const (
	MarriageAgeMan   = 20
	MarriageAgeWoman = 18
	// AdultAge is when a declarant of CT01 no longer needs a parent's or
	// guardian's consent (Bộ luật Dân sự 2015 Điều 20; CT01 fn 5).
	AdultAge = 18
)

// The messages of these rules; the UI translates them.
const (
	MsgUnderMarriageAgeWoman = "is under the marriage age: a woman must be 18 or older"
	MsgUnderMarriageAgeMan   = "is under the marriage age: a man must be 20 or older"
	MsgMinorNeedsConsent     = "the declarant is a minor: a parent's or guardian's consent is needed"
)

func (s *FormSchema) checkAcross(vals FormValues, today time.Time, v *ValidationError) {
	has := func(name string) bool {
		for _, f := range s.Fields {
			if f.Name == name {
				return true
			}
		}
		return false
	}
	// ageOn is the age on today of the date in field, ok false when the
	// field holds no readable date (its own check reports that).
	ageOn := func(field string) (int, bool) {
		d, ok := StoredDate(vals[field])
		if !ok {
			return 0, false
		}
		return AgeOn(d, today), true
	}
	switch s.Kind {
	case FormMarriage:
		if age, ok := ageOn("nu_ngay_sinh"); ok && age < MarriageAgeWoman {
			v.Add("form.nu_ngay_sinh", MsgUnderMarriageAgeWoman)
		}
		if age, ok := ageOn("nam_ngay_sinh"); ok && age < MarriageAgeMan {
			v.Add("form.nam_ngay_sinh", MsgUnderMarriageAgeMan)
		}
	case FormResidence:
		if age, ok := ageOn("ngay_sinh"); ok && age < AdultAge && has("y_kien_cha_me") && vals["y_kien_cha_me"] == "" {
			v.Add("form.y_kien_cha_me", MsgMinorNeedsConsent)
		}
	}
}
