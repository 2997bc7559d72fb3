package model

// FieldChange is one field in which an applicant's profile on file now
// differs from what a dossier was filed with.
type FieldChange struct {
	Field string // "full_name", "date_of_birth", "gender", "phone", "address.commune_code", "address.detail"
	Filed string // the dossier's value
	Now   string // the profile's value
}

// ProfileChanges lists how the profile now differs from what a dossier
// was filed with: a change someone made through another dossier, which
// the dossier's owner may take up or leave. Nothing is proposed from a
// profile that was deleted (retention), or for another person.
func ProfileChanges(filed, now Applicant) []FieldChange {
	if now.IDNumber == "" || now.IDNumber != filed.IDNumber {
		return nil
	}
	var out []FieldChange
	for _, f := range []FieldChange{
		{"full_name", filed.FullName, now.FullName},
		{"date_of_birth", filed.DateOfBirth, now.DateOfBirth},
		{"gender", filed.Gender, now.Gender},
		{"phone", filed.Phone, now.Phone},
		{"address.province_code", provinceOf(filed.Address), provinceOf(now.Address)},
		{"address.commune_code", filed.Address.CommuneCode, now.Address.CommuneCode},
		{"address.commune_name", filed.Address.CommuneName, now.Address.CommuneName},
		{"address.detail", filed.Address.Detail, now.Address.Detail},
	} {
		if f.Filed != f.Now {
			out = append(out, f)
		}
	}
	return out
}

// provinceOf is an address's province, Da Nang's written out (profiles
// from before provinces were recorded have none).
func provinceOf(a Address) string {
	if a.ProvinceCode == "" {
		return DaNangProvince
	}
	return a.ProvinceCode
}
