package model

import (
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// The lists a declaration's selects take their choices from, named by
// FormField.List, so that ethnicity and nationality are picked, not typed
// ("Kinh", "kinh", "Việt" and "VN" would be four answers to one question).
const (
	ListEthnicity   = "ethnicity"
	ListNationality = "nationality"
)

// Ethnicities are the 54 groups of the Danh mục các dân tộc Việt Nam
// (QĐ 121-TCTK/PPCĐ, 02/3/1979, Tổng cục Thống kê), in its order; the code
// is the position in that list, as health-insurance and census files
// write it (two digits). Source: the decision's order as reproduced by two
// independent third-party lists; the decision's own text was not read, and
// one health-software file maps Kinh to 25, so the codes are [T], to be
// checked before the portal relies on them. Names are the list's, written
// without hyphens; the portal also offers "Mông (Hmông)" beside "Mông"
// (FORMS.md a. row 10), kept here as the one "Mông".
var Ethnicities = []FormOption{
	{"01", "Kinh"}, {"02", "Tày"}, {"03", "Thái"}, {"04", "Hoa"}, {"05", "Khơ Me"}, {"06", "Mường"},
	{"07", "Nùng"}, {"08", "Mông"}, {"09", "Dao"}, {"10", "Gia Rai"}, {"11", "Ngái"}, {"12", "Ê Đê"},
	{"13", "Ba Na"}, {"14", "Xơ Đăng"}, {"15", "Sán Chay"}, {"16", "Cơ Ho"}, {"17", "Chăm"}, {"18", "Sán Dìu"},
	{"19", "Hrê"}, {"20", "Mnông"}, {"21", "Ra Glai"}, {"22", "Xtiêng"}, {"23", "Bru Vân Kiều"}, {"24", "Thổ"},
	{"25", "Giáy"}, {"26", "Cơ Tu"}, {"27", "Giẻ Triêng"}, {"28", "Mạ"}, {"29", "Khơ Mú"}, {"30", "Co"},
	{"31", "Tà Ôi"}, {"32", "Chơ Ro"}, {"33", "Kháng"}, {"34", "Xinh Mun"}, {"35", "Hà Nhì"}, {"36", "Chu Ru"},
	{"37", "Lào"}, {"38", "La Chí"}, {"39", "La Ha"}, {"40", "Phù Lá"}, {"41", "La Hủ"}, {"42", "Lự"},
	{"43", "Lô Lô"}, {"44", "Chứt"}, {"45", "Mảng"}, {"46", "Pà Thẻn"}, {"47", "Cơ Lao"}, {"48", "Cống"},
	{"49", "Bố Y"}, {"50", "Si La"}, {"51", "Pu Péo"}, {"52", "Brâu"}, {"53", "Ơ Đu"}, {"54", "Rơ Măm"},
}

// Stateless is the nationality choice of a person with none ("Không quốc
// tịch"), which the civil-status forms allow.
const Stateless = "stateless"

// isoCountries are the 249 officially assigned ISO 3166-1 alpha-2 codes.
// The portal's own nationality codes (TT 07/2016/TT-BCA Phụ lục 2) were not
// found, so the kit keeps the ISO code and the CLDR Vietnamese name.
const isoCountries = `AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP
KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ
NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ
UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW`

// Nationalities are the countries by ISO code with their Vietnamese names,
// Việt Nam first, then in Vietnamese alphabetical order, then stateless.
// Built once: the names come from CLDR tables (golang.org/x/text). These
// are the names printed on the forms.
var Nationalities = sync.OnceValue(func() []FormOption {
	return countries(display.Vietnamese.Regions(), language.Vietnamese, "Việt Nam", "Không quốc tịch")
})

// NationalitiesEN are the same choices with English names, in English
// order, for the English UI; the value, and what the form prints, is the
// same.
var NationalitiesEN = sync.OnceValue(func() []FormOption {
	return countries(display.English.Regions(), language.English, "Vietnam", "Stateless")
})

func countries(names display.Namer, lang language.Tag, vietnam, stateless string) []FormOption {
	var out []FormOption
	for _, code := range strings.Fields(isoCountries) {
		if code == "VN" {
			continue
		}
		out = append(out, FormOption{code, names.Name(language.MustParseRegion(code))})
	}
	col := collate.New(lang)
	slices.SortFunc(out, func(a, b FormOption) int { return col.CompareString(a.Label, b.Label) })
	return append(append([]FormOption{{"VN", vietnam}}, out...), FormOption{Stateless, stateless})
}

// listOptions are the choices of a kit list, nil for an unknown name.
func listOptions(name string) []FormOption {
	switch name {
	case ListEthnicity:
		return Ethnicities
	case ListNationality:
		return Nationalities()
	}
	return nil
}
